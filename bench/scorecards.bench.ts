import { randomUUID } from 'node:crypto';
import { summariseScorecards } from '../libs/scorecards/src/index.js';
import { BenchEnvironment, load, printComparison, startRawServer } from './harness.js';

const PASSWORD = 'bench-password-1';
const SUBMITS = Number(process.env.BENCH_SUBMITS ?? 300);
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
 * Scorecard submission throughput (API: validation against the kit, draft lock, write, audit, activity)
 * beside raw pg doing the insert + audit row; and the summary of an application with 12 submitted
 * scorecards beside a raw node:http + pg server running the same query and the same pure summary.
 */
export async function run(env: BenchEnvironment): Promise<void> {
  const slug = `bench-sc-${Date.now()}`;
  const reg = await api(env, '/v1/auth/register', {
    method: 'POST',
    body: { organizationName: 'Bench', organizationSlug: slug, name: 'Bench Admin', email: `${slug}@example.test`, password: PASSWORD },
  });
  const admin = reg.body.accessToken as string;
  const orgId = reg.body.organization.id as string;
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

  // --- submit throughput --------------------------------------------------------------------
  const perApp = interviewers.slice(0, 3);
  const forApi = (await seedApplications(Math.ceil(SUBMITS / perApp.length), perApp)).flatMap((a) => a.interviews).slice(0, SUBMITS);
  const forRaw = (await seedApplications(Math.ceil(SUBMITS / perApp.length), perApp)).flatMap((a) => a.interviews).slice(0, SUBMITS);
  let failures = 0;
  const viaApi = await throughput(forApi.length, CONCURRENCY, async (i) => {
    const { id, interviewer } = forApi[i];
    const res = await fetch(`${env.apiUrl}/v1/interviews/${id}/scorecard/submit`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${interviewer.token}` },
      body: scorecardBody,
    });
    await res.arrayBuffer();
    if (res.status !== 200) failures++;
  });
  const parsed = JSON.parse(scorecardBody);
  const viaRaw = await throughput(forRaw.length, CONCURRENCY, async (i) => {
    const { id, interviewer } = forRaw[i];
    const client = await db.connect();
    try {
      await client.query('BEGIN');
      const { rows } = await client.query(`SELECT application_id, job_id, kit_revision_id FROM interviews WHERE id = $1 AND organization_id = $2`, [id, orgId]);
      const inserted = await client.query(
        `INSERT INTO scorecards (organization_id, interview_id, application_id, job_id, interviewer_id, kit_revision_id, status, ratings, key_takeaways, overall, submitted_at)
         VALUES ($1, $2, $3, $4, $5, $6, 'submitted', $7, $8, $9, now()) RETURNING id`,
        [
          orgId,
          id,
          rows[0].application_id,
          rows[0].job_id,
          interviewer.id,
          rows[0].kit_revision_id,
          JSON.stringify(parsed.ratings),
          parsed.keyTakeaways,
          parsed.overall,
        ],
      );
      await client.query(
        `INSERT INTO audit_log (organization_id, actor_id, entity_type, entity_id, action, changes) VALUES ($1, $2, 'scorecard', $3, 'submit', '{}')`,
        [orgId, interviewer.id, inserted.rows[0].id],
      );
      await client.query('COMMIT');
    } finally {
      client.release();
    }
  });
  console.log(`\n## Scorecard submit throughput (${SUBMITS} submits, ${CONCURRENCY} in flight)`);
  console.log('| path | submits/s | total ms | failures |');
  console.log('| --- | ---: | ---: | ---: |');
  console.log(`| Hireloop POST /v1/interviews/:id/scorecard/submit | ${viaApi.perSecond.toFixed(0)} | ${viaApi.ms.toFixed(0)} | ${failures} |`);
  console.log(`| raw pg (interview read + insert + audit, one transaction) | ${viaRaw.perSecond.toFixed(0)} | ${viaRaw.ms.toFixed(0)} | 0 |`);
  console.log(`Throughput ratio (Hireloop / baseline): ${(viaApi.perSecond / viaRaw.perSecond).toFixed(2)}`);

  // --- summary of an application with 12 scorecards ----------------------------------------
  const [summaryApp] = await seedApplications(1, interviewers);
  for (const { id, interviewer } of summaryApp.interviews) {
    const res = await api(env, `/v1/interviews/${id}/scorecard/submit`, { method: 'POST', token: interviewer.token, body: scorecardBody });
    if (res.status !== 200) throw new Error(`submit failed: ${res.status} ${JSON.stringify(res.body)}`);
  }
  const raw = await startRawServer(async (_req, url) => {
    const applicationId = url.pathname.split('/')[3];
    const [cards, panel] = await Promise.all([
      db.query(
        `SELECT id, interview_id, interviewer_id, ratings, overall FROM scorecards WHERE application_id = $1 AND organization_id = $2 AND status = 'submitted' AND current`,
        [applicationId, orgId],
      ),
      db.query(`SELECT p.interview_id, p.user_id FROM interview_interviewers p WHERE p.application_id = $1 AND p.organization_id = $2 AND p.active`, [
        applicationId,
        orgId,
      ]),
    ]);
    const summary = summariseScorecards(
      cards.rows.map((c) => ({ scorecardId: c.id, interviewId: c.interview_id, interviewerId: c.interviewer_id, ratings: c.ratings, overall: c.overall })),
      panel.rows.map((p) => ({ interviewId: p.interview_id, interviewerId: p.user_id })),
    );
    return { status: 200, body: summary };
  });
  const headers = { authorization: `Bearer ${admin}` };
  const path = `/v1/applications/${summaryApp.applicationId}/scorecard-summary`;
  const check = await api(env, path, { token: admin });
  if (check.body.submitted !== 12) throw new Error(`expected 12 scorecards, got ${JSON.stringify(check.body).slice(0, 200)}`);
  await load('warm-up', `${env.apiUrl}${path}`, { headers, durationSeconds: 1 });
  const subject = await load('Hireloop GET scorecard-summary (12 scorecards)', `${env.apiUrl}${path}`, { headers });
  const baseline = await load('raw node:http + pg + same summary code', `${raw.url}${path}`, { headers });
  printComparison('Scorecard summary of an application with 12 submitted scorecards', subject, baseline);
  await raw.close();
}
