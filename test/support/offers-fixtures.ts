import { randomUUID } from 'node:crypto';
import type { TestApp } from './app.js';
import { settled, testDb } from './db.js';
import { bearer, TestUser, unique } from './factories.js';

export interface HiringJob {
  id: string;
  stages: Record<'review' | 'technical' | 'offer' | 'hired', string>;
}

/**
 * An open job with a salary band, openings, a hiring team and a plan ending in offer → hired,
 * inserted as real rows (the jobs API would render a template; offers only needs the requisition).
 */
export async function makeHiringJob(
  organizationId: string,
  options: { openings?: number; band?: { min: number; max: number; currency: string; period: string } | null; team?: { userId: string; role: string }[] } = {},
): Promise<HiringJob> {
  const db = await testDb();
  const templateId = randomUUID();
  const revisionId = randomUUID();
  const jobId = randomUUID();
  const band = options.band === undefined ? { min: 100000, max: 140000, currency: 'EUR', period: 'YEAR' } : options.band;
  const stages = { review: randomUUID(), technical: randomUUID(), offer: randomUUID(), hired: randomUUID() };
  await db.transaction(async (m) => {
    await m.query(
      `INSERT INTO templates (id, organization_id, family, title, built_in, latest_revision_id, latest_revision_number) VALUES ($1, $2, 'backend', 'Backend', false, $3, 1)`,
      [templateId, organizationId, revisionId],
    );
    await m.query(
      `INSERT INTO template_revisions (id, template_id, organization_id, number, title, sections, variables) VALUES ($1, $2, $3, 1, 'Backend', '{}', '[]')`,
      [revisionId, templateId, organizationId],
    );
    await m.query(
      `INSERT INTO jobs (id, organization_id, template_id, template_revision_id, title, description_markdown, description_html, work_model, employment_type, seniority,
                         salary_min, salary_max, salary_currency, salary_period, openings, status, opened_at)
       VALUES ($1, $2, $3, $4, 'Senior Backend Engineer', 'md', '<p>x</p>', 'remote', 'FULL_TIME', 'senior', $5, $6, $7, $8, $9, 'open', now())`,
      [
        jobId,
        organizationId,
        templateId,
        revisionId,
        band?.min ?? null,
        band?.max ?? null,
        band?.currency ?? null,
        band?.period ?? null,
        options.openings ?? 1,
      ],
    );
    const plan: Array<[keyof typeof stages, string, string]> = [
      ['review', 'Application review', 'application_review'],
      ['technical', 'Technical interview', 'technical_interview'],
      ['offer', 'Offer', 'offer'],
      ['hired', 'Hired', 'hired'],
    ];
    for (const [i, [key, name, kind]] of plan.entries()) {
      await m.query(`INSERT INTO job_stages (id, organization_id, job_id, position, name, kind) VALUES ($1, $2, $3, $4, $5, $6)`, [
        stages[key],
        organizationId,
        jobId,
        i,
        name,
        kind,
      ]);
    }
    for (const member of options.team ?? []) {
      await m.query(`INSERT INTO job_hiring_team (organization_id, job_id, user_id, role) VALUES ($1, $2, $3, $4)`, [
        organizationId,
        jobId,
        member.userId,
        member.role,
      ]);
    }
  });
  return { id: jobId, stages };
}

/** A new candidate's application to the job, through the pipelines API (lands in the first stage). */
export async function apply(t: TestApp, user: TestUser, jobId: string, source = 'referral'): Promise<{ id: string; candidateId: string }> {
  const res = await t
    .http()
    .post('/v1/applications')
    .set(bearer(user))
    .send({ jobId, source, candidate: { firstName: 'Ada', lastName: unique('Lovelace'), emails: [`${unique('ada')}@example.test`] } });
  if (res.status !== 201) throw new Error(`apply failed: ${res.status} ${JSON.stringify(res.body)}`);
  return { id: res.body.id, candidateId: res.body.candidateId };
}

/** A live careers posting of the job, as a real row (its delivery is the postings module's business). */
export async function makeLivePosting(organizationId: string, jobId: string): Promise<string> {
  const db = await testDb();
  const [{ id }] = await db.query(
    `INSERT INTO postings (organization_id, job_id, board, status, published_at) VALUES ($1, $2, 'careers', 'live', now()) RETURNING id`,
    [organizationId, jobId],
  );
  return id;
}

/** Rows of one organization that offers-related requests may write, to prove a refused request wrote nothing. */
export async function offerWrites(organizationId: string): Promise<Record<string, number>> {
  const db = await testDb();
  const tables = ['offers', 'offer_approvals', 'hiring_decisions', 'applications', 'application_moves', 'activity_events', 'audit_log', 'outbox_events'];
  const [row] = await db.query(`SELECT ${tables.map((t) => `(SELECT count(*) FROM ${t} WHERE organization_id = $1)::int AS ${t}`).join(', ')}`, [
    organizationId,
  ]);
  const [state] = await db.query(
    `SELECT coalesce(string_agg(o.id || ':' || o.status || ':' || o.version, ',' ORDER BY o.id), '') AS offers,
            (SELECT coalesce(string_agg(a.id || ':' || a.status || ':' || a.version, ',' ORDER BY a.id), '') FROM applications a WHERE a.organization_id = $1) AS applications,
            (SELECT coalesce(string_agg(j.id || ':' || j.filled || ':' || j.status, ',' ORDER BY j.id), '') FROM jobs j WHERE j.organization_id = $1) AS jobs
       FROM offers o WHERE o.organization_id = $1`,
    [organizationId],
  );
  return { ...row, state: `${state.offers}|${state.applications}|${state.jobs}` };
}

/** `offerWrites` once the organization's background work has settled (see `settled`). */
export function settledOfferWrites(organizationId: string): Promise<Record<string, number>> {
  return settled(() => offerWrites(organizationId));
}

export const daysFromNow = (d: number) => new Date(Date.now() + d * 86_400_000).toISOString();
export const dateIn = (d: number) => daysFromNow(d).slice(0, 10);
