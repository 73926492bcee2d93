import { encodeCursor } from '../libs/platform/src/index.js';
import { BenchEnvironment, compareAlternating, type Comparison, startBaselineProcess, writeResult } from './harness.js';
import { APPLICATIONS, loadPipelines } from './pipelines-data.js';

const PAGE = 25;
const DEEP_PAGE = 1000;

/**
 * The hot reads, each through the real API (compiled, production mode, its own process) beside the raw Fastify + pg
 * baseline (bench/baseline-server.ts, its own process) doing the same auth check and the same SQL, loaded alternately
 * by autocannon (10 connections) from a third process:
 * GET /v1/me, GET /v1/jobs?limit=25, a job's applications (first page and page 1,000), the pipeline board of the
 * largest job (about 100,000 applications of 1,000,000).
 */
export async function run(env: BenchEnvironment): Promise<void> {
  const slug = `bench-reads-${Date.now()}`;
  const register = await fetch(`${env.apiUrl}/v1/auth/register`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      organizationName: 'Bench Reads',
      organizationSlug: slug,
      name: 'Bench Admin',
      email: `${slug}@example.test`,
      password: 'bench-password-1',
    }),
  });
  if (register.status !== 201) throw new Error(`register failed: ${register.status} ${await register.text()}`);
  const { accessToken, organization } = (await register.json()) as { accessToken: string; organization: { id: string } };
  const headers = { authorization: `Bearer ${accessToken}` };
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
    for (const path of ['/v1/me', `/v1/jobs?limit=${PAGE}`, `/v1/jobs/${jobId}/applications?limit=${PAGE}`, `/v1/jobs/${jobId}/pipeline`]) {
      const [a, b] = await Promise.all([env.apiUrl, baseline.url].map(async (base) => (await fetch(`${base}${path}`, { headers })).json()));
      const strip = (x: unknown) => JSON.stringify(x, (k, v: unknown) => (k === 'secondsInStage' ? undefined : v));
      if (strip(a) !== strip(b)) throw new Error(`Hireloop and the baseline answer ${path} differently:\n${strip(a).slice(0, 400)}\n${strip(b).slice(0, 400)}`);
    }
    const results: Comparison[] = [];
    const pair = (title: string, path: string, min: number) =>
      compareAlternating(
        title,
        { label: `Hireloop ${path.split('?')[0]}`, url: `${env.apiUrl}${path}`, options: { headers } },
        { label: 'raw Fastify + pg', url: `${baseline.url}${path}`, options: { headers } },
        { min },
      ).then((r) => {
        results.push(r);
        return r;
      });
    await pair('GET /v1/me', '/v1/me', 0.7);
    await pair(`GET /v1/jobs?limit=${PAGE}`, `/v1/jobs?limit=${PAGE}`, 0.7);
    const first = await pair(
      `GET /v1/jobs/:id/applications?limit=${PAGE} (job of ${largest.n} applications)`,
      `/v1/jobs/${jobId}/applications?limit=${PAGE}`,
      0.7,
    );
    const deepRun = await pair(
      `GET /v1/jobs/:id/applications?limit=${PAGE}, page ${DEEP_PAGE} (keyset cursor)`,
      `/v1/jobs/${jobId}/applications?limit=${PAGE}&cursor=${deepCursor}`,
      0.7,
    );
    await pair(`GET /v1/jobs/:id/pipeline (job of ${largest.n} applications)`, `/v1/jobs/${jobId}/pipeline`, 0.6);
    const deepOverFirst = first.subject.requestsPerSecond / Math.max(deepRun.subject.requestsPerSecond, 1);
    console.log(
      `\nDeep page / first page (Hireloop time per request, ${APPLICATIONS} applications): ${deepOverFirst.toFixed(2)} (goal <= 1.20: ${deepOverFirst <= 1.2 ? 'met' : 'NOT met'})`,
    );
    writeResult('http-reads', {
      dataSet: { applications: APPLICATIONS, largestJob: largest.n },
      comparisons: results,
      deepPageOverFirstPage: { ratio: deepOverFirst, goal: '<= 1.20', met: deepOverFirst <= 1.2 },
    });
  } finally {
    await baseline.close();
  }
}
