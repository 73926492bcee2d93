import { encodeCursor } from '../libs/platform/src/index.js';
import { BOARD_SQL, boardParams } from '../libs/pipelines/src/index.js';
import { BenchEnvironment, explain, timeIt } from './harness.js';
import { loadPipelines } from './pipelines-data.js';

const RUNS = Number(process.env.BENCH_RUNS ?? 30);
const PAGE = 25;
const DEEP_PAGE = 1000;

/**
 * Pipelines at scale: 1,000,000 applications over 300,000 candidates and 2,000 jobs in one
 * organization (INSERT ... SELECT generate_series). Measures the board of the largest job, the
 * first page and page 1,000 of its applications, candidate search for a common and a rare term,
 * and a bulk move of 100 — each through the real API beside the raw SQL it stands on, with EXPLAIN.
 */
export async function run(env: BenchEnvironment): Promise<void> {
  const slug = `bench-pipelines-${Date.now()}`;
  const register = await fetch(`${env.apiUrl}/v1/auth/register`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      organizationName: 'Bench Pipelines',
      organizationSlug: slug,
      name: 'Bench Admin',
      email: `${slug}@example.test`,
      password: 'bench-password-1',
    }),
  });
  const { accessToken, organization } = (await register.json()) as { accessToken: string; organization: { id: string } };
  const headers = { authorization: `Bearer ${accessToken}`, 'content-type': 'application/json' };
  const orgId = organization.id;
  const reasons = (await (await fetch(`${env.apiUrl}/v1/rejection-reasons`, { headers })).json()) as { data: { id: string }[] };
  const reasonId = reasons.data[0].id;

  const { jobId, largest } = await loadPipelines(env, orgId, reasonId);

  const rows: string[] = [];
  const report = async (label: string, api: () => Promise<unknown>, raw: () => Promise<unknown>) => {
    await api();
    await raw();
    const a = await timeIt(RUNS, api);
    const r = await timeIt(RUNS, raw);
    rows.push(
      `| ${label} | ${a.medianMs.toFixed(1)} | ${a.p95Ms.toFixed(1)} | ${r.medianMs.toFixed(1)} | ${r.p95Ms.toFixed(1)} | ${(a.medianMs / Math.max(r.medianMs, 0.01)).toFixed(1)} |`,
    );
    return a;
  };
  const get = async (path: string) => {
    const res = await fetch(`${env.apiUrl}${path}`, { headers });
    if (res.status !== 200) throw new Error(`${path}: ${res.status} ${await res.text()}`);
    return res.json();
  };

  // --- board ---------------------------------------------------------------------------------
  // The board's counts take the plan from the jobs module (one indexed read, not timed in the raw query).
  const plan: { id: string; sla_days: number | null }[] = (
    await env.pool.query('SELECT id, sla_days FROM job_stages WHERE job_id = $1 ORDER BY position', [jobId])
  ).rows;
  const boardArgs = boardParams(
    jobId,
    plan.map((s) => ({ id: s.id, slaDays: s.sla_days })),
  );
  await report(
    'GET /v1/jobs/:id/pipeline (largest job)',
    () => get(`/v1/jobs/${jobId}/pipeline`),
    () => env.pool.query(BOARD_SQL, boardArgs),
  );

  // --- applications: first page and page 1,000 ----------------------------------------------
  const listSql = (withCursor: boolean) =>
    `SELECT a.id, a.candidate_id, c.full_name, a.stage_id, a.status, a.source, a.version, a.applied_at, a.stage_entered_at
       FROM applications a JOIN candidates c ON c.id = a.candidate_id
      WHERE a.job_id = $1 AND a.merged_into_id IS NULL ${withCursor ? 'AND (a.applied_at, a.id) < ($2::timestamptz, $3::uuid)' : ''}
      ORDER BY a.applied_at DESC, a.id DESC LIMIT 26`;
  // The cursor of page 1,000 is computed once (a bench shortcut; the API never uses OFFSET).
  const [deep] = (
    await env.pool.query(`SELECT applied_at::text AS at, id FROM applications WHERE job_id = $1 ORDER BY applied_at DESC, id DESC OFFSET $2 LIMIT 1`, [
      jobId,
      Math.min(PAGE * (DEEP_PAGE - 1) - 1, largest.n - PAGE - 2),
    ])
  ).rows;
  const deepCursor = encodeCursor([deep.at, deep.id]);
  const first = await report(
    'GET /v1/jobs/:id/applications, page 1',
    () => get(`/v1/jobs/${jobId}/applications?limit=${PAGE}`),
    () => env.pool.query(listSql(false), [jobId]),
  );
  const deepRun = await report(
    `GET /v1/jobs/:id/applications, page ${DEEP_PAGE}`,
    () => get(`/v1/jobs/${jobId}/applications?limit=${PAGE}&cursor=${deepCursor}`),
    () => env.pool.query(listSql(true), [jobId, deep.at, deep.id]),
  );
  // --- search --------------------------------------------------------------------------------
  const searchSql = `SELECT c.id, (ts_rank(c.search, to_tsquery('simple', $2) || to_tsquery('english', $2)) + greatest(word_similarity($3, lower(c.full_name)), word_similarity($3, hireloop_join_text(c.emails))))::float8 AS score
       FROM candidates c WHERE c.organization_id = $1 AND c.merged_into_id IS NULL
        AND (c.search @@ (to_tsquery('simple', $2) || to_tsquery('english', $2)) OR lower(c.full_name) %> $3 OR hireloop_join_text(c.emails) %> $3)
      ORDER BY score DESC, c.id DESC LIMIT 26`;
  const rawSearch = (term: string) => async () => {
    const c = await env.pool.connect();
    try {
      await c.query('BEGIN');
      await c.query('SET LOCAL pg_trgm.word_similarity_threshold = 0.5');
      const r = await c.query(searchSql, [orgId, `${term}:*`, term]);
      await c.query('COMMIT');
      return r;
    } finally {
      c.release();
    }
  };
  const [{ n: commonHits }] = (
    await env.pool.query(`SELECT count(*)::int AS n FROM candidates WHERE organization_id = $1 AND search @@ to_tsquery('simple', 'python:*')`, [orgId])
  ).rows;
  await report(`GET /v1/candidates?q=python (common: ${commonHits} matches)`, () => get(`/v1/candidates?q=python&limit=${PAGE}`), rawSearch('python'));
  await report('GET /v1/candidates?q=zyskowski (rare)', () => get(`/v1/candidates?q=zyskowski&limit=${PAGE}`), rawSearch('zyskowski'));
  await report('GET /v1/candidates?q=zyskowsky (rare, typo)', () => get(`/v1/candidates?q=zyskowsky&limit=${PAGE}`), rawSearch('zyskowsky'));

  // --- bulk move of 100 ----------------------------------------------------------------------
  const [s0, s1] = (await env.pool.query(`SELECT id FROM job_stages WHERE job_id = $1 ORDER BY position LIMIT 2`, [jobId])).rows.map((r) => r.id as string);
  const pick = async (offset: number) =>
    (
      await env.pool.query(`SELECT id FROM applications WHERE job_id = $1 AND stage_id = $2 AND status = 'active' ORDER BY id LIMIT 100 OFFSET $3`, [
        jobId,
        s0,
        offset,
      ])
    ).rows.map((r) => r.id as string);
  const bulkRuns = 5;
  const apiTimes: number[] = [];
  const rawTimes: number[] = [];
  for (let i = 0; i < bulkRuns; i++) {
    const ids = await pick(i * 200);
    let start = process.hrtime.bigint();
    const res = await fetch(`${env.apiUrl}/v1/applications/bulk`, { method: 'POST', headers, body: JSON.stringify({ action: 'move', ids, toStageId: s1 }) });
    const body = (await res.json()) as { results: { ok: boolean }[] };
    apiTimes.push(Number(process.hrtime.bigint() - start) / 1e6);
    if (!body.results?.every((r) => r.ok)) throw new Error(`bulk move failed: ${res.status} ${JSON.stringify(body).slice(0, 500)}`);
    const rawIds = await pick(i * 200 + 100);
    start = process.hrtime.bigint();
    const c = await env.pool.connect();
    try {
      await c.query('BEGIN');
      await c.query(
        `WITH moved AS (
           UPDATE applications a SET stage_id = $2, stage_entered_at = now(), version = a.version + 1, updated_at = now()
            WHERE a.id = ANY($1::uuid[]) AND a.status = 'active' RETURNING a.id, a.organization_id, a.job_id
         ) INSERT INTO application_moves (organization_id, application_id, job_id, kind, from_stage_id, to_stage_id, from_status, to_status)
           SELECT organization_id, id, job_id, 'moved', $3, $2, 'active', 'active' FROM moved`,
        [rawIds, s1, s0],
      );
      await c.query('COMMIT');
    } finally {
      c.release();
    }
    rawTimes.push(Number(process.hrtime.bigint() - start) / 1e6);
  }
  const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
  rows.push(
    `| POST /v1/applications/bulk move ×100 (per item: lock, version, history, audit, timeline, outbox) vs one set-based UPDATE+INSERT | ${median(apiTimes).toFixed(1)} | ${Math.max(...apiTimes).toFixed(1)} | ${median(rawTimes).toFixed(1)} | ${Math.max(...rawTimes).toFixed(1)} | ${(median(apiTimes) / median(rawTimes)).toFixed(1)} |`,
  );

  console.log(`\n## Pipelines over HTTP vs raw SQL (${RUNS} sequential runs each; bulk: ${bulkRuns} runs)`);
  console.log('| operation | API median ms | API p95 ms | raw SQL median ms | raw SQL p95 ms | API / raw |');
  console.log('| --- | ---: | ---: | ---: | ---: | ---: |');
  for (const row of rows) console.log(row);
  console.log(`Deep page / first page (API median): ${(deepRun.medianMs / first.medianMs).toFixed(2)}`);

  // --- plans ---------------------------------------------------------------------------------
  console.log('\n## EXPLAIN: board');
  console.log(await explain(env.pool, BOARD_SQL, boardArgs));
  console.log('\n## EXPLAIN: applications page 1');
  console.log(await explain(env.pool, listSql(false), [jobId]));
  console.log(`\n## EXPLAIN: applications page ${DEEP_PAGE}`);
  console.log(await explain(env.pool, listSql(true), [jobId, deep.at, deep.id]));
  for (const term of ['python', 'zyskowski']) {
    const c = await env.pool.connect();
    try {
      await c.query('BEGIN');
      await c.query('SET LOCAL pg_trgm.word_similarity_threshold = 0.5');
      const plan = await c.query(`EXPLAIN (ANALYZE, BUFFERS, COSTS OFF) ${searchSql}`, [orgId, `${term}:*`, term]);
      await c.query('COMMIT');
      console.log(`\n## EXPLAIN: search "${term}"`);
      console.log(plan.rows.map((r: Record<string, string>) => r['QUERY PLAN']).join('\n'));
    } finally {
      c.release();
    }
  }
}
