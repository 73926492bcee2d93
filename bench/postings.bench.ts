import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { Module, type INestApplicationContext } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import { DataSource } from 'typeorm';
import { PostingsProcessor } from '../apps/worker/src/postings.processor.js';
import { AppConfigModule } from '../libs/config/src/index.js';
import { DbModule } from '../libs/db/src/index.js';
import { AppLoggerModule, JobName, JOB_QUEUE, OutboxRelayRunner, PlatformModule, QueueName, TenantContext } from '../libs/platform/src/index.js';
import { ensurePublicIds, PostingsWorkerModule } from '../libs/postings/src/index.js';
import { InterviewsModule } from '../libs/interviews/src/index.js';
import { PipelinesModule } from '../libs/pipelines/src/index.js';
import { ScorecardsModule } from '../libs/scorecards/src/index.js';
import { entityEncode } from '../libs/postings/src/render/greenhouse.js';
import { BenchEnvironment, load, printComparison, QUICK, registerBenchOrganization, startRawServer, timeIt, writeResult } from './harness.js';

const BOARD_POSTINGS = Number(process.env.BENCH_BOARD_POSTINGS ?? (QUICK ? 300 : 2_000));
const FEED_POSTINGS = Number(process.env.BENCH_FEED_POSTINGS ?? (QUICK ? 2_000 : 20_000));
const FEED_RUNS = Number(process.env.BENCH_FEED_RUNS ?? 3);
const PUBLISH_JOBS = Number(process.env.BENCH_PUBLISH_JOBS ?? (QUICK ? 300 : 10_000));
/** BENCH_POSTINGS_PARTS=publishing (comma-separated: board-json, feeds, publishing) runs only some parts. */
const PARTS = (process.env.BENCH_POSTINGS_PARTS ?? 'board-json,feeds,publishing').split(',');
const PUBLISH_BOARDS = ['careers', 'indeed', 'linkedin'];
const COLD_RUNS = Number(process.env.BENCH_RUNS ?? 10);
const PUBLISH_TIMEOUT_MS = Number(process.env.BENCH_PUBLISH_TIMEOUT_MS ?? 20 * 60_000);

/** A realistic description (about 1.6 kB of sanitized HTML, with entities and non-ASCII text). */
const DESCRIPTION = `<h2>About the role</h2><p>We are looking for an engineer to build and run the services behind our hiring product #{n}: HTTP APIs, queues, and the Postgres schema they rely on. You will work with product, design and support to ship improvements every week.</p>
<h2>Responsibilities</h2><ul><li>Design, build &amp; operate APIs and background jobs used by thousands of recruiters</li><li>Own the reliability, latency and cost of the services you build</li><li>Review code, write design notes and mentor teammates</li><li>Improve our observability: metrics, traces and structured logs</li></ul>
<h2>Requirements</h2><ul><li>Several years of experience with a typed backend language (TypeScript, Go, Kotlin or similar)</li><li>Solid SQL: schema design, indexes, query plans</li><li>Experience with message queues and at-least-once delivery</li><li>Clear written communication in English; German is a plus (Grüße aus Berlin)</li></ul>
<h2>What we offer</h2><ul><li>Salary band published on every posting</li><li>30 days of paid leave, a learning budget and a home-office allowance</li><li>Hybrid work from Berlin, Amsterdam or Lisbon — or fully remote within the EU</li></ul>`;

interface Org {
  id: string;
  slug: string;
  token: string;
}

async function registerOrg(env: BenchEnvironment, label: string): Promise<Org> {
  const slug = `bench-${label}-${Date.now().toString(36)}`;
  const body = await registerBenchOrganization(env.apiUrl, env.pool, slug, `Bench ${label}`);
  return { id: body.organization.id, slug, token: body.accessToken };
}

/**
 * `n` open jobs in one organization (INSERT ... SELECT generate_series): 8 departments, 5 offices, a third of the
 * jobs remote in two countries, every tenth on-site/hybrid job in two offices. Integer public ids come from
 * libs/postings' own ensurePublicIds, as the API assigns them when a job is first posted.
 */
async function generateJobs(env: BenchEnvironment, dataSource: DataSource, orgId: string, n: number): Promise<void> {
  const [template] = (await env.pool.query(`SELECT id, latest_revision_id FROM templates WHERE built_in AND latest_revision_id IS NOT NULL LIMIT 1`)).rows;
  const departments = (
    await env.pool.query(
      `INSERT INTO departments (organization_id, name) SELECT $1, d FROM unnest(ARRAY['Engineering','Data','Design','Product','Sales','Marketing','Support','Finance']) d RETURNING id`,
      [orgId],
    )
  ).rows.map((r) => r.id as string);
  const offices = (
    await env.pool.query(
      `INSERT INTO offices (organization_id, name, city, region, country, postal_code, street_address)
       SELECT $1, o.name, o.city, o.region, o.country, o.postal, o.street FROM (VALUES
         ('Berlin HQ', 'Berlin', 'Berlin', 'DE', '10115', 'Invalidenstraße 1'), ('Amsterdam', 'Amsterdam', 'North Holland', 'NL', '1011', 'Damrak 1'),
         ('London', 'London', 'England', 'GB', 'EC1A 1BB', '1 King Street'), ('New York', 'New York', 'NY', 'US', '10001', '5th Avenue 1'),
         ('Lisbon', 'Lisbon', 'Lisboa', 'PT', '1100-148', 'Rua Augusta 1')) AS o(name, city, region, country, postal, street)
       RETURNING id`,
      [orgId],
    )
  ).rows.map((r) => r.id as string);
  await env.pool.query(
    `INSERT INTO jobs (organization_id, template_id, template_revision_id, title, description_markdown, description_html, department_id, work_model, remote_countries,
                       employment_type, seniority, salary_min, salary_max, salary_currency, salary_period, status, opened_at, created_at)
     SELECT $1, $2, $3, (ARRAY['Backend','Frontend','Platform','Data','Mobile','Security'])[1 + g % 6] || ' Engineer #' || g, 'md', replace($4, '#{n}', g::text),
            ($5::uuid[])[1 + g % 8], (ARRAY['onsite','hybrid','remote'])[1 + g % 3], CASE WHEN g % 3 = 2 THEN ARRAY['DE','NL'] ELSE '{}'::text[] END,
            (ARRAY['FULL_TIME','FULL_TIME','PART_TIME','CONTRACTOR'])[1 + g % 4], (ARRAY['junior','mid','senior','staff'])[1 + g % 4],
            50000 + (g % 40) * 1000, 80000 + (g % 40) * 1000, 'EUR', 'YEAR', 'open', now(), now() - g * interval '1 second'
       FROM generate_series(1, $6::int) g`,
    [orgId, template.id, template.latest_revision_id, DESCRIPTION, departments, n],
  );
  await env.pool.query(
    `INSERT INTO job_offices (organization_id, job_id, office_id, position)
     SELECT j.organization_id, j.id, ($2::uuid[])[1 + x.h % 5], 0 FROM jobs j CROSS JOIN LATERAL (SELECT abs(hashtext(j.id::text)) AS h) x WHERE j.organization_id = $1
     UNION ALL
     SELECT j.organization_id, j.id, ($2::uuid[])[1 + (x.h + 1) % 5], 1 FROM jobs j CROSS JOIN LATERAL (SELECT abs(hashtext(j.id::text)) AS h) x
      WHERE j.organization_id = $1 AND j.work_model <> 'remote' AND x.h % 10 = 0`,
    [orgId, offices],
  );
  const jobIds = (await env.pool.query(`SELECT id FROM jobs WHERE organization_id = $1`, [orgId])).rows.map((r) => r.id as string);
  await TenantContext.run(orgId, () => ensurePublicIds(dataSource.manager, orgId, jobIds));
}

/** Every job of the organization live on `boards`, as the worker leaves a published posting (set-based). */
async function makeLive(env: BenchEnvironment, orgId: string, boards: string[]): Promise<void> {
  await env.pool.query(
    `INSERT INTO postings (organization_id, job_id, board, status, external_id, content_hash, attempts, published_at)
     SELECT j.organization_id, j.id, b, 'live', NULL, md5(j.id::text || b), 1, now() - (row_number() OVER (PARTITION BY b ORDER BY j.created_at)) * interval '1 minute'
       FROM jobs j CROSS JOIN unnest($2::text[]) b WHERE j.organization_id = $1`,
    [orgId, boards],
  );
  await env.pool.query(`ANALYZE postings; ANALYZE jobs; ANALYZE job_offices; ANALYZE board_public_ids`);
}

const fmt = (ms: number) => (ms >= 10_000 ? `${(ms / 1000).toFixed(1)} s` : `${ms.toFixed(1)} ms`);

/**
 * Postings: the Greenhouse-style board JSON with content for 2,000 live postings (cached vs raw node:http + pg,
 * plus the uncached first hit), both XML feeds for 20,000 postings (time and peak memory, each in a child process,
 * vs naive string concatenation), and publishing 10,000 jobs to three boards through outbox → relay → BullMQ →
 * postings processor (vs bare BullMQ add + no-op process of as many jobs on the same Redis).
 */
export async function run(env: BenchEnvironment): Promise<void> {
  const dataSource = (await env.inProcessApi()).get(DataSource);
  if (PARTS.includes('board-json')) await boardJson(env, dataSource);
  if (PARTS.includes('feeds')) await feeds(env, dataSource);
  if (PARTS.includes('publishing')) await publishing(env, dataSource);
}

// --- 1. GET /v1/boards/:orgSlug/jobs?content=true -----------------------------------------------------

async function boardJson(env: BenchEnvironment, dataSource: DataSource): Promise<void> {
  const org = await registerOrg(env, 'board');
  const t0 = Date.now();
  await generateJobs(env, dataSource, org.id, BOARD_POSTINGS);
  await makeLive(env, org.id, ['careers']);
  const loadMs = Date.now() - t0;
  const path = `/v1/boards/${org.slug}/jobs?content=true`;
  // The links the API writes start with its own PUBLIC_BASE_URL: unset for the bench's API, so http://localhost:<its port>.
  const base = `http://localhost:${new URL(env.apiUrl).port}`;

  // The raw baseline answers from Postgres on every request: one query for the jobs, two for the directories.
  const raw = await startRawServer(async (_req, url) => {
    const slug = url.pathname.split('/')[3];
    const o = (await env.pool.query(`SELECT id, slug FROM organizations WHERE slug = $1`, [slug])).rows[0];
    if (!o) return { status: 404, body: { error: 'not found' } };
    const [jobs, deps, offs] = await Promise.all([
      env.pool.query(RAW_BOARD_SQL, [o.id]),
      env.pool.query(RAW_DEPARTMENTS_SQL, [o.id]),
      env.pool.query(RAW_OFFICES_SQL, [o.id]),
    ]);
    const depById = new Map(deps.rows.map((d) => [d.id, { id: Number(d.public_id), name: d.name, parent_id: null, child_ids: [] as number[] }]));
    const officeById = new Map(
      offs.rows.map((f) => [
        f.id,
        { id: Number(f.public_id), name: f.name, location: `${f.city}, ${f.region}, ${f.country}`, parent_id: null, child_ids: [] as number[] },
      ]),
    );
    const result = jobs.rows.map((r) => ({
      id: Number(r.public_id),
      internal_job_id: Number(r.job_public_id),
      title: r.title,
      updated_at: new Date(r.updated_at).toISOString(),
      requisition_id: String(r.job_public_id),
      location: {
        name:
          r.work_model === 'remote'
            ? r.remote_countries.length
              ? `Remote (${r.remote_countries.join(', ')})`
              : 'Remote'
            : (r.offices as Array<{ city: string; region: string; country: string }>).map((x) => `${x.city}, ${x.region}, ${x.country}`).join('; '),
      },
      absolute_url: `${base}/careers/${o.slug}/jobs/${r.public_id}`,
      language: 'en',
      metadata: null,
      content: entityEncode(r.description_html),
      departments: r.department_id ? [depById.get(r.department_id)] : [],
      offices: (r.offices as Array<{ id: string }>).map((x) => officeById.get(x.id)),
    }));
    return { status: 200, body: { jobs: result, meta: { total: result.length } } };
  });

  const redis = new Redis(process.env.REDIS_URL ?? 'redis://127.0.0.1:6379');
  const invalidate = () => redis.del(`${env.queuePrefix}:boards:${org.id}`);
  const get = async (origin: string) => {
    const res = await fetch(`${origin}${path}`);
    const text = await res.text();
    if (res.status !== 200) throw new Error(`${origin}${path}: ${res.status} ${text.slice(0, 300)}`);
    return text;
  };

  // The very first hit (cache empty, Postgres buffers warm from the load), then cold hits after invalidation.
  const start = process.hrtime.bigint();
  const first = await get(env.apiUrl);
  const firstMs = Number(process.hrtime.bigint() - start) / 1e6;
  const rawBody = await get(raw.url);
  const hl = JSON.parse(first) as { jobs: unknown[]; meta: { total: number } };
  const rw = JSON.parse(rawBody) as { jobs: unknown[]; meta: { total: number } };
  if (hl.meta.total !== BOARD_POSTINGS || rw.meta.total !== BOARD_POSTINGS)
    throw new Error(`expected ${BOARD_POSTINGS} jobs, got Hireloop ${hl.meta.total}, raw ${rw.meta.total}`);
  const same = JSON.stringify(hl.jobs) === JSON.stringify(rw.jobs);
  if (!same) {
    const at = hl.jobs.findIndex((job, i) => JSON.stringify(job) !== JSON.stringify(rw.jobs[i]));
    console.log(
      `The answers differ from job ${at}:\nHireloop ${JSON.stringify(hl.jobs[at]).slice(0, 600)}\nraw      ${JSON.stringify(rw.jobs[at]).slice(0, 600)}`,
    );
  }
  const cold = await timeIt(COLD_RUNS, async () => {
    await invalidate();
    await get(env.apiUrl);
  });
  const rawSingle = await timeIt(COLD_RUNS, () => get(raw.url));
  await get(env.apiUrl); // fill the cache again

  await load('warm-up', `${env.apiUrl}${path}`, { durationSeconds: 1 });
  const subject = await load('Hireloop (Redis-cached JSON)', `${env.apiUrl}${path}`);
  await load('warm-up', `${raw.url}${path}`, { durationSeconds: 1 });
  const baseline = await load('raw node:http + pg (queries every request)', `${raw.url}${path}`);

  console.log(`\n## Data set: ${BOARD_POSTINGS} live careers postings in one organization (load ${(loadMs / 1000).toFixed(1)} s)`);
  console.log(
    `Response: Hireloop ${(Buffer.byteLength(first) / 1024).toFixed(0)} KiB, raw ${(Buffer.byteLength(rawBody) / 1024).toFixed(0)} KiB; jobs identical: ${same ? 'yes' : 'no'}`,
  );
  // Like for like first: both answer from Postgres (the API's cache dropped before each request).
  const coldRatio = rawSingle.medianMs / Math.max(cold.medianMs, 0.01);
  console.log(
    `\nUncached, like for like: Hireloop ${fmt(cold.medianMs)} vs raw ${fmt(rawSingle.medianMs)} per request (median of ${COLD_RUNS}); speed ratio (raw time / Hireloop time) ${coldRatio.toFixed(2)}`,
  );
  // Then what a crawler sees: the API with its Redis cache beside a raw server that queries every time (not like for like).
  printComparison(
    `GET /v1/boards/:orgSlug/jobs?content=true (${BOARD_POSTINGS} live postings), 10 connections — Hireloop cached vs raw uncached (not like for like)`,
    subject,
    baseline,
  );
  writeResult('postings-board-json', {
    postings: BOARD_POSTINGS,
    uncached: { hireloopMedianMs: cold.medianMs, rawMedianMs: rawSingle.medianMs, ratio: coldRatio },
    cachedVsUncachedRaw: { hireloop: subject, raw: baseline },
  });
  console.log('\n| single request, sequential | median | p95 |');
  console.log('| --- | ---: | ---: |');
  console.log(`| Hireloop, very first hit (cache empty) | ${fmt(firstMs)} | |`);
  console.log(`| Hireloop, uncached (cache dropped before each of ${COLD_RUNS}) | ${fmt(cold.medianMs)} | ${fmt(cold.p95Ms)} |`);
  const cachedOne = await timeIt(COLD_RUNS, () => get(env.apiUrl));
  console.log(`| Hireloop, cached | ${fmt(cachedOne.medianMs)} | ${fmt(cachedOne.p95Ms)} |`);
  console.log(`| raw node:http + pg | ${fmt(rawSingle.medianMs)} | ${fmt(rawSingle.p95Ms)} |`);
  redis.disconnect();
  await raw.close();
}

const RAW_BOARD_SQL = `
  SELECT p.public_id, jp.public_id AS job_public_id, j.title, GREATEST(p.updated_at, j.updated_at) AS updated_at, j.description_html, j.work_model, j.remote_countries, j.department_id,
         COALESCE((SELECT json_agg(json_build_object('id', o.id, 'city', o.city, 'region', o.region, 'country', o.country) ORDER BY jo.position)
                     FROM job_offices jo JOIN offices o ON o.id = jo.office_id WHERE jo.job_id = j.id), '[]'::json) AS offices
    FROM postings p JOIN jobs j ON j.id = p.job_id
    LEFT JOIN board_public_ids jp ON jp.kind = 'job' AND jp.entity_id = j.id
   WHERE p.organization_id = $1 AND p.board = 'careers' AND p.status = 'live' AND (p.valid_through IS NULL OR p.valid_through > now())
   ORDER BY p.published_at DESC, p.public_id DESC`;
const RAW_DEPARTMENTS_SQL = `SELECT d.id, b.public_id, d.name FROM departments d JOIN board_public_ids b ON b.kind = 'department' AND b.entity_id = d.id WHERE d.organization_id = $1`;
const RAW_OFFICES_SQL = `SELECT o.id, b.public_id, o.name, o.city, o.region, o.country FROM offices o JOIN board_public_ids b ON b.kind = 'office' AND b.entity_id = o.id WHERE o.organization_id = $1`;

// --- 2. Indeed + LinkedIn feeds for 20,000 postings ------------------------------------------------------

interface ChildResult {
  mode: string;
  runs: number;
  firstMs: number;
  medianMs: number;
  rssBeforeMb: number;
  maxRssBeforeMb: number;
  peakRssMb: number;
  heapUsedAfterMb: number;
  bytes: number;
  entries: number;
}

/** Runs a bench child script of this folder with `args` and answers the JSON of the last line it prints. */
function runJsonChild<T>(file: string, args: string[], env: NodeJS.ProcessEnv = process.env): Promise<T> {
  const script = fileURLToPath(new URL(file, import.meta.url));
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [script, ...args], { env, stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    child.stdout.on('data', (c) => (out += c));
    child.on('error', reject);
    child.on('exit', (code) => {
      if (code !== 0) return reject(new Error(`${file} ${args.join(' ')} exited with ${code}: ${out}`));
      resolve(JSON.parse(out.trim().split('\n').pop() ?? '') as T);
    });
  });
}

function runChild(mode: 'hireloop' | 'naive', orgId: string): Promise<ChildResult> {
  return runJsonChild<ChildResult>('./postings-feeds.child.js', [mode, orgId, String(FEED_RUNS)]);
}

async function feeds(env: BenchEnvironment, dataSource: DataSource): Promise<void> {
  const org = await registerOrg(env, 'feeds');
  const t0 = Date.now();
  await generateJobs(env, dataSource, org.id, FEED_POSTINGS);
  await makeLive(env, org.id, ['indeed', 'linkedin']);
  const loadMs = Date.now() - t0;
  const hireloop = await runChild('hireloop', org.id);
  const naive = await runChild('naive', org.id);
  console.log(
    `\n## Indeed + LinkedIn XML feeds: ${FEED_POSTINGS} jobs live on both boards (${FEED_POSTINGS * 2} postings; load ${(loadMs / 1000).toFixed(1)} s)`,
  );
  console.log(`Each figure is one child process generating both feeds ${FEED_RUNS} times (query, render, hash, store).`);
  console.log('| generator | first run | median | <job> entries | bytes (both feeds) | RSS before | peak RSS (maxRSS) | peak − before | heap used after |');
  console.log('| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |');
  for (const r of [hireloop, naive]) {
    const label = r.mode === 'hireloop' ? 'Hireloop BoardsService.regenerateFeeds' : 'naive: raw pg + string concatenation';
    console.log(
      `| ${label} | ${fmt(r.firstMs)} | ${fmt(r.medianMs)} | ${r.entries} | ${(r.bytes / 1024 / 1024).toFixed(1)} MiB | ${r.rssBeforeMb.toFixed(0)} MiB | ${r.peakRssMb.toFixed(0)} MiB | ${(r.peakRssMb - r.rssBeforeMb).toFixed(0)} MiB | ${r.heapUsedAfterMb.toFixed(0)} MiB |`,
    );
  }
  console.log(
    `Time ratio (Hireloop / naive, median): ${(hireloop.medianMs / Math.max(naive.medianMs, 0.01)).toFixed(2)}; peak memory growth ratio: ${((hireloop.peakRssMb - hireloop.rssBeforeMb) / Math.max(naive.peakRssMb - naive.rssBeforeMb, 1)).toFixed(2)}`,
  );
}

// --- 3. publishing through the queue ---------------------------------------------------------------------

/** The worker's postings half (outbox relay + postings processor), in this process, as apps/worker wires it. */
@Module({
  // Pipelines, interviews and scorecards bind the ports jobs declares (a process refuses to start with one unbound).
  imports: [AppConfigModule, AppLoggerModule, DbModule, PlatformModule, PostingsWorkerModule, PipelinesModule, InterviewsModule, ScorecardsModule],
  providers: [OutboxRelayRunner, PostingsProcessor],
})
class PostingsBenchWorkerModule {}

/** The publishing baseline in its own process (bench/bullmq-baseline.child.ts): ms until the last add, until the last job done. */
function bullmqBaseline(env: BenchEnvironment, total: number): Promise<{ addedMs: number; bareMs: number }> {
  return runJsonChild('./bullmq-baseline.child.js', [String(total)], { ...process.env, QUEUE_PREFIX: env.queuePrefix });
}

async function publishing(env: BenchEnvironment, dataSource: DataSource): Promise<void> {
  const org = await registerOrg(env, 'publish');
  await generateJobs(env, dataSource, org.id, PUBLISH_JOBS);
  await env.pool.query(`ANALYZE jobs; ANALYZE job_offices; ANALYZE board_public_ids`);
  const total = PUBLISH_JOBS * PUBLISH_BOARDS.length;

  // Baseline first, in a process of its own: bare BullMQ add (addBulk of 500, as the relay adds) + a no-op
  // processor, concurrency 8 (bench/bullmq-baseline.child.ts).
  const { addedMs, bareMs } = await bullmqBaseline(env, total);

  // Hireloop: what POST /v1/jobs/:id/postings writes, set-based and in one transaction (pending postings, their
  // `created` events, one postings.publish outbox row each); the worker does the rest.
  const worker: INestApplicationContext = await NestFactory.createApplicationContext(PostingsBenchWorkerModule, { logger: false });
  await worker.init();
  const client = await env.pool.connect();
  try {
    await client.query('BEGIN');
    await client.query(
      `WITH p AS (
         INSERT INTO postings (organization_id, job_id, board, status) SELECT j.organization_id, j.id, b, 'pending' FROM jobs j CROSS JOIN unnest($2::text[]) b WHERE j.organization_id = $1
         RETURNING id, organization_id
       ), e AS (
         INSERT INTO posting_events (posting_id, organization_id, from_status, to_status, reason) SELECT id, organization_id, NULL, 'pending', 'created' FROM p
       )
       INSERT INTO outbox_events (organization_id, aggregate_type, aggregate_id, event_type, queue, payload)
       SELECT organization_id, 'posting', id::text, $3, $4, jsonb_build_object('postingId', id) FROM p`,
      [org.id, PUBLISH_BOARDS, JobName.PostingPublish, JOB_QUEUE[JobName.PostingPublish]],
    );
    await client.query('COMMIT');
  } finally {
    client.release();
  }
  await env.pool.query(`ANALYZE postings; ANALYZE posting_events; ANALYZE outbox_events`);
  const start = process.hrtime.bigint();
  const elapsed = () => Number(process.hrtime.bigint() - start) / 1e6;
  let relayedMs: number | undefined;
  let liveMs: number;
  // Polled with EXISTS along the status and pending-outbox indexes, so that watching costs the database next to
  // nothing (a count over all the postings four times a second took a tenth of its time); counted once at the end.
  for (;;) {
    const [s] = (
      await env.pool.query(
        `SELECT EXISTS (SELECT 1 FROM postings WHERE organization_id = $1 AND status = 'failed') AS failed,
                EXISTS (SELECT 1 FROM postings WHERE organization_id = $1 AND status IN ('pending', 'publishing')) AS unfinished,
                EXISTS (SELECT 1 FROM outbox_events WHERE dispatched_at IS NULL) AS pending_outbox`,
        [org.id],
      )
    ).rows;
    if (relayedMs === undefined && !s.pending_outbox) relayedMs = elapsed();
    if (s.failed) throw new Error('some postings failed');
    if (!s.unfinished) {
      liveMs = elapsed();
      break;
    }
    if (elapsed() > PUBLISH_TIMEOUT_MS) throw new Error(`publishing timed out`);
    await new Promise((r) => setTimeout(r, 250));
  }
  const [{ live }] = (await env.pool.query(`SELECT count(*)::int AS live FROM postings WHERE organization_id = $1 AND status = 'live'`, [org.id])).rows;
  if (live !== total) throw new Error(`${live} of ${total} postings live`);
  // The stored feeds catch up with the coalesced regeneration jobs.
  for (;;) {
    const rows = (await env.pool.query(`SELECT board, job_count FROM board_feeds WHERE organization_id = $1`, [org.id])).rows as Array<{ job_count: number }>;
    if (rows.length === 2 && rows.every((r) => r.job_count === PUBLISH_JOBS)) break;
    if (elapsed() > PUBLISH_TIMEOUT_MS) throw new Error(`feeds did not catch up: ${JSON.stringify(rows)}`);
    await new Promise((r) => setTimeout(r, 250));
  }
  const feedsMs = elapsed();
  const [check] = (
    await env.pool.query(
      `SELECT max(n)::int AS max_live_events, min(n)::int AS min_live_events FROM (SELECT count(*) AS n FROM posting_events WHERE organization_id = $1 AND to_status = 'live' GROUP BY posting_id) x`,
      [org.id],
    )
  ).rows;
  const [{ feeds_jobs }] = (
    await env.pool.query(`SELECT count(DISTINCT job_id)::int AS feeds_jobs FROM outbox_events WHERE organization_id = $1 AND event_type = $2`, [
      org.id,
      JobName.PostingFeedsRegenerate,
    ])
  ).rows;
  await worker.close();
  // What the feeds jobs did: built the feeds, or waited for the publish to settle (PostingDelivery.refreshFeeds).
  const postingsQueue = new Queue(QueueName.Postings, { connection: { url: process.env.REDIS_URL ?? 'redis://127.0.0.1:6379' }, prefix: env.queuePrefix });
  const feedRuns = (await postingsQueue.getJobs(['completed'])).filter(
    (j) => j.name === (JobName.PostingFeedsRegenerate as string) && j.data.organizationId === org.id,
  ) as Array<{ returnvalue: { deferred?: boolean } | null }>;
  await postingsQueue.close();
  const feedBuilds = feedRuns.filter((j) => !j.returnvalue?.deferred).length;
  const feedWaits = feedRuns.length - feedBuilds;

  console.log(
    `\n## Publishing ${PUBLISH_JOBS} jobs to ${PUBLISH_BOARDS.join(', ')} (${total} postings) through outbox → relay → BullMQ → postings processor (concurrency 8), in-process worker`,
  );
  console.log('| pipeline | jobs | all done | throughput |');
  console.log('| --- | ---: | ---: | ---: |');
  console.log(
    `| Hireloop: pending → live (relay drained at ${fmt(relayedMs ?? liveMs)}) | ${total} postings | ${fmt(liveMs)} | ${(total / (liveMs / 1000)).toFixed(0)} postings/s |`,
  );
  console.log(
    `| Hireloop: until both stored feeds list all ${PUBLISH_JOBS} (${feeds_jobs} coalesced feeds jobs: ${feedBuilds} built the feeds, ${feedWaits} waited for the publish to settle) | | ${fmt(feedsMs)} | |`,
  );
  console.log(
    `| bare BullMQ in its own process: addBulk(500) + no-op process, concurrency 8 (all added at ${fmt(addedMs)}) | ${total} jobs | ${fmt(bareMs)} | ${(total / (bareMs / 1000)).toFixed(0)} jobs/s |`,
  );
  console.log(
    `Throughput ratio (Hireloop postings/s / bare BullMQ jobs/s): ${(bareMs / liveMs).toFixed(3)} (goal ≥ 0.50); 'live' transitions per posting: min ${check.min_live_events}, max ${check.max_live_events}`,
  );
  writeResult('postings-publish', {
    jobs: PUBLISH_JOBS,
    boards: PUBLISH_BOARDS,
    postings: total,
    hireloop: { liveMs, relayedMs, feedsMs, postingsPerSecond: total / (liveMs / 1000), feedsJobs: feeds_jobs, feedBuilds, feedWaits },
    bare: { ms: bareMs, addedMs, jobsPerSecond: total / (bareMs / 1000) },
    ratio: bareMs / liveMs,
    goal: 0.5,
    liveTransitionsPerPosting: { min: check.min_live_events, max: check.max_live_events },
  });
}
