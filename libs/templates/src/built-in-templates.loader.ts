import { TransactionHost } from '@nestjs-cls/transactional';
import type { TransactionalAdapterTypeOrm } from '@nestjs-cls/transactional-adapter-typeorm';
import { Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { createHash, randomUUID } from 'node:crypto';
import { TenantContext } from '../../platform/src/index.js';
import { builtInTemplates } from './library/built-in-templates.js';
import type { BuiltInTemplate } from './library/template-content.js';

const LIBRARY_NAME = 'built-in';
const CHUNK = 100;

function contentHash(template: BuiltInTemplate): string {
  const { title, family, language, seniority, systemType, workModel, sections, variables } = template;
  return createHash('sha256').update(JSON.stringify({ title, family, language, seniority, systemType, workModel, sections, variables })).digest('hex');
}

function chunks<T>(items: T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

/**
 * Loads the built-in template library at every API start, in every environment (it is product
 * content, not demo data). Idempotent: skipped when the stored library version matches; otherwise
 * missing built-ins are inserted by their stable key in a few multi-row statements and a changed
 * built-in gets a new revision (jobs keep the revision they were made from).
 */
@Injectable()
export class BuiltInTemplatesLoader implements OnApplicationBootstrap {
  private readonly logger = new Logger(BuiltInTemplatesLoader.name);

  constructor(private readonly txHost: TransactionHost<TransactionalAdapterTypeOrm>) {}

  async onApplicationBootstrap(): Promise<void> {
    await this.load();
  }

  /** Returns how many templates were inserted and how many got a new revision. */
  async load(): Promise<{ inserted: number; revised: number; skipped: boolean }> {
    return TenantContext.crossTenant('built-in templates belong to no organization', () => this.loadBuiltIns());
  }

  private async loadBuiltIns(): Promise<{ inserted: number; revised: number; skipped: boolean }> {
    const library = builtInTemplates();
    const hashes = library.map(contentHash);
    const version = createHash('sha256').update(hashes.join('\n')).digest('hex');
    if (await this.isLoaded(version)) return { inserted: 0, revised: 0, skipped: true };

    return this.txHost.withTransaction(async () => {
      // Several API instances (or test workers) may boot at once: one loads, the others then skip.
      await this.txHost.tx.query(`SELECT pg_advisory_xact_lock(hashtext('hireloop.templates.built-in-library'))`);
      if (await this.isLoaded(version)) return { inserted: 0, revised: 0, skipped: true };

      const existing = new Map<string, { id: string; content_hash: string | null; latest_revision_number: number }>();
      const rows = await this.txHost.tx.query<Array<{ id: string; key: string; content_hash: string | null; latest_revision_number: number }>>(
        `SELECT id, key, content_hash, latest_revision_number FROM templates WHERE organization_id IS NULL`,
      );
      for (const row of rows) {
        existing.set(row.key, row);
      }
      const newTemplates: unknown[][] = [];
      const revisions: unknown[][] = [];
      const changed: Array<{ id: string; revisionId: string; number: number; hash: string; title: string }> = [];
      library.forEach((template, i) => {
        const hash = hashes[i];
        const stored = existing.get(template.key);
        if (stored && stored.content_hash === hash) return;
        const revisionId = randomUUID();
        if (!stored) {
          const id = randomUUID();
          newTemplates.push([
            id,
            template.key,
            template.family,
            template.title,
            template.language,
            template.seniority,
            template.systemType,
            template.workModel,
            hash,
            revisionId,
          ]);
          revisions.push([revisionId, id, 1, template.title, JSON.stringify(template.sections), JSON.stringify(template.variables)]);
        } else {
          const number = stored.latest_revision_number + 1;
          revisions.push([revisionId, stored.id, number, template.title, JSON.stringify(template.sections), JSON.stringify(template.variables)]);
          changed.push({ id: stored.id, revisionId, number, hash, title: template.title });
        }
      });

      for (const rows of chunks(newTemplates, CHUNK)) {
        await this.insertRows(
          `INSERT INTO templates (id, key, family, title, language, seniority, system_type, work_model, content_hash, latest_revision_id, latest_revision_number, built_in, organization_id)`,
          rows,
          '1, true, NULL',
        );
      }
      for (const rows of chunks(revisions, CHUNK)) {
        await this.insertRows(`INSERT INTO template_revisions (id, template_id, number, title, sections, variables)`, rows);
      }
      for (const rows of chunks(changed, CHUNK)) {
        const params: unknown[] = [];
        const values = rows.map((r) => {
          params.push(r.id, r.revisionId, r.number, r.hash, r.title);
          const n = params.length;
          return `($${n - 4}::uuid, $${n - 3}::uuid, $${n - 2}::int, $${n - 1}, $${n})`;
        });
        await this.txHost.tx.query(
          `UPDATE templates t SET latest_revision_id = v.rid, latest_revision_number = v.num, content_hash = v.hash, title = v.title, updated_at = now()
           FROM (VALUES ${values.join(', ')}) AS v(id, rid, num, hash, title) WHERE t.id = v.id`,
          params,
        );
      }
      await this.txHost.tx.query(
        `INSERT INTO template_library_state (name, version, template_count, loaded_at) VALUES ($1, $2, $3, now())
         ON CONFLICT (name) DO UPDATE SET version = EXCLUDED.version, template_count = EXCLUDED.template_count, loaded_at = now()`,
        [LIBRARY_NAME, version, library.length],
      );
      this.logger.log(`Built-in template library ${version.slice(0, 12)}: ${newTemplates.length} inserted, ${changed.length} revised`);
      return { inserted: newTemplates.length, revised: changed.length, skipped: false };
    });
  }

  private async isLoaded(version: string): Promise<boolean> {
    const rows = await this.txHost.tx.query<Array<{ version: string }>>(`SELECT version FROM template_library_state WHERE name = $1`, [LIBRARY_NAME]);
    return rows[0]?.version === version;
  }

  /** One multi-row INSERT; `constants` are SQL literals appended to every row. */
  private async insertRows(head: string, rows: unknown[][], constants?: string): Promise<void> {
    if (rows.length === 0) return;
    const params: unknown[] = [];
    const tuples = rows.map((row) => {
      const placeholders = row.map((value) => {
        params.push(value);
        return `$${params.length}`;
      });
      return `(${placeholders.join(', ')}${constants ? `, ${constants}` : ''})`;
    });
    await this.txHost.tx.query(`${head} VALUES ${tuples.join(', ')}`, params);
  }
}
