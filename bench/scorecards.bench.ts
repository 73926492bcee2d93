import { randomUUID } from 'node:crypto';
import { BenchEnvironment, compareAlternating, QUICK, registerBenchOrganization, startBaselineProcess, writeResult } from './harness.js';

const PASSWORD = 'bench-password-1';
const SUBMITS = Number(process.env.BENCH_SUBMITS ?? (QUICK ? 60 : 300));
const CONCURRENCY = 10;

const scorecardBody = JSON.stringify({
  ratings: [
    { competency: 'algorithm_and_concurrency', rating: 4, evidence: 'Atomic check-and-increment without prompting; compared two algorithms.' },
    { competency: 'distributed_state', rating: 3 },
    { competency: 'failure_modes', rating: 2 },
    { competency: 'fairness_and_tenancy', rating: 'no_signal' },
  ],
  keyTakeaways: 'Solid on concurrency, thin on degradation.',
  overall: 'yes',
});

async function api(
  env: BenchEnvironment,
  path: string,
  init: { method?: string; token?: string; body?: unknown } = {},
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- a JSON answer read like supertest's res.body
): Promise<{ status: number; body: any }> {
  const res = await fetch(`${env.apiUrl}${path}`, {
    method: init.method ?? 'GET',
    headers: { 'content-type': 'application/json', ...(init.token ? { authorization: `Bearer ${init.token}` } : {}) },
    body: init.body === undefined ? undefined : typeof init.body === 'string' ? init.body : JSON.stringify(init.body),
  });
  return { status: res.status, body: await res.json().catch(() => null) };
}

/** Runs `total` tasks with `concurrency` in flight; returns tasks per second. */
async function throughput(total: number, concurrency: number, task: (i: number) => Promise<void>): Promise<{ perSecond: number; ms: number }> {
  let next = 0;
  const start = process.hrtime.bigint();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < total) await task(next++);
    }),
  );
  const ms = Number(process.hrtime.bigint() - start) / 1e6;
  return { perSecond: (total / ms) * 1000, ms };
}

/**
 * Scorecard submission throughput (API: validation against the kit, lock, write, audit, timeline) beside the raw
 * Fastify + pg baseline doing the same auth and the same reads and writes in one transaction; and the summary of an
 * application with 12 submitted scorecards beside the baseline running the same auth, the same SQL (imported from
 * the production modules) and the same pure summary code. Both baselines run in their own process.
 */
export async function run(env: BenchEnvironment): Promise<void> {
  const slug = `bench-sc-${Date.now()}`;
  const reg = await registerBenchOrganization(env.apiUrl, env.pool, slug, 'Bench');
  const admin = reg.accessToken;
  const orgId = reg.organization.id;
  const interviewers: Array<{ id: string; token: string }> = [];
  for (let i = 0; i < 12; i++) {
    const email = `${slug}-i${i}@example.test`;
    const created = await api(env, '/v1/users', {
      method: 'POST',
      token: admin,
      body: { email, name: `Interviewer ${i}`, password: PASSWORD, roles: ['interviewer'] },
    });
    const login = await api(env, '/v1/auth/login', { method: 'POST', body: { email, password: PASSWORD } });
    interviewers.push({ id: created.body.id, token: login.body.accessToken });
  }
  const db = env.pool;
  const [tpl] = (await db.query(`SELECT id, latest_revision_id FROM templates WHERE organization_id IS NULL ORDER BY key LIMIT 1`)).rows;
  const [kit] = (await db.query(`SELECT id, latest_revision_id FROM interview_kits WHERE organization_id IS NULL AND key = 'rate-limiter-design'`)).rows;
  const jobId = randomUUID();
  const stageId = randomUUID();
  await db.query(
    `INSERT INTO jobs (id, organization_id, template_id, template_revision_id, title, description_markdown, description_html, work_model, employment_type, seniority, status)
     VALUES ($1, $2, $3, $4, 'Backend engineer', 'x', 'x', 'remote', 'FULL_TIME', 'senior', 'open')`,
    [jobId, orgId, tpl.id, tpl.latest_revision_id],
  );
  await db.query(
    `INSERT INTO job_stages (id, organization_id, job_id, position, name, kind, kit_key) VALUES ($1, $2, $3, 0, 'System design', 'system_design', 'rate-limiter-design')`,
    [stageId, orgId, jobId],
  );

  /** n applications, each with one interview per interviewer given (rows written directly: this bench measures scorecards). */
  async function seedApplications(
    n: number,
    panel: typeof interviewers,
  ): Promise<Array<{ applicationId: string; interviews: Array<{ id: string; interviewer: (typeof interviewers)[number] }> }>> {
    const out = [];
    for (let a = 0; a < n; a++) {
      const candidateId = randomUUID();
      const applicationId = randomUUID();
      await db.query(`INSERT INTO candidates (id, organization_id, first_name, last_name, emails) VALUES ($1, $2, 'Cand', $3, ARRAY[$4])`, [
        candidateId,
        orgId,
        `N${a}`,
        `${slug}-c${a}-${randomUUID()}@example.test`,
      ]);
      await db.query(`INSERT INTO applications (id, organization_id, candidate_id, job_id, stage_id) VALUES ($1, $2, $3, $4, $5)`, [
        applicationId,
        orgId,
        candidateId,
        jobId,
        stageId,
      ]);
      const interviews = [];
      for (const interviewer of panel) {
        const id = randomUUID();
        await db.query(
          `INSERT INTO interviews (id, organization_id, application_id, candidate_id, job_id, stage_id, kit_id, kit_revision_id, starts_at, ends_at, duration_minutes, location, reminder_due_at, escalation_due_at)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8, now() - interval '2 hours', now() - interval '1 hour', 60, 'Room', now() + interval '23 hours', now() + interval '47 hours')`,
          [id, orgId, applicationId, candidateId, jobId, stageId, kit.id, kit.latest_revision_id],
        );
        await db.query(
          `INSERT INTO interview_interviewers (interview_id, user_id, organization_id, application_id, starts_at, ends_at) VALUES ($1, $2, $3, $4, now() - interval '2 hours', now() - interval '1 hour')`,
          [id, interviewer.id, orgId, applicationId],
        );
        interviews.push({ id, interviewer });
      }
      out.push({ applicationId, interviews });
    }
    return out;
  }

  // --- submit throughput: the API and the raw baseline, each over HTTP with 10 in flight ------------------------
  const baseline = await startBaselineProcess(env);
  try {
    const perApp = interviewers.slice(0, 3);
    const forApi = (await seedApplications(Math.ceil(SUBMITS / perApp.length), perApp)).flatMap((a) => a.interviews).slice(0, SUBMITS);
    const forRaw = (await seedApplications(Math.ceil(SUBMITS / perApp.length), perApp)).flatMap((a) => a.interviews).slice(0, SUBMITS);
    const submitAll = (base: string, items: typeof forApi) => {
      let failures = 0;
      return throughput(items.length, CONCURRENCY, async (i) => {
        const { id, interviewer } = items[i];
        const res = await fetch(`${base}/v1/interviews/${id}/scorecard/submit`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', authorization: `Bearer ${interviewer.token}` },
          body: scorecardBody,
        });
        await res.arrayBuffer();
        if (res.status !== 200) failures++;
      }).then((r) => ({ ...r, failures }));
    };
    // Alternate halves so drift on a shared machine falls on both.
    const half = Math.floor(forApi.length / 2);
    const a1 = await submitAll(env.apiUrl, forApi.slice(0, half));
    const r1 = await submitAll(baseline.url, forRaw.slice(0, half));
    const r2 = await submitAll(baseline.url, forRaw.slice(half));
    const a2 = await submitAll(env.apiUrl, forApi.slice(half));
    const apiRate = (forApi.length / (a1.ms + a2.ms)) * 1000;
    const rawRate = (forRaw.length / (r1.ms + r2.ms)) * 1000;
    const submitRatio = apiRate / rawRate;
    console.log(`\n## Scorecard submit throughput (${forApi.length} submits each, ${CONCURRENCY} in flight, alternating halves)`);
    console.log('| path | submits/s | failures |');
    console.log('| --- | ---: | ---: |');
    console.log(`| Hireloop POST /v1/interviews/:id/scorecard/submit | ${apiRate.toFixed(0)} | ${a1.failures + a2.failures} |`);
    console.log(
      `| raw Fastify + pg (auth, interview + seat + kit, lock, current, insert, audit, timeline, domain event; one transaction) | ${rawRate.toFixed(0)} | ${r1.failures + r2.failures} |`,
    );
    console.log(`Throughput ratio (Hireloop / baseline): ${submitRatio.toFixed(2)} (goal >= 0.50: ${submitRatio >= 0.5 ? 'met' : 'NOT met'})`);

    // --- summary of an application with 12 scorecards ----------------------------------------
    const [summaryApp] = await seedApplications(1, interviewers);
    for (const { id, interviewer } of summaryApp.interviews) {
      const res = await api(env, `/v1/interviews/${id}/scorecard/submit`, { method: 'POST', token: interviewer.token, body: scorecardBody });
      if (res.status !== 200) throw new Error(`submit failed: ${res.status} ${JSON.stringify(res.body)}`);
    }
    const headers = { authorization: `Bearer ${admin}` };
    const path = `/v1/applications/${summaryApp.applicationId}/scorecard-summary`;
    const check = await api(env, path, { token: admin });
    if (check.body.submitted !== 12) throw new Error(`expected 12 scorecards, got ${JSON.stringify(check.body).slice(0, 200)}`);
    const rawCheck = await (await fetch(`${baseline.url}${path}`, { headers })).json();
    if (JSON.stringify(rawCheck) !== JSON.stringify(check.body)) {
      throw new Error(
        `Hireloop and the baseline summarise differently:\n${JSON.stringify(check.body).slice(0, 300)}\n${JSON.stringify(rawCheck).slice(0, 300)}`,
      );
    }
    const summary = await compareAlternating(
      'Scorecard summary of an application with 12 submitted scorecards',
      { label: 'Hireloop GET scorecard-summary', url: `${env.apiUrl}${path}`, options: { headers }, pid: env.apiPid },
      { label: 'raw Fastify + pg, same auth, SQL and summary code', url: `${baseline.url}${path}`, options: { headers }, pid: baseline.pid },
      { min: 0.5 },
    );
    writeResult('scorecards', {
      submit: { hireloopPerSecond: apiRate, baselinePerSecond: rawRate, ratio: submitRatio, goal: '>= 0.50', met: submitRatio >= 0.5 },
      summary,
    });
  } finally {
    await baseline.close();
  }
}
