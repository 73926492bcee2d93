import { DataSource } from 'typeorm';

let dataSource: DataSource | undefined;

/** A direct connection to this run's database, to check what was (not) written. */
export async function testDb(): Promise<DataSource> {
  if (!dataSource) {
    dataSource = new DataSource({ type: 'postgres', url: process.env.DATABASE_URL });
    await dataSource.initialize();
  }
  return dataSource;
}

export async function closeTestDb(): Promise<void> {
  await dataSource?.destroy();
  dataSource = undefined;
}

export async function count(table: string, where = 'true', params: unknown[] = []): Promise<number> {
  const db = await testDb();
  const [{ n }] = await db.query(`SELECT count(*)::int AS n FROM ${table} WHERE ${where}`, params);
  return n;
}
