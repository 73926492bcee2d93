import { Queue, Worker } from 'bullmq';
import { DEFAULT_JOB_OPTIONS } from '../libs/platform/src/queue/queue-names.js';
import { runAndExit } from './run-and-exit.js';

/**
 * Child process of bench/postings.bench.ts: the publishing baseline, bare BullMQ. Adds `total` jobs with addBulk of
 * 500 (as the outbox relay adds) to a queue processed by a no-op worker of concurrency 8 (as the postings processor
 * runs), and prints one JSON line: when the last add returned and when the last job completed, in ms from the first
 * add. A process of its own, as every baseline: it shares no event loop, heap or collector with the worker half.
 *
 * Usage: REDIS_URL=… QUEUE_PREFIX=… node dist/bench/bullmq-baseline.child.js <total>
 */
async function main(): Promise<void> {
  const total = Number(process.argv[2]);
  if (!Number.isSafeInteger(total) || total <= 0) throw new Error('usage: bullmq-baseline.child.js <total>');
  const connection = { url: process.env.REDIS_URL ?? 'redis://127.0.0.1:6379', maxRetriesPerRequest: null };
  const prefix = process.env.QUEUE_PREFIX;
  const queue = new Queue('bench-noop', { connection, prefix, defaultJobOptions: DEFAULT_JOB_OPTIONS });
  let done = 0;
  let allDone!: () => void;
  const finished = new Promise<void>((resolve) => (allDone = resolve));
  const noop = new Worker('bench-noop', () => Promise.resolve(undefined), { connection, prefix, concurrency: 8 });
  noop.on('completed', () => {
    if (++done === total) allDone();
  });
  await noop.waitUntilReady();
  const start = process.hrtime.bigint();
  for (let i = 0; i < total; i += 500) {
    await queue.addBulk(
      Array.from({ length: Math.min(500, total - i) }, (_, k) => ({ name: 'noop', data: { postingId: `p-${i + k}` }, opts: { jobId: `noop-${i + k}` } })),
    );
  }
  const addedMs = Number(process.hrtime.bigint() - start) / 1e6;
  await finished;
  const bareMs = Number(process.hrtime.bigint() - start) / 1e6;
  await noop.close();
  await queue.close();
  console.log(JSON.stringify({ addedMs, bareMs }));
}

runAndExit(main);
