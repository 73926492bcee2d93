import { TransactionHost } from '@nestjs-cls/transactional';
import type { TransactionalAdapterTypeOrm } from '@nestjs-cls/transactional-adapter-typeorm';
import { Injectable } from '@nestjs/common';
import { AuthUser } from '../../identity/src/index.js';
import { AuditService, isUniqueViolation } from '../../platform/src/index.js';
import { DEFAULT_REJECTION_REASONS, RejectionReasonKind } from './pipeline.types.js';
import { PipelinesErrorCode, PipelinesException } from './pipelines.exception.js';

export interface RejectionReasonView {
  id: string;
  label: string;
  kind: RejectionReasonKind;
  builtIn: boolean;
}

/** The organization's list of rejection reasons, seeded with defaults the first time it is used. */
@Injectable()
export class RejectionReasonsService {
  constructor(
    private readonly txHost: TransactionHost<TransactionalAdapterTypeOrm>,
    private readonly audit: AuditService,
  ) {}

  /** Inserts the default reasons when the organization has none yet (idempotent under races). */
  async ensureDefaults(organizationId: string): Promise<void> {
    const [{ n }]: { n: number }[] = await this.txHost.tx.query(`SELECT count(*)::int AS n FROM rejection_reasons WHERE organization_id = $1`, [
      organizationId,
    ]);
    if (n > 0) return;
    await this.txHost.tx.query(
      `INSERT INTO rejection_reasons (organization_id, label, kind, position, built_in)
       SELECT $1, d.label, d.kind, d.ord::int, true FROM unnest($2::text[], $3::text[]) WITH ORDINALITY AS d(label, kind, ord)
       ON CONFLICT DO NOTHING`,
      [organizationId, DEFAULT_REJECTION_REASONS.map((r) => r.label), DEFAULT_REJECTION_REASONS.map((r) => r.kind)],
    );
  }

  async list(organizationId: string): Promise<RejectionReasonView[]> {
    await this.ensureDefaults(organizationId);
    const rows: Record<string, unknown>[] = await this.txHost.tx.query(
      `SELECT id, label, kind, built_in FROM rejection_reasons WHERE organization_id = $1 ORDER BY position, id`,
      [organizationId],
    );
    return rows.map(toView);
  }

  async create(actor: AuthUser, input: { label: string; kind?: RejectionReasonKind }): Promise<RejectionReasonView> {
    try {
      return await this.txHost.withTransaction(async () => {
        await this.ensureDefaults(actor.organizationId);
        const [row]: Record<string, unknown>[] = await this.txHost.tx.query(
          `INSERT INTO rejection_reasons (organization_id, label, kind, position)
           SELECT $1, $2, $3, coalesce(max(position), 0) + 1 FROM rejection_reasons WHERE organization_id = $1
           RETURNING id, label, kind, built_in`,
          [actor.organizationId, input.label, input.kind ?? RejectionReasonKind.Rejected],
        );
        await this.audit.record({
          organizationId: actor.organizationId,
          actorId: actor.id,
          entityType: 'rejection_reason',
          entityId: row.id as string,
          action: 'create',
          changes: { label: { to: row.label }, kind: { to: row.kind } },
        });
        return toView(row);
      });
    } catch (error) {
      if (isUniqueViolation(error, 'rejection_reasons_label_key')) {
        throw new PipelinesException(PipelinesErrorCode.RejectionReasonTaken, 'A rejection reason with this label already exists.', {
          errors: [{ field: 'label', message: 'label already exists' }],
        });
      }
      throw error;
    }
  }

  /** 422 naming `reasonId` unless the reason belongs to the organization. */
  async assertExists(organizationId: string, reasonId: string): Promise<void> {
    const rows = await this.txHost.tx.query<unknown[]>(`SELECT 1 FROM rejection_reasons WHERE id = $1 AND organization_id = $2`, [reasonId, organizationId]);
    if (rows.length === 0) {
      throw new PipelinesException(PipelinesErrorCode.RejectionReasonNotFound, 'No such rejection reason.', {
        errors: [{ field: 'reasonId', message: 'no such rejection reason' }],
      });
    }
  }
}

function toView(r: Record<string, unknown>): RejectionReasonView {
  return { id: r.id as string, label: r.label as string, kind: r.kind as RejectionReasonKind, builtIn: r.built_in as boolean };
}
