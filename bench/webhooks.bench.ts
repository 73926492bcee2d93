import { TransactionHost } from '@nestjs-cls/transactional';
import { randomUUID } from 'node:crypto';
import http from 'node:http';
import os from 'node:os';
import type { AddressInfo } from 'node:net';
import { Module, type INestApplicationContext } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { Queue, Worker } from 'bullmq';
import { WEBHOOKS_CONCURRENCY, WebhooksProcessor } from '../apps/worker/src/webhooks.processor.js';
import { AppConfigModule } from '../libs/config/src/index.js';
import { DbModule } from '../libs/db/src/index.js';
import { InterviewsModule } from '../libs/interviews/src/index.js';
import { PipelinesModule } from '../libs/pipelines/src/index.js';
import { AppLoggerModule, DomainEvents, DomainEventType, OutboxRelayRunner, PlatformModule, TenantContext } from '../libs/platform/src/index.js';
import { ScorecardsModule } from '../libs/scorecards/src/index.js';
import { newWebhookSecret, signedHeaders, WebhooksWorkerModule } from '../libs/webhooks/src/index.js';
import { registerBenchOrganization, writeResult, type BenchEnvironment } from './harness.js';

/** `BENCH_QUICK=1` for development: small counts, a few seconds each. */
const QUICK = process.env.BENCH_QUICK === '1';
const THROUGHPUT_EVENTS = Number(process.env.BENCH_WEBHOOK_EVENTS ?? (QUICK ? 400 : 5_000));
const AGGREGATES = 50;
const RATE_PER_SECOND = 200;
const RATE_SECONDS = Number(process.env.BENCH_WEBHOOK_RATE_SECONDS ?? (QUICK ? 5 : 30));
const CONCURRENCY = 8;

/** The production worker's webhooks half: the outbox relay and the webhooks processor. */
@Module({
  imports: [AppConfigModule, AppLoggerModule, DbModule, PlatformModule, PipelinesModule, InterviewsModule, ScorecardsModule, WebhooksWorkerModule],
  providers: [OutboxRelayRunner, WebhooksProcessor],
})
class WebhooksBenchWorkerModule {}

/** A fast receiver: answers 200 at once and notes when each benchmark event arrived. */
async function startReceiver(): Promise<{ url: string; arrivals: Map<string, number>; close: () => Promise<void> }> {
  const arrivals = new Map<string, number>();
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as { data?: { benchId?: string } };
      if (body.data?.benchId && !arrivals.has(body.data.benchId)) arrivals.set(body.data.benchId, performance.now());
      res.writeHead(200).end('ok');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hooks`,
    arrivals,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

async function until(done: () => boolean, timeoutMs: number, label: string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!done()) {
    if (Date.now() > deadline) throw new Error(`bench timed out waiting for ${label}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

const percentile = (values: number[], p: number) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
};

export async function run(env: BenchEnvironment): Promise<void> {
  const receiver = await startReceiver();
  const orgId = (await registerBenchOrganization(env.apiUrl, env.pool, `bench-webhooks-${Date.now().toString(36)}`, 'Bench webhooks')).organization.id;
  // The endpoint as a row: the API of the bench environment does not allowlist loopback for its ping.
  await env.pool.query(`INSERT INTO webhook_endpoints (organization_id, url, events, secret) VALUES ($1, $2, '{*}', $3)`, [
    orgId,
    receiver.url,
    newWebhookSecret(),
  ]);

  process.env.EGRESS_ALLOWLIST = '127.0.0.1';
  const worker: INestApplicationContext = await NestFactory.createApplicationContext(WebhooksBenchWorkerModule, { logger: false });
  await worker.init();
  // Events are announced the way the product does, through the services of an in-process API on the same database.
  const api = await env.inProcessApi();
  const txHost = api.get(TransactionHost);
  const events = api.get(DomainEvents);
  const aggregates = Array.from({ length: AGGREGATES }, () => randomUUID());
  const committed = new Map<string, number>();
  const announce = async (i: number) => {
    const benchId = randomUUID();
    const aggregateId = aggregates[i % AGGREGATES];
    await TenantContext.run(orgId, () =>
      txHost.withTransaction(() =>
        events.publish({ type: DomainEventType.JobUpdated, organizationId: orgId, aggregateType: 'job', aggregateId, data: { id: aggregateId, benchId } }),
      ),
    );
    committed.set(benchId, performance.now());
  };

  try {
    // 1. Throughput: N events committed as fast as 16 connections allow, until the receiver has them all.
    const started = performance.now();
    let next = 0;
    await Promise.all(
      Array.from({ length: 16 }, async () => {
        while (next < THROUGHPUT_EVENTS) await announce(next++);
      }),
    );
    const committedAt = performance.now();
    let fannedAt = 0;
    const probe = setInterval(() => {
      void env.pool.query(`SELECT count(*)::int AS n FROM webhook_events WHERE organization_id = $1`, [orgId]).then((r) => {
        if (!fannedAt && (r.rows[0] as { n: number }).n >= THROUGHPUT_EVENTS) fannedAt = performance.now();
      });
    }, 50);
    await until(() => receiver.arrivals.size >= THROUGHPUT_EVENTS, 10 * 60_000, 'throughput deliveries');
    clearInterval(probe);
    if (process.env.BENCH_DEBUG) console.log({ commit: committedAt - started, fanned: fannedAt - started, delivered: performance.now() - started });
    const productSeconds = (performance.now() - started) / 1000;

    // 2. Baseline: bare BullMQ add + process, each job one signed POST to the same receiver (no database).
    const queueName = `bench-webhooks-baseline-${Date.now().toString(36)}`;
    const connection = { url: process.env.REDIS_URL ?? 'redis://127.0.0.1:6379' };
    const queue = new Queue(queueName, { connection, prefix: env.queuePrefix });
    const secret = newWebhookSecret();
    const baselineIds = new Set<string>();
    const bareWorker = new Worker(
      queueName,
      async (job) => {
        const body = JSON.stringify(job.data);
        await new Promise<void>((resolve, reject) => {
          const req = http.request(receiver.url, { method: 'POST', headers: signedHeaders(String(job.id), body, [secret]), agent: false }, (res) => {
            res.resume();
            res.on('end', () => resolve());
          });
          req.on('error', reject);
          req.end(body);
        });
      },
      { connection, prefix: env.queuePrefix, concurrency: CONCURRENCY },
    );
    const baseStart = performance.now();
    const baseline = Array.from({ length: THROUGHPUT_EVENTS }, () => randomUUID());
    for (let i = 0; i < baseline.length; i += 500) {
      await queue.addBulk(baseline.slice(i, i + 500).map((benchId) => ({ name: 'deliver', data: { data: { benchId } } })));
    }
    baseline.forEach((id) => baselineIds.add(id));
    await until(() => baseline.every((id) => receiver.arrivals.has(id)), 10 * 60_000, 'baseline deliveries');
    const baselineSeconds = (performance.now() - baseStart) / 1000;
    await bareWorker.close();
    await queue.obliterate({ force: true });
    await queue.close();

    // 3. Latency: 200 events/s for RATE_SECONDS, p50/p99 from commit to arrival.
    committed.clear();
    const total = RATE_PER_SECOND * RATE_SECONDS;
    const rateStart = performance.now();
    const pending: Promise<void>[] = [];
    for (let i = 0; i < total; i++) {
      const due = rateStart + (i * 1000) / RATE_PER_SECOND;
      const wait = due - performance.now();
      if (wait > 0) await new Promise((r) => setTimeout(r, wait));
      pending.push(announce(i));
    }
    await Promise.all(pending);
    await until(() => [...committed.keys()].every((id) => receiver.arrivals.has(id)), 10 * 60_000, 'rate deliveries');
    const latencies = [...committed.entries()].map(([id, at]) => (receiver.arrivals.get(id) ?? at) - at);

    const product = THROUGHPUT_EVENTS / productSeconds;
    const bare = THROUGHPUT_EVENTS / baselineSeconds;
    const p50 = percentile(latencies, 50);
    const p99 = percentile(latencies, 99);
    console.log(
      `webhooks (${QUICK ? 'quick' : 'full'}): ${THROUGHPUT_EVENTS} events over ${AGGREGATES} aggregates; product's queue concurrency ${WEBHOOKS_CONCURRENCY}, baseline's ${CONCURRENCY}`,
    );
    console.log(`  product   commit → signed delivery, in order per aggregate : ${product.toFixed(0)} events/s`);
    console.log(`  baseline  bare BullMQ add + process + signed POST           : ${bare.toFixed(0)} events/s (ratio ${(product / bare).toFixed(2)})`);
    console.log(`  at ${RATE_PER_SECOND} events/s for ${RATE_SECONDS} s: commit → delivery p50 ${p50.toFixed(0)} ms, p99 ${p99.toFixed(0)} ms`);
    writeResult('webhooks', {
      events: THROUGHPUT_EVENTS,
      aggregates: AGGREGATES,
      productConcurrency: WEBHOOKS_CONCURRENCY,
      baselineConcurrency: CONCURRENCY,
      productEventsPerSecond: product,
      baselineEventsPerSecond: bare,
      ratio: product / bare,
      rate: { eventsPerSecond: RATE_PER_SECOND, seconds: RATE_SECONDS, p50Ms: p50, p99Ms: p99 },
      phasesMs: { commit: committedAt - started, fannedOut: fannedAt - started },
      loadAverage: os.loadavg(),
    });
  } finally {
    await worker.close();
    await receiver.close();
  }
}
