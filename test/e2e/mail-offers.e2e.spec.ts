import { request as httpRequest } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { INestApplicationContext } from '@nestjs/common';
import { loadConfig } from '../../libs/config/src/index.js';
import { EmailDelivery } from '../../libs/mail/src/index.js';
import { offerLinkToken } from '../../libs/offers/src/index.js';
import { ApplicationIntake } from '../../libs/pipelines/src/index.js';
import { TenantContext } from '../../libs/platform/src/index.js';
import { startTestApp, TestApp } from '../support/app.js';
import { closeTestDb, count, testDb } from '../support/db.js';
import { bearer, makeOrg, makeUser, TestOrg, TestUser, unique } from '../support/factories.js';
import { startMailWorker, TestSmtp } from '../support/mail-fixtures.js';
import { apply, dateIn, daysFromNow, HiringJob, makeHiringJob, offerWrites } from '../support/offers-fixtures.js';
import { makeApplication, makePipelineJob, PipelineJob } from '../support/pipelines-fixtures.js';
import { waitFor } from '../support/postings-fixtures.js';

const RATIONALE = 'Strong system design and clear communication across every interview.';
const LINK = /https?:\/\/[^\s]+\/offers\/respond\?token=[A-Za-z0-9._-]+/;

describe('offer letters by email, the candidate answer page, do-not-contact, time zones and merged candidates', () => {
  let t: TestApp;
  let worker: INestApplicationContext;
  let smtp: TestSmtp;
  let org: TestOrg;
  let recruiter: TestUser;
  let hm: TestUser;
  let job: HiringJob;
  let pipelineJob: PipelineJob;

  beforeAll(async () => {
    smtp = new TestSmtp();
    const port = await smtp.start();
    t = await startTestApp();
    worker = await startMailWorker({ SMTP_URL: `smtp://127.0.0.1:${port}`, MAIL_FROM: 'Hireloop <jobs@hireloop.test>' });
    org = await makeOrg(t);
    [recruiter, hm] = await Promise.all([makeUser(t, org, ['recruiter'], 'Rita Recruiter'), makeUser(t, org, ['hiring_manager'], 'Hal Manager')]);
    job = await makeHiringJob(org.id, {
      openings: 5,
      team: [
        { userId: hm.id, role: 'hiring_manager' },
        { userId: recruiter.id, role: 'recruiter' },
      ],
    });
    pipelineJob = await makePipelineJob(org.id);
  });

  afterAll(async () => {
    await worker?.close();
    await t?.close();
    await smtp?.close();
    await closeTestDb();
  });

  const post = (user: TestUser, path: string, body: Record<string, unknown> = {}) => t.http().post(path).set(bearer(user)).send(body);

  const emailOf = async (candidateId: string) => {
    const db = await testDb();
    const [c]: Array<{ emails: string[] }> = await db.query('SELECT emails FROM candidates WHERE id = $1', [candidateId]);
    return c.emails[0];
  };

  const sentEmails = (where: string, params: unknown[]) =>
    waitFor(
      async () =>
        (await testDb()).query<Array<{ id: string; status: string; kind: string; to_address: string; failure_reason: string | null }>>(
          `SELECT id, status, kind, to_address, failure_reason FROM emails WHERE ${where} ORDER BY created_at, id`,
          params,
        ),
      (rows) => rows.length > 0 && rows.every((r) => r.status === 'sent'),
      60_000,
      `emails where ${where}`,
    );

  const messageOf = (emailId: string) => smtp.messages.find((m) => m.messageId?.startsWith(`<${emailId}@`));

  /** A sent offer: decided, drafted, approved along the default chain (hiring manager, then an admin) and sent. */
  async function sentOffer(expiresAt = daysFromNow(7)) {
    const app = await apply(t, recruiter, job.id);
    expect((await post(hm, `/v1/applications/${app.id}/decision`, { decision: 'offer', rationale: RATIONALE })).status).toBe(201);
    const drafted = await post(recruiter, `/v1/applications/${app.id}/offers`, {
      base: { amount: 120000, currency: 'EUR', period: 'YEAR' },
      startDate: dateIn(30),
      expiresAt,
    });
    expect(drafted.status).toBe(201);
    expect((await post(recruiter, `/v1/offers/${drafted.body.id}/submit`)).status).toBe(200);
    expect((await post(hm, `/v1/offers/${drafted.body.id}/approve`)).status).toBe(200);
    expect((await post(org.admin, `/v1/offers/${drafted.body.id}/approve`)).body.status).toBe('approved');
    const sent = await post(recruiter, `/v1/offers/${drafted.body.id}/send`);
    expect(sent.status).toBe(200);
    return { app, offer: sent.body as { id: string; expiresAt: string; version: number } };
  }

  /** The link of the offer email the candidate received. */
  async function linkOf(offer: { id: string }, candidateId: string): Promise<{ path: string; token: string; text: string }> {
    const [email] = await sentEmails(`candidate_id = $1 AND kind = 'offer_letter'`, [candidateId]);
    const message = messageOf(email.id)!;
    const link = new URL(LINK.exec(message.text ?? '')![0]);
    expect(link.pathname).toBe('/offers/respond');
    void offer;
    return { path: `${link.pathname}${link.search}`, token: link.searchParams.get('token')!, text: message.text ?? '' };
  }

  const answer = (action: 'accept' | 'decline', fields: Record<string, string>) => t.http().post(`/offers/respond/${action}`).type('form').send(fields);

  const fanOutOf = (offerId: string, type: string) =>
    count('outbox_events', "aggregate_id = $1 AND event_type = 'webhooks.fan-out' AND payload->>'type' = $2", [offerId, type]);

  it('mails the offer letter with a working link; accepting on the page hires through the usual outcome, once, recorded as the candidate', async () => {
    const { app, offer } = await sentOffer();
    const to = await emailOf(app.candidateId);
    const { path, token, text } = await linkOf(offer, app.candidateId);
    const [message] = smtp.to(to);
    expect(message.subject).toMatch(/^Your offer for Senior Backend Engineer/);
    expect(text).toContain('Offer of employment: Senior Backend Engineer');
    expect(text).toContain('Base salary: 120,000 EUR per year');
    expect(text).toMatch(/you can answer until \w+day, \d+ \w+ \d{4} at \d\d:\d\d \(UTC\)/);
    expect(text).not.toContain('<h1>');

    const page = await t.http().get(path);
    expect(page.status).toBe(200);
    expect(page.headers['content-type']).toMatch(/text\/html/);
    expect(page.text).toContain('Your offer for Senior Backend Engineer');
    expect(page.text).toContain('<h1>Offer of employment: Senior Backend Engineer</h1>');
    expect(page.text).toContain('Accept the offer');
    expect(page.text).not.toMatch(/<script/i);

    const accepted = await answer('accept', { token });
    expect(accepted.status).toBe(200);
    expect(accepted.text).toContain('Thank you: you accepted the offer');
    const db = await testDb();
    const [row]: Array<{ status: string; accepted_at: Date }> = await db.query('SELECT status, accepted_at FROM offers WHERE id = $1', [offer.id]);
    expect(row.status).toBe('accepted');
    expect(await count('applications', "id = $1 AND status = 'hired'", [app.id])).toBe(1);
    expect(await fanOutOf(offer.id, 'offer.accepted')).toBe(1);
    expect(await count('outbox_events', "aggregate_id = $1 AND event_type = 'offers.accepted' AND (payload->>'byCandidate')::boolean", [offer.id])).toBe(1);
    expect(
      await count('audit_log', "entity_id = $1 AND action = 'accept' AND actor_id IS NULL AND changes->'respondedBy'->>'to' = 'candidate'", [offer.id]),
    ).toBe(1);
    expect(await count('application_moves', "application_id = $1 AND kind = 'hired' AND actor_id IS NULL", [app.id])).toBe(1);
    const timeline = await t.http().get(`/v1/candidates/${app.candidateId}/activity`).set(bearer(recruiter));
    expect(timeline.body.data.find((e: { kind: string }) => e.kind === 'offer.accepted').payload).toMatchObject({ byCandidate: true });

    // A second click (or a reload of the form post) changes nothing and says what was decided.
    const before = await offerWrites(org.id);
    const again = await answer('accept', { token });
    expect(again.status).toBe(200);
    expect(again.text).toContain('You already accepted this offer');
    const declineAfter = await answer('decline', { token, reason: 'Changed my mind' });
    expect(declineAfter.text).toContain('You already accepted this offer');
    expect((await t.http().get(path)).text).toContain('You already accepted this offer');
    expect(await offerWrites(org.id)).toEqual(before);
  }, 120_000);

  it('declines with an optional reason (a too long one is refused on the page, nothing written) and fires offer.declined', async () => {
    const { app, offer } = await sentOffer();
    const { token } = await linkOf(offer, app.candidateId);
    const before = await offerWrites(org.id);
    const tooLong = await answer('decline', { token, reason: 'x'.repeat(1001) });
    expect(tooLong.status).toBe(422);
    expect(tooLong.text).toContain('Please keep your reason under 1000 characters');
    expect(tooLong.text).toContain('Decline the offer');
    expect(await offerWrites(org.id)).toEqual(before);

    const declined = await answer('decline', { token, reason: '  I took another offer closer to home.  ' });
    expect(declined.status).toBe(200);
    expect(declined.text).toContain('You declined the offer');
    const db = await testDb();
    const [row]: Array<{ status: string; decline_reason: string }> = await db.query('SELECT status, decline_reason FROM offers WHERE id = $1', [offer.id]);
    expect(row).toEqual({ status: 'declined', decline_reason: 'I took another offer closer to home.' });
    expect(await fanOutOf(offer.id, 'offer.declined')).toBe(1);
    expect(await count('audit_log', "entity_id = $1 AND action = 'decline' AND actor_id IS NULL", [offer.id])).toBe(1);
    expect((await answer('accept', { token })).text).toContain('You already declined this offer');
    expect(await count('applications', "id = $1 AND status = 'active'", [app.id])).toBe(1);
  }, 120_000);

  it('answers a tampered, foreign, expired or withdrawn link with a page in words and writes nothing', async () => {
    const { app, offer } = await sentOffer();
    const { token } = await linkOf(offer, app.candidateId);
    const [orgId, offerId, expires, signature] = token.split('.');
    const before = await offerWrites(org.id);
    const flipped = signature.slice(0, -1) + (signature.endsWith('A') ? 'B' : 'A');
    const bad = [
      `${orgId}.${offerId}.${expires}.${flipped}`,
      `${orgId}.${offerId}.${Number(expires) + 86_400}.${signature}`,
      `${org.id}.${app.id}.${expires}.${signature}`,
      'garbage',
      '',
      `${token}.${'x'.repeat(300)}`,
    ];
    for (const forged of bad) {
      const page = await t.http().get(`/offers/respond?token=${encodeURIComponent(forged)}`);
      expect([page.status, page.text]).toEqual([404, expect.stringContaining('This link does not work')]);
      const post = await answer('accept', { token: forged });
      expect([post.status, post.text]).toEqual([404, expect.stringContaining('This link does not work')]);
    }
    expect((await t.http().get('/offers/respond')).status).toBe(404);
    expect((await t.http().post('/offers/respond/accept').send({})).status).toBe(404);
    expect(await offerWrites(org.id)).toEqual(before);

    // Expired: a link whose time has passed says so, even before the expiry job ran.
    const past = new Date(Date.now() - 60_000);
    await (await testDb()).query('UPDATE offers SET expires_at = $2 WHERE id = $1', [offer.id, past]);
    const expired = offerLinkToken(loadConfig(process.env).jwtSecret, { organizationId: org.id, offerId: offer.id, expiresAt: past });
    expect((await t.http().get(`/offers/respond?token=${expired}`)).text).toContain('This offer has expired');
    expect((await answer('accept', { token: expired })).text).toContain('This offer has expired');
    expect((await answer('decline', { token: expired })).text).toContain('This offer has expired');
    // (An expiry sweep of another test's worker may expire it meanwhile: check only what an answer would have written.)
    expect(await count('audit_log', "entity_id = $1 AND action IN ('accept', 'decline')", [offer.id])).toBe(0);
    expect(await count('offers', "id = $1 AND status IN ('sent', 'expired')", [offer.id])).toBe(1);
    expect(await count('applications', "id = $1 AND status = 'active'", [app.id])).toBe(1);

    // Withdrawn by the organization: the link says so in words.
    const other = await sentOffer();
    const link = await linkOf(other.offer, other.app.candidateId);
    expect((await post(recruiter, `/v1/offers/${other.offer.id}/withdraw`, { reason: 'The role was put on hold.' })).status).toBe(200);
    const withdrawn = await offerWrites(org.id);
    expect((await t.http().get(link.path)).text).toContain('This offer was withdrawn');
    expect((await answer('accept', { token: link.token })).text).toContain('This offer was withdrawn');
    expect(await offerWrites(org.id)).toEqual(withdrawn);
  }, 120_000);

  it('throttles the page per client address', async () => {
    await t.app.listen({ port: 0, host: '127.0.0.1' });
    const port = (t.app.getHttpServer().address() as AddressInfo).port;
    const from = `127.${150 + Math.floor(Math.random() * 90)}.${Math.floor(Math.random() * 250)}.7`;
    const get = () =>
      new Promise<{ status: number; retryAfter: string | undefined; body: string }>((resolve, reject) => {
        const req = httpRequest({ host: '127.0.0.1', port, localAddress: from, path: '/offers/respond?token=nothing', agent: false }, (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('end', () => resolve({ status: res.statusCode ?? 0, retryAfter: res.headers['retry-after'], body: Buffer.concat(chunks).toString() }));
          res.on('error', reject);
        });
        req.on('error', reject);
        req.end();
      });
    const statuses: number[] = [];
    for (let i = 0; i < 60; i++) statuses.push((await get()).status);
    expect(statuses.every((s) => s === 404)).toBe(true);
    const last = await get();
    expect([last.status, last.retryAfter]).toEqual([429, '600']);
    expect(last.body).toContain('Please wait a few minutes');
  });

  it('doNotContact: refuses bulk and non-transactional mail (422, nothing written), cancels one already queued at delivery, still confirms an active application', async () => {
    const app = await makeApplication(t, recruiter, pipelineJob.id);
    const to = await emailOf(app.candidateId);
    const got = await t.http().get(`/v1/candidates/${app.candidateId}`).set(bearer(recruiter));
    expect(got.body).toMatchObject({ doNotContact: false, timeZone: null });
    // A message for later, queued before the flag is set: checked again when it is due.
    const later = await post(recruiter, `/v1/applications/${app.id}/emails`, {
      subject: 'A role you may like',
      body: 'Hello',
      sendAt: new Date(Date.now() + 3600_000).toISOString(),
    });
    expect(later.status).toBe(202);
    const db = await testDb();
    await db.query(`UPDATE emails SET transactional = false WHERE id = $1`, [later.body.id]);

    const marked = await t.http().patch(`/v1/candidates/${app.candidateId}`).set(bearer(recruiter)).send({ doNotContact: true, version: got.body.version });
    expect(marked.status).toBe(200);
    expect(marked.body.doNotContact).toBe(true);
    expect(await count('audit_log', "entity_id = $1 AND action = 'update' AND changes->'doNotContact'->>'to' = 'true'", [app.candidateId])).toBe(1);

    const writes = async () => [
      await count('emails', 'candidate_id = $1', [app.candidateId]),
      await count('outbox_events', "organization_id = $1 AND event_type = 'mail.send'", [org.id]),
    ];
    const before = await writes();
    const bulk = await post(recruiter, '/v1/applications/bulk-email', { applicationIds: [app.id], subject: 'News', body: 'Hello {{ candidate.first_name }}' });
    expect(bulk.status).toBe(200);
    expect(bulk.body.results[0]).toMatchObject({ id: app.id, ok: false, status: 422, error: { code: 'mail.do_not_contact' } });
    expect(bulk.body.results[0].error.detail).toContain('Do not contact');
    await db.query(`UPDATE applications SET status = 'withdrawn' WHERE id = $1`, [app.id]);
    const closed = await post(recruiter, `/v1/applications/${app.id}/emails`, { subject: 'Another role', body: 'Have a look.' });
    expect([closed.status, closed.body.code]).toEqual([422, 'mail.do_not_contact']);
    expect(await writes()).toEqual(before);

    await TenantContext.run(org.id, () => worker.get(EmailDelivery).deliver(unique('redelivery'), later.body.id, false));
    const [cancelled]: Array<{ status: string; failure_reason: string }> = await db.query('SELECT status, failure_reason FROM emails WHERE id = $1', [
      later.body.id,
    ]);
    expect(cancelled).toEqual({ status: 'cancelled', failure_reason: 'The candidate was marked "Do not contact" before it was sent.' });

    // Applying again on the careers site (the same email): the confirmation of that active application still goes out.
    const applied = await TenantContext.run(org.id, () =>
      t.app.get(ApplicationIntake).applyFromBoard(org.id, job.id, { firstName: 'Sam', lastName: 'Lee', email: to, source: 'careers' }),
    );
    const [confirmation] = await sentEmails(`application_id = $1`, [applied.applicationId]);
    expect(confirmation).toMatchObject({ kind: 'application_received', to_address: to });
    expect(smtp.to(to).map((m) => m.subject)).toEqual([expect.stringMatching(/^We received your application/)]);
  }, 120_000);

  it("writes each reader's interview time in their own time zone across a daylight-saving change (UTC when unknown); a bad zone is refused", async () => {
    const app = await makeApplication(t, recruiter, pipelineJob.id);
    const to = await emailOf(app.candidateId);
    const [interviewer, newYorker] = await Promise.all([
      makeUser(t, org, ['interviewer'], 'Ines Interviewer'),
      makeUser(t, org, ['interviewer'], 'Nora New York'),
    ]);
    const zone = await t.http().patch(`/v1/users/${newYorker.id}/working-hours`).set(bearer(org.admin)).send({ timeZone: 'America/New_York' });
    expect([zone.status, zone.body.timeZone]).toEqual([200, 'America/New_York']);
    const got = await t.http().get(`/v1/candidates/${app.candidateId}`).set(bearer(recruiter));
    const bad = await t
      .http()
      .patch(`/v1/candidates/${app.candidateId}`)
      .set(bearer(recruiter))
      .send({ timeZone: 'Mars/Olympus_Mons', version: got.body.version });
    expect([bad.status, bad.body.errors?.[0]?.field]).toEqual([400, 'timeZone']);
    expect(await count('candidates', 'id = $1 AND version = $2', [app.candidateId, got.body.version])).toBe(1);
    const zoned = await t
      .http()
      .patch(`/v1/candidates/${app.candidateId}`)
      .set(bearer(recruiter))
      .send({ timeZone: 'europe/berlin', version: got.body.version });
    expect([zoned.status, zoned.body.timeZone]).toEqual([200, 'Europe/Berlin']);

    // Berlin moves from UTC+1 to UTC+2 on Sunday 28 March 2027: 08:00 UTC is 09:00 before and 10:00 after.
    const schedule = (startsAt: string) =>
      post(recruiter, `/v1/applications/${app.id}/interviews`, {
        stageId: pipelineJob.stages[2].id,
        startsAt,
        durationMinutes: 45,
        interviewerIds: [interviewer.id, newYorker.id],
        location: 'Room 4',
      });
    expect((await schedule('2027-03-26T08:00:00.000Z')).status).toBe(201);
    expect((await schedule('2027-03-29T08:00:00.000Z')).status).toBe(201);
    const forCandidate = await waitFor(
      async () =>
        (await sentEmails(`application_id = $1 AND kind = 'interview_invitation' AND to_address = $2`, [app.id, to])).map((e) => messageOf(e.id)!.text),
      (texts) => texts.length === 2,
      60_000,
      'two invitations',
    );
    expect(forCandidate.join('\n')).toContain('Friday, 26 March 2027 at 09:00 (Europe/Berlin)');
    expect(forCandidate.join('\n')).toContain('Monday, 29 March 2027 at 10:00 (Europe/Berlin)');
    const forInterviewer = await waitFor(
      async () =>
        (await sentEmails(`application_id = $1 AND kind = 'interview_invitation' AND to_address = $2`, [app.id, interviewer.email])).map(
          (e) => messageOf(e.id)!.text,
        ),
      (texts) => texts.length === 2,
      60_000,
      'interviewer copies',
    );
    expect(forInterviewer.join('\n')).toContain('Friday, 26 March 2027 at 08:00 (UTC)');
    expect(forInterviewer.join('\n')).toContain('Monday, 29 March 2027 at 08:00 (UTC)');
    // New York is on daylight time (UTC-4) since 14 March 2027: 08:00 UTC is 04:00 there on both days.
    const forNewYorker = await waitFor(
      async () =>
        (await sentEmails(`application_id = $1 AND kind = 'interview_invitation' AND to_address = $2`, [app.id, newYorker.email])).map(
          (e) => messageOf(e.id)!.text,
        ),
      (texts) => texts.length === 2,
      60_000,
      'the New York interviewer copies',
    );
    expect(forNewYorker.join('\n')).toContain('Friday, 26 March 2027 at 04:00 (America/New_York)');
    expect(forNewYorker.join('\n')).toContain('Monday, 29 March 2027 at 04:00 (America/New_York)');
    expect(forNewYorker.join('\n')).not.toContain('(UTC)');
  }, 120_000);

  it("moves the merged candidate's emails, replies, scheduling requests and unsubscription to the survivor (mail.follow-merge)", async () => {
    const survivor = await makeApplication(t, recruiter, pipelineJob.id);
    const merged = await makeApplication(t, recruiter, pipelineJob.id);
    const mergedTo = await emailOf(merged.candidateId);
    const sent = await post(recruiter, `/v1/applications/${merged.id}/emails`, { subject: 'Quick question', body: 'Are you free on Monday?' });
    expect(sent.status).toBe(202);
    await sentEmails('id = $1', [sent.body.id]);
    const panelist = await makeUser(t, org, ['interviewer'], 'Pia Panel');
    const asked = await post(recruiter, `/v1/applications/${merged.id}/scheduling-requests`, {
      stageId: pipelineJob.stages[2].id,
      interviewerIds: [panelist.id],
      durationMinutes: 60,
      windowDays: 7,
      minNoticeHours: 0,
      bufferMinutes: 0,
      location: 'Room 3',
    });
    expect(asked.status).toBe(201);
    await sentEmails(`application_id = $1 AND kind = 'scheduling_request'`, [merged.id]);
    const db = await testDb();
    await db.query(
      `INSERT INTO inbound_emails (organization_id, candidate_id, in_reply_to_email_id, message_id, from_address, subject, body, threaded_by)
       VALUES ($1, $2, $3, $4, $5, 'Re: Quick question', 'Yes.', 'token')`,
      [org.id, merged.candidateId, sent.body.id, `<${unique('r')}@candidate.example>`, mergedTo],
    );
    await db.query('INSERT INTO email_unsubscribes (organization_id, candidate_id) VALUES ($1, $2)', [org.id, merged.candidateId]);

    const merge = await post(recruiter, `/v1/candidates/${survivor.candidateId}/merge`, { otherId: merged.candidateId });
    expect(merge.status).toBe(200);
    const [event]: Array<{ id: string }> = await db.query(
      `SELECT id FROM outbox_events WHERE organization_id = $1 AND event_type = 'pipelines.candidates-merged' AND payload->>'mergedId' = $2`,
      [org.id, merged.candidateId],
    );
    await waitFor(
      () => count('processed_events', "event_id = $1 AND consumer = 'mail.follow-merge'", [event.id]),
      (n) => n === 1,
      60_000,
      'mail followed the merge',
    );
    expect(await count('emails', 'candidate_id = $1', [merged.candidateId])).toBe(0);
    expect(await count('inbound_emails', 'candidate_id = $1', [merged.candidateId])).toBe(0);
    expect(await count('inbound_emails', 'candidate_id = $1', [survivor.candidateId])).toBe(1);
    expect(await count('email_unsubscribes', 'candidate_id = ANY($1)', [[merged.candidateId, survivor.candidateId]])).toBe(1);
    expect(await count('email_unsubscribes', 'candidate_id = $1', [survivor.candidateId])).toBe(1);
    const list = await t.http().get(`/v1/candidates/${survivor.candidateId}/emails`).set(bearer(recruiter));
    expect(list.body.data.map((e: { id: string }) => e.id)).toContain(sent.body.id);
    // Both applied to the same job, so the merged one was folded into the survivor's: its scheduling request follows.
    expect(await count('scheduling_requests', 'application_id = $1', [merged.id])).toBe(0);
    const requests = await t.http().get(`/v1/applications/${survivor.id}/scheduling-requests`).set(bearer(recruiter));
    expect(requests.body.data.map((r: { id: string }) => r.id)).toEqual([asked.body.id]);
  }, 120_000);
});
