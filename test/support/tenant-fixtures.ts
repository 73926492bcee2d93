import { Module, type INestApplicationContext } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { Queue } from 'bullmq';
import { FilesProcessor } from '../../apps/worker/src/files.processor.js';
import { InterviewsProcessor } from '../../apps/worker/src/interviews.processor.js';
import { NotificationsProcessor } from '../../apps/worker/src/notifications.processor.js';
import { OffersProcessor } from '../../apps/worker/src/offers.processor.js';
import { PlatformProcessor } from '../../apps/worker/src/platform.processor.js';
import { PostingsProcessor } from '../../apps/worker/src/postings.processor.js';
import { ScorecardsProcessor } from '../../apps/worker/src/scorecards.processor.js';
import { AppConfigModule } from '../../libs/config/src/index.js';
import { DbModule } from '../../libs/db/src/index.js';
import { InterviewsModule } from '../../libs/interviews/src/index.js';
import { WebhooksWorkerModule } from '../../libs/webhooks/src/index.js';
import { WebhooksProcessor } from '../../apps/worker/src/webhooks.processor.js';
import { MailWorkerModule } from '../../libs/mail/src/index.js';
import { MailEventsProcessor, MailProcessor } from '../../apps/worker/src/mail.processor.js';
import { OffersWorkerModule } from '../../libs/offers/src/index.js';
import { PipelinesModule } from '../../libs/pipelines/src/index.js';
import { AppLoggerModule, DEFAULT_JOB_OPTIONS, outboxJob, PlatformModule, type PendingOutboxRow } from '../../libs/platform/src/index.js';
import { PostingsWorkerModule } from '../../libs/postings/src/index.js';
import { ScorecardsModule } from '../../libs/scorecards/src/index.js';
import type { TestApp } from './app.js';
import { testDb } from './db.js';
import { bearer, makeOrg, makeUser, TestOrg, TestUser, unique } from './factories.js';
import { TEST_EGRESS_ALLOWLIST, waitFor } from './postings-fixtures.js';
import { makePdf } from './resume-fixtures.js';

/**
 * An organization with at least one of everything the API can address by id, built through the API
 * (a partner board is a row: registering one probes its URL). Every name carries `marker`, so a
 * response that shows any of it to another organization is a leak whatever its shape.
 */
export interface TenantFixture {
  org: TestOrg;
  marker: string;
  users: { admin: TestUser; recruiter: TestUser; hiringManager: TestUser; interviewer: TestUser; panelist: TestUser };
  /** The ids the sweep substitutes, by the name a route gives them (see `RESOURCE_TABLES`). */
  ids: Record<string, string[]>;
  /** Named ids, for request bodies. */
  /** The kit's content (for a revision body) and one of its competencies (for ratings). */
  kitContent: Record<string, unknown>;
  kitCompetency: string;
  named: {
    department: string;
    parentDepartment: string;
    office: string;
    parentOffice: string;
    template: string;
    templateRevision: string;
    job: string;
    /** An open job nobody applied to: its plan can still change. */
    secondJob: string;
    secondJobStage: string;
    stages: Record<'review' | 'screen' | 'technical' | 'offer' | 'hired', string>;
    candidate: string;
    otherCandidate: string;
    application: string;
    rejectedApplication: string;
    offerApplication: string;
    rejectionReason: string;
    kit: string;
    interview: string;
    offer: string;
    posting: string;
    partnerBoard: string;
    apiKey: string;
    webhook: string;
    webhookDelivery: string;
    notification: string;
    note: string;
    file: string;
    /** The row a route under each table is called with when the sweep needs one of the organization's own. */
    byTable: Record<string, string>;
  };
}

/**
 * Tenant tables whose ids a route can name, keyed by the path segment before `{id}` (or a parameter
 * name like `jobId`). A route under a new segment makes the sweep fail until it is added here and the
 * fixture creates a row of it.
 */
export const RESOURCE_TABLES: Record<string, string> = {
  users: 'users',
  templates: 'templates',
  jobs: 'jobs',
  departments: 'departments',
  offices: 'offices',
  candidates: 'candidates',
  applications: 'applications',
  notifications: 'notifications',
  'interview-kits': 'interview_kits',
  interviews: 'interviews',
  offers: 'offers',
  postings: 'postings',
  'partner-boards': 'partner_boards',
  'rejection-reasons': 'rejection_reasons',
  stages: 'job_stages',
  notes: 'notes',
  'api-keys': 'api_keys',
  webhooks: 'webhook_endpoints',
  emails: 'emails',
  'email-templates': 'email_templates',
  exports: 'privacy_exports',
  requests: 'privacy_requests',
  inbox: 'inbound_emails',
};

/** Tables without their own organization_id, scoped through their parent's. */
const CHILD_SCOPES: Record<string, string> = {
  template_revisions: 'template_id IN (SELECT id FROM templates WHERE organization_id = $1)',
};

/** Query and body fields that name a row, by field name, to the table of that row. */
export const ID_FIELDS: Record<string, string> = {
  id: '',
  jobId: 'jobs',
  applicationId: 'applications',
  candidateId: 'candidates',
  departmentId: 'departments',
  officeId: 'offices',
  officeIds: 'offices',
  parentId: 'departments',
  stageId: 'job_stages',
  toStageId: 'job_stages',
  reasonId: 'rejection_reasons',
  templateId: 'templates',
  templateRevisionId: 'template_revisions',
  revisionId: 'template_revisions',
  kitId: 'interview_kits',
  interviewerIds: 'users',
  recruiterIds: 'users',
  hiringManagerIds: 'users',
  hiringTeamMember: 'users',
  otherId: 'candidates',
  ids: 'applications',
  deliveryId: 'webhook_deliveries',
  applicationIds: 'applications',
};

const RATIONALE = 'Strong system design and clear communication across every interview.';
const hoursFromNow = (h: number) => new Date(Date.now() + h * 3_600_000).toISOString();
export const TEMPLATE_SECTIONS = {
  summary: 'We are hiring a backend engineer to build payment APIs in Go on PostgreSQL.',
  responsibilities: ['Design and build REST APIs in Go.', 'Own PostgreSQL schema changes and migrations.'],
  requirements: ['3+ years building backend services in Go.', 'Solid SQL and PostgreSQL experience.'],
  niceToHave: ['Experience with payment systems.'],
  skills: ['Go', 'PostgreSQL'],
  interviewFocus: ['API design and data modelling for payments.'],
};

/** What the fixture reads back from a created resource. */
interface Row {
  id: string;
  version: number;
}
interface Kit extends Row {
  key: string;
  revision: { content: Record<string, unknown> & { competencies: { key: string }[] } };
}
interface JobRow extends Row {
  interviewPlan: { id: string; kind: string }[];
}

export async function buildTenantFixture(t: TestApp, marker: string): Promise<TenantFixture> {
  const org = await makeOrg(t, { name: `${marker} Robotics` });
  const admin = org.admin;
  const [recruiter, hiringManager, interviewer, panelist] = await Promise.all([
    makeUser(t, org, ['recruiter'], `${marker} Rita`),
    makeUser(t, org, ['hiring_manager'], `${marker} Hal`),
    makeUser(t, org, ['interviewer'], `${marker} Ivan`),
    makeUser(t, org, ['interviewer'], `${marker} Pia`),
  ]);
  const call = async <T = Row>(user: TestUser, method: 'get' | 'post' | 'put' | 'patch', path: string, body?: object): Promise<T> => {
    let req = t.http()[method](path).set(bearer(user));
    if (body !== undefined) req = req.send(body);
    const res = await req;
    if (res.status < 200 || res.status > 202) throw new Error(`fixture ${method.toUpperCase()} ${path}: ${res.status} ${JSON.stringify(res.body)}`);
    return res.body as T;
  };

  const parentDepartment = await call(recruiter, 'post', '/v1/departments', { name: `${marker} Technology` });
  const department = await call(recruiter, 'post', '/v1/departments', { name: `${marker} Engineering`, parentId: parentDepartment.id });
  const parentOffice = await call(recruiter, 'post', '/v1/offices', { name: `${marker} Germany`, city: 'Berlin', region: 'Berlin', country: 'DE' });
  const office = await call(recruiter, 'post', '/v1/offices', {
    name: `${marker} Berlin`,
    city: 'Berlin',
    region: 'Berlin',
    country: 'DE',
    parentId: parentOffice.id,
  });
  const template = await call(recruiter, 'post', '/v1/templates', { family: 'payments-backend', title: `${marker} Backend`, sections: TEMPLATE_SECTIONS });
  const revised = await call<{ latestRevisionId: string }>(recruiter, 'post', `/v1/templates/${template.id}/revisions`, {
    title: `${marker} Backend v2`,
    sections: TEMPLATE_SECTIONS,
  });
  const builtInKits = await call<{ data: Row[] }>(recruiter, 'get', '/v1/interview-kits?builtIn=true&limit=1');
  const kit = await call<Kit>(recruiter, 'post', `/v1/interview-kits/${builtInKits.data[0].id}/fork`, { key: unique('kit-'), title: `${marker} Kit` });
  const kitCompetency = kit.revision.content.competencies[0].key;

  const jobBody = (title: string) => ({
    templateId: template.id,
    title,
    departmentId: department.id,
    officeIds: [office.id],
    workModel: 'hybrid',
    employmentType: 'FULL_TIME',
    seniority: 'senior',
    salary: { min: 100000, max: 140000, currency: 'EUR', period: 'YEAR' },
    openings: 2,
    hiringTeam: { recruiterIds: [recruiter.id], hiringManagerIds: [hiringManager.id], interviewerIds: [interviewer.id, panelist.id] },
    interviewPlan: [
      { name: 'Application review', kind: 'application_review', slaDays: 30 },
      { name: 'Recruiter screen', kind: 'recruiter_screen' },
      { name: 'Technical interview', kind: 'technical_interview', kitKey: kit.key },
      { name: 'Offer', kind: 'offer' },
      { name: 'Hired', kind: 'hired' },
    ],
  });
  const created = await call<JobRow>(recruiter, 'post', '/v1/jobs', jobBody(`${marker} Backend Engineer`));
  const job = await call<JobRow>(recruiter, 'post', `/v1/jobs/${created.id}/open`, { version: created.version });
  const second = await call<JobRow>(recruiter, 'post', '/v1/jobs', jobBody(`${marker} Platform Engineer`));
  const secondJob = await call<JobRow>(recruiter, 'post', `/v1/jobs/${second.id}/open`, { version: second.version });
  const stageOf = (kind: string) => job.interviewPlan.find((s) => s.kind === kind)!.id;
  const stages = {
    review: stageOf('application_review'),
    screen: stageOf('recruiter_screen'),
    technical: stageOf('technical_interview'),
    offer: stageOf('offer'),
    hired: stageOf('hired'),
  };
  const postingId = (await call<{ data: Row[] }>(recruiter, 'post', `/v1/jobs/${job.id}/postings`, { boards: ['careers'] })).data[0].id;
  const db = await testDb();
  const [{ id: partnerBoard }]: Row[] = await db.query(
    `INSERT INTO partner_boards (organization_id, name, url, secret, created_by) VALUES ($1, $2, 'https://boards.example.test/hook', 'a-secret-of-enough-length', $3) RETURNING id`,
    [org.id, `${marker} Partner`, admin.id],
  );

  const apiKey = await call(admin, 'post', '/v1/api-keys', { name: `${marker} HRIS sync`, scopes: ['jobs:read'] });
  const [{ id: webhook }]: Row[] = await db.query(
    `INSERT INTO webhook_endpoints (organization_id, url, events, description, secret, created_by, enabled) VALUES ($1, 'https://hooks.example.test/in', '{*}', $2, 'whsec_c2VjcmV0LW9mLWVub3VnaC1sZW5ndGgtZm9yLXRlc3Rz', $3, false) RETURNING id`,
    [org.id, `${marker} HRIS`, admin.id],
  );
  const webhookEvent = `evt_fixture_${unique('')}`;
  await db.query(
    `INSERT INTO webhook_events (id, organization_id, type, aggregate_type, aggregate_id, sequence, occurred_at, data) VALUES ($1, $2, 'job.updated', 'job', $3, 1, now(), $4)`,
    [webhookEvent, org.id, job.id, JSON.stringify({ id: job.id, title: `${marker} Backend Engineer` })],
  );
  const [{ id: webhookDelivery }]: Row[] = await db.query(
    `INSERT INTO webhook_deliveries (organization_id, endpoint_id, event_id, event_type, aggregate_key, sequence, status, attempts) VALUES ($1, $2, $3, 'job.updated', $4, 1, 'failed', 9) RETURNING id`,
    [org.id, webhook, webhookEvent, `job:${job.id}`],
  );

  const email = (who: string) => `${unique(who)}@example.test`;
  const candidate = await call(recruiter, 'post', '/v1/candidates', {
    firstName: marker,
    lastName: 'Lovelace',
    emails: [email('ada')],
    tags: [marker.toLowerCase()],
  });
  const otherCandidate = await call(recruiter, 'post', '/v1/candidates', { firstName: marker, lastName: 'Lovelace', emails: [email('ada2')] });
  const resume = await t
    .http()
    .post(`/v1/candidates/${candidate.id}/resume`)
    .set(bearer(recruiter))
    .attach('resume', makePdf(`${marker} resume`), { filename: 'resume.pdf', contentType: 'application/pdf' });
  if (resume.status !== 201 && resume.status !== 200) throw new Error(`fixture resume: ${resume.status} ${JSON.stringify(resume.body)}`);
  const note = await call(recruiter, 'post', `/v1/candidates/${candidate.id}/notes`, { body: `${marker} strong referral` });
  const application = await call(recruiter, 'post', '/v1/applications', { candidateId: candidate.id, jobId: job.id });
  await call(recruiter, 'post', `/v1/applications/${application.id}/notes`, { body: `${marker} application note` });
  const moved = await call(recruiter, 'post', `/v1/applications/${application.id}/move`, { toStageId: stages.technical, expectedVersion: application.version });
  const reason = await call(admin, 'post', '/v1/rejection-reasons', { label: `${marker} Not a fit` });
  const rejected = await call(recruiter, 'post', '/v1/applications', { candidateId: otherCandidate.id, jobId: job.id });
  await call(recruiter, 'post', `/v1/applications/${rejected.id}/reject`, { reasonId: reason.id, note: `${marker} no` });

  const interview = await call(recruiter, 'post', `/v1/applications/${application.id}/interviews`, {
    stageId: stages.technical,
    kitId: kit.id,
    startsAt: hoursFromNow(72),
    durationMinutes: 60,
    interviewerIds: [interviewer.id, panelist.id],
    location: `${marker} Room 1`,
  });
  const ratings = [{ competency: kitCompetency, rating: 3, evidence: `${marker} evidence` }];
  await call(interviewer, 'put', `/v1/interviews/${interview.id}/scorecard`, { ratings, keyTakeaways: `${marker} draft` });
  await call(panelist, 'post', `/v1/interviews/${interview.id}/scorecard/submit`, { ratings, keyTakeaways: `${marker} submitted`, overall: 'yes' });

  const offerApp = await call(recruiter, 'post', '/v1/applications', {
    jobId: job.id,
    candidate: { firstName: marker, lastName: 'Hopper', emails: [email('grace')] },
  });
  await call(hiringManager, 'post', `/v1/applications/${offerApp.id}/decision`, { decision: 'offer', rationale: RATIONALE });
  const offer = await call(recruiter, 'post', `/v1/applications/${offerApp.id}/offers`, {
    base: { amount: 120000, currency: 'EUR', period: 'YEAR' },
    startDate: hoursFromNow(24 * 40).slice(0, 10),
    expiresAt: hoursFromNow(24 * 20),
    notes: `${marker} remote within the EU`,
  });
  await call(recruiter, 'post', `/v1/offers/${offer.id}/submit`, { version: offer.version });
  await call(hiringManager, 'post', `/v1/offers/${offer.id}/approve`, { comment: `${marker} ok` });

  const emailTemplate = await call(recruiter, 'post', '/v1/email-templates', {
    type: 'custom',
    name: `${marker} follow-up`,
    subject: 'Hello {{ candidate.first_name }}',
    body: `${marker} about {{ job.title }}`,
  });
  // A scheduled email (not sent during the sweep: it waits an hour).
  const scheduledEmail = await call(recruiter, 'post', `/v1/applications/${application.id}/emails`, {
    subject: `${marker} next steps`,
    body: `${marker} we will be in touch`,
    sendAt: hoursFromNow(1),
  });

  // A data export and a privacy request, as rows (an export through the API would be built by whichever test
  // worker picks its job, changing the row in the middle of the sweep).
  const [{ id: privacyExport }]: Row[] = await db.query(
    `INSERT INTO privacy_exports (organization_id, candidate_id, requested_by, status, failure) VALUES ($1, $2, $3, 'failed', $4) RETURNING id`,
    [org.id, candidate.id, admin.id, `${marker} could not be built`],
  );
  const [{ id: privacyRequest }]: Row[] = await db.query(
    `INSERT INTO privacy_requests (organization_id, kind, email, candidate_id, status, deadline_at) VALUES ($1, 'access', $2, $3, 'awaiting_admin', now() + interval '30 days') RETURNING id`,
    [org.id, email(`${marker.toLowerCase()}-privacy`), candidate.id],
  );
  // A message in the organization inbox (mail to its inbox address that answers none of its emails), as InboundMail stores it.
  const [inboxItem]: Row[] = await db.query(
    `INSERT INTO inbound_emails (organization_id, message_id, from_address, to_address, subject, body, threaded_by, inbox_state)
     VALUES ($1, $2, 'someone@sender.example', 'inbox@hireloop.test', $3, $4, 'organization_address', 'open') RETURNING id::text`,
    [org.id, `<${unique('inbox')}@sender.example>`, `${marker} a question`, `${marker} hello`],
  );

  // Notifications come from the worker (the panel is told about the interview).
  await settleOutbox([org.id]);
  const [file]: (Row | undefined)[] = await db.query(`SELECT id FROM candidate_files WHERE organization_id = $1 LIMIT 1`, [org.id]);
  const [notification]: (Row | undefined)[] = await db.query(`SELECT id FROM notifications WHERE organization_id = $1 LIMIT 1`, [org.id]);
  if (!notification) throw new Error('fixture: the worker wrote no notification for the scheduled interview');
  if (!file) throw new Error('fixture: the resume upload stored no file');

  const ids: Record<string, string[]> = {};
  for (const table of new Set([...Object.values(RESOURCE_TABLES), ...Object.values(ID_FIELDS).filter(Boolean)])) {
    const where = CHILD_SCOPES[table] ?? 'organization_id = $1';
    const rows: { id: string }[] = await db.query(`SELECT id::text FROM ${table} WHERE ${where} ORDER BY id`, [org.id]);
    ids[table] = rows.map((r) => r.id);
  }
  void moved;
  const named = {
    department: department.id,
    parentDepartment: parentDepartment.id,
    office: office.id,
    parentOffice: parentOffice.id,
    template: template.id,
    templateRevision: revised.latestRevisionId,
    job: job.id,
    secondJob: secondJob.id,
    secondJobStage: secondJob.interviewPlan[0].id,
    stages,
    candidate: candidate.id,
    otherCandidate: otherCandidate.id,
    application: application.id,
    rejectedApplication: rejected.id,
    offerApplication: offerApp.id,
    rejectionReason: reason.id,
    kit: kit.id,
    interview: interview.id,
    offer: offer.id,
    posting: postingId,
    partnerBoard,
    apiKey: apiKey.id,
    webhook,
    webhookDelivery,
    notification: notification.id,
    note: note.id,
    file: file.id,
  };
  return {
    org,
    marker,
    users: { admin, recruiter, hiringManager, interviewer, panelist },
    ids,
    kitContent: kit.revision.content,
    kitCompetency,
    named: {
      ...named,
      byTable: {
        users: recruiter.id,
        templates: template.id,
        jobs: secondJob.id,
        departments: department.id,
        offices: office.id,
        candidates: candidate.id,
        applications: application.id,
        notifications: notification.id,
        interview_kits: kit.id,
        interviews: interview.id,
        offers: offer.id,
        postings: postingId,
        partner_boards: partnerBoard,
        rejection_reasons: reason.id,
        api_keys: apiKey.id,
        webhook_endpoints: webhook,
        webhook_deliveries: webhookDelivery,
        emails: scheduledEmail.id,
        email_templates: emailTemplate.id,
        privacy_exports: privacyExport,
        privacy_requests: privacyRequest,
        inbound_emails: inboxItem.id,
      },
    },
  };
}

/**
 * The worker's processors, wired as in apps/worker, without the outbox relay (settleOutbox relays only
 * the sweep's own organizations, so another file's rows are never moved behind its back, e.g. while it
 * holds Redis away), without the repeatable sweeps (they belong to the tests that exercise them), and
 * without pipelines' processor (its events are only logged; it schedules the stage-SLA sweep over every
 * organization). Started for the fixture, stopped before the sweep.
 */
@Module({
  imports: [
    AppConfigModule,
    AppLoggerModule,
    DbModule,
    PlatformModule,
    PostingsWorkerModule,
    PipelinesModule,
    InterviewsModule,
    ScorecardsModule,
    OffersWorkerModule,
    WebhooksWorkerModule,
    MailWorkerModule,
  ],
  providers: [
    PlatformProcessor,
    NotificationsProcessor,
    PostingsProcessor,
    FilesProcessor,
    InterviewsProcessor,
    ScorecardsProcessor,
    OffersProcessor,
    WebhooksProcessor,
    MailProcessor,
    MailEventsProcessor,
  ],
})
class TenantWorkerTestModule {}

let worker: INestApplicationContext | undefined;
const queues = new Map<string, Queue>();

function queueFor(name: string): Queue {
  let queue = queues.get(name);
  if (!queue) {
    queue = new Queue(name, {
      connection: { url: process.env.REDIS_URL ?? 'redis://127.0.0.1:6379' },
      prefix: process.env.QUEUE_PREFIX,
      defaultJobOptions: DEFAULT_JOB_OPTIONS,
    });
    queues.set(name, queue);
  }
  return queue;
}

/** Allowlists loopback like every test worker: it may deliver another file's postings to that file's loopback receiver. */
export async function startTenantWorker(): Promise<void> {
  const saved = process.env.EGRESS_ALLOWLIST;
  process.env.EGRESS_ALLOWLIST = TEST_EGRESS_ALLOWLIST;
  try {
    worker ??= await NestFactory.createApplicationContext(TenantWorkerTestModule, { logger: false });
    await worker.init();
  } finally {
    if (saved === undefined) delete process.env.EGRESS_ALLOWLIST;
    else process.env.EGRESS_ALLOWLIST = saved;
  }
}

export async function stopTenantWorker(): Promise<void> {
  await Promise.all([...queues.values()].map((q) => q.close()));
  queues.clear();
  await worker?.close();
  worker = undefined;
}

/**
 * The outbox relay's pass (OutboxRelay) over these organizations' rows only: the same job names, data and
 * ids, so a row another relay also moves lands on the same BullMQ job.
 */
async function relayOwn(organizationIds: string[]): Promise<void> {
  const db = await testDb();
  await db.transaction(async (m) => {
    const rows: PendingOutboxRow[] = await m.query(
      `SELECT id::text, queue, job_id, event_type, payload, run_at, organization_id, aggregate_type, aggregate_id
         FROM outbox_events WHERE organization_id = ANY($1::uuid[]) AND dispatched_at IS NULL ORDER BY id FOR UPDATE`,
      [organizationIds],
    );
    for (const row of rows) {
      const job = outboxJob(row);
      await queueFor(row.queue).add(job.name, job.data, job.opts);
    }
    if (rows.length)
      await m.query('UPDATE outbox_events SET dispatched_at = now(), attempts = attempts + 1 WHERE id = ANY($1::bigint[])', [rows.map((r) => r.id)]);
  });
}

/**
 * Relays the organizations' outbox rows and waits until each job due now has finished (delayed jobs due
 * later are left waiting), so nothing changes their rows behind the sweep's back. Any test file's worker
 * may take these jobs, since all share the run's queues; pipelines' jobs are only logged and left alone.
 */
export async function settleOutbox(organizationIds: string[]): Promise<void> {
  await relayOwn(organizationIds);
  const db = await testDb();
  const rows: { id: string; queue: string; job_id: string | null }[] = await db.query(
    `SELECT id::text, queue, job_id FROM outbox_events
      WHERE organization_id = ANY($1::uuid[]) AND (run_at IS NULL OR run_at <= now()) AND queue <> 'pipelines'`,
    [organizationIds],
  );
  for (const row of rows) {
    const jobId = row.job_id ?? `outbox-${row.id}`;
    const queue = queueFor(row.queue);
    await waitFor(
      async () => {
        const job = await queue.getJob(jobId);
        return job ? await job.getState() : 'gone';
      },
      // 'delayed' here is a retry after a failed attempt: wait for its outcome too.
      (state) => ['completed', 'failed', 'gone'].includes(state),
      60_000,
      `job ${jobId} on ${row.queue}`,
    );
  }
  // A job may have written more events (a posting's feed regeneration): settle those too.
  const [{ n }]: { n: number }[] = await db.query(
    `SELECT count(*)::int AS n FROM outbox_events WHERE organization_id = ANY($1::uuid[]) AND dispatched_at IS NULL`,
    [organizationIds],
  );
  if (n > 0) await settleOutbox(organizationIds);
}
