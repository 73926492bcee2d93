import { TransactionHost } from '@nestjs-cls/transactional';
import type { TransactionalAdapterTypeOrm } from '@nestjs-cls/transactional-adapter-typeorm';
import { Injectable } from '@nestjs/common';
import { TenantContext } from '../../../db/src/index.js';

/** Why the chain is broken at an entry. */
export enum AuditBreak {
  /** The entry's recorded facts (who, what, when, which fields) no longer give its hash. */
  EntryChanged = 'entry_changed',
  /** A value still recorded no longer matches the digest the chain covers. */
  ValueChanged = 'value_changed',
  /** Entries before this one are missing (its position skips some). */
  EntryMissing = 'entry_missing',
  /** The entry does not point at the entry before it. */
  LinkBroken = 'link_broken',
  /** The newest entries are missing: the chain ends before the last position recorded. */
  TailMissing = 'tail_missing',
  /** An entry was written without being chained. */
  Unchained = 'unchained',
}

export type AuditVerification =
  | { ok: true; entries: number }
  | {
      ok: false;
      /** Entries checked and found intact before the break. */
      entries: number;
      /** The first entry that does not verify; null when the break is missing entries at the end. */
      firstBrokenEntryId: string | null;
      /** Its position in the chain (1 for the first entry), or the first missing position. */
      position: number;
      reason: AuditBreak;
    };

/** One exported entry: the recorded facts, the value digests and the hashes, as the chain covers them. */
export interface AuditExportEntry {
  id: string;
  position: number;
  /** Exactly the text the hash covers (UTC, microseconds). */
  createdAt: string;
  actorId: string | null;
  actorApiKeyId: string | null;
  entityType: string;
  entityId: string;
  action: string;
  changes: Record<string, unknown>;
  changeDigests: Record<string, unknown> | null;
  previousHash: string | null;
  contentHash: string | null;
  erasedAt: string | null;
}

const VERIFY_BATCH = 2000;
const EXPORT_BATCH = 500;
const CREATED_AT_TEXT = `to_char(created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`;

/**
 * Reads the audit hash chain (see migration AuditChain1764810000000): verification and export, both walking the
 * organization's entries by position in keyset batches, so memory stays bounded whatever the log's size. The hashes
 * are recomputed by the database functions that wrote them (`audit_entry_hash`, `audit_values_intact`).
 */
@Injectable()
export class AuditChainService {
  constructor(private readonly txHost: TransactionHost<TransactionalAdapterTypeOrm>) {}

  /** Walks the chain and answers the first broken link, if any. Runs as the given organization. */
  async verify(organizationId: string): Promise<AuditVerification> {
    return TenantContext.run(organizationId, async () => {
      // The head first: entries committed after it are not part of this walk.
      const heads = await this.txHost.tx.query<Array<{ last_seq: string; last_hash: string | null }>>(
        `SELECT last_seq::text, encode(last_hash, 'hex') AS last_hash FROM audit_chain_heads WHERE organization_id = $1`,
        [organizationId],
      );
      const headSeq = heads.length ? Number(heads[0].last_seq) : 0;
      const headHash = heads.length ? heads[0].last_hash : null;
      const [unchained] = await this.txHost.tx.query<Array<{ id: string }>>(
        `SELECT id::text FROM audit_log WHERE organization_id = $1 AND chain_seq IS NULL ORDER BY id LIMIT 1`,
        [organizationId],
      );
      let seq = 0;
      let hash: string | null = null;
      let entries = 0;
      for (;;) {
        const rows = await this.txHost.tx.query<
          Array<{ id: string; seq: string; previous_hash: string | null; content_hash: string | null; content_ok: boolean; values_ok: boolean }>
        >(
          `SELECT id::text, chain_seq::text AS seq, encode(previous_hash, 'hex') AS previous_hash, encode(content_hash, 'hex') AS content_hash,
                  coalesce(content_hash = audit_entry_hash(previous_hash, chain_seq, organization_id, actor_id, actor_api_key_id, entity_type, entity_id,
                    action, created_at, change_digests), false) AS content_ok,
                  coalesce(audit_values_intact(changes, change_digests), false) AS values_ok
             FROM audit_log WHERE organization_id = $1 AND chain_seq > $2 AND chain_seq <= $3 ORDER BY chain_seq LIMIT $4`,
          [organizationId, seq, headSeq, VERIFY_BATCH],
        );
        for (const row of rows) {
          const position = Number(row.seq);
          const broken = (reason: AuditBreak, at = position): AuditVerification => ({ ok: false, entries, firstBrokenEntryId: row.id, position: at, reason });
          if (position !== seq + 1) return broken(AuditBreak.EntryMissing, seq + 1);
          if (row.previous_hash !== hash) return broken(AuditBreak.LinkBroken);
          if (!row.content_ok) return broken(AuditBreak.EntryChanged);
          if (!row.values_ok) return broken(AuditBreak.ValueChanged);
          seq = position;
          hash = row.content_hash;
          entries += 1;
        }
        if (rows.length < VERIFY_BATCH) break;
      }
      if (seq !== headSeq || hash !== headHash) {
        return { ok: false, entries, firstBrokenEntryId: null, position: seq + 1, reason: AuditBreak.TailMissing };
      }
      if (unchained) return { ok: false, entries, firstBrokenEntryId: unchained.id, position: seq + 1, reason: AuditBreak.Unchained };
      return { ok: true, entries };
    });
  }

  /**
   * The organization's entries in chain order, one batch at a time (keyset on the position), optionally only those
   * created in [from, to). Each batch runs as the organization, so the caller may consume it from anywhere (a stream).
   */
  async *export(organizationId: string, range: { from?: Date; to?: Date } = {}): AsyncGenerator<AuditExportEntry[]> {
    let after = 0;
    for (;;) {
      const rows = await TenantContext.run(organizationId, () =>
        this.txHost.tx.query<
          Array<{
            id: string;
            seq: string;
            created_at: string;
            actor_id: string | null;
            actor_api_key_id: string | null;
            entity_type: string;
            entity_id: string;
            action: string;
            changes: Record<string, unknown>;
            change_digests: Record<string, unknown> | null;
            previous_hash: string | null;
            content_hash: string | null;
            erased_at: Date | null;
          }>
        >(
          `SELECT id::text, chain_seq::text AS seq, ${CREATED_AT_TEXT} AS created_at, actor_id, actor_api_key_id, entity_type, entity_id, action,
                  changes, change_digests, encode(previous_hash, 'hex') AS previous_hash, encode(content_hash, 'hex') AS content_hash, erased_at
             FROM audit_log
            WHERE organization_id = $1 AND chain_seq > $2 AND ($3::timestamptz IS NULL OR created_at >= $3) AND ($4::timestamptz IS NULL OR created_at < $4)
            ORDER BY chain_seq LIMIT $5`,
          [organizationId, after, range.from ?? null, range.to ?? null, EXPORT_BATCH],
        ),
      );
      if (rows.length === 0) return;
      yield rows.map((r) => ({
        id: r.id,
        position: Number(r.seq),
        createdAt: r.created_at,
        actorId: r.actor_id,
        actorApiKeyId: r.actor_api_key_id,
        entityType: r.entity_type,
        entityId: r.entity_id,
        action: r.action,
        changes: r.changes,
        changeDigests: r.change_digests,
        previousHash: r.previous_hash,
        contentHash: r.content_hash,
        erasedAt: r.erased_at ? new Date(r.erased_at).toISOString() : null,
      }));
      if (rows.length < EXPORT_BATCH) return;
      after = Number(rows[rows.length - 1].seq);
    }
  }
}
