import { encodeCursor } from '../libs/platform/src/index.js';
import { BenchEnvironment, compareAlternating, type Comparison, startBaselineProcess, writeResult, registerBenchOrganization } from './harness.js';
import { APPLICATIONS, loadPipelines } from './pipelines-data.js';

const PAGE = 25;
const DEEP_PAGE = 1000;

/**
 * The hot reads, each through the real API (compiled, production mode, its own process) beside the raw Fastify + pg
 * baseline (bench/baseline-server.ts, its own process) doing the same auth check and the same SQL, loaded alternately
 * by autocannon (10 connections) from a third process:
 * GET /v1/me, GET /v1/jobs?limit=25, a job's applications (GET /v1/applications?jobId=…, first page and page 1,000), the pipeline board of the
 * largest job (about 100,000 applications of 1,000,000).
 */
export async function run(env: BenchEnvironment): Promise<void> {
  const slug = `bench-reads-${Date.now()}`;
  const { headers, organization } = await registerBenchOrganization(env.apiUrl, env.pool, slug, 'Bench Reads');
  const reasons = (await (await fetch(`${env.apiUrl}/v1/rejection-reasons`, { headers })).json()) as { data: { id: string }[] };
  const { jobId, largest } = await loadPipelines(env, organization.id, reasons.data[0].id);

  const [deep] = (
    await env.pool.query(`SELECT applied_at::text AS at, id FROM applications WHERE job_id = $1 ORDER BY applied_at DESC, id DESC OFFSET $2 LIMIT 1`, [
      jobId,
      Math.min(PAGE * (DEEP_PAGE - 1) - 1, largest.n - PAGE - 2),
    ])
  ).rows;
  const deepCursor = encodeCursor([deep.at, deep.id]);

  const baseline = await startBaselineProcess(env);
  try {
    // Same answers first: a baseline that answers something else measures nothing.
    for (const path of [
      '/v1/me',
      `/v1/jobs?limit=${PAGE}`,
      `/v1/applications?jobId=${jobId}&limit=${PAGE}`,
      `/v1/jobs/${jobId}/applications?limit=${PAGE}`,
      `/v1/jobs/${jobId}/pipeline`,
    ]) {
      const [a, b] = await Promise.all([env.apiUrl, baseline.url].map(async (base) => (await fetch(`${base}${path}`, { headers })).json()));
      const strip = (x: unknown) => JSON.stringify(x, (k, v: unknown) => (k === 'secondsInStage' ? undefined : v));
      if (strip(a) !== strip(b)) throw new Error(`Hireloop and the baseline answer ${path} differently:\n${strip(a).slice(0, 400)}\n${strip(b).slice(0, 400)}`);
    }
    const results: Comparison[] = [];
    const pair = (title: string, path: string, min: number) =>
      compareAlternating(
        title,
        { label: `Hireloop ${path.split('?')[0]}`, url: `${env.apiUrl}${path}`, options: { headers }, pid: env.apiPid },
        { label: 'raw Fastify + pg', url: `${baseline.url}${path}`, options: { headers }, pid: baseline.pid },
        { min },
      ).then((r) => {
        results.push(r);
        return r;
      });
    await pair('GET /v1/me', '/v1/me', 0.7);
    await pair(`GET /v1/jobs?limit=${PAGE}`, `/v1/jobs?limit=${PAGE}`, 0.7);
    // A job's applications by the route the issue names (`GET /v1/applications?jobId=…`; `GET /v1/jobs/{id}/applications`
    // answers the same pages with the same code).
    const first = await pair(
      `GET /v1/applications?jobId=…&limit=${PAGE} (job of ${largest.n} applications)`,
      `/v1/applications?jobId=${jobId}&limit=${PAGE}`,
      0.7,
    );
    const deepRun = await pair(
      `GET /v1/applications?jobId=…&limit=${PAGE}, page ${DEEP_PAGE} (keyset cursor)`,
      `/v1/applications?jobId=${jobId}&limit=${PAGE}&cursor=${deepCursor}`,
      0.7,
    );
    await pair(`GET /v1/jobs/:id/pipeline (job of ${largest.n} applications)`, `/v1/jobs/${jobId}/pipeline`, 0.6);
    const deepOverFirst = first.subject.requestsPerSecond / Math.max(deepRun.subject.requestsPerSecond, 1);
    console.log(
      `\nDeep page / first page (Hireloop time per request, ${APPLICATIONS} applications): ${deepOverFirst.toFixed(2)} (goal <= 1.20: ${deepOverFirst <= 1.2 ? 'met' : 'NOT met'})`,
    );
    const reads = {
      dataSet: { applications: APPLICATIONS, largestJob: largest.n },
      comparisons: results,
      deepPageOverFirstPage: { ratio: deepOverFirst, goal: '<= 1.20', met: deepOverFirst <= 1.2 },
    };
    writeResult('http-reads', reads);
    const bulk = await bulkMove(env, jobId, headers);
    writeResult('http-reads', { ...reads, bulkMove: bulk });
  } finally {
    await baseline.close();
  }
}

/**
 * POST /v1/applications/bulk moving 100 applications (each checked and reported) vs one set-based statement writing
 * the same rows: the applications, their history, audit entries, timeline events, outbox events and the domain events
 * (their sequences and `webhooks.fan-out` rows) webhooks hear of.
 */
async function bulkMove(env: BenchEnvironment, jobId: string, headers: Record<string, string>) {
  const [s0, s1] = (await env.pool.query(`SELECT id FROM job_stages WHERE job_id = $1 ORDER BY position LIMIT 2`, [jobId])).rows.map((r) => r.id as string);
  const [{ organization_id: orgId }] = (await env.pool.query(`SELECT organization_id FROM jobs WHERE id = $1`, [jobId])).rows;
  const [{ id: actorId }] = (await env.pool.query(`SELECT id FROM users WHERE organization_id = $1 LIMIT 1`, [orgId])).rows;
  // The first 100 still in the first stage: each move takes them out, so the next call gets the next 100.
  const pick = async () =>
    (await env.pool.query(`SELECT id FROM applications WHERE job_id = $1 AND stage_id = $2 AND status = 'active' ORDER BY id LIMIT 100`, [jobId, s0])).rows.map(
      (r) => r.id as string,
    );
  // Each run moves 100 through the API and 100 through the statement; a small data set (BENCH_QUICK) has fewer.
  const [{ n: available }] = (
    await env.pool.query(`SELECT count(*)::int AS n FROM applications WHERE job_id = $1 AND stage_id = $2 AND status = 'active'`, [jobId, s0])
  ).rows;
  const runs = Math.min(Number(process.env.BENCH_BULK_RUNS ?? 7), Math.floor(available / 200));
  if (runs < 1) throw new Error(`bulk move: only ${available} active applications in the first stage, 200 needed`);
  const apiTimes: number[] = [];
  const rawTimes: number[] = [];
  for (let i = 0; i < runs; i++) {
    const ids = await pick();
    let start = process.hrtime.bigint();
    const res = await fetch(`${env.apiUrl}/v1/applications/bulk`, {
      method: 'POST',
      headers: { ...headers, 'content-type': 'application/json' },
      body: JSON.stringify({ action: 'move', ids, toStageId: s1 }),
    });
    const body = (await res.json()) as { results: { ok: boolean }[] };
    apiTimes.push(Number(process.hrtime.bigint() - start) / 1e6);
    if (!body.results?.every((r) => r.ok)) throw new Error(`bulk move failed: ${res.status} ${JSON.stringify(body).slice(0, 500)}`);
    const rawIds = await pick();
    start = process.hrtime.bigint();
    const c = await env.pool.connect();
    try {
      await c.query('BEGIN');
      await c.query(
        `WITH locked AS (
           SELECT id, stage_id, status, version, stage_entered_at FROM applications WHERE id = ANY($1::uuid[]) AND organization_id = $3 ORDER BY id FOR UPDATE
         ), moved AS (
           UPDATE applications a SET stage_id = $2, stage_entered_at = now(), version = a.version + 1, updated_at = now()
             FROM locked l WHERE a.id = l.id AND a.status = 'active' AND a.stage_id <> $2::uuid
           RETURNING a.id, a.organization_id, a.job_id, a.candidate_id, a.version, l.stage_id AS from_stage, l.version AS from_version, l.stage_entered_at AS entered, to_jsonb(a) AS view
         ), history AS (
           INSERT INTO application_moves (organization_id, application_id, job_id, kind, from_stage_id, to_stage_id, from_status, to_status, actor_id, seconds_in_stage, moved_at)
           SELECT organization_id, id, job_id, 'moved', from_stage, $2, 'active', 'active', $4, GREATEST(0, floor(extract(epoch FROM now() - entered)))::bigint, now() FROM moved
         ), audit AS (
           INSERT INTO audit_log (organization_id, actor_id, entity_type, entity_id, action, changes)
           SELECT organization_id, $4, 'application', id::text, 'moved',
                  jsonb_build_object('stageId', jsonb_build_object('from', from_stage, 'to', $2::uuid), 'version', jsonb_build_object('from', from_version, 'to', version)) FROM moved
         ), timeline AS (
           INSERT INTO activity_events (organization_id, candidate_id, application_id, job_id, kind, actor_id, payload)
           SELECT organization_id, candidate_id, id, job_id, 'application.moved', $4, jsonb_build_object('fromStageId', from_stage, 'toStageId', $2::uuid) FROM moved
         ), sequences AS (
           INSERT INTO domain_event_sequences (organization_id, aggregate_type, aggregate_id, last_sequence)
           SELECT organization_id, 'application', id::text, 1 FROM moved
           ON CONFLICT (organization_id, aggregate_type, aggregate_id) DO UPDATE SET last_sequence = domain_event_sequences.last_sequence + 1
           RETURNING aggregate_id, last_sequence, clock_timestamp() AS occurred_at
         ), domain_events AS (
           -- application.stage_changed for webhooks, as the API announces each moved application (its view as data).
           INSERT INTO outbox_events (organization_id, aggregate_type, aggregate_id, event_type, queue, payload)
           SELECT m.organization_id, 'application', m.id::text, 'webhooks.fan-out', 'webhooks',
                  jsonb_build_object('type', 'application.stage_changed', 'occurredAt', to_char(s.occurred_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'),
                    'sequence', s.last_sequence, 'data', m.view)
             FROM moved m JOIN sequences s ON s.aggregate_id = m.id::text
         )
         INSERT INTO outbox_events (organization_id, aggregate_type, aggregate_id, event_type, queue, payload)
         SELECT organization_id, 'application', id::text, 'pipelines.application-moved', 'pipelines',
                jsonb_build_object('applicationId', id, 'jobId', job_id, 'fromStageId', from_stage, 'toStageId', $2::uuid, 'version', version) FROM moved`,
        [rawIds, s1, orgId, actorId],
      );
      await c.query('COMMIT');
    } finally {
      c.release();
    }
    rawTimes.push(Number(process.hrtime.bigint() - start) / 1e6);
  }
  const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
  const ratio = median(apiTimes) / median(rawTimes);
  console.log(`\n## Bulk move of 100 applications (${runs} runs, median)`);
  console.log(
    `Hireloop POST /v1/applications/bulk ${median(apiTimes).toFixed(1)} ms vs one set-based statement writing the same rows ${median(rawTimes).toFixed(1)} ms: ${ratio.toFixed(1)}× (goal <= 3×: ${ratio <= 3 ? 'met' : 'NOT met'})`,
  );
  return { apiMedianMs: median(apiTimes), rawMedianMs: median(rawTimes), ratio, goal: '<= 3x', met: ratio <= 3 };
}
