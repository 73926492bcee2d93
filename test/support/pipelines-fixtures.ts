import { randomUUID } from 'node:crypto';
import type { TestApp } from './app.js';
import { testDb } from './db.js';
import { bearer, TestUser, unique } from './factories.js';

export interface PipelineJob {
  id: string;
  stages: { id: string; name: string; kind: string; position: number }[];
}

const DEFAULT_STAGES = [
  { name: 'Application review', kind: 'application_review', slaDays: 3 },
  { name: 'Recruiter screen', kind: 'recruiter_screen', slaDays: 5 },
  { name: 'Technical interview', kind: 'technical_interview', slaDays: null },
  { name: 'Offer', kind: 'offer', slaDays: null },
  { name: 'Hired', kind: 'hired', slaDays: null },
];

/** A job with an interview plan and hiring team, inserted as real rows. */
export async function makePipelineJob(
  organizationId: string,
  options: { status?: string; team?: { userId: string; role: string }[]; stages?: { name: string; kind: string; slaDays: number | null }[] } = {},
): Promise<PipelineJob> {
  const db = await testDb();
  const templateId = randomUUID();
  const revisionId = randomUUID();
  const jobId = randomUUID();
  const stages = options.stages ?? DEFAULT_STAGES;
  const ids = stages.map(() => randomUUID());
  await db.transaction(async (m) => {
    await m.query(
      `INSERT INTO templates (id, organization_id, family, title, built_in, latest_revision_id, latest_revision_number) VALUES ($1, $2, 'backend', 'Backend', false, $3, 1)`,
      [templateId, organizationId, revisionId],
    );
    await m.query(
      `INSERT INTO template_revisions (id, template_id, organization_id, number, title, sections, variables) VALUES ($1, $2, $3, 1, 'Backend', '{}', '[]')`,
      [revisionId, templateId, organizationId],
    );
    const status = options.status ?? 'open';
    await m.query(
      `INSERT INTO jobs (id, organization_id, template_id, template_revision_id, title, description_markdown, description_html, work_model, employment_type, seniority, status, close_reason)
       VALUES ($1, $2, $3, $4, $5, 'md', '<p>x</p>', 'remote', 'FULL_TIME', 'senior', $6, $7)`,
      [jobId, organizationId, templateId, revisionId, unique('Backend Engineer '), status, status === 'closed' ? 'filled' : null],
    );
    for (const [i, s] of stages.entries()) {
      await m.query(`INSERT INTO job_stages (id, organization_id, job_id, position, name, kind, sla_days) VALUES ($1, $2, $3, $4, $5, $6, $7)`, [
        ids[i],
        organizationId,
        jobId,
        i,
        s.name,
        s.kind,
        s.slaDays,
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
  return { id: jobId, stages: stages.map((s, i) => ({ id: ids[i], name: s.name, kind: s.kind, position: i })) };
}

export async function makeCandidate(
  t: TestApp,
  user: TestUser,
  overrides: Record<string, unknown> = {},
): Promise<{ id: string; version: number; emails: string[] }> {
  const res = await t
    .http()
    .post('/v1/candidates')
    .set(bearer(user))
    .send({ firstName: 'Jane', lastName: unique('Doe'), emails: [`${unique('jane')}@example.test`], ...overrides });
  if (res.status !== 201) throw new Error(`makeCandidate failed: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body;
}

export async function makeApplication(
  t: TestApp,
  user: TestUser,
  jobId: string,
  candidateId?: string,
): Promise<{ id: string; version: number; stageId: string; candidateId: string }> {
  const body = candidateId
    ? { candidateId, jobId }
    : { jobId, candidate: { firstName: 'Sam', lastName: unique('Lee'), emails: [`${unique('sam')}@example.test`] } };
  const res = await t.http().post('/v1/applications').set(bearer(user)).send(body);
  if (res.status !== 201) throw new Error(`makeApplication failed: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body;
}

/** Rows written in one organization (history, audit, outbox), to prove a rejected request wrote nothing. */
export async function pipelineWrites(organizationId: string): Promise<Record<string, number>> {
  const db = await testDb();
  const tables = [
    'candidates',
    'candidate_emails',
    'applications',
    'application_moves',
    'notes',
    'activity_events',
    'audit_log',
    'outbox_events',
    'rejection_reasons',
  ];
  const [row] = await db.query(`SELECT ${tables.map((t) => `(SELECT count(*) FROM ${t} WHERE organization_id = $1)::int AS ${t}`).join(', ')}`, [
    organizationId,
  ]);
  return row;
}

/** Seats the user on an interview panel for the application (an interview tomorrow), as real rows: the panel fact the access policy reads. */
export async function seatOnPanel(
  organizationId: string,
  jobId: string,
  application: { id: string; candidateId: string; stageId: string },
  userId: string,
): Promise<void> {
  const db = await testDb();
  const interviewId = randomUUID();
  const startsAt = new Date(Date.now() + 86_400_000);
  const endsAt = new Date(startsAt.getTime() + 3_600_000);
  await db.query(
    `INSERT INTO interviews (id, organization_id, application_id, candidate_id, job_id, stage_id, starts_at, ends_at, duration_minutes, location, reminder_due_at, escalation_due_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, 60, 'Room 1', $8, $8)`,
    [interviewId, organizationId, application.id, application.candidateId, jobId, application.stageId, startsAt, endsAt],
  );
  await db.query(
    `INSERT INTO interview_interviewers (interview_id, user_id, organization_id, application_id, starts_at, ends_at) VALUES ($1, $2, $3, $4, $5, $6)`,
    [interviewId, userId, organizationId, application.id, startsAt, endsAt],
  );
}
