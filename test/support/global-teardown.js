import { readFileSync, rmSync } from 'node:fs';
import { Redis } from 'ioredis';
import pg from 'pg';
import { TEST_RUN_FILE } from './test-run.js';

/** Drops this run's database and deletes every Redis key under its prefix. */
export default async function globalTeardown() {
  const { databaseName, adminUrl, queuePrefix } = JSON.parse(readFileSync(TEST_RUN_FILE, 'utf8'));
  rmSync(TEST_RUN_FILE, { force: true });
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  // The run's database, and the outbox and postings-fault tests' own ones (dropped by the tests themselves unless they crashed).
  for (const name of [databaseName, `${databaseName}_outbox`, `${databaseName}_fault`]) await admin.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
  await admin.end();
  const redis = new Redis(process.env.REDIS_URL ?? 'redis://127.0.0.1:6379');
  let cursor = '0';
  do {
    // `${queuePrefix}*` also covers the prefixes tests derive from it (e.g. `${queuePrefix}-fault:`).
    const [next, keys] = await redis.scan(cursor, 'MATCH', `${queuePrefix}*`, 'COUNT', 1000);
    if (keys.length) await redis.del(...keys);
    cursor = next;
  } while (cursor !== '0');
  redis.disconnect();
}
