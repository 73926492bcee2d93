// Writes migrations/1764610000000-TenantForeignKeys.ts from the catalog of a database migrated up to the
// migration before it, so the migration is explicit SQL a reviewer can read and this run can reproduce:
//
//   createdb -h 127.0.0.1 -U postgres fks_scratch
//   DATABASE_URL=postgres://postgres@127.0.0.1:5432/fks_scratch node dist/libs/db/src/migrate.js   # (at the commit before)
//   DATABASE_URL=postgres://postgres@127.0.0.1:5432/fks_scratch node migrations/tools/generate-tenant-foreign-keys.mjs
//
// Rules (see DEVELOPING.md, "Tenant foreign keys"):
// - a foreign key between two tables that both have organization_id becomes (organization_id, <col>) →
//   <parent> (organization_id, id), keeping its ON DELETE action (SET NULL only nulls <col>) and deferrability;
//   the parent gets UNIQUE (organization_id, id), one per table;
// - a child whose organization_id may be NULL (shared built-in rows) keeps its single-column key as well, since a
//   composite key with a NULL member is not checked;
// - a reference into the shared library (templates, interview kits and their revisions: organization_id NULL for
//   built-ins) cannot be a composite key, because a job may use a built-in template: it keeps its key and gets the
//   constraint trigger shared_or_same_organization (the referenced row is built-in or the referencing row's own).
import { writeFileSync } from 'node:fs';
import pg from 'pg';

const OUT = new URL('../1764610000000-TenantForeignKeys.ts', import.meta.url);
/** Tables given an organization_id by the migration (before its foreign keys are rewritten); nullable = shared. */
const NEW_COLUMNS = {
  job_hiring_team: { parent: 'jobs', via: 'job_id', nullable: false },
  job_offices: { parent: 'jobs', via: 'job_id', nullable: false },
  candidate_file_contents: { parent: 'candidate_files', via: 'file_id', nullable: false },
  // Revisions refuse every UPDATE (their immutability trigger); the backfill is the one exception.
  template_revisions: { parent: 'templates', via: 'template_id', nullable: true, immutable: 'template_revisions_no_update' },
  interview_kit_revisions: { parent: 'interview_kits', via: 'kit_id', nullable: true, immutable: 'interview_kit_revisions_no_update' },
};

const client = new pg.Client({ connectionString: process.env.DATABASE_URL });
await client.connect();
const orgColumns = new Map(
  (
    await client.query(
      `SELECT c.table_name, c.is_nullable = 'YES' AS nullable FROM information_schema.columns c
        WHERE c.table_schema = 'public' AND c.column_name = 'organization_id'`,
    )
  ).rows.map((r) => [r.table_name, r.nullable]),
);
for (const [table, spec] of Object.entries(NEW_COLUMNS)) orgColumns.set(table, spec.nullable);

const fks = (
  await client.query(
    `SELECT c.conname, c.conrelid::regclass::text AS child, c.confrelid::regclass::text AS parent,
            pg_get_constraintdef(c.oid) AS def, c.confdeltype AS on_delete, c.condeferrable AS deferrable, c.condeferred AS deferred,
            (SELECT array_agg(a.attname::text ORDER BY k.ord) FROM unnest(c.conkey) WITH ORDINALITY k(attnum, ord)
               JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = k.attnum) AS columns
       FROM pg_constraint c
      WHERE c.contype = 'f' AND c.connamespace = 'public'::regnamespace
      ORDER BY c.conrelid::regclass::text, c.conname`,
  )
).rows;
await client.end();

const ON_DELETE = { a: '', r: ' ON DELETE RESTRICT', c: ' ON DELETE CASCADE', n: ' ON DELETE SET NULL', d: ' ON DELETE SET DEFAULT' };
const shared = (table) => orgColumns.get(table) === true;

const up = [];
const down = [];
const sql = (list, text) => list.push(text);

// 1. organization_id on the tables that lack it, backfilled from the parent.
for (const [table, spec] of Object.entries(NEW_COLUMNS)) {
  sql(up, `ALTER TABLE ${table} ADD COLUMN organization_id uuid`);
  if (spec.immutable) sql(up, `ALTER TABLE ${table} DISABLE TRIGGER ${spec.immutable}`);
  sql(up, `UPDATE ${table} t SET organization_id = p.organization_id FROM ${spec.parent} p WHERE p.id = t.${spec.via}`);
  if (spec.immutable) sql(up, `ALTER TABLE ${table} ENABLE TRIGGER ${spec.immutable}`);
  if (!spec.nullable) sql(up, `ALTER TABLE ${table} ALTER COLUMN organization_id SET NOT NULL`);
  sql(up, `ALTER TABLE ${table} ADD CONSTRAINT ${table}_organization_id_fkey FOREIGN KEY (organization_id) REFERENCES organizations (id) ON DELETE CASCADE`);
}

// 2. The check for references into the shared library.
sql(
  up,
  `CREATE FUNCTION shared_or_same_organization() RETURNS trigger LANGUAGE plpgsql AS $fn$
DECLARE
  ref uuid := (to_jsonb(NEW) ->> TG_ARGV[0])::uuid;
  owner uuid;
  found_rows integer;
BEGIN
  IF ref IS NULL THEN
    RETURN NULL;
  END IF;
  EXECUTE format('SELECT organization_id FROM %I WHERE id = $1', TG_ARGV[1]) INTO owner USING ref;
  GET DIAGNOSTICS found_rows = ROW_COUNT; -- EXECUTE does not set FOUND
  -- Not found (another organization's row hidden by row-level security) or another organization's own row.
  IF found_rows = 0 OR (owner IS NOT NULL AND owner IS DISTINCT FROM NEW.organization_id) THEN
    RAISE EXCEPTION '%.% = % refers to a row of another organization in %', TG_TABLE_NAME, TG_ARGV[0], ref, TG_ARGV[1]
      USING ERRCODE = 'foreign_key_violation', CONSTRAINT = TG_NAME, TABLE = TG_TABLE_NAME, COLUMN = TG_ARGV[0];
  END IF;
  RETURN NULL;
END
$fn$`,
);

// 3. One UNIQUE (organization_id, id) per referenced tenant table, then the keys.
const tenantFks = fks.filter((fk) => orgColumns.has(fk.child) && orgColumns.has(fk.parent) && fk.columns.length === 1 && fk.columns[0] !== 'organization_id');
const parents = [...new Set(tenantFks.filter((fk) => !shared(fk.parent)).map((fk) => fk.parent))].sort();
for (const parent of parents) sql(up, `ALTER TABLE ${parent} ADD CONSTRAINT ${parent}_organization_id_id_key UNIQUE (organization_id, id)`);

const keys = [];
for (const fk of tenantFks) {
  const [column] = fk.columns;
  const deferral = fk.deferrable ? (fk.deferred ? ' DEFERRABLE INITIALLY DEFERRED' : ' DEFERRABLE') : '';
  if (shared(fk.parent)) {
    const name = `${fk.child}_${column}_owner`;
    keys.push({ kind: 'trigger', child: fk.child, column, parent: fk.parent, name });
    sql(
      up,
      `CREATE CONSTRAINT TRIGGER ${name} AFTER INSERT OR UPDATE OF organization_id, ${column} ON ${fk.child}${deferral || ' NOT DEFERRABLE'} FOR EACH ROW EXECUTE FUNCTION shared_or_same_organization('${column}', '${fk.parent}')`,
    );
    continue;
  }
  const onDelete = fk.on_delete === 'n' ? ` ON DELETE SET NULL (${column})` : ON_DELETE[fk.on_delete];
  const composite = `FOREIGN KEY (organization_id, ${column}) REFERENCES ${fk.parent} (organization_id, id)${onDelete}${deferral}`;
  if (shared(fk.child)) {
    const name = `${fk.conname.replace(/_fkey$/, '')}_tenant_fkey`;
    keys.push({ kind: 'added', child: fk.child, name });
    sql(up, `ALTER TABLE ${fk.child} ADD CONSTRAINT ${name} ${composite}`);
  } else {
    keys.push({ kind: 'replaced', child: fk.child, name: fk.conname, def: fk.def });
    sql(up, `ALTER TABLE ${fk.child} DROP CONSTRAINT ${fk.conname}`);
    sql(up, `ALTER TABLE ${fk.child} ADD CONSTRAINT ${fk.conname} ${composite}`);
  }
}

// 4. Row-level security on the tables that now have organization_id (the others got it in RowLevelSecurity).
const POLICY = (table) =>
  `CREATE POLICY tenant_isolation ON ${table} USING (current_setting('hireloop.cross_tenant', true) = 'on' OR organization_id = NULLIF(current_setting('hireloop.organization_id', true), '')::uuid) WITH CHECK (current_setting('hireloop.cross_tenant', true) = 'on' OR organization_id = NULLIF(current_setting('hireloop.organization_id', true), '')::uuid)`;
const SHARED_POLICY = (table) =>
  `CREATE POLICY tenant_isolation ON ${table} USING (current_setting('hireloop.cross_tenant', true) = 'on' OR organization_id IS NULL OR organization_id = NULLIF(current_setting('hireloop.organization_id', true), '')::uuid) WITH CHECK (current_setting('hireloop.cross_tenant', true) = 'on' OR organization_id = NULLIF(current_setting('hireloop.organization_id', true), '')::uuid)`;
for (const [table, spec] of Object.entries(NEW_COLUMNS)) {
  sql(up, `ALTER TABLE ${table} ENABLE ROW LEVEL SECURITY`);
  sql(up, `ALTER TABLE ${table} FORCE ROW LEVEL SECURITY`);
  sql(up, spec.nullable ? SHARED_POLICY(table) : POLICY(table));
}

// down(): the reverse, in reverse order.
for (const table of Object.keys(NEW_COLUMNS).reverse()) {
  sql(down, `DROP POLICY tenant_isolation ON ${table}`);
  sql(down, `ALTER TABLE ${table} NO FORCE ROW LEVEL SECURITY`);
  sql(down, `ALTER TABLE ${table} DISABLE ROW LEVEL SECURITY`);
}
for (const key of [...keys].reverse()) {
  if (key.kind === 'trigger') sql(down, `DROP TRIGGER ${key.name} ON ${key.child}`);
  else if (key.kind === 'added') sql(down, `ALTER TABLE ${key.child} DROP CONSTRAINT ${key.name}`);
  else {
    sql(down, `ALTER TABLE ${key.child} DROP CONSTRAINT ${key.name}`);
    sql(down, `ALTER TABLE ${key.child} ADD CONSTRAINT ${key.name} ${key.def}`);
  }
}
for (const parent of [...parents].reverse()) sql(down, `ALTER TABLE ${parent} DROP CONSTRAINT ${parent}_organization_id_id_key`);
sql(down, `DROP FUNCTION shared_or_same_organization()`);
for (const table of Object.keys(NEW_COLUMNS).reverse()) sql(down, `ALTER TABLE ${table} DROP COLUMN organization_id`);

const literal = (text) => '`' + text.replace(/\\/g, '\\\\').replace(/`/g, '\\`').replace(/\$\{/g, '\\${') + '`';
const counts = {
  replaced: keys.filter((k) => k.kind === 'replaced').length,
  added: keys.filter((k) => k.kind === 'added').length,
  triggers: keys.filter((k) => k.kind === 'trigger').length,
};
const source = `import { MigrationInterface, QueryRunner } from 'typeorm';

// GENERATED by migrations/tools/generate-tenant-foreign-keys.mjs from the catalog; edit the generator, not this file.

/**
 * No row can refer to another organization's row.
 *
 * - organization_id on the tenant tables that lacked it (job_hiring_team, job_offices, candidate_file_contents: NOT NULL;
 *   template_revisions, interview_kit_revisions: the template's or kit's, NULL for built-ins), backfilled from the parent,
 *   with row-level security like every other tenant table.
 * - ${counts.replaced} foreign keys between tenant tables become (organization_id, <col>) → <parent> (organization_id, id), keeping
 *   their ON DELETE action (SET NULL nulls only <col>); ${parents.length} tables get UNIQUE (organization_id, id). ${counts.added} keys of tables with
 *   shared built-in rows get a composite twin (a NULL organization_id skips a composite key, so the single one stays).
 * - ${counts.triggers} references into the shared library (templates, interview kits, their revisions) get the constraint trigger
 *   shared_or_same_organization: the row referred to is built-in or belongs to the same organization.
 */
export class TenantForeignKeys1764610000000 implements MigrationInterface {
  name = 'TenantForeignKeys1764610000000';

  async up(q: QueryRunner): Promise<void> {
    for (const statement of UP) await q.query(statement);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const statement of DOWN) await q.query(statement);
  }
}

const UP = [
${up.map((s) => `  ${literal(s)},`).join('\n')}
];

const DOWN = [
${down.map((s) => `  ${literal(s)},`).join('\n')}
];
`;
writeFileSync(OUT, source);
console.log(`Wrote ${OUT.pathname}: ${up.length} statements up, ${down.length} down (${JSON.stringify(counts)}, ${parents.length} unique keys)`);
