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

/**
 * What `read` answers once an organization's background work has settled: a worker follows earlier requests (emails,
 * notifications, interview invitations, their audit, timeline and outbox rows) on its own time, so counts taken while it
 * runs can move without the request under test writing anything. Reads until two reads 250 ms apart agree (at most
 * 10 s), then the caller measures from there.
 */
export async function settled<T>(read: () => Promise<T>): Promise<T> {
  let last = await read();
  for (const deadline = Date.now() + 10_000; Date.now() < deadline;) {
    await new Promise((resolve) => setTimeout(resolve, 250));
    const next = await read();
    if (JSON.stringify(next) === JSON.stringify(last)) return next;
    last = next;
  }
  return last;
}
