import { randomUUID } from 'node:crypto';
import { Job, Queue, Worker } from 'bullmq';
import { DataSource } from 'typeorm';
import { ensureDatabase, runMigrations } from '../../libs/db/src/migrate.js';
import { standaloneUnitOfWork, type UnitOfWork } from '../../libs/db/src/unit-of-work.js';
import {
  IdempotentConsumer,
  JobName,
  OutboxEvent,
  OutboxJobData,
  OutboxRelay,
  OutboxService,
  ProcessedEvent,
  QueueName,
} from '../../libs/platform/src/index.js';
import { unique } from '../support/factories.js';
import { TcpProxy } from '../support/tcp-proxy.js';

const REDIS = { host: '127.0.0.1', port: 6379 };

describe('transactional outbox', () => {
  let db: DataSource;
  let uow: UnitOfWork;
  const prefix = `${process.env.QUEUE_PREFIX}:outboxtest`;
  // A database of its own: relays started by other test files (which take every pending row) must not
  // deliver this test's rows to their queues, and their rows must not crowd this relay's batches.
  const ownDatabase = new URL(process.env.DATABASE_URL!);
  ownDatabase.pathname = `${ownDatabase.pathname}_outbox`;

  beforeAll(async () => {
    await ensureDatabase(ownDatabase.toString());
    await runMigrations(ownDatabase.toString());
    db = new DataSource({ type: 'postgres', url: ownDatabase.toString(), entities: [OutboxEvent, ProcessedEvent] });
    await db.initialize();
    uow = standaloneUnitOfWork(db);
    await db.query('CREATE TABLE IF NOT EXISTS outbox_test_effects (event_id text NOT NULL, aggregate_id text NOT NULL)');
  }, 60000);
  afterAll(async () => {
    await db.destroy();
    const admin = new DataSource({ type: 'postgres', url: new URL('/postgres', ownDatabase).toString() });
    await admin.initialize();
    await admin.query(`DROP DATABASE IF EXISTS "${ownDatabase.pathname.slice(1)}" WITH (FORCE)`);
    await admin.destroy();
  });

  async function writeEvents(aggregateId: string, n: number): Promise<string[]> {
    const outbox = new OutboxService(uow);
    await uow.withTransaction(async () => {
      for (let i = 0; i < n; i++) {
        await outbox.publish({ jobName: JobName.OutboxProbe, organizationId: null, aggregateType: 'probe', aggregateId, payload: { seq: i } });
      }
    });
    const rows: Array<{ id: string }> = await db.query("SELECT id FROM outbox_events WHERE aggregate_type = 'probe' AND aggregate_id = $1 ORDER BY id", [
      aggregateId,
    ]);
    return rows.map((r) => String(r.id));
  }

  /** Queues of their own (a fresh key prefix) for a relay under test, and their removal. */
  function ownQueues(label: string): { queueFor: (name: string) => Queue; remove: () => Promise<void> } {
    const ownPrefix = `${prefix}:${unique(label)}`;
    const queues = new Map<string, Queue>();
    return {
      queueFor: (name) => {
        if (!queues.has(name)) queues.set(name, new Queue(name, { connection: REDIS, prefix: ownPrefix }));
        return queues.get(name)!;
      },
      remove: async () => {
        for (const queue of queues.values()) {
          await queue.obliterate({ force: true });
          await queue.close();
        }
      },
    };
  }

  it('does not write the event when the business transaction rolls back', async () => {
    const aggregateId = unique('rollback');
    await expect(
      uow.withTransaction(async () => {
        await new OutboxService(uow).publish({ jobName: JobName.OutboxProbe, organizationId: null, aggregateType: 'probe', aggregateId, payload: {} });
        throw new Error('business rule failed');
      }),
    ).rejects.toThrow('business rule failed');
    expect(await db.query('SELECT 1 FROM outbox_events WHERE aggregate_id = $1', [aggregateId])).toHaveLength(0);
  });

  it('keeps rows written while Redis is unreachable and delivers them, in order and once, when Redis answers again', async () => {
    const proxy = new TcpProxy(REDIS.host, REDIS.port);
    const port = await proxy.start();
    const viaProxy = new Queue(QueueName.Platform, { connection: { host: '127.0.0.1', port, enableOfflineQueue: false, maxRetriesPerRequest: 1 }, prefix });
    viaProxy.on('error', () => undefined);
    await viaProxy.waitUntilReady();
    const relay = new OutboxRelay(uow, () => viaProxy);
    await proxy.stop();

    const aggregateId = unique('agg');
    const ids = await writeEvents(aggregateId, 3);
    expect(ids).toHaveLength(3);

    await expect(relay.relayBatch()).rejects.toThrow(/Outbox relay failed/);
    const pending = await db.query('SELECT dispatched_at, attempts, last_error FROM outbox_events WHERE id = ANY($1::bigint[])', [ids]);
    expect(pending.every((r: { dispatched_at: Date | null }) => r.dispatched_at === null)).toBe(true);
    expect(pending.every((r: { attempts: number; last_error: string }) => r.attempts >= 1 && r.last_error)).toBe(true);

    await proxy.start();
    let relayed = false;
    for (let i = 0; i < 40 && !relayed; i++) {
      try {
        await relay.relayBatch();
        relayed = true;
      } catch {
        await new Promise((r) => setTimeout(r, 250));
      }
    }
    expect(relayed).toBe(true);

    const reader = new Queue(QueueName.Platform, { connection: REDIS, prefix });
    const jobs = await Promise.all(ids.map((id) => reader.getJob(`outbox-${id}`)));
    expect(jobs.map((job) => job?.data.payload.seq)).toEqual([0, 1, 2]);
    const dispatched = await db.query('SELECT count(*)::int AS n FROM outbox_events WHERE id = ANY($1::bigint[]) AND dispatched_at IS NOT NULL', [ids]);
    expect(dispatched[0].n).toBe(3);

    // A relay that crashed after Redis accepted the jobs but before stamping the rows sends them again: same jobIds, no new jobs.
    await db.query('UPDATE outbox_events SET dispatched_at = NULL WHERE id = ANY($1::bigint[])', [ids]);
    const before = await reader.getJobCountByTypes('waiting', 'delayed', 'active', 'completed');
    await relay.relayBatch();
    expect(await reader.getJobCountByTypes('waiting', 'delayed', 'active', 'completed')).toBe(before);

    // An idempotent consumer applies each event once, even when a job is delivered twice.
    const consumer = new IdempotentConsumer(uow);
    const handle = (job: Job<OutboxJobData>) =>
      consumer.runOnce('outbox-test', job.data.eventId, () =>
        uow.tx.query('INSERT INTO outbox_test_effects (event_id, aggregate_id) VALUES ($1, $2)', [job.data.eventId, job.data.aggregateId]),
      );
    const seen: string[] = [];
    const worker = new Worker<OutboxJobData>(
      QueueName.Platform,
      async (job) => {
        if (job.data.aggregateId !== aggregateId) return;
        seen.push(job.data.eventId);
        await handle(job);
      },
      { connection: { ...REDIS, maxRetriesPerRequest: null }, prefix },
    );
    for (let i = 0; i < 40 && seen.length < 3; i++) await new Promise((r) => setTimeout(r, 100));
    await handle(jobs[1]!); // redelivery
    await worker.close();
    expect(seen).toEqual(ids);
    const effects = await db.query('SELECT event_id FROM outbox_test_effects WHERE aggregate_id = $1 ORDER BY event_id', [aggregateId]);
    expect(effects.map((e: { event_id: string }) => e.event_id)).toEqual(ids);

    await reader.close();
    await viaProxy.close();
    await proxy.stop();
  });

  it('hands one pass of postings.publish rows to BullMQ as one job per organization (addBulk), every other row as its own job', async () => {
    const { queueFor, remove } = ownQueues('batch');
    const orgA = randomUUID();
    const orgB = randomUUID();
    const publish = (organizationId: string, postingId: string) => ({
      jobName: JobName.PostingPublish,
      organizationId,
      aggregateType: 'posting',
      aggregateId: postingId,
      payload: { postingId },
    });
    const aPostings = [randomUUID(), randomUUID(), randomUUID()];
    const bPosting = randomUUID();
    const outbox = new OutboxService(uow);
    await uow.withTransaction(() =>
      outbox.publishMany([
        publish(orgA, aPostings[0]),
        { jobName: JobName.OutboxProbe, organizationId: null, aggregateType: 'probe', aggregateId: unique('between'), payload: {} },
        publish(orgB, bPosting),
        publish(orgA, aPostings[1]),
        publish(orgA, aPostings[2]),
      ]),
    );
    try {
      expect(await new OutboxRelay(uow, queueFor).relayBatch()).toBe(5);
      const postings = await queueFor(QueueName.Postings).getJobs(['waiting', 'delayed']);
      expect(postings).toHaveLength(2);
      const a = postings.find((j) => j.data.organizationId === orgA)!;
      const b = postings.find((j) => j.data.organizationId === orgB)!;
      expect(a.name).toBe(JobName.PostingPublish);
      expect((a.data as OutboxJobData).batch!.map((item) => item.payload.postingId)).toEqual(aPostings);
      expect(a.data.payload).toEqual({ postingId: aPostings[0] });
      expect(a.id).toMatch(/^outbox-batch-\d+-\d+$/);
      expect(b.data.batch).toBeUndefined(); // a group of one stays an ordinary job
      expect(b.data.payload).toEqual({ postingId: bPosting });
      expect(b.id).toMatch(/^outbox-\d+$/);
      expect(await queueFor(QueueName.Platform).getJobs(['waiting', 'delayed'])).toHaveLength(1);
      const undelivered = await db.query(
        `SELECT count(*)::int AS n FROM outbox_events WHERE dispatched_at IS NULL AND (payload->>'postingId' = ANY($1) OR aggregate_type = 'probe')`,
        [[...aPostings, bPosting]],
      );
      expect(undelivered[0].n).toBe(0);
    } finally {
      await remove();
    }
  });

  it('hands a domain event to its fan-out job without its data, which stays in the outbox for the fan-out to read', async () => {
    const { queueFor, remove } = ownQueues('slim');
    const organizationId = randomUUID();
    const aggregateId = randomUUID();
    const event = { type: 'posting.live', occurredAt: '2026-12-02T16:00:00.000Z', sequence: 3, data: { id: aggregateId, title: 'Backend Engineer' } };
    const outbox = new OutboxService(uow);
    await uow.withTransaction(() =>
      outbox.publishMany([
        { jobName: JobName.WebhooksFanOut, organizationId, aggregateType: 'posting', aggregateId, payload: event },
        { jobName: JobName.OutboxProbe, organizationId: null, aggregateType: 'probe', aggregateId: unique('kept'), payload: { data: 'kept' } },
      ]),
    );
    try {
      expect(await new OutboxRelay(uow, queueFor).relayBatch()).toBe(2);
      const [fanOut] = await queueFor(QueueName.Webhooks).getJobs(['waiting', 'delayed']);
      expect(fanOut.name).toBe(JobName.WebhooksFanOut);
      expect(fanOut.data.payload).toEqual({ type: 'posting.live', occurredAt: event.occurredAt, sequence: 3 });
      expect(JSON.stringify(fanOut.data)).not.toContain('Backend Engineer');
      // Only the fan-out leaves a key behind: any other job carries its payload whole.
      const [probe] = await queueFor(QueueName.Platform).getJobs(['waiting', 'delayed']);
      expect(probe.data.payload).toEqual({ data: 'kept' });
      const [row] = await db.query(`SELECT payload, dispatched_at FROM outbox_events WHERE organization_id = $1 AND aggregate_id = $2`, [
        organizationId,
        aggregateId,
      ]);
      expect(row.payload).toEqual(event);
      expect(row.dispatched_at).not.toBeNull();
    } finally {
      await remove();
    }
  });
});
