import { TransactionHost } from '@nestjs-cls/transactional';
import type { TransactionalAdapterTypeOrm } from '@nestjs-cls/transactional-adapter-typeorm';
import { Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { createHash, randomUUID } from 'node:crypto';
import { TenantContext } from '../../platform/src/index.js';
import { BUILT_IN_KITS } from './library/built-in-kits.js';
import type { KitContent } from './library/kit-content.js';

function contentHash(kit: KitContent): string {
  return createHash('sha256').update(JSON.stringify(kit)).digest('hex');
}

interface StoredBuiltIn {
  id: string;
  key: string;
  content_hash: string | null;
  latest_revision_number: number;
}

/**
 * Loads the built-in interview kits at every API start, in every environment (they are product
 * content). Idempotent: one read of the stored hashes and nothing else when the library is
 * unchanged; otherwise the new and changed kits are written in one multi-row upsert (a changed
 * kit gets a new revision, so scorecards keep the revision they were written against).
 */
@Injectable()
export class BuiltInKitsLoader implements OnApplicationBootstrap {
  private readonly logger = new Logger(BuiltInKitsLoader.name);

  constructor(private readonly txHost: TransactionHost<TransactionalAdapterTypeOrm>) {}

  async onApplicationBootstrap(): Promise<void> {
    await this.load();
  }

  async load(): Promise<{ inserted: number; revised: number; skipped: boolean }> {
    return TenantContext.crossTenant('built-in interview kits belong to no organization', () => this.loadBuiltIns());
  }

  private async loadBuiltIns(): Promise<{ inserted: number; revised: number; skipped: boolean }> {
    const hashes = BUILT_IN_KITS.map(contentHash);
    if (this.upToDate(await this.stored(), hashes)) return { inserted: 0, revised: 0, skipped: true };

    return this.txHost.withTransaction(async () => {
      // Several API instances (or test workers) may boot at once: one loads, the others then skip.
      await this.txHost.tx.query(`SELECT pg_advisory_xact_lock(hashtext('hireloop.interviews.built-in-kits'))`);
      const stored = await this.stored();
      if (this.upToDate(stored, hashes)) return { inserted: 0, revised: 0, skipped: true };
      const byKey = new Map(stored.map((row) => [row.key, row]));

      const kitRows: unknown[] = [];
      const kitTuples: string[] = [];
      const revisionRows: unknown[] = [];
      const revisionTuples: string[] = [];
      let inserted = 0;
      let revised = 0;
      BUILT_IN_KITS.forEach((kit, i) => {
        const existing = byKey.get(kit.key);
        if (existing && existing.content_hash === hashes[i]) return;
        const id = existing?.id ?? randomUUID();
        const revisionId = randomUUID();
        const number = (existing?.latest_revision_number ?? 0) + 1;
        if (existing) revised++;
        else inserted++;
        const k = kitRows.length;
        kitRows.push(id, kit.key, kit.title, kit.stageKind, hashes[i], revisionId, number);
        kitTuples.push(`($${k + 1}::uuid, NULL::uuid, $${k + 2}, $${k + 3}, $${k + 4}, true, $${k + 5}, $${k + 6}::uuid, $${k + 7}::int)`);
        const r = revisionRows.length;
        revisionRows.push(revisionId, id, number, JSON.stringify(kit));
        revisionTuples.push(`($${r + 1}::uuid, $${r + 2}::uuid, $${r + 3}::int, $${r + 4}::jsonb)`);
      });

      await this.txHost.tx.query(
        `INSERT INTO interview_kits (id, organization_id, key, title, stage_kind, built_in, content_hash, latest_revision_id, latest_revision_number)
         VALUES ${kitTuples.join(', ')}
         ON CONFLICT (key) WHERE organization_id IS NULL DO UPDATE SET
           title = EXCLUDED.title, stage_kind = EXCLUDED.stage_kind, content_hash = EXCLUDED.content_hash,
           latest_revision_id = EXCLUDED.latest_revision_id, latest_revision_number = EXCLUDED.latest_revision_number, updated_at = now()`,
        kitRows,
      );
      await this.txHost.tx.query(`INSERT INTO interview_kit_revisions (id, kit_id, number, content) VALUES ${revisionTuples.join(', ')}`, revisionRows);
      this.logger.log(`Built-in interview kits: ${inserted} inserted, ${revised} revised`);
      return { inserted, revised, skipped: false };
    });
  }

  private stored(): Promise<StoredBuiltIn[]> {
    return this.txHost.tx.query(`SELECT id, key, content_hash, latest_revision_number FROM interview_kits WHERE organization_id IS NULL`);
  }

  private upToDate(stored: StoredBuiltIn[], hashes: string[]): boolean {
    const byKey = new Map(stored.map((row) => [row.key, row.content_hash]));
    return BUILT_IN_KITS.every((kit, i) => byKey.get(kit.key) === hashes[i]);
  }
}
