import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
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
    private readonly dataSource: DataSource,
    private readonly audit: AuditService,
  ) {}

  /** Inserts the default reasons when the organization has none yet (idempotent under races). */
  async ensureDefaults(manager: EntityManager, organizationId: string): Promise<void> {
    const [{ n }]: { n: number }[] = await manager.query(`SELECT count(*)::int AS n FROM rejection_reasons WHERE organization_id = $1`, [organizationId]);
    if (n > 0) return;
    await manager.query(
      `INSERT INTO rejection_reasons (organization_id, label, kind, position, built_in)
       SELECT $1, d.label, d.kind, d.ord::int, true FROM unnest($2::text[], $3::text[]) WITH ORDINALITY AS d(label, kind, ord)
       ON CONFLICT DO NOTHING`,
      [organizationId, DEFAULT_REJECTION_REASONS.map((r) => r.label), DEFAULT_REJECTION_REASONS.map((r) => r.kind)],
    );
  }

  async list(organizationId: string): Promise<RejectionReasonView[]> {
    await this.ensureDefaults(this.dataSource.manager, organizationId);
    const rows: Record<string, unknown>[] = await this.dataSource.query(
      `SELECT id, label, kind, built_in FROM rejection_reasons WHERE organization_id = $1 ORDER BY position, id`,
      [organizationId],
    );
    return rows.map(toView);
  }

  async create(actor: AuthUser, input: { label: string; kind?: RejectionReasonKind }): Promise<RejectionReasonView> {
    try {
      return await this.dataSource.transaction(async (manager) => {
        await this.ensureDefaults(manager, actor.organizationId);
        const [row]: Record<string, unknown>[] = await manager.query(
          `INSERT INTO rejection_reasons (organization_id, label, kind, position)
           SELECT $1, $2, $3, coalesce(max(position), 0) + 1 FROM rejection_reasons WHERE organization_id = $1
           RETURNING id, label, kind, built_in`,
          [actor.organizationId, input.label, input.kind ?? RejectionReasonKind.Rejected],
        );
        await this.audit.record(manager, {
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
  async assertExists(manager: EntityManager, organizationId: string, reasonId: string): Promise<void> {
    const rows = await manager.query<unknown[]>(`SELECT 1 FROM rejection_reasons WHERE id = $1 AND organization_id = $2`, [reasonId, organizationId]);
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
