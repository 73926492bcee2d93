// Runs once per `npm test`, in Node's own loader (not Jest's), so it uses the compiled
// migration runner from dist/ — `npm test` builds first.
import { randomBytes } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { ensureDatabase, runMigrations } from '../../dist/libs/db/src/migrate.js';
import { TEST_RUN_FILE, testRunIds } from './test-run.js';

/**
 * A fresh database with every migration applied and a unique Redis/BullMQ prefix,
 * handed to the test workers through the environment.
 */
export default async function globalSetup() {
  const runId = `${Date.now().toString(36)}${randomBytes(3).toString('hex')}`;
  const { databaseUrl, adminUrl, queuePrefix, databaseName } = testRunIds(runId);
  await ensureDatabase(databaseUrl);
  await runMigrations(databaseUrl);
  process.env.NODE_ENV = 'test';
  process.env.DATABASE_URL = databaseUrl;
  process.env.QUEUE_PREFIX = queuePrefix;
  process.env.LOG_LEVEL ??= 'error';
  writeFileSync(TEST_RUN_FILE, JSON.stringify({ runId, databaseName, adminUrl, queuePrefix }));
}
