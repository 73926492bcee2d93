import { randomUUID } from 'node:crypto';
import { testDb } from '../support/db.js';
import type { TestOrg } from '../support/factories.js';
import { unique } from '../support/factories.js';

export interface Pipeline {
  jobId: string;
  stageId: string;
  otherStageId: string;
  applicationId: string;
  candidateId: string;
}

/** A job (from a built-in template) with two stages, a hiring team, and one candidate's application — real rows. */
export async function makePipeline(
  org: TestOrg,
  team: { recruiters?: string[]; hiringManagers?: string[] } = {},
  kitKey: string | null = 'rate-limiter-design',
): Promise<Pipeline> {
  const db = await testDb();
  const [tpl] = await db.query(`SELECT id, latest_revision_id FROM templates WHERE organization_id IS NULL ORDER BY key LIMIT 1`);
  const jobId = randomUUID();
  await db.query(
    `INSERT INTO jobs (id, organization_id, template_id, template_revision_id, title, description_markdown, description_html, work_model, employment_type, seniority, status)
     VALUES ($1, $2, $3, $4, $5, 'x', 'x', 'remote', 'FULL_TIME', 'senior', 'open')`,
    [jobId, org.id, tpl.id, tpl.latest_revision_id, `Backend engineer ${unique()}`],
  );
  const stageId = randomUUID();
  const otherStageId = randomUUID();
  await db.query(
    `INSERT INTO job_stages (id, organization_id, job_id, position, name, kind, kit_key) VALUES ($1, $3, $4, 0, 'System design', 'system_design', $5), ($2, $3, $4, 1, 'Hiring manager', 'hiring_manager', NULL)`,
    [stageId, otherStageId, org.id, jobId, kitKey],
  );
  for (const uid of team.recruiters ?? [])
    await db.query(`INSERT INTO job_hiring_team (organization_id, job_id, user_id, role) VALUES ($1, $2, $3, 'recruiter')`, [org.id, jobId, uid]);
  for (const uid of team.hiringManagers ?? [])
    await db.query(`INSERT INTO job_hiring_team (organization_id, job_id, user_id, role) VALUES ($1, $2, $3, 'hiring_manager')`, [org.id, jobId, uid]);
  const candidateId = randomUUID();
  const email = `${unique('cand')}@example.test`;
  await db.query(`INSERT INTO candidates (id, organization_id, first_name, last_name, emails) VALUES ($1, $2, 'Grace', 'Hopper', ARRAY[$3])`, [
    candidateId,
    org.id,
    email,
  ]);
  const applicationId = randomUUID();
  await db.query(`INSERT INTO applications (id, organization_id, candidate_id, job_id, stage_id) VALUES ($1, $2, $3, $4, $5)`, [
    applicationId,
    org.id,
    candidateId,
    jobId,
    stageId,
  ]);
  return { jobId, stageId, otherStageId, applicationId, candidateId };
}

export const hoursFromNow = (h: number) => new Date(Date.now() + h * 3_600_000).toISOString();
