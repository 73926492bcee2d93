import { randomBytes } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import autocannon from 'autocannon';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import pg from 'pg';
import { Redis } from 'ioredis';
import { ensureDatabase, runMigrations } from '../libs/db/src/migrate.js';

export interface LoadResult {
  label: string;
  requestsPerSecond: number;
  p50Ms: number;
  p99Ms: number;
  errors: number;
  non2xx: number;
}

export interface BenchEnvironment {
  databaseUrl: string;
  queuePrefix: string;
  pool: pg.Pool;
  api: NestFastifyApplication;
  apiUrl: string;
  close: () => Promise<void>;
}

/**
 * A throwaway database (migrated) and Redis prefix, and the real API listening on a free port.
 * Everything is dropped in close().
 */
export async function startBenchEnvironment(): Promise<BenchEnvironment> {
  const runId = `${Date.now().toString(36)}${randomBytes(2).toString('hex')}`;
  const base = new URL(process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/hireloop');
  const databaseName = `hireloop_bench_${runId}`;
  const databaseUrl = new URL(base.toString());
  databaseUrl.pathname = `/${databaseName}`;
  await ensureDatabase(databaseUrl.toString());
  await runMigrations(databaseUrl.toString());
  Object.assign(process.env, {
    DATABASE_URL: databaseUrl.toString(),
    QUEUE_PREFIX: `hlbench-${runId}`,
    NODE_ENV: 'test',
    LOG_LEVEL: 'silent',
    DEMO_DATA: 'off',
  });
  const { createApiApp } = await import('../apps/api/src/bootstrap.js');
  const api = await createApiApp();
  await api.listen({ port: 0, host: '127.0.0.1' });
  const apiUrl = `http://127.0.0.1:${(api.getHttpServer().address() as AddressInfo).port}`;
  const pool = new pg.Pool({ connectionString: databaseUrl.toString(), max: 20 });
  return {
    databaseUrl: databaseUrl.toString(),
    queuePrefix: process.env.QUEUE_PREFIX!,
    pool,
    api,
    apiUrl,
    close: async () => {
      await api.close();
      await pool.end();
      const admin = new pg.Client({ connectionString: new URL('/postgres', base).toString() });
      await admin.connect();
      await admin.query(`DROP DATABASE IF EXISTS "${databaseName}" WITH (FORCE)`);
      await admin.end();
      const redis = new Redis(process.env.REDIS_URL ?? 'redis://127.0.0.1:6379');
      const keys = await redis.keys(`hlbench-${runId}:*`);
      if (keys.length) await redis.del(...keys);
      redis.disconnect();
    },
  };
}

/** Loads one URL with autocannon and returns throughput and latency percentiles. */
export async function load(
  label: string,
  url: string,
  options: { headers?: Record<string, string>; durationSeconds?: number; connections?: number; method?: 'GET' | 'POST'; body?: string } = {},
): Promise<LoadResult> {
  const result = await autocannon({
    url,
    method: options.method ?? 'GET',
    headers: options.headers,
    body: options.body,
    duration: options.durationSeconds ?? Number(process.env.BENCH_SECONDS ?? 5),
    connections: options.connections ?? 10,
  });
  return {
    label,
    requestsPerSecond: result.requests.average,
    p50Ms: result.latency.p50,
    p99Ms: result.latency.p99,
    errors: result.errors,
    non2xx: result.non2xx,
  };
}

/** Prints a measured endpoint beside its same-run baseline, with the ratio. */
export function printComparison(title: string, subject: LoadResult, baseline: LoadResult): void {
  const ratio = subject.requestsPerSecond / Math.max(baseline.requestsPerSecond, 1);
  console.log(`\n## ${title}`);
  console.log('| server | req/s | p50 ms | p99 ms | errors | non-2xx |');
  console.log('| --- | ---: | ---: | ---: | ---: | ---: |');
  for (const r of [subject, baseline]) {
    console.log(`| ${r.label} | ${r.requestsPerSecond.toFixed(0)} | ${r.p50Ms} | ${r.p99Ms} | ${r.errors} | ${r.non2xx} |`);
  }
  console.log(`Throughput ratio (Hireloop / baseline): ${ratio.toFixed(2)}; p99 ratio: ${(subject.p99Ms / Math.max(baseline.p99Ms, 0.01)).toFixed(2)}`);
}

/** A minimal raw node:http server for baselines; the handler gets the parsed URL. */
export async function startRawServer(
  handler: (req: http.IncomingMessage, url: URL) => Promise<{ status: number; body: unknown }>,
): Promise<{ url: string; close: () => Promise<void> }> {
  const server = http.createServer((req, res) => {
    handler(req, new URL(req.url ?? '/', 'http://localhost')).then(
      ({ status, body }) => res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body)),
      (error: unknown) => res.writeHead(500).end(String(error)),
    );
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** Times an async function over n runs; returns the median and p95 in milliseconds. */
export async function timeIt(runs: number, fn: () => Promise<unknown>): Promise<{ medianMs: number; p95Ms: number }> {
  const samples: number[] = [];
  for (let i = 0; i < runs; i++) {
    const start = process.hrtime.bigint();
    await fn();
    samples.push(Number(process.hrtime.bigint() - start) / 1e6);
  }
  samples.sort((a, b) => a - b);
  return { medianMs: samples[Math.floor(samples.length / 2)], p95Ms: samples[Math.floor(samples.length * 0.95)] };
}

export async function explain(pool: pg.Pool, sql: string, params: unknown[] = []): Promise<string> {
  const rows = await pool.query(`EXPLAIN (ANALYZE, BUFFERS, COSTS OFF) ${sql}`, params);
  return rows.rows.map((r: Record<string, string>) => r['QUERY PLAN']).join('\n');
}
