import { testDb } from './db.js';

export interface Finding {
  table: string;
  column: string;
  term: string;
}

/** Every table's columns of the kinds a scan reads, and whether the table is scoped by an organization. */
async function columnsOf(types: string[]) {
  const db = await testDb();
  return db.query<Array<{ table_name: string; column_name: string; data_type: string; has_org: boolean; is_org_table: boolean }>>(
    `SELECT c.table_name, c.column_name, c.data_type,
            EXISTS (SELECT 1 FROM information_schema.columns o WHERE o.table_schema = 'public' AND o.table_name = c.table_name AND o.column_name = 'organization_id') AS has_org,
            c.table_name = 'organizations' AS is_org_table
       FROM information_schema.columns c JOIN information_schema.tables t ON t.table_schema = c.table_schema AND t.table_name = c.table_name
      WHERE c.table_schema = 'public' AND t.table_type = 'BASE TABLE' AND c.data_type = ANY($1::text[])`,
    [types],
  );
}

const scoped = (col: { has_org: boolean; is_org_table: boolean }) =>
  col.has_org ? `organization_id = $2` : col.is_org_table ? `id = $2` : `$2::uuid IS NOT NULL`;

/**
 * Every text, varchar, array, jsonb and tsvector column (as text) and every bytea column of every table in the database,
 * restricted to the organization where the table has one: the places where any of the terms still appears.
 */
export async function scan(organizationId: string, terms: string[]): Promise<Finding[]> {
  const db = await testDb();
  const findings: Finding[] = [];
  for (const col of await columnsOf(['text', 'character varying', 'jsonb', 'json', 'ARRAY', 'tsvector', 'bytea', 'USER-DEFINED'])) {
    for (const term of terms) {
      const match =
        col.data_type === 'bytea' ? `position(convert_to($1, 'UTF8') in "${col.column_name}") > 0` : `"${col.column_name}"::text ILIKE '%' || $1 || '%'`;
      const [{ n }]: Array<{ n: number }> = await db.query(`SELECT count(*)::int AS n FROM "${col.table_name}" WHERE ${scoped(col)} AND ${match}`, [
        term,
        organizationId,
      ]);
      if (n > 0) findings.push({ table: col.table_name, column: col.column_name, term });
    }
  }
  return findings;
}

/**
 * Where any of these ids still appears in the organization's rows: every uuid column, and every text, array and jsonb
 * column (as text). Answers `table.column` names, sorted.
 */
export async function whereIdsAppear(organizationId: string, ids: string[]): Promise<string[]> {
  const db = await testDb();
  const found = new Set<string>();
  for (const col of await columnsOf(['uuid', 'text', 'character varying', 'jsonb', 'json', 'ARRAY'])) {
    if (col.column_name === 'organization_id') continue;
    const match = col.data_type === 'uuid' ? `"${col.column_name}" = ANY($1::uuid[])` : `"${col.column_name}"::text ILIKE ANY($1::text[])`;
    const values = col.data_type === 'uuid' ? ids : ids.map((id) => `%${id}%`);
    const [{ n }]: Array<{ n: number }> = await db.query(`SELECT count(*)::int AS n FROM "${col.table_name}" WHERE ${scoped(col)} AND ${match}`, [
      values,
      organizationId,
    ]);
    if (n > 0) found.add(`${col.table_name}.${col.column_name}`);
  }
  return [...found].sort();
}

/** How many rows the organization has in each of its tables: a refused request must leave every count as it was. */
export async function organizationRowCounts(organizationId: string): Promise<Record<string, number>> {
  const db = await testDb();
  const tables: Array<{ table_name: string }> = await db.query(
    `SELECT c.table_name FROM information_schema.columns c JOIN information_schema.tables t ON t.table_schema = c.table_schema AND t.table_name = c.table_name
      WHERE c.table_schema = 'public' AND t.table_type = 'BASE TABLE' AND c.column_name = 'organization_id' ORDER BY 1`,
  );
  const [row]: Array<Record<string, number>> = await db.query(
    `SELECT ${tables.map(({ table_name }) => `(SELECT count(*) FROM "${table_name}" WHERE organization_id = $1)::int AS "${table_name}"`).join(', ')}`,
    [organizationId],
  );
  return row;
}
