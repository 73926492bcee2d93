import { Module, type INestApplicationContext } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { OffersProcessor } from '../../apps/worker/src/offers.processor.js';
import { AppConfigModule } from '../../libs/config/src/index.js';
import { DbModule } from '../../libs/db/src/index.js';
import { OffersWorkerModule } from '../../libs/offers/src/index.js';
import { AppLoggerModule, OutboxRelayRunner, PlatformModule } from '../../libs/platform/src/index.js';
import { startTestApp, TestApp } from '../support/app.js';
import { closeTestDb, count } from '../support/db.js';
import { bearer, makeOrg, makeUser, TestOrg, TestUser } from '../support/factories.js';
import { apply, dateIn, makeHiringJob } from '../support/offers-fixtures.js';
import { waitFor } from '../support/postings-fixtures.js';

/** The worker's offers half: the outbox relay and the offers processor, wired as in apps/worker. */
@Module({
  imports: [AppConfigModule, AppLoggerModule, DbModule, PlatformModule, OffersWorkerModule],
  providers: [OutboxRelayRunner, OffersProcessor],
})
class OffersWorkerTestModule {}

describe('offers: expiry through the outbox relay and the worker', () => {
  let t: TestApp;
  let worker: INestApplicationContext;
  let org: TestOrg;
  let recruiter: TestUser;
  let hm: TestUser;

  beforeAll(async () => {
    t = await startTestApp();
    worker = await NestFactory.createApplicationContext(OffersWorkerTestModule, { logger: false });
    await worker.init();
    org = await makeOrg(t);
    [recruiter, hm] = await Promise.all([makeUser(t, org, ['recruiter']), makeUser(t, org, ['hiring_manager'])]);
  });
  afterAll(async () => {
    await worker?.close();
    await t.close();
    await closeTestDb();
  });

  it('an offer expires when its expiresAt passes (delayed job), and an offer re-dated later is left open by the old job', async () => {
    const job = await makeHiringJob(org.id, {
      team: [
        { userId: hm.id, role: 'hiring_manager' },
        { userId: recruiter.id, role: 'recruiter' },
      ],
    });
    const offers: string[] = [];
    for (let i = 0; i < 2; i++) {
      const app = await apply(t, recruiter, job.id);
      await t
        .http()
        .post(`/v1/applications/${app.id}/decision`)
        .set(bearer(hm))
        .send({ decision: 'offer', rationale: 'Clear strengths in design and delivery across the loop.' });
      const res = await t
        .http()
        .post(`/v1/applications/${app.id}/offers`)
        .set(bearer(recruiter))
        .send({ base: { amount: 120000, currency: 'EUR', period: 'YEAR' }, startDate: dateIn(30), expiresAt: new Date(Date.now() + 2500).toISOString() });
      expect(res.status).toBe(201);
      offers.push(res.body.id);
    }
    // The second offer gets a later date: its first expiry job must find it not due.
    const moved = await t
      .http()
      .patch(`/v1/offers/${offers[1]}`)
      .set(bearer(recruiter))
      .send({ version: 1, expiresAt: new Date(Date.now() + 3_600_000).toISOString() });
    expect(moved.status).toBe(200);

    const status = (id: string) =>
      t
        .http()
        .get(`/v1/offers/${id}`)
        .set(bearer(recruiter))
        .then((r) => r.body.status as string);
    await waitFor(
      () => status(offers[0]),
      (s) => s === 'expired',
      20000,
      'offer to expire',
    );
    // Both of the second offer's jobs exist; the first has run by now (same due time) and did nothing.
    await waitFor(
      () => count('outbox_events', "aggregate_id = $1 AND event_type = 'offers.expire' AND dispatched_at IS NOT NULL", [offers[1]]),
      (n) => n === 2,
      10000,
      'relay',
    );
    await new Promise((r) => setTimeout(r, 1000));
    expect(await status(offers[1])).toBe('draft');
    expect(await count('audit_log', "entity_id = $1 AND action = 'expire'", [offers[0]])).toBe(1);
  });
});
