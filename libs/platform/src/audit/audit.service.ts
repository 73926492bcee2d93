import { TransactionHost } from '@nestjs-cls/transactional';
import type { TransactionalAdapterTypeOrm } from '@nestjs-cls/transactional-adapter-typeorm';
import { Injectable } from '@nestjs/common';
import type { QueryDeepPartialEntity } from 'typeorm/query-builder/QueryPartialEntity.js';
import { TenantContext } from '../../../db/src/index.js';
import { AuditAction, AuditEntry } from './audit-entry.entity.js';

export interface AuditRecord {
  organizationId: string;
  actorId: string | null;
  entityType: string;
  entityId: string;
  action: AuditAction;
  changes?: Record<string, { from?: unknown; to?: unknown }>;
}

const REDACTED_FIELDS = new Set(['password', 'passwordHash', 'secret', 'token', 'apiKey']);

/** Field-level diff of two plain snapshots; secret fields are recorded as changed, never by value. */
export function diffFields(
  before: Record<string, unknown>,
  after: Record<string, unknown>,
  fields: string[],
): Record<string, { from?: unknown; to?: unknown }> {
  const changes: Record<string, { from?: unknown; to?: unknown }> = {};
  for (const field of fields) {
    if (JSON.stringify(before[field]) === JSON.stringify(after[field])) continue;
    changes[field] = REDACTED_FIELDS.has(field) ? {} : { from: before[field], to: after[field] };
  }
  return changes;
}

/**
 * Appends audit entries inside the current unit of work (the caller's transaction: call it inside `withTransaction`).
 * When the request acts with an API key, each entry names the key (`actor_api_key_id`) beside the admin it acts for.
 */
@Injectable()
export class AuditService {
  constructor(private readonly txHost: TransactionHost<TransactionalAdapterTypeOrm>) {}

  async record(record: AuditRecord): Promise<void> {
    await this.recordMany([record]);
  }

  async recordMany(records: AuditRecord[]): Promise<void> {
    if (records.length === 0) return;
    const actorApiKeyId = TenantContext.actingApiKeyId();
    await this.txHost.tx.insert(AuditEntry, records.map((r) => ({ ...r, actorApiKeyId, changes: r.changes ?? {} })) as QueryDeepPartialEntity<AuditEntry>[]);
  }

  /**
   * Erases the values recorded in the entries about these entities (anonymisation): each field keeps its name and
   * the chain keeps the values' digests, so `AuditChainService.verify` still passes. Joins the caller's transaction.
   * Answers how many entries had values to erase (0 when run again).
   */
  async erasePersonalValues(organizationId: string, entityRefs: Array<{ entityType: string; entityId: string }>): Promise<number> {
    const refs = [...new Map(entityRefs.map((r) => [`${r.entityType}\u0000${r.entityId}`, r])).values()];
    if (refs.length === 0) return 0;
    const [, count] = await this.txHost.tx.query<[unknown[], number]>(
      `UPDATE audit_log a
          SET changes = (SELECT coalesce(jsonb_object_agg(f.key, '{}'::jsonb), '{}'::jsonb) FROM jsonb_each(a.changes) f),
              erased_at = coalesce(a.erased_at, now())
         FROM unnest($2::text[], $3::text[]) AS e(entity_type, entity_id)
        WHERE a.organization_id = $1 AND a.entity_type = e.entity_type AND a.entity_id = e.entity_id
          AND EXISTS (SELECT 1 FROM jsonb_each(a.changes) f WHERE f.value <> '{}'::jsonb)`,
      [organizationId, refs.map((r) => r.entityType), refs.map((r) => r.entityId)],
    );
    return count;
  }
}
