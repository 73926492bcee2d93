import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import autocannon from 'autocannon';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import pg from 'pg';
import { Redis } from 'ioredis';
import { ensureDatabase, runMigrations } from '../libs/db/src/migrate.js';
import { BENCH_RATE_LIMITS } from './bench-limits.js';

export interface LoadResult {
  label: string;
  requestsPerSecond: number;
  p50Ms: number;
  p99Ms: number;
  errors: number;
  non2xx: number;
  cpuMsPerRequest?: number;
}

export interface BenchEnvironment {
  databaseUrl: string;
  queuePrefix: string;
  /** The JWT secret the API child signs with (the baselines verify with the same one). */
  jwtSecret: string;
  pool: pg.Pool;
  /** The compiled API (dist/apps/api/src/main.js) in a child process of its own, production mode. */
  apiUrl: string;
  apiPid: number;
  /** BENCH_QUICK=1: short runs and small data sets while developing. */
  quick: boolean;
  /** An in-process API for benches that need its services (postings' data generators); created on first use. */
  inProcessApi: () => Promise<NestFastifyApplication>;
  close: () => Promise<void>;
}

export const QUICK = process.env.BENCH_QUICK === '1';
const here = dirname(fileURLToPath(import.meta.url));
/** dist/ (the compiled repository root): the bench runs from dist/bench. */
export const DIST = join(here, '..');
export const REPO = join(DIST, '..');

/** A port nobody listens on right now. */
export async function freePort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

export interface ChildServer {
  url: string;
  pid: number;
  child: ChildProcess;
  close: () => Promise<void>;
}

/** Starts a node script as a child process listening on `PORT`, waits until `readyPath` answers 2xx. */
export async function startChildServer(
  script: string,
  env: Record<string, string>,
  options: { readyPath?: string; readyFile?: string; nodeArgs?: string[]; label?: string } = {},
): Promise<ChildServer> {
  const port = await freePort();
  const child = spawn(process.execPath, [...(options.nodeArgs ?? []), script], {
    env: { ...process.env, ...env, PORT: String(port) },
    // Production logs go to stdout; here they are read and dropped, as a log shipper would take them.
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout.resume();
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => (stderr = (stderr + chunk.toString()).slice(-4000)));
  const url = `http://127.0.0.1:${port}`;
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  let gone = false;
  void exited.then(() => (gone = true));
  for (let i = 0; ; i++) {
    if (gone) throw new Error(`${options.label ?? script} exited during start-up:\n${stderr}`);
    if (options.readyFile) {
      if (existsSync(options.readyFile)) break;
    } else {
      try {
        const res = await fetch(`${url}${options.readyPath ?? '/health/live'}`);
        if (res.ok) break;
      } catch {
        // not listening yet
      }
    }
    if (i > 600) throw new Error(`${options.label ?? script} did not start in 120 s:\n${stderr}`);
    await new Promise((r) => setTimeout(r, 200));
  }
  return {
    url,
    pid: child.pid!,
    child,
    close: async () => {
      if (gone) return;
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
      await exited;
      clearTimeout(timer);
    },
  };
}

/** The environment of an API or worker child: production mode, info-level logs, the bench database and queues. */
export function childEnv(env: Pick<BenchEnvironment, 'databaseUrl' | 'queuePrefix' | 'jwtSecret'>, extra: Record<string, string> = {}): Record<string, string> {
  return {
    DATABASE_URL: env.databaseUrl,
    QUEUE_PREFIX: env.queuePrefix,
    JWT_SECRET: env.jwtSecret,
    NODE_ENV: 'production',
    LOG_LEVEL: process.env.BENCH_LOG_LEVEL ?? 'info',
    DEMO_DATA: 'off',
    // The benches send no email (production otherwise requires SMTP_URL).
    MAIL_DISABLED: 'true',
    ...extra,
  };
}

/**
 * Node flags of the API process when a bench names none: those production starts it with (`npm run start:api`, whose
 * `${VAR:-default}` values are taken at their defaults), or BENCH_API_NODE_ARGS (space-separated) to try others.
 */
export const API_NODE_ARGS = (process.env.BENCH_API_NODE_ARGS ?? productionApiNodeArgs()).split(' ').filter(Boolean);

function productionApiNodeArgs(): string {
  const scripts = (JSON.parse(readFileSync(join(REPO, 'package.json'), 'utf8')) as { scripts: Record<string, string> }).scripts;
  const command = /^node (.*?)\s*dist\/apps\/api\/src\/main\.js$/.exec(scripts['start:api']);
  if (!command) throw new Error(`package.json start:api is not "node <flags> dist/apps/api/src/main.js": ${scripts['start:api']}`);
  return command[1].replace(/\$\{[A-Z_]+:-([^}]*)\}/g, '$1');
}

/** The compiled API in its own process (`nodeArgs` e.g. `--cpu-prof`). */
export function startApiProcess(env: BenchEnvironment, extra: Record<string, string> = {}, nodeArgs: string[] = API_NODE_ARGS): Promise<ChildServer> {
  return startChildServer(join(DIST, 'apps/api/src/main.js'), childEnv(env, extra), { nodeArgs, label: 'API' });
}

/** The raw Fastify + pg baseline server (bench/baseline-server.ts) of this build, or of the build under `root`, in its own process. */
export function startBaselineProcess(env: BenchEnvironment, root = DIST, label = 'baseline', nodeArgs: string[] = []): Promise<ChildServer> {
  return startChildServer(join(root, 'bench/baseline-server.js'), childEnv(env), { readyPath: '/health', label, nodeArgs });
}

/**
 * A throwaway database (migrated) and Redis prefix, and the real API (compiled, production mode) in a child
 * process. Everything is dropped in close().
 */
export async function startBenchEnvironment(): Promise<BenchEnvironment> {
  const runId = `${Date.now().toString(36)}${randomBytes(2).toString('hex')}`;
  const base = new URL(process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/hireloop');
  const databaseName = `hireloop_bench_${runId}`;
  const databaseUrl = new URL(base.toString());
  databaseUrl.pathname = `/${databaseName}`;
  await ensureDatabase(databaseUrl.toString());
  await runMigrations(databaseUrl.toString());
  const jwtSecret = `bench-secret-${randomBytes(16).toString('hex')}`;
  Object.assign(process.env, {
    DATABASE_URL: databaseUrl.toString(),
    QUEUE_PREFIX: `hlbench-${runId}`,
    JWT_SECRET: jwtSecret,
    NODE_ENV: 'test',
    LOG_LEVEL: 'silent',
    DEMO_DATA: 'off',
  });
  const pool = new pg.Pool({ connectionString: databaseUrl.toString(), max: 20 });
  let inProcess: NestFastifyApplication | undefined;
  const partial = { databaseUrl: databaseUrl.toString(), queuePrefix: process.env.QUEUE_PREFIX!, jwtSecret };
  const api = await startChildServer(join(DIST, 'apps/api/src/main.js'), childEnv(partial), { nodeArgs: API_NODE_ARGS, label: 'API' });
  return {
    ...partial,
    pool,
    apiUrl: api.url,
    apiPid: api.pid,
    quick: QUICK,
    inProcessApi: async () => {
      if (!inProcess) {
        const { createApiApp } = await import('../apps/api/src/bootstrap.js');
        inProcess = await createApiApp();
        await inProcess.init();
      }
      return inProcess;
    },
    close: async () => {
      await api.close();
      await inProcess?.close();
      await pool.end();
      const admin = new pg.Client({ connectionString: new URL('/postgres', base).toString() });
      await admin.connect();
      // BENCH_KEEP_DB=1 leaves the database for EXPLAIN after the run (drop it yourself).
      if (process.env.BENCH_KEEP_DB === '1') console.log(`kept database ${databaseName}`);
      else await admin.query(`DROP DATABASE IF EXISTS "${databaseName}" WITH (FORCE)`);
      await admin.end();
      const redis = new Redis(process.env.REDIS_URL ?? 'redis://127.0.0.1:6379');
      const keys = await redis.keys(`hlbench-${runId}:*`);
      if (keys.length) await redis.del(...keys);
      redis.disconnect();
    },
  };
}

export interface LoadOptions {
  headers?: Record<string, string>;
  durationSeconds?: number;
  connections?: number;
  method?: 'GET' | 'POST';
  body?: string;
}

/** Runs autocannon in a child process of its own (bench/load.child.ts) against one URL. */
export async function loadInChild(
  label: string,
  url: string | string[],
  options: LoadOptions = {},
): Promise<LoadResult & { requests: number; seconds: number }> {
  const args = JSON.stringify({
    url,
    method: options.method ?? 'GET',
    headers: options.headers,
    body: options.body,
    durationSeconds: options.durationSeconds ?? Number(process.env.BENCH_SECONDS ?? 3),
    connections: options.connections ?? 10,
  });
  const child = spawn(process.execPath, [join(DIST, 'bench/load.child.js'), args], { stdio: ['ignore', 'pipe', 'inherit'] });
  let out = '';
  child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
  const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
  if (code !== 0) throw new Error(`load generator failed (${code}) for ${String(url)}`);
  const r = JSON.parse(out.trim().split('\n').pop()!) as LoadResult & { requests: number; seconds: number };
  return { ...r, label };
}

/** CPU seconds (user + system) a process has used so far, from /proc (Linux). */
export function cpuSeconds(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
  return (Number(fields[11]) + Number(fields[12])) / 100; // utime, stime in clock ticks (USER_HZ = 100)
}

export interface Comparison {
  title: string;
  subject: LoadResult;
  baseline: LoadResult;
  ratio: number;
  /** Baseline server CPU per request / Hireloop server CPU per request: the same ratio, robust to a busy machine. */
  cpuRatio?: number;
  goal: string;
  met: boolean;
}

/**
 * Loads the subject and the baseline alternately (`rounds` rounds, the order flipped each round, so drift from the
 * other work on the machine falls on both), each round in a fresh load-generator process; sums requests over time.
 */
export async function compareAlternating(
  title: string,
  subject: { label: string; url: string; options?: LoadOptions; pid?: number },
  baseline: { label: string; url: string; options?: LoadOptions; pid?: number },
  goal: { min: number },
  rounds = Number(process.env.BENCH_ROUNDS ?? (QUICK ? 4 : 8)),
): Promise<Comparison> {
  await loadInChild('warm-up', subject.url, { ...subject.options, durationSeconds: 2 });
  await loadInChild('warm-up', baseline.url, { ...baseline.options, durationSeconds: 2 });
  const totals = new Map<string, { requests: number; seconds: number; p50: number[]; p99: number[]; errors: number; non2xx: number; cpu: number }>();
  const run = async (side: typeof subject) => {
    const cpuBefore = side.pid ? cpuSeconds(side.pid) : 0;
    const r = await loadInChild(side.label, side.url, side.options);
    const t = totals.get(side.label) ?? { requests: 0, seconds: 0, p50: [], p99: [], errors: 0, non2xx: 0, cpu: 0 };
    if (side.pid) t.cpu += cpuSeconds(side.pid) - cpuBefore;
    t.requests += r.requests;
    t.seconds += r.seconds;
    t.p50.push(r.p50Ms);
    t.p99.push(r.p99Ms);
    t.errors += r.errors;
    t.non2xx += r.non2xx;
    totals.set(side.label, t);
  };
  for (let i = 0; i < rounds; i++) {
    if (i % 2 === 0) {
      await run(subject);
      await run(baseline);
    } else {
      await run(baseline);
      await run(subject);
    }
  }
  const summarise = (label: string): LoadResult => {
    const t = totals.get(label)!;
    const med = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
    return {
      label,
      requestsPerSecond: t.requests / Math.max(t.seconds, 0.001),
      p50Ms: med(t.p50),
      p99Ms: med(t.p99),
      errors: t.errors,
      non2xx: t.non2xx,
      cpuMsPerRequest: t.cpu ? (t.cpu * 1000) / Math.max(t.requests, 1) : undefined,
    };
  };
  const s = summarise(subject.label);
  const b = summarise(baseline.label);
  const ratio = s.requestsPerSecond / Math.max(b.requestsPerSecond, 1);
  const cpuRatio = s.cpuMsPerRequest && b.cpuMsPerRequest ? b.cpuMsPerRequest / s.cpuMsPerRequest : undefined;
  const comparison = { title, subject: s, baseline: b, ratio, cpuRatio, goal: `>= ${goal.min.toFixed(2)}`, met: ratio >= goal.min };
  printComparison(title, s, b, comparison.goal);
  if (cpuRatio !== undefined) {
    console.log(
      `Server CPU per request: Hireloop ${s.cpuMsPerRequest!.toFixed(3)} ms, baseline ${b.cpuMsPerRequest!.toFixed(3)} ms; CPU ratio (baseline / Hireloop) ${cpuRatio.toFixed(2)}`,
    );
  }
  if (s.non2xx || b.non2xx || s.errors || b.errors) console.log(`WARNING: errors or non-2xx answers in the run above`);
  return comparison;
}

/** The machine a figure came from. */
export function machine(): Record<string, unknown> {
  return {
    cores: os.cpus().length,
    cpu: os.cpus()[0]?.model,
    ramGb: Math.round(os.totalmem() / 1024 ** 3),
    node: process.version,
    date: new Date().toISOString(),
  };
}

/** Writes bench/results/<name>.json (in the source tree, not dist/). */
export function writeResult(name: string, result: Record<string, unknown>): void {
  const dir = join(REPO, 'bench/results');
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, `${name}.json`), `${JSON.stringify({ name, quick: QUICK, machine: machine(), ...result }, null, 2)}\n`);
  console.log(`(written bench/results/${name}.json)`);
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
export function printComparison(title: string, subject: LoadResult, baseline: LoadResult, goal?: string): void {
  const ratio = subject.requestsPerSecond / Math.max(baseline.requestsPerSecond, 1);
  console.log(`\n## ${title}`);
  console.log('| server | req/s | p50 ms | p99 ms | errors | non-2xx |');
  console.log('| --- | ---: | ---: | ---: | ---: | ---: |');
  for (const r of [subject, baseline]) {
    console.log(`| ${r.label} | ${r.requestsPerSecond.toFixed(0)} | ${r.p50Ms} | ${r.p99Ms} | ${r.errors} | ${r.non2xx} |`);
  }
  console.log(
    `Throughput ratio (Hireloop / baseline): ${ratioText(ratio, goal)}${goal ? ` (goal ${goal}: ${eval_(ratio, goal)})` : ''}; p99 ratio: ${(subject.p99Ms / Math.max(baseline.p99Ms, 0.01)).toFixed(2)}`,
  );
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

/** Two decimals, or three when two would read as the goal itself (0.695 against ≥ 0.70 is not met, and says so). */
function ratioText(ratio: number, goal?: string): string {
  const two = ratio.toFixed(2);
  return goal && Number(two) === Number(goal.split(' ')[1]) && eval_(ratio, goal) !== 'met' ? ratio.toFixed(3) : two;
}

function eval_(ratio: number, goal: string): string {
  const [op, value] = goal.split(' ');
  const ok = op === '>=' ? ratio >= Number(value) : ratio <= Number(value);
  return ok ? 'met' : 'NOT met';
}

export interface BenchOrganization {
  accessToken: string;
  headers: { authorization: string };
  organization: { id: string; slug: string };
  user: { id: string };
}

/**
 * Registers a bench organization through the API, confirms its admin's address (what the emailed link does; here
 * in the database) and raises its rate limits to BENCH_RATE_LIMITS.
 */
export async function registerBenchOrganization(apiUrl: string, pool: pg.Pool, slug: string, name = 'Bench'): Promise<BenchOrganization> {
  const reg = await fetch(`${apiUrl}/v1/auth/register`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ organizationName: name, organizationSlug: slug, name: 'Bench Admin', email: `${slug}@example.test`, password: 'bench-password-1' }),
  });
  if (reg.status !== 201) throw new Error(`register failed: ${reg.status} ${await reg.text()}`);
  const body = (await reg.json()) as Omit<BenchOrganization, 'headers'>;
  await pool.query(`UPDATE users SET email_confirmed_at = now() WHERE id = $1`, [body.user.id]);
  const headers = { authorization: `Bearer ${body.accessToken}` };
  const limits = await fetch(`${apiUrl}/v1/organization/settings`, {
    method: 'PATCH',
    headers: { ...headers, 'content-type': 'application/json' },
    body: JSON.stringify(BENCH_RATE_LIMITS),
  });
  if (limits.status !== 200) throw new Error(`raising the rate limits failed: ${limits.status} ${await limits.text()}`);
  return { ...body, headers };
}
