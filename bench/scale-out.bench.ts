import { join } from 'node:path';
import {
  BenchEnvironment,
  childEnv,
  DIST,
  loadInChild,
  QUICK,
  startApiProcess,
  startChildServer,
  type ChildServer,
  writeResult,
  registerBenchOrganization,
} from './harness.js';

const ROUNDS = Number(process.env.BENCH_ROUNDS ?? (QUICK ? 2 : 4));

/**
 * Scale out: GET /v1/jobs?limit=25 and GET /v1/me through one API process vs two API processes (each with its own
 * worker running beside it, as a deployment would), all on the same database and Redis. The load is the same
 * 20 connections in both setups from one load generator in its own process (spread over the two APIs, as a load
 * balancer would), alternating. Goal: two of each serve no less than one of each (on a machine with more cores, more).
 */
export async function run(env: BenchEnvironment): Promise<void> {
  const apis: ChildServer[] = [];
  const workers: ChildServer[] = [];
  try {
    for (let i = 0; i < 2; i++) {
      apis.push(await startApiProcess(env));
      workers.push(await startWorker(env));
    }
    const slug = `bench-scale-${Date.now()}`;
    const { headers, organization } = await registerBenchOrganization(apis[0].url, env.pool, slug, 'Scale');
    const [template] = (await env.pool.query(`SELECT id, latest_revision_id FROM templates WHERE built_in AND latest_revision_id IS NOT NULL LIMIT 1`)).rows;
    await env.pool.query(
      `INSERT INTO jobs (organization_id, template_id, template_revision_id, title, description_markdown, description_html, work_model, employment_type, seniority, status)
       SELECT $1, $2, $3, 'Engineer #' || g, 'md', '<p>job</p>', 'remote', 'FULL_TIME', 'senior', 'open' FROM generate_series(1, 200) g`,
      [organization.id, template.id, template.latest_revision_id],
    );
    // Warm every API (JIT, pools) and let the workers finish their start-up work before measuring.
    for (const api of apis)
      for (const path of ['/v1/me', '/v1/jobs?limit=25']) await loadInChild('warm-up', `${api.url}${path}`, { headers, durationSeconds: 3 });
    const results: Record<string, { one: number; two: number; ratio: number }> = {};
    for (const path of ['/v1/me', '/v1/jobs?limit=25']) {
      let one = 0;
      let two = 0;
      for (let r = 0; r < ROUNDS; r++) {
        const runOne = async () => (one += (await loadInChild('one API', `${apis[0].url}${path}`, { headers, connections: 20 })).requestsPerSecond);
        // One load generator spreading its 20 connections over both APIs, as a load balancer would: the same client
        // work in both setups (two generators would spend a second process's CPU on a 2-core machine).
        const runTwo = async () =>
          (two += (
            await loadInChild(
              'two APIs',
              apis.map((api) => `${api.url}${path}`),
              { headers, connections: 20 },
            )
          ).requestsPerSecond);
        if (r % 2) await runTwo().then(runOne);
        else await runOne().then(runTwo);
      }
      one /= ROUNDS;
      two /= ROUNDS;
      results[path] = { one, two, ratio: two / one };
      console.log(
        `\n## ${path}: one API ${one.toFixed(0)} req/s, two APIs ${two.toFixed(0)} req/s: ${(two / one).toFixed(2)} (goal >= 1.00: ${two >= one ? 'met' : 'NOT met'})`,
      );
    }
    writeResult('scale-out', { rounds: ROUNDS, results, goal: 'two >= one' });
  } finally {
    await Promise.all([...apis, ...workers].map((p) => p.close()));
  }
}

/** A compiled worker process; ready once it writes its heartbeat file (no HTTP port). */
async function startWorker(env: BenchEnvironment): Promise<ChildServer> {
  const heartbeat = join(DIST, `bench-worker-${process.pid}-${Date.now()}.alive`);
  return startChildServer(join(DIST, 'apps/worker/src/main.js'), childEnv(env, { WORKER_HEARTBEAT_FILE: heartbeat }), {
    label: 'worker',
    readyFile: heartbeat,
  });
}
