import type { AccessScope } from '../libs/jobs/src/index.js';
import { BOARD_SQL, boardParams, candidateSearchQuery, jobApplicationsQuery, SEARCH_SESSION_SQL } from '../libs/pipelines/src/index.js';
import type pg from 'pg';
import { BenchEnvironment, timeIt, writeResult, registerBenchOrganization } from './harness.js';
import { loadPipelines } from './pipelines-data.js';

const RUNS = Number(process.env.BENCH_RUNS ?? 30);
const PAGE = 25;

/**
 * Candidate search at scale (1,000,000 applications over 300,000 candidates, see pipelines-data.ts): a common and a
 * rare term through the API beside the very SQL production runs (candidateSearchQuery, imported), run as the app role;
 * then the plans (EXPLAIN ANALYZE as the app role, row-level security on) of the board, the applications list and
 * the search. The board, the lists and the bulk move are compared over HTTP in http-reads.bench.ts.
 */
export async function run(env: BenchEnvironment): Promise<void> {
  const slug = `bench-pipelines-${Date.now()}`;
  const { accessToken, organization } = await registerBenchOrganization(env.apiUrl, env.pool, slug, 'Bench Pipelines');
  const headers = { authorization: `Bearer ${accessToken}`, 'content-type': 'application/json' };
  const orgId = organization.id;
  const reasons = (await (await fetch(`${env.apiUrl}/v1/rejection-reasons`, { headers })).json()) as { data: { id: string }[] };
  const reasonId = reasons.data[0].id;

  const { jobId, largest } = await loadPipelines(env, orgId, reasonId);

  const rows: string[] = [];
  const results: Array<{ label: string; apiMedianMs: number; rawMedianMs: number; ratio: number }> = [];
  const report = async (label: string, api: () => Promise<unknown>, raw: () => Promise<unknown>) => {
    await api();
    await raw();
    const a = await timeIt(RUNS, api);
    const r = await timeIt(RUNS, raw);
    results.push({ label, apiMedianMs: a.medianMs, rawMedianMs: r.medianMs, ratio: a.medianMs / Math.max(r.medianMs, 0.01) });
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

  // --- search: the production SQL (candidateSearchQuery, ranking at most SEARCH_RANK_CAP matches), run as the
  // app runs it (app role, row-level security, the tenant setting, the session setting in one transaction).
  const [{ id: adminId }] = (await env.pool.query(`SELECT id FROM users WHERE organization_id = $1 LIMIT 1`, [orgId])).rows;
  const scope: AccessScope = {
    organizationId: orgId,
    userId: adminId as string,
    all: true,
    admin: true,
    jobIds: [],
    managedJobIds: [],
    applicationIds: [],
    seesPrivateNotes: true,
  };
  const asApp = async <T>(fn: (c: pg.PoolClient) => Promise<T>): Promise<T> => {
    const c = await env.pool.connect();
    try {
      await c.query('BEGIN');
      await c.query('SET LOCAL ROLE hireloop_app');
      await c.query(`SELECT set_config('hireloop.organization_id', $1, true), set_config('hireloop.cross_tenant', 'off', true)`, [orgId]);
      const out = await fn(c);
      await c.query('COMMIT');
      return out;
    } catch (error) {
      await c.query('ROLLBACK');
      throw error;
    } finally {
      c.release();
    }
  };
  const rawSearch = (term: string) => () =>
    asApp(async (c) => {
      const { sql, params } = candidateSearchQuery(scope, { q: term, limit: PAGE });
      await c.query(SEARCH_SESSION_SQL);
      return c.query(sql, params);
    });
  const [{ n: commonHits }] = (
    await env.pool.query(`SELECT count(*)::int AS n FROM candidates WHERE organization_id = $1 AND search @@ to_tsquery('simple', 'python:*')`, [orgId])
  ).rows;
  await report(`GET /v1/candidates?q=python (common: ${commonHits} matches)`, () => get(`/v1/candidates?q=python&limit=${PAGE}`), rawSearch('python'));
  await report('GET /v1/candidates?q=zyskowski (rare)', () => get(`/v1/candidates?q=zyskowski&limit=${PAGE}`), rawSearch('zyskowski'));
  await report('GET /v1/candidates?q=zyskowsky (rare, typo)', () => get(`/v1/candidates?q=zyskowsky&limit=${PAGE}`), rawSearch('zyskowsky'));

  console.log(`\n## Candidate search over HTTP vs the same SQL run directly as the app role (${RUNS} sequential runs each)`);
  console.log('| operation | API median ms | API p95 ms | raw SQL median ms | raw SQL p95 ms | API / raw |');
  console.log('| --- | ---: | ---: | ---: | ---: | ---: |');
  for (const row of rows) console.log(row);

  // --- plans of the SQL production runs, as the app role sees it (row-level security on) ---------------------
  const explainAsApp = (sql: string, params: unknown[], session?: string) =>
    asApp(async (c) => {
      if (session) await c.query(session);
      const plan = await c.query(`EXPLAIN (ANALYZE, BUFFERS, COSTS OFF) ${sql}`, params);
      return plan.rows.map((r: Record<string, string>) => r['QUERY PLAN']).join('\n');
    });
  const plan: { id: string; sla_days: number | null }[] = (
    await env.pool.query('SELECT id, sla_days FROM job_stages WHERE job_id = $1 ORDER BY position', [jobId])
  ).rows;
  console.log('\n## EXPLAIN (app role): board');
  console.log(
    await explainAsApp(
      BOARD_SQL,
      boardParams(
        jobId,
        plan.map((s) => ({ id: s.id, slaDays: s.sla_days })),
      ),
    ),
  );
  const list = jobApplicationsQuery(jobId, { limit: PAGE, sort: 'applied_at', direction: 'desc' }, null);
  console.log('\n## EXPLAIN (app role): applications page 1');
  console.log(await explainAsApp(list.sql, list.params));
  for (const term of ['python', 'zyskowski']) {
    const { sql, params } = candidateSearchQuery(scope, { q: term, limit: PAGE });
    console.log(`\n## EXPLAIN (app role): search "${term}"`);
    console.log(await explainAsApp(sql, params, SEARCH_SESSION_SQL));
  }
  writeResult('pipelines-search', { largestJob: largest.n, results });
}
