import { Readable } from 'node:stream';
import { TransactionHost } from '@nestjs-cls/transactional';
import type { TransactionalAdapterTypeOrm } from '@nestjs-cls/transactional-adapter-typeorm';
import { Injectable } from '@nestjs/common';
import type { AuthUser } from '../../../identity/src/index.js';
import { PipelineReadsService } from '../../../pipelines/src/index.js';
import { AuditService, JobName, OutboxService, TenantContext } from '../../../platform/src/index.js';
import { exportNotFound, PrivacyErrorCode, PrivacyException } from '../privacy.exception.js';
import { CandidateExportDto, EXPORT_COLUMNS, type ExportRow, ExportStatus } from './export.dto.js';

/** How long a ready export can be downloaded. */
export const EXPORT_TTL_MS = 24 * 3600 * 1000;

/** A ready export's bytes, read chunk by chunk. */
export interface ExportDownload {
  fileName: string;
  sizeBytes: number;
  stream: Readable;
}

/**
 * Candidate data exports, the API side: request one (admins; a row and its `privacy.export-build` job in one
 * transaction), its status, its download (chunk by chunk, never whole in memory; 410 once expired).
 */
@Injectable()
export class CandidateExports {
  constructor(
    private readonly txHost: TransactionHost<TransactionalAdapterTypeOrm>,
    private readonly reads: PipelineReadsService,
    private readonly outbox: OutboxService,
    private readonly audit: AuditService,
  ) {}

  /** POST /v1/candidates/:id/export. */
  async request(actor: AuthUser, candidateId: string): Promise<CandidateExportDto> {
    const row = await this.txHost.withTransaction(async () => {
      const candidate = await this.reads.candidate(actor.organizationId, candidateId);
      if (!candidate) throw new PrivacyException(PrivacyErrorCode.CandidateNotFound, 'No such candidate.');
      const created = await this.create(actor.organizationId, candidateId, actor.id);
      await this.audit.record({
        organizationId: actor.organizationId,
        actorId: actor.id,
        entityType: 'candidate',
        entityId: candidateId,
        action: 'export_requested',
        changes: { exportId: { to: created.id } },
      });
      return created;
    });
    return CandidateExportDto.from(row);
  }

  /** Creates a pending export and queues its build (joins the caller's unit of work). */
  async create(organizationId: string, candidateId: string, requestedBy: string | null): Promise<ExportRow> {
    return this.txHost.withTransaction(async () => {
      const rows = await this.txHost.tx.query<ExportRow[]>(
        `INSERT INTO privacy_exports (organization_id, candidate_id, requested_by) VALUES ($1, $2, $3) RETURNING ${EXPORT_COLUMNS}`,
        [organizationId, candidateId, requestedBy],
      );
      await this.outbox.publish({
        jobName: JobName.PrivacyExportBuild,
        organizationId,
        aggregateType: 'privacy_export',
        aggregateId: rows[0].id,
        payload: { exportId: rows[0].id },
      });
      return rows[0];
    });
  }

  /** GET /v1/privacy/exports/:id. */
  async get(actor: AuthUser, id: string): Promise<CandidateExportDto> {
    const row = await this.find(actor.organizationId, id);
    if (!row) throw exportNotFound();
    return CandidateExportDto.from(row);
  }

  /** The candidate's exports, newest first (the profile shows the latest). */
  async listForCandidate(actor: AuthUser, candidateId: string): Promise<CandidateExportDto[]> {
    const candidate = await this.reads.candidate(actor.organizationId, candidateId);
    if (!candidate) throw new PrivacyException(PrivacyErrorCode.CandidateNotFound, 'No such candidate.');
    const rows = await this.txHost.tx.query<ExportRow[]>(
      `SELECT ${EXPORT_COLUMNS} FROM privacy_exports WHERE organization_id = $1 AND candidate_id = $2 ORDER BY created_at DESC, id DESC LIMIT 5`,
      [actor.organizationId, candidateId],
    );
    return rows.map((r) => CandidateExportDto.from(r));
  }

  async find(organizationId: string, id: string): Promise<ExportRow | null> {
    const rows = await this.txHost.tx.query<ExportRow[]>(`SELECT ${EXPORT_COLUMNS} FROM privacy_exports WHERE organization_id = $1 AND id = $2`, [
      organizationId,
      id,
    ]);
    return rows[0] ?? null;
  }

  /** GET /v1/privacy/exports/:id/download (admins), audited. */
  async downloadAsAdmin(actor: AuthUser, id: string): Promise<ExportDownload> {
    const download = await this.download(actor.organizationId, id);
    await this.audit.record({ organizationId: actor.organizationId, actorId: actor.id, entityType: 'privacy_export', entityId: id, action: 'downloaded' });
    return download;
  }

  /** The zip of a ready export, streamed from its chunks (one query per chunk); 409 while building, 410 once expired. */
  async download(organizationId: string, id: string): Promise<ExportDownload> {
    const row = await this.find(organizationId, id);
    if (!row) throw exportNotFound();
    if (row.status === ExportStatus.Expired || (row.expires_at && row.expires_at.getTime() <= Date.now())) {
      throw new PrivacyException(PrivacyErrorCode.ExportExpired, 'This data export has expired and was deleted; request a new one.');
    }
    if (row.status !== ExportStatus.Ready) {
      throw new PrivacyException(
        PrivacyErrorCode.ExportNotReady,
        row.status === ExportStatus.Failed ? 'This data export could not be built; request a new one.' : 'This data export is still being prepared.',
      );
    }
    const tx = () => this.txHost.tx;
    async function* chunks(): AsyncGenerator<Buffer> {
      for (let seq = 0; ; seq++) {
        // Each read enters the organization again: the stream is pulled by the HTTP layer, outside the request's context.
        const rows = await TenantContext.run(organizationId, () =>
          tx().query<Array<{ data: Buffer }>>(`SELECT data FROM privacy_export_chunks WHERE organization_id = $1 AND export_id = $2 AND seq = $3`, [
            organizationId,
            id,
            seq,
          ]),
        );
        if (!rows[0]) return;
        yield rows[0].data;
      }
    }
    return { fileName: `candidate-data-${id}.zip`, sizeBytes: Number(row.size_bytes ?? 0), stream: Readable.from(chunks()) };
  }
}
