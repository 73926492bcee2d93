import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const TEST_RUN_FILE = join(tmpdir(), `hireloop-test-run-${process.pid}.json`);

/** Names of this run's throwaway database and Redis prefix, derived from a run id. */
export function testRunIds(runId) {
  const base = new URL(process.env.TEST_DATABASE_URL ?? process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres');
  const databaseName = `hireloop_test_${runId}`;
  const admin = new URL(base.toString());
  admin.pathname = '/postgres';
  const database = new URL(base.toString());
  database.pathname = `/${databaseName}`;
  return { databaseName, databaseUrl: database.toString(), adminUrl: admin.toString(), queuePrefix: `hltest-${runId}` };
}
