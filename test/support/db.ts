import { DataSource } from 'typeorm';

let connecting: Promise<DataSource> | undefined;

/**
 * A direct connection to this run's database, to check what was (not) written. Callers that ask at the
 * same moment share the one connection being opened (never a DataSource whose initialize is still pending).
 */
export function testDb(): Promise<DataSource> {
  connecting ??= new DataSource({ type: 'postgres', url: process.env.DATABASE_URL }).initialize().catch((error: unknown) => {
    connecting = undefined;
    throw error;
  });
  return connecting;
}

export async function closeTestDb(): Promise<void> {
  const closing = connecting;
  connecting = undefined;
  await (await closing)?.destroy();
}

export async function count(table: string, where = 'true', params: unknown[] = []): Promise<number> {
  const db = await testDb();
  const [{ n }] = await db.query(`SELECT count(*)::int AS n FROM ${table} WHERE ${where}`, params);
  return n;
}
