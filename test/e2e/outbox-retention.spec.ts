import { randomUUID } from 'node:crypto';
import { Module, type INestApplicationContext } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { DUE_SWEEPS, OUTBOX_RETENTION_EVERY_MS } from '../../apps/worker/src/due-sweeps.js';
import { PlatformProcessor } from '../../apps/worker/src/platform.processor.js';
import { AppConfigModule } from '../../libs/config/src/index.js';
import { DbModule } from '../../libs/db/src/index.js';
import { AppLoggerModule, JOB_QUEUE, JobName, OutboxRetentionService, PlatformModule, QueueName } from '../../libs/platform/src/index.js';
import { startTestApp, TestApp } from '../support/app.js';
import { closeTestDb, count, testDb } from '../support/db.js';
import { makeOrg, TestOrg } from '../support/factories.js';

/** The platform services only: no processor, so this test consumes no queue. */
@Module({ imports: [AppConfigModule, AppLoggerModule, DbModule, PlatformModule] })
class RetentionModule {}

const RETENTION_DAYS = 10;

describe('outbox retention: delivered rows and processed-event ids older than OUTBOX_RETENTION_DAYS are pruned', () => {
  let t: TestApp;
  let ctx: INestApplicationContext;
  let org: TestOrg;
  const consumer = `retention-test-${randomUUID()}`;

  beforeAll(async () => {
    t = await startTestApp();
    org = await makeOrg(t);
    const saved = process.env.OUTBOX_RETENTION_DAYS;
    process.env.OUTBOX_RETENTION_DAYS = String(RETENTION_DAYS);
    try {
      ctx = await NestFactory.createApplicationContext(RetentionModule, { logger: false });
      await ctx.init();
    } finally {
      if (saved === undefined) delete process.env.OUTBOX_RETENTION_DAYS;
      else process.env.OUTBOX_RETENTION_DAYS = saved;
    }
  });
  afterAll(async () => {
    await ctx?.close();
    await t.close();
    await closeTestDb();
  });

  /** An outbox row of this test's organization, created `ageDays` ago and delivered `deliveredDaysAgo` ago (null: never). */
  async function outboxRow(label: string, ageDays: number, deliveredDaysAgo: number | null): Promise<void> {
    await (
      await testDb()
    ).query(
      `INSERT INTO outbox_events (organization_id, aggregate_type, aggregate_id, event_type, queue, payload, created_at, dispatched_at)
       VALUES ($1, 'retention-test', $2, $3, 'platform', '{}', now() - make_interval(days => $4),
               CASE WHEN $5::int IS NULL THEN NULL ELSE now() - make_interval(days => $5::int) END)`,
      [org.id, label, JobName.OutboxProbe, ageDays, deliveredDaysAgo],
    );
  }
  async function processedId(eventId: string, daysAgo: number): Promise<void> {
    await (
      await testDb()
    ).query(`INSERT INTO processed_events (consumer, event_id, processed_at) VALUES ($1, $2, now() - make_interval(days => $3))`, [consumer, eventId, daysAgo]);
  }
  const outboxLeft = async () => {
    const rows = await (
      await testDb()
    ).query<{ aggregate_id: string }[]>(
      `SELECT aggregate_id FROM outbox_events WHERE organization_id = $1 AND aggregate_type = 'retention-test' ORDER BY aggregate_id`,
      [org.id],
    );
    return rows.map((r) => r.aggregate_id);
  };
  const processedLeft = async () => {
    const rows = await (
      await testDb()
    ).query<{ event_id: string }[]>(`SELECT event_id FROM processed_events WHERE consumer = $1 ORDER BY event_id`, [consumer]);
    return rows.map((r) => r.event_id);
  };

  it('is a repeatable job of the worker, on the platform queue, handled there', () => {
    const sweep = DUE_SWEEPS.find((s) => s.job === JobName.OutboxRetention);
    expect(sweep).toMatchObject({ queue: QueueName.Platform, every: OUTBOX_RETENTION_EVERY_MS });
    expect(JOB_QUEUE[JobName.OutboxRetention]).toBe(QueueName.Platform);
    expect(Object.keys(new PlatformProcessor(ctx.get(OutboxRetentionService)).handlers)).toContain(JobName.OutboxRetention);
  });

  it('old delivered rows and old processed ids go, in bounded batches; undelivered rows (however old) and recent ones stay', async () => {
    for (let i = 0; i < 5; i++) await outboxRow(`delivered-old-${i}`, 30, RETENTION_DAYS + 2);
    await outboxRow('delivered-recent', 30, RETENTION_DAYS - 2);
    await outboxRow('undelivered-old', 60, null);
    for (let i = 0; i < 5; i++) await processedId(`old-${i}`, RETENTION_DAYS + 2);
    await processedId('recent', RETENTION_DAYS - 2);

    // Batches of two, at most two batches per table: a run's work is bounded, the next run continues.
    const retention = ctx.get(OutboxRetentionService);
    const first = await retention.prune(undefined, 2, 2);
    expect(first.outboxEvents).toBeGreaterThanOrEqual(4);
    expect(await count('outbox_events', `organization_id = $1 AND aggregate_id LIKE 'delivered-old-%'`, [org.id])).toBeLessThanOrEqual(1);

    // The job's own handler, with the configured OUTBOX_RETENTION_DAYS, finishes the work.
    await new PlatformProcessor(retention).handlers[JobName.OutboxRetention]!({ data: {} } as never);
    expect(await outboxLeft()).toEqual(['delivered-recent', 'undelivered-old']);
    expect(await processedLeft()).toEqual(['recent']);
  });
});
