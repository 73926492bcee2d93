import { randomInt } from 'node:crypto';
import type { INestApplicationContext } from '@nestjs/common';
import { startTestApp, TestApp } from '../support/app.js';
import { closeTestDb, count, testDb } from '../support/db.js';
import { bearer, makeOrg, makeUser, TestOrg, TestUser, unique } from '../support/factories.js';
import { startFilesWorker, textRead } from '../support/files-fixtures.js';
import { startMailWorker, TestSmtp } from '../support/mail-fixtures.js';
import { waitFor } from '../support/postings-fixtures.js';
import { scan } from '../support/personal-data.js';
import { rareWord } from '../support/resume-fixtures.js';
import { TEMPLATE_SECTIONS } from '../support/tenant-fixtures.js';
import { Receiver, startReceiver, startWebhooksWorker } from '../support/webhooks-fixtures.js';
import { postInboundEmail, rawEmail } from '../support/inbound-email.js';

const INBOUND_DOMAIN = 'replies.privacy.test';
const INBOUND_EMAIL_SECRET = 'inbound-secret-privacy-0123456789';
const inHours = (h: number) => new Date(Date.now() + h * 3_600_000).toISOString();

describe('anonymising a candidate reaches every module', () => {
  let t: TestApp;
  let smtp: TestSmtp;
  let workers: INestApplicationContext[];
  let receiver: Receiver;
  let org: TestOrg;
  let recruiter: TestUser;
  let interviewer: TestUser;

  beforeAll(async () => {
    smtp = new TestSmtp();
    const port = await smtp.start();
    t = await startTestApp({ INBOUND_DOMAIN, INBOUND_EMAIL_SECRET, EGRESS_ALLOWLIST: '127.0.0.1' });
    workers = await Promise.all([
      startMailWorker({ SMTP_URL: `smtp://127.0.0.1:${port}`, MAIL_FROM: 'Hireloop <jobs@privacy.test>', INBOUND_DOMAIN }),
      startFilesWorker(),
      startWebhooksWorker(),
    ]);
    receiver = await startReceiver();
    org = await makeOrg(t);
    [recruiter, interviewer] = await Promise.all([makeUser(t, org, ['recruiter']), makeUser(t, org, ['interviewer'])]);
  }, 180_000);
  afterAll(async () => {
    await Promise.all(workers.map((w) => w.close()));
    await receiver?.close();
    await t?.close();
    await smtp?.close();
    await closeTestDb();
  });

  const call = async <T = { id: string; version: number }>(user: TestUser, method: 'get' | 'post' | 'put' | 'patch', path: string, body?: object) => {
    let req = t.http()[method](path).set(bearer(user));
    if (body !== undefined) req = req.send(body);
    const res = await req;
    if (res.status < 200 || res.status > 204) throw new Error(`${method.toUpperCase()} ${path}: ${res.status} ${JSON.stringify(res.body)}`);
    return res.body as T;
  };

  it('leaves none of their names, emails, phone numbers or resume sentences in any column of any table; idempotent; one event', async () => {
    const hook = await call<{ id: string }>(org.admin, 'post', '/v1/webhooks', { url: receiver.url, events: ['*'] });
    expect(hook.id).toBeDefined();

    // A job with an interview stage and an offer stage.
    const department = await call(recruiter, 'post', '/v1/departments', { name: unique('Engineering ') });
    const office = await call(recruiter, 'post', '/v1/offices', { name: unique('Berlin '), city: 'Berlin', region: 'Berlin', country: 'DE' });
    const template = await call(recruiter, 'post', '/v1/templates', { family: 'payments-backend', title: 'Backend', sections: TEMPLATE_SECTIONS });
    let job = await call<{ id: string; version: number; interviewPlan: Array<{ id: string; kind: string }> }>(recruiter, 'post', '/v1/jobs', {
      templateId: template.id,
      title: 'Backend Engineer',
      departmentId: department.id,
      officeIds: [office.id],
      workModel: 'hybrid',
      employmentType: 'FULL_TIME',
      seniority: 'senior',
      salary: { min: 100000, max: 140000, currency: 'EUR', period: 'YEAR' },
      openings: 1,
      hiringTeam: { recruiterIds: [recruiter.id], hiringManagerIds: [], interviewerIds: [interviewer.id] },
      interviewPlan: [
        { name: 'Application review', kind: 'application_review' },
        { name: 'Technical interview', kind: 'technical_interview' },
        { name: 'Offer', kind: 'offer' },
        { name: 'Hired', kind: 'hired' },
      ],
    });
    job = await call(recruiter, 'post', `/v1/jobs/${job.id}/open`, { version: job.version });
    const stage = (kind: string) => job.interviewPlan.find((s) => s.kind === kind)!.id;

    // The candidate, with everything.
    const first = unique('Zenobia');
    const last = unique('Quillfeather');
    const email = `${unique('zq')}@example.test`;
    const phone = `+4420${randomInt(1_000_000, 9_999_999)}`;
    const sentence = `Led the ${rareWord('zx')} migration for ${rareWord('zy')} payments`;
    const candidate = await call(recruiter, 'post', '/v1/candidates', {
      firstName: first,
      lastName: last,
      emails: [email],
      phones: [phone],
      links: [`https://github.com/${last}`],
      location: 'Lisbon',
    });
    const upload = await t
      .http()
      .post(`/v1/candidates/${candidate.id}/resume`)
      .set(bearer(recruiter))
      .attach('resume', Buffer.from(`${first} ${last}\n${sentence}.\n${email}\n`), 'resume.txt');
    expect(upload.status).toBe(201);
    expect((await textRead(upload.body.id)).resume_text).toContain(sentence);
    await call(recruiter, 'post', `/v1/candidates/${candidate.id}/notes`, { body: `Spoke with ${first} ${last} about the role` });

    let app = await call(recruiter, 'post', '/v1/applications', { candidateId: candidate.id, jobId: job.id });
    // A pasted cover letter (public apply stores it; a fixture row here).
    await (await testDb()).query(`UPDATE applications SET cover_letter = $2 WHERE id = $1`, [app.id, `Dear team, I am ${first} ${last}. ${sentence}.`]);

    // Email sent, and the candidate's reply.
    const sent = await call<{ id: string }>(recruiter, 'post', `/v1/applications/${app.id}/emails`, {
      subject: `Next steps for ${first}`,
      body: `Hello {{ candidate.first_name }} ${last},\n\nThanks for applying.`,
    });
    const [{ reply_token }]: Array<{ reply_token: string }> = await (await testDb()).query(`SELECT reply_token FROM emails WHERE id = $1`, [sent.id]);
    await waitFor(
      () => count('emails', `id = $1 AND status = 'sent'`, [sent.id]),
      (n) => n === 1,
      60_000,
      'email sent',
    );
    const raw = rawEmail(
      { From: `${first} ${last} <${email}>`, To: `reply+${reply_token}@${INBOUND_DOMAIN}`, Subject: `Re: Next steps for ${first}` },
      `Monday works. ${first} ${last}, ${phone}`,
    );
    const reply = await postInboundEmail(t, raw, INBOUND_EMAIL_SECRET);
    expect(reply.status).toBe(202);

    // Interview (an invitation with a calendar naming them), scorecard with free text, decision and offer with its letter.
    app = await call(recruiter, 'post', `/v1/applications/${app.id}/move`, { toStageId: stage('technical_interview'), expectedVersion: app.version });
    const builtIn = await call<{ data: Array<{ id: string }> }>(recruiter, 'get', '/v1/interview-kits?builtIn=true&limit=1');
    const kit = await call<{ id: string; revision: { content: { competencies: Array<{ key: string }> } } }>(
      recruiter,
      'post',
      `/v1/interview-kits/${builtIn.data[0].id}/fork`,
      { key: unique('kit-'), title: 'Backend kit' },
    );
    const interview = await call(recruiter, 'post', `/v1/applications/${app.id}/interviews`, {
      stageId: stage('technical_interview'),
      kitId: kit.id,
      startsAt: inHours(-2),
      durationMinutes: 60,
      interviewerIds: [interviewer.id],
      location: 'Room 1',
      allowOverlap: true,
    });
    await call(interviewer, 'post', `/v1/interviews/${interview.id}/scorecard/submit`, {
      ratings: [{ competency: kit.revision.content.competencies[0].key, rating: 4, evidence: `${first} designed the ledger` }],
      keyTakeaways: `${first} explained the ${sentence} well`,
      overall: 'yes',
    });
    const spare = await call(recruiter, 'post', `/v1/applications/${app.id}/interviews`, {
      stageId: stage('technical_interview'),
      startsAt: inHours(48),
      durationMinutes: 30,
      interviewerIds: [interviewer.id],
      location: 'Room 3',
    });
    await call(recruiter, 'post', `/v1/interviews/${spare.id}/cancel`, { version: spare.version, reason: `${first} asked to move it` });
    await call(org.admin, 'put', '/v1/offer-settings', { approvalChain: [{ role: 'admin' }] });
    await call(org.admin, 'post', `/v1/applications/${app.id}/decision`, {
      decision: 'offer',
      rationale: `${first} ${last} showed strong system design across every interview.`,
      acknowledgeMissingFeedback: true,
    });
    let offer = await call(recruiter, 'post', `/v1/applications/${app.id}/offers`, {
      base: { amount: 120000, currency: 'EUR', period: 'YEAR' },
      startDate: inHours(24 * 40).slice(0, 10),
      expiresAt: inHours(24 * 20),
      notes: `Relocation for ${first}`,
    });
    offer = await call(recruiter, 'post', `/v1/offers/${offer.id}/submit`, { version: offer.version });
    offer = await call(org.admin, 'post', `/v1/offers/${offer.id}/approve`, { version: offer.version });
    offer = await call(recruiter, 'post', `/v1/offers/${offer.id}/send`, { version: offer.version });

    // Webhook events kept for replay, timeline, notifications and audit all hold them by now.
    await waitFor(
      () => count('webhook_events', `organization_id = $1 AND data::text ILIKE $2`, [org.id, `%${last}%`]),
      (n) => n > 0,
      60_000,
      'webhook events naming the candidate',
    );
    await waitFor(
      () => count('emails', `organization_id = $1 AND candidate_id = $2 AND calendar IS NOT NULL AND status = 'sent'`, [org.id, candidate.id]),
      (n) => n > 0,
      60_000,
      'interview invitation sent',
    );
    const terms = [first, last, email, phone, phone.slice(1), sentence];
    const before = await scan(org.id, terms);
    for (const expected of [
      'candidates',
      'notes',
      'applications',
      'candidate_file_contents',
      'emails',
      'inbound_emails',
      'scorecards',
      'offers',
      'hiring_decisions',
      'audit_log',
      'webhook_events',
      'outbox_events',
      'notifications',
      'activity_events',
    ]) {
      expect(before.map((f) => f.table)).toContain(expected);
    }

    // Anonymise.
    expect((await t.http().post(`/v1/candidates/${candidate.id}/anonymize`).set(bearer(recruiter))).status).toBe(403);
    const res = await t.http().post(`/v1/candidates/${candidate.id}/anonymize`).set(bearer(org.admin));
    expect([res.status, res.body.code]).toEqual([200, undefined]);
    expect(res.body).toMatchObject({ id: candidate.id, name: 'Anonymised candidate', emails: [], phones: [], links: [], location: null, resumeFile: null });

    expect(await scan(org.id, terms)).toEqual([]);
    // Ratings, amounts and statuses stay for reports.
    const db = await testDb();
    const [card]: Array<{ ratings: unknown; overall: string }> = await db.query(
      `SELECT ratings, overall FROM scorecards WHERE application_id = $1 AND current`,
      [app.id],
    );
    expect(card).toMatchObject({ overall: 'yes', ratings: [{ rating: 4 }] });
    const [kept]: Array<{ base_amount: string; status: string }> = await db.query(`SELECT base_amount, status FROM offers WHERE id = $1`, [offer.id]);
    expect([Number(kept.base_amount), kept.status]).toEqual([120000, 'sent']);
    expect(await count('candidate_files', 'candidate_id = $1', [candidate.id])).toBe(0);
    // Out of search.
    const search = await call<{ data: Array<{ id: string }> }>(recruiter, 'get', `/v1/candidates?q=${encodeURIComponent(last)}`);
    expect(search.data).toEqual([]);

    // Idempotent: the same answer, nothing written, no second event.
    const writes = () => count('audit_log', 'organization_id = $1', [org.id]);
    const auditBefore = await writes();
    const again = await t.http().post(`/v1/candidates/${candidate.id}/anonymize`).set(bearer(org.admin));
    expect(again.status).toBe(200);
    expect(again.body).toEqual(res.body);
    expect(await writes()).toBe(auditBefore);

    const anonymized = await waitFor(
      () => Promise.resolve(receiver.events().filter((e) => e.body.type === 'candidate.anonymized')),
      (events) => events.length > 0,
      60_000,
      'candidate.anonymized delivered',
    );
    expect(anonymized[0].body.data).toMatchObject({ id: candidate.id, name: 'Anonymised candidate', emails: [] });
    expect(await count('outbox_events', `organization_id = $1 AND payload->>'type' = 'candidate.anonymized'`, [org.id])).toBe(1);
    expect(receiver.events().filter((e) => e.body.type === 'candidate.anonymized').length).toBe(1);
    // Nothing the workers did afterwards brought a name back.
    expect(await scan(org.id, terms)).toEqual([]);

    // Unknown and foreign ids read as not found.
    const unknown = await t.http().post(`/v1/candidates/00000000-0000-4000-8000-000000000000/anonymize`).set(bearer(org.admin));
    expect([unknown.status, unknown.body.code]).toEqual([404, 'privacy.candidate_not_found']);
  }, 300_000);
});
