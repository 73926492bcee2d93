import type { INestApplicationContext } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { ensureDatabase, runMigrations } from '../../libs/db/src/migrate.js';
import { startTestApp, TestApp } from '../support/app.js';
import { closeTestDb, testDb } from '../support/db.js';
import { bearer, makeOrg, makeUser } from '../support/factories.js';
import { makeJob, startTestWorker, waitFor } from '../support/postings-fixtures.js';
import { TcpProxy } from '../support/tcp-proxy.js';

describe('postings survive a Redis outage', () => {
  let t: TestApp;
  let worker: INestApplicationContext | undefined;
  const proxy = new TcpProxy('127.0.0.1', 6379);
  // A database of its own: relays of other test files running at the same time (on the real Redis)
  // would otherwise publish this test's postings while its own worker's Redis is cut.
  // Its own queue prefix too, so other files' workers don't take its jobs (and it doesn't take theirs).
  const sharedDatabaseUrl = process.env.DATABASE_URL!;
  const sharedQueuePrefix = process.env.QUEUE_PREFIX!;
  const ownDatabase = new URL(sharedDatabaseUrl);
  ownDatabase.pathname = `${ownDatabase.pathname}_fault`;

  beforeAll(async () => {
    await ensureDatabase(ownDatabase.toString());
    await runMigrations(ownDatabase.toString());
    process.env.DATABASE_URL = ownDatabase.toString();
    process.env.QUEUE_PREFIX = `${sharedQueuePrefix}-fault`;
    t = await startTestApp();
  }, 120000);
  afterAll(async () => {
    await worker?.close().catch(() => undefined);
    await proxy.stop();
    await t.close();
    await closeTestDb();
    process.env.DATABASE_URL = sharedDatabaseUrl;
    process.env.QUEUE_PREFIX = sharedQueuePrefix;
    const admin = new DataSource({ type: 'postgres', url: new URL('/postgres', ownDatabase).toString() });
    await admin.initialize();
    await admin.query(`DROP DATABASE IF EXISTS "${ownDatabase.pathname.slice(1)}" WITH (FORCE)`);
    await admin.destroy();
  }, 60000);

  it('publishes every posting written while Redis was cut once it returns, none twice', async () => {
    const port = await proxy.start();
    worker = await startTestWorker({ REDIS_URL: `redis://127.0.0.1:${port}` });
    const org = await makeOrg(t);
    const recruiter = await makeUser(t, org, ['recruiter']);
    await proxy.stop();

    const jobs = [];
    for (let i = 0; i < 5; i++) jobs.push(await makeJob(org.id));
    for (const job of jobs) {
      const res = await t
        .http()
        .post(`/v1/jobs/${job.id}/postings`)
        .set(bearer(recruiter))
        .send({ boards: ['careers', 'indeed', 'linkedin'] });
      expect(res.status).toBe(202);
    }
    const db = await testDb();
    const ids = jobs.map((j) => j.id);
    await new Promise((r) => setTimeout(r, 1500));
    const stuck = await db.query(`SELECT status, count(*)::int AS n FROM postings WHERE job_id = ANY($1::uuid[]) GROUP BY status`, [ids]);
    expect(stuck).toEqual([{ status: 'pending', n: 15 }]);

    await proxy.start();
    await waitFor(
      async () => (await db.query(`SELECT count(*)::int AS n FROM postings WHERE job_id = ANY($1::uuid[]) AND status = 'live'`, [ids]))[0].n,
      (n) => n === 15,
      40000,
      'all live after Redis returned',
    );
    const lives = await db.query(
      `SELECT e.posting_id, count(*)::int AS n FROM posting_events e JOIN postings p ON p.id = e.posting_id
        WHERE p.job_id = ANY($1::uuid[]) AND e.to_status = 'live' GROUP BY e.posting_id`,
      [ids],
    );
    expect(lives).toHaveLength(15);
    expect(lives.every((r: { n: number }) => r.n === 1)).toBe(true);
    const outbox = await db.query(
      `SELECT count(*)::int AS n FROM outbox_events WHERE event_type = 'postings.publish' AND organization_id = $1 AND dispatched_at IS NULL`,
      [org.id],
    );
    expect(outbox[0].n).toBe(0);
  }, 60000);
});
