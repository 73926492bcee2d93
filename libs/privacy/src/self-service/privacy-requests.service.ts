import { TransactionHost } from '@nestjs-cls/transactional';
import type { TransactionalAdapterTypeOrm } from '@nestjs-cls/transactional-adapter-typeorm';
import { Injectable } from '@nestjs/common';
import type { AuthUser } from '../../../identity/src/index.js';
import { AuditService, decodeCursor, encodeCursor, type Page } from '../../../platform/src/index.js';
import { CandidateExports } from '../export/candidate-exports.service.js';
import { PrivacyErrorCode, PrivacyException, requestNotFound } from '../privacy.exception.js';
import {
  ListPrivacyRequestsQueryDto,
  OPEN_STATUSES,
  PrivacyRequestDto,
  PrivacyRequestKind,
  PrivacyRequestStatus,
  REQUEST_COLUMNS,
  type RequestRow,
} from './privacy-request.dto.js';
import { SelfServiceFulfilment } from './self-service-fulfilment.service.js';

/** The admin queue of privacy requests: list (keyset, newest first), fulfil, reject with a reason. */
@Injectable()
export class PrivacyRequests {
  constructor(
    private readonly txHost: TransactionHost<TransactionalAdapterTypeOrm>,
    private readonly exports: CandidateExports,
    private readonly fulfilment: SelfServiceFulfilment,
    private readonly audit: AuditService,
  ) {}

  async list(actor: AuthUser, query: ListPrivacyRequestsQueryDto): Promise<Page<PrivacyRequestDto>> {
    const params: unknown[] = [actor.organizationId];
    let where = '';
    if (query.state) {
      params.push([...OPEN_STATUSES]);
      where += query.state === 'open' ? ` AND status = ANY($${params.length}::text[])` : ` AND NOT (status = ANY($${params.length}::text[]))`;
    }
    if (query.cursor) {
      const [at, id] = decodeCursor(query.cursor, ['timestamp', 'uuid']);
      params.push(at, id);
      where += ` AND (created_at, id) < ($${params.length - 1}::timestamptz, $${params.length}::uuid)`;
    }
    params.push(query.limit + 1);
    const rows = await this.txHost.tx.query<Array<RequestRow & { created_key: string }>>(
      `SELECT ${REQUEST_COLUMNS}, created_at::text AS created_key FROM privacy_requests WHERE organization_id = $1 ${where}
        ORDER BY created_at DESC, id DESC LIMIT $${params.length}`,
      params,
    );
    const data = rows.slice(0, query.limit);
    const last = data[data.length - 1];
    return {
      data: data.map((r) => PrivacyRequestDto.from(r)),
      nextCursor: rows.length > query.limit && last ? encodeCursor([last.created_key, last.id]) : null,
    };
  }

  async get(actor: AuthUser, id: string): Promise<PrivacyRequestDto> {
    const row = await this.find(actor.organizationId, id);
    if (!row) throw requestNotFound();
    return PrivacyRequestDto.from(row);
  }

  /**
   * POST /v1/privacy/requests/:id/fulfil: the admin checked who asked. A data request gets an export (the admin
   * downloads it from the queue and hands it over); a deletion anonymises the candidate.
   */
  async fulfil(actor: AuthUser, id: string): Promise<PrivacyRequestDto> {
    await this.txHost.withTransaction(async () => {
      const row = await this.find(actor.organizationId, id, true);
      if (!row) throw requestNotFound();
      this.assertOpen(row);
      if (row.kind === PrivacyRequestKind.Deletion) {
        await this.fulfilment.deletion(row, actor.id);
        return;
      }
      if (row.candidate_id && !row.export_id) {
        const created = await this.exports.create(actor.organizationId, row.candidate_id, actor.id);
        await this.txHost.tx.query(`UPDATE privacy_requests SET export_id = $3 WHERE organization_id = $1 AND id = $2`, [actor.organizationId, id, created.id]);
      }
      await this.fulfilment.setStatus(row, PrivacyRequestStatus.Fulfilled, actor.id);
    });
    return this.get(actor, id);
  }

  async reject(actor: AuthUser, id: string, reason: string): Promise<PrivacyRequestDto> {
    await this.txHost.withTransaction(async () => {
      const row = await this.find(actor.organizationId, id, true);
      if (!row) throw requestNotFound();
      this.assertOpen(row);
      await this.txHost.tx.query(`UPDATE privacy_requests SET reject_reason = $3, confirm_token_hash = NULL WHERE organization_id = $1 AND id = $2`, [
        actor.organizationId,
        id,
        reason,
      ]);
      await this.fulfilment.setStatus(row, PrivacyRequestStatus.Rejected, actor.id);
    });
    return this.get(actor, id);
  }

  private assertOpen(row: RequestRow): void {
    const closed = !OPEN_STATUSES.includes(row.status) || (row.status === PrivacyRequestStatus.Confirmed && row.kind === PrivacyRequestKind.Access);
    if (closed) {
      throw new PrivacyException(PrivacyErrorCode.RequestClosed, 'This request was already handled (or is being fulfilled); nothing was changed.', {
        extensions: { status: row.status },
      });
    }
  }

  private async find(organizationId: string, id: string, lock = false): Promise<RequestRow | null> {
    const rows = await this.txHost.tx.query<RequestRow[]>(
      `SELECT ${REQUEST_COLUMNS} FROM privacy_requests WHERE organization_id = $1 AND id = $2 ${lock ? 'FOR UPDATE' : ''}`,
      [organizationId, id],
    );
    return rows[0] ?? null;
  }
}
