import type { INestApplicationContext } from '@nestjs/common';
import { Queue } from 'bullmq';
import type { ParsedMail } from 'mailparser';
import ICAL from 'ical.js';
import { loadConfig } from '../../libs/config/src/index.js';
import { MailTransport } from '../../libs/mail/src/index.js';
import { ApplicationIntake } from '../../libs/pipelines/src/index.js';
import { TenantContext } from '../../libs/platform/src/index.js';
import { JOB_QUEUE, JobName } from '../../libs/platform/src/index.js';
import { startTestApp, TestApp } from '../support/app.js';
import { closeTestDb, count, testDb } from '../support/db.js';
import { bearer, makeOrg, makeUser, TestOrg, TestUser, unique } from '../support/factories.js';
import { startMailWorker, TestSmtp } from '../support/mail-fixtures.js';
import { makeApplication, makePipelineJob, PipelineJob } from '../support/pipelines-fixtures.js';
import { waitFor } from '../support/postings-fixtures.js';
import { postInboundEmail, rawEmail } from '../support/inbound-email.js';

const INBOUND_DOMAIN = 'replies.hireloop.test';
const INBOUND_EMAIL_SECRET = 'inbound-secret-0123456789abcdef';

/** A header as written (mailparser folds the List-* headers into one structured `list` entry). */
function rawHeader(message: ParsedMail, name: string): string | undefined {
  const line = message.headerLines.find((h) => h.key === name)?.line;
  return line === undefined ? undefined : line.slice(line.indexOf(':') + 1).trim();
}

describe('candidate email through the outbox, the mail queue and a real SMTP server', () => {
  let t: TestApp;
  let worker: INestApplicationContext;
  let smtp: TestSmtp;
  let org: TestOrg;
  let recruiter: TestUser;
  let job: PipelineJob;

  beforeAll(async () => {
    smtp = new TestSmtp();
    const port = await smtp.start();
    t = await startTestApp({ INBOUND_DOMAIN, INBOUND_EMAIL_SECRET });
    // SMTP_TIMEOUT_SECONDS: a server that goes quiet is given up on after 2 s (the stalled-server test).
    worker = await startMailWorker({
      SMTP_URL: `smtp://127.0.0.1:${port}`,
      MAIL_FROM: 'Hireloop <jobs@hireloop.test>',
      INBOUND_DOMAIN,
      SMTP_TIMEOUT_SECONDS: '2',
    });
    org = await makeOrg(t);
    recruiter = await makeUser(t, org, ['recruiter']);
    job = await makePipelineJob(org.id);
  }, 120_000);

  afterAll(async () => {
    await worker?.close();
    await t?.close();
    await smtp?.close();
    await closeTestDb();
  });

  async function newApplication(): Promise<{ id: string; candidateId: string; to: string }> {
    const app = await makeApplication(t, recruiter, job.id);
    const db = await testDb();
    const [c]: Array<{ emails: string[] }> = await db.query('SELECT emails FROM candidates WHERE id = $1', [app.candidateId]);
    return { id: app.id, candidateId: app.candidateId, to: c.emails[0] };
  }

  const status = async (emailId: string) => {
    const db = await testDb();
    const rows: Array<{ status: string; failure_reason: string | null }> = await db.query('SELECT status, failure_reason FROM emails WHERE id = $1', [emailId]);
    return rows[0];
  };

  /** The test server accepts mail again: the queued email goes out on the worker's next attempt. */
  const sentOnceServerAnswers = async (emailId: string) => {
    smtp.mode = 'accept';
    await waitFor(
      () => status(emailId),
      (s) => s.status === 'sent',
      60_000,
      'email sent once the server answered',
    );
  };

  const emailWrites = () => count('emails', 'organization_id = $1', [org.id]);
  const outboxWrites = () => count('outbox_events', "organization_id = $1 AND event_type = 'mail.send'", [org.id]);

  it('sends a queued email once, with its Message-ID, a reply address and both text and escaped HTML; a redelivered job sends nothing again', async () => {
    smtp.mode = 'accept';
    const app = await newApplication();
    const res = await t
      .http()
      .post(`/v1/applications/${app.id}/emails`)
      .set(bearer(recruiter))
      .send({ subject: 'Next steps', body: 'Hello Sam,\n\nThanks for applying <b>today</b>.' });
    expect(res.status).toBe(202);
    expect(res.body).toMatchObject({ status: 'queued', subject: 'Next steps', to: app.to, applicationId: app.id, kind: 'custom' });
    await waitFor(
      () => status(res.body.id),
      (s) => s.status === 'sent',
      30_000,
      'email sent',
    );
    const [message] = smtp.to(app.to);
    expect(message.messageId).toBe(`<${res.body.id}@${INBOUND_DOMAIN}>`);
    expect(message.subject).toBe('Next steps');
    expect(message.text).toContain('Thanks for applying <b>today</b>.');
    expect(message.html).toContain('&lt;b&gt;today&lt;/b&gt;');
    const replyTo = Array.isArray(message.replyTo) ? message.replyTo[0] : message.replyTo;
    expect(replyTo?.value[0].address).toMatch(new RegExp(`^reply\\+[A-Za-z0-9]{20,}@${INBOUND_DOMAIN.replace(/\./g, '\\.')}$`));
    // Transactional (an active application): no unsubscribe header.
    expect(rawHeader(message, 'list-unsubscribe')).toBeUndefined();

    const list = await t.http().get(`/v1/candidates/${app.candidateId}/emails`).set(bearer(recruiter));
    expect(list.status).toBe(200);
    expect(list.body.data).toEqual([expect.objectContaining({ id: res.body.id, status: 'sent' })]);

    // The relay and BullMQ deliver at least once: the same event again sends nothing.
    const db = await testDb();
    const [event]: Array<{ id: string }> = await db.query(`SELECT id FROM outbox_events WHERE aggregate_id = $1 AND event_type = 'mail.send'`, [res.body.id]);
    const config = loadConfig(process.env);
    const queue = new Queue(JOB_QUEUE[JobName.MailSend], { connection: { url: config.redisUrl }, prefix: config.queuePrefix });
    try {
      const again = await queue.add(
        JobName.MailSend,
        { eventId: String(event.id), organizationId: org.id, aggregateType: 'email', aggregateId: res.body.id, payload: { emailId: res.body.id } },
        { jobId: `redelivery-${event.id}` },
      );
      await waitFor(
        () => again.getState(),
        (state) => state === 'completed',
        30_000,
        'redelivered job',
      );
    } finally {
      await queue.close();
    }
    expect(smtp.to(app.to)).toHaveLength(1);
  });

  it('keeps an email while the mail server answers 421, then delivers it exactly once when it is back', async () => {
    smtp.mode = 'down';
    const refusedBefore = smtp.refusedConnections;
    const app = await newApplication();
    const res = await t
      .http()
      .post(`/v1/applications/${app.id}/emails`)
      .set(bearer(recruiter))
      .send({ subject: 'Interview soon', body: 'We will write again.' });
    expect(res.status).toBe(202);
    await waitFor(
      () => Promise.resolve(smtp.refusedConnections),
      (n) => n > refusedBefore,
      30_000,
      'a refused attempt',
    );
    expect((await status(res.body.id)).status).toBe('queued');
    await sentOnceServerAnswers(res.body.id);
    expect(smtp.to(app.to)).toHaveLength(1);
    expect(smtp.to(app.to)[0].messageId).toBe(`<${res.body.id}@${INBOUND_DOMAIN}>`);
  });

  it('gives up on a mail server that goes quiet mid-message after SMTP_TIMEOUT_SECONDS, keeps the email queued and sends it once the server answers', async () => {
    smtp.mode = 'stall';
    const stalledBefore = smtp.stalledMessages;
    const app = await newApplication();
    const res = await t.http().post(`/v1/applications/${app.id}/emails`).set(bearer(recruiter)).send({ subject: 'Quiet server', body: 'Hello.' });
    expect(res.status).toBe(202);
    // A second attempt reaches the server only once the first one gave up (nodemailer's own default waits 10 minutes).
    await waitFor(
      () => Promise.resolve(smtp.stalledMessages),
      (n) => n >= stalledBefore + 2,
      60_000,
      'a retry after the first attempt gave up',
    );
    expect((await status(res.body.id)).status).toBe('queued');
    await sentOnceServerAnswers(res.body.id);
    const received = smtp.to(app.to);
    expect(received).toHaveLength(1);
    expect(received[0].subject).toBe('Quiet server');
  });

  it('marks an email failed for good when the server answers 550, with the reason in words on the timeline', async () => {
    smtp.mode = 'reject';
    const app = await newApplication();
    const res = await t.http().post(`/v1/applications/${app.id}/emails`).set(bearer(recruiter)).send({ subject: 'Hello', body: 'Hi.' });
    expect(res.status).toBe(202);
    const final = await waitFor(
      () => status(res.body.id),
      (s) => s.status === 'failed',
      30_000,
      'email failed',
    );
    smtp.mode = 'accept';
    expect(final.failure_reason).toMatch(/refused the message/);
    expect(smtp.to(app.to)).toHaveLength(0);
    const timeline = await t.http().get(`/v1/candidates/${app.candidateId}/activity`).set(bearer(recruiter));
    expect(timeline.status).toBe(200);
    const failed = timeline.body.data.find((e: { kind: string }) => e.kind === 'email.failed');
    expect(failed.payload).toMatchObject({ subject: 'Hello', reason: final.failure_reason });
  });

  it('schedules an email for later and cancels it; a sent email can no longer be cancelled', async () => {
    const app = await newApplication();
    const sendAt = new Date(Date.now() + 3600_000).toISOString();
    const res = await t.http().post(`/v1/applications/${app.id}/emails`).set(bearer(recruiter)).send({ subject: 'Later', body: 'Later.', sendAt });
    expect(res.status).toBe(202);
    expect(res.body).toMatchObject({ status: 'scheduled', sendAt });
    const cancel = await t.http().delete(`/v1/emails/${res.body.id}`).set(bearer(recruiter));
    expect(cancel.status).toBe(204);
    expect((await status(res.body.id)).status).toBe('cancelled');

    const now = await t.http().post(`/v1/applications/${app.id}/emails`).set(bearer(recruiter)).send({ subject: 'Now', body: 'Now.' });
    await waitFor(
      () => status(now.body.id),
      (s) => s.status === 'sent',
      30_000,
      'email sent',
    );
    const late = await t.http().delete(`/v1/emails/${now.body.id}`).set(bearer(recruiter));
    expect(late.status).toBe(409);
    expect(late.body.code).toBe('mail.already_sent');
    expect((await status(now.body.id)).status).toBe('sent');
  });

  it('gives mail about a closed application a one-click unsubscribe that works, and then refuses to write to that candidate', async () => {
    smtp.mode = 'accept';
    const app = await newApplication();
    const db = await testDb();
    await db.query(`UPDATE applications SET status = 'withdrawn' WHERE id = $1`, [app.id]);
    const res = await t.http().post(`/v1/applications/${app.id}/emails`).set(bearer(recruiter)).send({ subject: 'Another role', body: 'Have a look.' });
    expect(res.status).toBe(202);
    await waitFor(
      () => status(res.body.id),
      (s) => s.status === 'sent',
      30_000,
      'email sent',
    );
    const [message] = smtp.to(app.to);
    expect(rawHeader(message, 'list-unsubscribe-post')).toBe('List-Unsubscribe=One-Click');
    const header = String(rawHeader(message, 'list-unsubscribe'));
    const link = new URL(header.slice(header.indexOf('<') + 1, header.indexOf('>')));
    expect(link.pathname).toBe('/v1/email-unsubscribe');

    const forged = await t.http().post(`/v1/email-unsubscribe?token=${org.id}.${app.candidateId}.AAAA`).type('form').send('List-Unsubscribe=One-Click');
    expect(forged.status).toBe(404);
    expect(await count('email_unsubscribes', 'organization_id = $1', [org.id])).toBe(0);

    const page = await t.http().get(`${link.pathname}${link.search}`);
    expect(page.status).toBe(200);
    expect(page.text).toContain('Unsubscribe');
    const oneClick = await t.http().post(`${link.pathname}${link.search}`).type('form').send('List-Unsubscribe=One-Click');
    expect(oneClick.status).toBe(200);
    expect(await count('email_unsubscribes', 'organization_id = $1 AND candidate_id = $2', [org.id, app.candidateId])).toBe(1);

    const [emails, events] = [await emailWrites(), await outboxWrites()];
    const refused = await t.http().post(`/v1/applications/${app.id}/emails`).set(bearer(recruiter)).send({ subject: 'Again', body: 'Again.' });
    expect(refused.status).toBe(422);
    expect(refused.body.code).toBe('mail.do_not_contact');
    expect([await emailWrites(), await outboxWrites()]).toEqual([emails, events]);
  });

  it('refuses bad input and writes nothing', async () => {
    const app = await newApplication();
    const other = await makeOrg(t);
    const [emails, events] = [await emailWrites(), await outboxWrites()];
    const cases: Array<[string, Record<string, unknown>, number, string | RegExp]> = [
      [app.id, { subject: '', body: 'x' }, 400, 'subject'],
      [app.id, { subject: 'x', body: 'x'.repeat(50_001) }, 400, 'body'],
      [app.id, { subject: 'x', body: 'x', sendAt: 'tomorrow' }, 400, 'sendAt'],
      [app.id, { subject: 'x', body: 'x', sendAt: new Date(Date.now() + 400 * 24 * 3600_000).toISOString() }, 422, 'sendAt'],
      [app.id, { subject: 'x', body: 'x', headers: { Bcc: 'a@b.c' } }, 400, 'headers'],
    ];
    for (const [id, body, code, field] of cases) {
      const res = await t.http().post(`/v1/applications/${id}/emails`).set(bearer(recruiter)).send(body);
      expect([res.status, JSON.stringify(res.body.errors ?? [])]).toEqual([code, expect.stringContaining(field as string)]);
    }
    const foreign = await t.http().post(`/v1/applications/${app.id}/emails`).set(bearer(other.admin)).send({ subject: 'x', body: 'x' });
    expect(foreign.status).toBe(404);
    const interviewer = await makeUser(t, org, ['interviewer']);
    const forbidden = await t.http().post(`/v1/applications/${app.id}/emails`).set(bearer(interviewer)).send({ subject: 'x', body: 'x' });
    expect(forbidden.status).toBe(403);
    expect([await emailWrites(), await outboxWrites()]).toEqual([emails, events]);
    expect((await t.http().delete(`/v1/emails/${app.id}`).set(bearer(recruiter))).status).toBe(404);
    expect((await t.http().get(`/v1/candidates/${app.candidateId}/emails?cursor=forged`).set(bearer(recruiter))).status).toBe(400);
  });

  it('saves templates whose merge fields it knows, refuses unknown fields and includes by name, and previews with HTML escaped', async () => {
    const before = await count('email_templates', 'organization_id = $1', [org.id]);
    const bad: Array<[Record<string, unknown>, number, string]> = [
      [
        { type: 'custom', name: 'x', subject: 'Hi {{ candidate.first_name }}', body: 'Your {{ candidate.salary_expectation }}' },
        422,
        'candidate.salary_expectation',
      ],
      [{ type: 'custom', name: 'x', subject: '{{ secret }}', body: 'x' }, 422, 'secret'],
      [{ type: 'custom', name: 'x', subject: 'x', body: '{% include "/etc/passwd" %}' }, 422, 'not available'],
      [{ type: 'custom', name: 'x', subject: 'x', body: '{{ candidate.first_name ' }, 422, 'cannot be read'],
      [{ type: 'custom', name: 'x', subject: 'x', body: 'x'.repeat(20_001) }, 400, 'body'],
      [{ type: 'newsletter', name: 'x', subject: 'x', body: 'x' }, 400, 'type'],
    ];
    for (const [body, code, says] of bad) {
      const res = await t.http().post('/v1/email-templates').set(bearer(recruiter)).send(body);
      expect([res.status, JSON.stringify(res.body.errors ?? [])]).toEqual([code, expect.stringContaining(says)]);
    }
    expect(await count('email_templates', 'organization_id = $1', [org.id])).toBe(before);

    const created = await t.http().post('/v1/email-templates').set(bearer(recruiter)).send({
      type: 'rejection',
      name: 'Kind no',
      subject: 'About {{ job.title }}',
      body: 'Dear {{ candidate.first_name }}, thank you. {{ organization.name }}',
    });
    expect(created.status).toBe(201);
    const list = await t.http().get('/v1/email-templates').set(bearer(recruiter));
    expect(list.body.data.filter((x: { builtIn: boolean }) => x.builtIn).map((x: { type: string }) => x.type)).toEqual([
      'application_received',
      'rejection',
      'interview_invitation',
      'interview_rescheduled',
      'interview_cancelled',
      'scheduling_request',
      'offer_letter',
      'custom',
    ]);
    expect(list.body.data).toContainEqual(expect.objectContaining({ id: created.body.id, builtIn: false }));
    const badPatch = await t.http().patch(`/v1/email-templates/${created.body.id}`).set(bearer(recruiter)).send({ body: '{{ candidate.password }}' });
    expect(badPatch.status).toBe(422);
    const patched = await t.http().patch(`/v1/email-templates/${created.body.id}`).set(bearer(recruiter)).send({ name: 'Kind no (v2)' });
    expect(patched.body).toMatchObject({ name: 'Kind no (v2)', body: created.body.body });
    const builtInId = list.body.data[0].id;
    expect((await t.http().patch(`/v1/email-templates/${builtInId}`).set(bearer(recruiter)).send({ name: 'Mine' })).status).toBe(409);

    const res = await t
      .http()
      .post('/v1/applications')
      .set(bearer(recruiter))
      .send({ jobId: job.id, candidate: { firstName: 'Ana <b>&', lastName: unique('Ruiz'), emails: [`${unique('ana')}@example.test`] } });
    expect(res.status).toBe(201);
    const preview = await t.http().post(`/v1/email-templates/${created.body.id}/preview`).set(bearer(recruiter)).send({ applicationId: res.body.id });
    expect(preview.status).toBe(200);
    expect(preview.body.body).toContain('Dear Ana <b>&, thank you. Org ');
    expect(preview.body.html).toContain('Dear Ana &lt;b&gt;&amp;, thank you.');
    expect(preview.body.subject).toMatch(/^About Backend Engineer /);
    const invitation = await t.http().post(`/v1/email-templates/${list.body.data[2].id}/preview`).set(bearer(recruiter)).send({ applicationId: res.body.id });
    expect(invitation.body.body).toContain('Tuesday, 2 June 2026');
    // The editor's live preview: unsaved text filled in; an unknown field is a 422 naming it beside the body, nothing saved.
    const live = await t
      .http()
      .post(`/v1/email-templates/${created.body.id}/preview`)
      .set(bearer(recruiter))
      .send({ applicationId: res.body.id, subject: 'Hi {{ candidate.first_name }}', body: 'Still thinking about {{ job.title }}.' });
    expect([live.status, live.body.subject, live.body.body]).toEqual([200, 'Hi Ana <b>&', expect.stringMatching(/^Still thinking about Backend Engineer /)]);
    const unknown = await t
      .http()
      .post(`/v1/email-templates/${created.body.id}/preview`)
      .set(bearer(recruiter))
      .send({ applicationId: res.body.id, subject: 'Hi', body: 'Your {{ candidate.salary }}' });
    expect([unknown.status, unknown.body.errors]).toEqual([422, [{ field: 'body', message: 'Unknown merge field "candidate.salary".' }]]);
    expect((await t.http().get('/v1/email-templates').set(bearer(recruiter))).body.data.find((x: { id: string }) => x.id === created.body.id).body).toBe(
      created.body.body,
    );
    expect(list.body.mergeFields).toContainEqual({ name: 'candidate.first_name', description: "The candidate's first name" });
    const other = await makeOrg(t);
    const otherApp = await makeApplication(t, other.admin, (await makePipelineJob(other.id)).id);
    expect((await t.http().post(`/v1/email-templates/${created.body.id}/preview`).set(bearer(recruiter)).send({ applicationId: otherApp.id })).status).toBe(
      404,
    );
    expect((await t.http().post(`/v1/email-templates/${created.body.id}/preview`).set(bearer(other.admin)).send({ applicationId: otherApp.id })).status).toBe(
      404,
    );
  });

  it('bulk email renders for each candidate, skips one who unsubscribed and refuses a foreign application, item by item', async () => {
    smtp.mode = 'accept';
    const [a, b, gone] = [await newApplication(), await newApplication(), await newApplication()];
    const db = await testDb();
    await db.query('INSERT INTO email_unsubscribes (organization_id, candidate_id) VALUES ($1, $2)', [org.id, gone.candidateId]);
    const other = await makeOrg(t);
    const foreign = await makeApplication(t, other.admin, (await makePipelineJob(other.id)).id);
    const [emails, events] = [await emailWrites(), await outboxWrites()];
    const bad = await t
      .http()
      .post('/v1/applications/bulk-email')
      .set(bearer(recruiter))
      .send({ applicationIds: [a.id], subject: 'Hi {{ candidate.nickname }}', body: 'x' });
    expect([bad.status, bad.body.errors?.[0]?.field]).toEqual([422, 'subject']);
    expect([await emailWrites(), await outboxWrites()]).toEqual([emails, events]);

    const res = await t
      .http()
      .post('/v1/applications/bulk-email')
      .set(bearer(recruiter))
      .send({
        applicationIds: [a.id, gone.id, foreign.id, b.id],
        subject: 'News for {{ candidate.first_name }}',
        body: 'Hello {{ candidate.full_name }}, about {{ job.title }}.',
      });
    expect(res.status).toBe(200);
    expect(res.body.results.map((r: { status: number }) => r.status)).toEqual([202, 422, 404, 202]);
    expect(res.body.results[1].error.code).toBe('mail.do_not_contact');
    for (const app of [a, b]) {
      const id = res.body.results.find((r: { id: string }) => r.id === app.id).email.id;
      await waitFor(
        () => status(id),
        (s) => s.status === 'sent',
        30_000,
        'bulk email sent',
      );
      const [message] = smtp.to(app.to);
      const [c]: Array<{ first_name: string; full_name: string }> = await db.query('SELECT first_name, full_name FROM candidates WHERE id = $1', [
        app.candidateId,
      ]);
      expect(message.subject).toBe(`News for ${c.first_name}`);
      expect(message.text).toContain(`Hello ${c.full_name}, about Backend Engineer`);
      expect(rawHeader(message, 'list-unsubscribe-post')).toBe('List-Unsubscribe=One-Click');
    }
    expect(await count('emails', 'candidate_id = $1', [gone.candidateId])).toBe(0);
    expect(smtp.to(gone.to)).toHaveLength(0);
  });

  it('confirms a public application to the candidate, but not an application a recruiter added', async () => {
    smtp.mode = 'accept';
    const email = `${unique('applicant')}@example.test`;
    const applied = await TenantContext.run(org.id, () =>
      t.app.get(ApplicationIntake).applyFromBoard(org.id, job.id, { firstName: 'Lena', lastName: unique('Meyer'), email, source: 'careers' }),
    );
    const db = await testDb();
    const sent = await waitFor(
      () =>
        db.query<Array<{ id: string; status: string; kind: string }>>(`SELECT id, status, kind FROM emails WHERE application_id = $1`, [applied.applicationId]),
      (rows) => rows[0]?.status === 'sent',
      30_000,
      'confirmation sent',
    );
    expect(sent).toEqual([expect.objectContaining({ kind: 'application_received' })]);
    const [message] = smtp.to(email);
    expect(message.subject).toMatch(/^We received your application for Backend Engineer /);
    expect(message.text).toContain('Hello Lena,');

    const byRecruiter = await newApplication();
    const config = loadConfig(process.env);
    const queue = new Queue(JOB_QUEUE[JobName.PipelinesApplicationCreated], { connection: { url: config.redisUrl }, prefix: config.queuePrefix });
    try {
      // The relay uses the outbox id as the job id: wait until the pipelines processor handled the recruiter's event.
      const [event]: Array<{ id: string }> = await db.query(
        `SELECT id FROM outbox_events WHERE aggregate_id = $1 AND event_type = 'pipelines.application-created'`,
        [byRecruiter.id],
      );
      await waitFor(
        async () => (await queue.getJob(`outbox-${event.id}`))?.getState(),
        (state) => state === 'completed',
        30_000,
        'event handled',
      );
    } finally {
      await queue.close();
    }
    expect(await count('emails', 'application_id = $1', [byRecruiter.id])).toBe(0);
  });

  it('schedules the rejection email after the organization delay and cancels it when the application is reopened', async () => {
    const settings = await t.http().patch('/v1/organization/settings').set(bearer(org.admin)).send({ rejectionEmailDelayHours: 48 });
    expect([settings.status, settings.body.rejectionEmailDelayHours]).toEqual([200, 48]);
    const reason = await t
      .http()
      .post('/v1/rejection-reasons')
      .set(bearer(org.admin))
      .send({ label: unique('Not now ') });
    const app = await newApplication();
    const rejected = await t.http().post(`/v1/applications/${app.id}/reject`).set(bearer(recruiter)).send({ reasonId: reason.body.id, notifyCandidate: true });
    expect(rejected.status).toBe(200);
    const db = await testDb();
    const [scheduled] = await waitFor(
      () =>
        db.query<Array<{ id: string; status: string; kind: string; send_at: Date }>>(`SELECT id, status, kind, send_at FROM emails WHERE application_id = $1`, [
          app.id,
        ]),
      (rows) => rows.length > 0,
      30_000,
      'rejection email scheduled',
    );
    expect(scheduled).toMatchObject({ status: 'scheduled', kind: 'rejection' });
    const hours = (scheduled.send_at.getTime() - Date.now()) / 3600_000;
    expect(hours).toBeGreaterThan(47);
    expect(hours).toBeLessThanOrEqual(48);
    const reopened = await t.http().post(`/v1/applications/${app.id}/reopen`).set(bearer(recruiter)).send({});
    expect(reopened.status).toBe(200);
    await waitFor(
      () => status(scheduled.id),
      (s) => s.status === 'cancelled',
      30_000,
      'rejection email cancelled',
    );
    expect(smtp.to(app.to)).toHaveLength(0);
  });

  it('invites the candidate and every interviewer with an iCalendar REQUEST, the same UID and a higher SEQUENCE on each change, and CANCEL at the end', async () => {
    smtp.mode = 'accept';
    const interviewer = await makeUser(t, org, ['interviewer'], 'Ines Interviewer');
    const app = await newApplication();
    const db = await testDb();
    const calendarOf = async (to: string, kind: string) => {
      const rows = await waitFor(
        () =>
          db.query<Array<{ id: string; status: string }>>(`SELECT id, status FROM emails WHERE application_id = $1 AND kind = $2 AND to_address = $3`, [
            app.id,
            kind,
            to,
          ]),
        (r) => r[0]?.status === 'sent',
        30_000,
        `${kind} to ${to}`,
      );
      const message = smtp.messages.find((m) => m.messageId === `<${rows[0].id}@${INBOUND_DOMAIN}>`)!;
      const attachment = message.attachments.find((a) => a.contentType.startsWith('text/calendar'))!;
      const calendar = new ICAL.Component(ICAL.parse(attachment.content.toString('utf8')));
      const event = calendar.getFirstSubcomponent('vevent')!;
      return {
        message,
        method: calendar.getFirstPropertyValue('method'),
        uid: event.getFirstPropertyValue('uid'),
        sequence: event.getFirstPropertyValue('sequence'),
        event,
      };
    };
    const startsAt = new Date(Date.now() + 3 * 86_400_000);
    startsAt.setUTCHours(9, 30, 0, 0);
    const scheduled = await t
      .http()
      .post(`/v1/applications/${app.id}/interviews`)
      .set(bearer(recruiter))
      .send({ stageId: job.stages[2].id, startsAt: startsAt.toISOString(), durationMinutes: 45, interviewerIds: [interviewer.id], location: 'Room 4' });
    expect(scheduled.status).toBe(201);
    const first = await calendarOf(app.to, 'interview_invitation');
    expect([first.method, first.uid, first.sequence]).toEqual(['REQUEST', `interview-${scheduled.body.id}@hireloop`, 0]);
    expect(first.message.subject).toMatch(/^Interview for Backend Engineer /);
    expect(first.message.text).toContain('at 09:30 (UTC) for about 45 minutes (Room 4)');
    expect((first.event.getFirstPropertyValue('dtstart') as ICAL.Time).toJSDate().toISOString()).toBe(startsAt.toISOString());
    const forInterviewer = await calendarOf(interviewer.email, 'interview_invitation');
    expect([forInterviewer.method, forInterviewer.uid, forInterviewer.sequence]).toEqual(['REQUEST', first.uid, 0]);

    const movedTo = new Date(startsAt.getTime() + 86_400_000);
    const moved = await t
      .http()
      .patch(`/v1/interviews/${scheduled.body.id}`)
      .set(bearer(recruiter))
      .send({ version: scheduled.body.version, startsAt: movedTo.toISOString() });
    expect(moved.status).toBe(200);
    const second = await calendarOf(app.to, 'interview_rescheduled');
    expect([second.method, second.uid, second.sequence]).toEqual(['REQUEST', first.uid, 1]);
    expect((second.event.getFirstPropertyValue('dtstart') as ICAL.Time).toJSDate().toISOString()).toBe(movedTo.toISOString());

    const cancelled = await t
      .http()
      .post(`/v1/interviews/${scheduled.body.id}/cancel`)
      .set(bearer(recruiter))
      .send({ reason: 'The role was put on hold.', version: moved.body.version });
    expect(cancelled.status).toBe(200);
    const third = await calendarOf(app.to, 'interview_cancelled');
    expect([third.method, third.uid, third.sequence]).toEqual(['CANCEL', first.uid, 2]);
    const last = await calendarOf(interviewer.email, 'interview_cancelled');
    expect([last.method, last.sequence]).toEqual(['CANCEL', 2]);
  }, 120_000);

  it('threads replies by reply token, then by In-Reply-To, never by subject; refuses a wrong secret, a wrong type and an oversized message', async () => {
    smtp.mode = 'accept';
    const [a, b] = [await newApplication(), await newApplication()];
    const sent: Record<string, { id: string; replyTo: string }> = {};
    for (const app of [a, b]) {
      const res = await t
        .http()
        .post(`/v1/applications/${app.id}/emails`)
        .set(bearer(recruiter))
        .send({ subject: 'Quick question', body: 'Are you free on Monday?' });
      await waitFor(
        () => status(res.body.id),
        (s) => s.status === 'sent',
        30_000,
        'email sent',
      );
      const message = smtp.to(app.to)[0];
      const replyTo = Array.isArray(message.replyTo) ? message.replyTo[0] : message.replyTo;
      sent[app.id] = { id: res.body.id, replyTo: replyTo!.value[0].address! };
    }
    const post = (body: string, secret = INBOUND_EMAIL_SECRET, type = 'message/rfc822') => postInboundEmail(t, body, secret, type);
    const inbound = (candidateId: string) => count('inbound_emails', 'candidate_id = $1', [candidateId]);

    const byToken = await post(rawEmail({ From: a.to, To: sent[a.id].replyTo, Subject: 'Re: Quick question' }, 'Yes, Monday works.'));
    expect([byToken.status, byToken.body]).toEqual([202, { threaded: true, inbox: false }]);
    expect(await inbound(a.candidateId)).toBe(1);

    const byReference = await post(
      rawEmail(
        { From: b.to, To: 'jobs@hireloop.test', Subject: 'Re: Quick question', 'In-Reply-To': `<${sent[b.id].id}@${INBOUND_DOMAIN}>` },
        'Monday is fine.',
      ),
    );
    expect([byReference.status, byReference.body]).toEqual([202, { threaded: true, inbox: false }]);
    expect(await inbound(b.candidateId)).toBe(1);
    expect(await inbound(a.candidateId)).toBe(1);

    // The same subject from someone else, with neither token nor reference, threads nowhere.
    const before = await count('inbound_emails', 'organization_id = $1', [org.id]);
    const stranger = await post(rawEmail({ From: 'someone@example.test', To: 'jobs@hireloop.test', Subject: 'Re: Quick question' }, 'Me too!'));
    expect([stranger.status, stranger.body]).toEqual([202, { threaded: false, inbox: false }]);
    expect(await count('inbound_emails', 'organization_id = $1', [org.id])).toBe(before);

    const timeline = await t.http().get(`/v1/candidates/${a.candidateId}/activity`).set(bearer(recruiter));
    expect(timeline.body.data.find((e: { kind: string }) => e.kind === 'email.reply').payload).toMatchObject({ subject: 'Re: Quick question', from: a.to });
    expect(await count('notifications', "user_id = $1 AND kind = 'email.reply'", [recruiter.id])).toBe(2);

    const reply = rawEmail({ From: a.to, To: sent[a.id].replyTo, Subject: 'Re: again' }, 'Again.');
    expect((await post(reply, 'wrong-secret-0123456789abcdef')).status).toBe(401);
    expect((await t.http().post('/v1/inbound-email').set('content-type', 'message/rfc822').send(reply)).status).toBe(401);
    const plain = await post(reply, INBOUND_EMAIL_SECRET, 'text/plain');
    expect([plain.status, plain.body.code]).toEqual([400, 'mail.invalid_inbound_email']);
    expect((await post(reply + 'x'.repeat(5 * 1024 * 1024))).status).toBe(413);
    expect(await inbound(a.candidateId)).toBe(1);
  });

  it('keeps mail in the development mailbox when no mail server is configured', async () => {
    const subject = unique('Catcher check ');
    await t.app
      .get(MailTransport)
      .send({ messageId: `<${unique('m')}@hireloop.test>`, to: 'sam@example.test', subject, text: 'Hello <there>', html: '<p>Hello</p>' });
    const page = await t.http().get('/app/dev/mailbox');
    expect(page.status).toBe(200);
    expect(page.text).toContain(subject);
    expect(page.text).toContain('Hello &lt;there&gt;');
    expect(page.text).not.toContain('<script');
  });
});
