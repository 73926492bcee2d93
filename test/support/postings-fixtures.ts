import { randomUUID } from 'node:crypto';
import { NestFactory } from '@nestjs/core';
import { Module, type INestApplicationContext } from '@nestjs/common';
import { PostingsProcessor } from '../../apps/worker/src/postings.processor.js';
import { PipelinesModule } from '../../libs/pipelines/src/index.js';
import { InterviewsModule } from '../../libs/interviews/src/index.js';
import { ScorecardsModule } from '../../libs/scorecards/src/index.js';
import { AppConfigModule } from '../../libs/config/src/index.js';
import { DbModule } from '../../libs/db/src/index.js';
import { AppLoggerModule, OutboxRelayRunner, PlatformModule } from '../../libs/platform/src/index.js';
import { PostingsWorkerModule } from '../../libs/postings/src/index.js';
import { testDb } from './db.js';
import { unique } from './factories.js';

export interface JobFixture {
  id: string;
  departmentId: string;
  officeId: string;
}

export interface JobOptions {
  status?: 'draft' | 'open' | 'on_hold' | 'closed';
  workModel?: 'onsite' | 'hybrid' | 'remote';
  remoteCountries?: string[];
  findings?: unknown[];
  title?: string;
  descriptionHtml?: string;
  salary?: { min: number; max: number; currency: string; period: 'YEAR' | 'MONTH' | 'HOUR' } | null;
  departmentName?: string;
  office?: { name?: string; city: string; region: string; country: string; postalCode?: string; streetAddress?: string };
}

export const DESCRIPTION_HTML =
  '<h2>Summary</h2><p>You will build and run the services behind our hiring product: APIs, queues and the Postgres schema they rely on.</p>' +
  '<h2>Responsibilities</h2><ul><li>Design and ship HTTP APIs &amp; background jobs</li><li>Own reliability of the services you build</li></ul>';

/** An organization-owned template, revision, department, office and job, inserted as real rows. */
export async function makeJob(organizationId: string, options: JobOptions = {}): Promise<JobFixture> {
  const db = await testDb();
  const templateId = randomUUID();
  const revisionId = randomUUID();
  await db.transaction(async (m) => {
    await m.query(
      `INSERT INTO templates (id, organization_id, family, title, built_in, latest_revision_id, latest_revision_number) VALUES ($1, $2, 'backend', 'Backend Engineer', false, $3, 1)`,
      [templateId, organizationId, revisionId],
    );
    await m.query(
      `INSERT INTO template_revisions (id, template_id, organization_id, number, title, sections, variables) VALUES ($1, $2, $3, 1, 'Backend Engineer', '{}', '[]')`,
      [revisionId, templateId, organizationId],
    );
  });
  const [{ id: departmentId }] = await db.query(`INSERT INTO departments (organization_id, name) VALUES ($1, $2) RETURNING id`, [
    organizationId,
    options.departmentName ?? unique('Engineering '),
  ]);
  const office = options.office ?? { city: 'Berlin', region: 'Berlin', country: 'DE', postalCode: '10115', streetAddress: 'Invalidenstraße 1' };
  const [{ id: officeId }] = await db.query(
    `INSERT INTO offices (organization_id, name, city, region, country, postal_code, street_address) VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id`,
    [
      organizationId,
      office.name ?? unique(`${office.city} `),
      office.city,
      office.region,
      office.country,
      office.postalCode ?? null,
      office.streetAddress ?? null,
    ],
  );
  const salary = options.salary === undefined ? { min: 70000, max: 90000, currency: 'EUR', period: 'YEAR' } : options.salary;
  const status = options.status ?? 'open';
  const [{ id }] = await db.query(
    `INSERT INTO jobs (organization_id, template_id, template_revision_id, title, description_markdown, description_html, findings, department_id,
                       work_model, remote_countries, employment_type, seniority, salary_min, salary_max, salary_currency, salary_period, status, close_reason, opened_at)
     VALUES ($1, $2, $3, $4, 'md', $5, $6, $7, $8, $9, 'FULL_TIME', 'senior', $10, $11, $12, $13, $14, $15, now()) RETURNING id`,
    [
      organizationId,
      templateId,
      revisionId,
      options.title ?? 'Senior Backend Engineer',
      options.descriptionHtml ?? DESCRIPTION_HTML,
      JSON.stringify(options.findings ?? []),
      departmentId,
      options.workModel ?? 'onsite',
      options.remoteCountries ?? [],
      salary?.min ?? null,
      salary?.max ?? null,
      salary?.currency ?? null,
      salary?.period ?? null,
      status,
      status === 'closed' ? 'filled' : null,
    ],
  );
  await db.query(`INSERT INTO job_offices (organization_id, job_id, office_id, position) VALUES ($1, $2, $3, 0)`, [organizationId, id, officeId]);
  await db.query(
    `INSERT INTO job_stages (organization_id, job_id, position, name, kind) VALUES ($1, $2, 0, 'Application review', 'application_review'), ($1, $2, 1, 'Recruiter screen', 'recruiter_screen')`,
    [organizationId, id],
  );
  return { id, departmentId, officeId };
}

/**
 * The worker's postings half: the outbox relay and the postings processor, wired as in
 * apps/worker (other modules' processors are left out so these tests do not depend on them).
 */
@Module({
  // Pipelines, interviews and scorecards bind the ports jobs declares (a process refuses to start with one unbound).
  imports: [AppConfigModule, AppLoggerModule, DbModule, PlatformModule, PostingsWorkerModule, PipelinesModule, InterviewsModule, ScorecardsModule],
  providers: [OutboxRelayRunner, PostingsProcessor],
})
class PostingsWorkerTestModule {}

/**
 * Partner boards in tests are loopback receivers, and any test file's worker may deliver any other
 * file's postings (they share the run's queues), so every test worker allowlists loopback unless the
 * caller says otherwise.
 */
export const TEST_EGRESS_ALLOWLIST = '127.0.0.1';

export async function startTestWorker(overrides: Record<string, string> = {}): Promise<INestApplicationContext> {
  const env = { EGRESS_ALLOWLIST: TEST_EGRESS_ALLOWLIST, ...overrides };
  const saved = Object.fromEntries(Object.keys(env).map((key) => [key, process.env[key]]));
  Object.assign(process.env, env);
  try {
    const worker = await NestFactory.createApplicationContext(PostingsWorkerTestModule, { logger: false });
    await worker.init();
    return worker;
  } finally {
    for (const [key, value] of Object.entries(saved)) {
      if (value === undefined) delete process.env[key];
      else process.env[key] = value;
    }
  }
}

export async function waitFor<T>(probe: () => Promise<T>, done: (value: T) => boolean, timeoutMs = 20000, label = 'condition'): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: T = await probe();
  while (!done(last)) {
    if (Date.now() > deadline) throw new Error(`Timed out waiting for ${label}: ${JSON.stringify(last).slice(0, 500)}`);
    await new Promise((r) => setTimeout(r, 100));
    last = await probe();
  }
  return last;
}

export async function postingStatuses(jobId: string): Promise<Record<string, string>> {
  const db = await testDb();
  const rows: Array<{ board: string; status: string }> = await db.query('SELECT board, status FROM postings WHERE job_id = $1 ORDER BY created_at', [jobId]);
  return Object.fromEntries(rows.map((r) => [r.board, r.status]));
}
