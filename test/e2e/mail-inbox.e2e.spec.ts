import { connect } from 'node:net';
import type { INestApplicationContext } from '@nestjs/common';
import nodemailer from 'nodemailer';
import { startTestApp, TestApp } from '../support/app.js';
import { closeTestDb, count, testDb } from '../support/db.js';
import { bearer, makeOrg, makeUser, TestOrg, TestUser, unique } from '../support/factories.js';
import { startInboundSmtp } from '../support/mail-fixtures.js';
import { makeApplication, makePipelineJob } from '../support/pipelines-fixtures.js';
import { waitFor } from '../support/postings-fixtures.js';
import { postInboundEmail, rawEmail } from '../support/inbound-email.js';

const INBOUND_DOMAIN = 'inbox.hireloop.test';
const INBOUND_EMAIL_SECRET = 'inbound-secret-inbox-0123456789';

/** Talks SMTP by hand (for commands no client would send): each line written after the previous answer; the answers. */
async function smtpDialogue(port: number, lines: string[]): Promise<string[]> {
  const socket = connect(port, '127.0.0.1');
  socket.setEncoding('utf8');
  const answers: string[] = [];
  let buffer = '';
  let waiting: (() => void) | null = null;
  socket.on('data', (chunk: string) => {
    buffer += chunk;
    // A reply is complete at a line "NNN text" (a space after the code, not a dash).
    const complete = buffer.split('\r\n').some((line) => /^\d{3} /.test(line));
    if (complete && waiting) {
      answers.push(buffer.trim());
      buffer = '';
      const w = waiting;
      waiting = null;
      w();
    }
  });
  const next = () => new Promise<void>((resolve) => (waiting = resolve));
  await next(); // the greeting
  for (const line of lines) {
    const answered = next();
    socket.write(`${line}\r\n`);
    await answered;
  }
  socket.end();
  return answers.slice(1);
}

describe('the organization inbox and the built-in SMTP listener', () => {
  let t: TestApp;
  let smtp: { context: INestApplicationContext; port: number };
  let org: TestOrg;
  let other: TestOrg;
  let recruiter: TestUser;
  let colleague: TestUser;
  let interviewer: TestUser;
  let otherRecruiter: TestUser;
  let address: string;
  let candidateId: string;
  let otherCandidateId: string;

  beforeAll(async () => {
    t = await startTestApp({ INBOUND_DOMAIN, INBOUND_EMAIL_SECRET });
    smtp = await startInboundSmtp({ INBOUND_DOMAIN, INBOUND_SMTP_PORT: '0' });
    org = await makeOrg(t);
    other = await makeOrg(t);
    recruiter = await makeUser(t, org, ['recruiter']);
    colleague = await makeUser(t, org, ['recruiter']);
    interviewer = await makeUser(t, org, ['interviewer']);
    otherRecruiter = await makeUser(t, other, ['recruiter']);
    const job = await makePipelineJob(org.id);
    const application = await makeApplication(t, recruiter, job.id);
    candidateId = application.candidateId;
    // The colleague wrote to the candidate, so they hear about mail assigned to the candidate.
    const sent = await t
      .http()
      .post(`/v1/applications/${application.id}/emails`)
      .set(bearer(colleague))
      .send({ subject: 'Hello', body: 'Hello there.', sendAt: new Date(Date.now() + 3600_000).toISOString() });
    expect(sent.status).toBe(202);
    const otherJob = await makePipelineJob(other.id);
    otherCandidateId = (await makeApplication(t, otherRecruiter, otherJob.id)).candidateId;
    const inbox = await t.http().get('/v1/inbox').set(bearer(recruiter));
    expect(inbox.status).toBe(200);
    address = inbox.body.address;
  }, 180_000);

  afterAll(async () => {
    await smtp?.context.close();
    await t?.close();
    await closeTestDb();
  }, 60_000);

  const post = (body: string) => postInboundEmail(t, body, INBOUND_EMAIL_SECRET);
  const bySubject = (subject: string) => count('inbound_emails', 'subject = $1', [subject]);
  const orgRows = (o: TestOrg) => count('inbound_emails', 'organization_id = $1', [o.id]);
  const inboxOf = async (user: TestUser, query = '') => (await t.http().get(`/v1/inbox${query}`).set(bearer(user))).body;

  it('gives each organization its own unguessable inbox address, readable by admins and recruiters only', async () => {
    expect(address).toMatch(new RegExp(`^inbox\\+${org.slug}\\.[a-z2-7]{16}@${INBOUND_DOMAIN.replace(/\./g, '\\.')}$`));
    const theirs = (await inboxOf(otherRecruiter)).address as string;
    expect(theirs).toMatch(new RegExp(`^inbox\\+${other.slug}\\.`));
    expect(theirs.split('.')[1]).not.toBe(address.split('.')[1]);
    expect((await t.http().get('/v1/inbox').set(bearer(interviewer))).status).toBe(403);
  }, 90_000);

  it('keeps mail to the inbox address that answers none of our emails; the other organization neither sees nor touches it', async () => {
    const subject = unique('Question about your jobs ');
    const res = await post(rawEmail({ From: 'Jo Applicant <jo@candidate.example>', To: address, Subject: subject }, 'Do you have openings in Lisbon?'));
    expect([res.status, res.body]).toEqual([202, { threaded: false, inbox: true }]);
    const mine = await inboxOf(recruiter);
    const item = mine.data.find((i: { subject: string }) => i.subject === subject);
    expect(item).toMatchObject({ from: 'jo@candidate.example', to: address, state: 'open', candidateId: null });
    expect(item.body).toContain('openings in Lisbon');

    // Organization B: not listed, 404 on both actions, nothing changed.
    const before = await orgRows(other);
    expect((await inboxOf(otherRecruiter)).data.some((i: { subject: string }) => i.subject === subject)).toBe(false);
    const assign = await t.http().post(`/v1/inbox/${item.id}/assign`).set(bearer(otherRecruiter)).send({ candidateId: otherCandidateId });
    expect([assign.status, assign.body.code]).toEqual([404, 'mail.inbox_item_not_found']);
    const dismiss = await t.http().post(`/v1/inbox/${item.id}/dismiss`).set(bearer(otherRecruiter));
    expect([dismiss.status, dismiss.body.code]).toEqual([404, 'mail.inbox_item_not_found']);
    expect(await orgRows(other)).toBe(before);
    // A's recruiter cannot assign it to B's candidate either.
    const foreign = await t.http().post(`/v1/inbox/${item.id}/assign`).set(bearer(recruiter)).send({ candidateId: otherCandidateId });
    expect(foreign.status).toBe(404);
    expect(foreign.body.errors).toEqual([{ field: 'candidateId', message: 'No such candidate.' }]);
    const garbage = await t.http().post(`/v1/inbox/${item.id}/assign`).set(bearer(recruiter)).send({ candidateId: 'not-an-id' });
    expect(garbage.status).toBe(400);
    expect(await count('inbound_emails', "id = $1 AND inbox_state = 'open' AND candidate_id IS NULL", [item.id])).toBe(1);

    // Assigned: on the candidate's timeline and thread, the colleague who wrote to the candidate is told, out of the inbox.
    const assigned = await t.http().post(`/v1/inbox/${item.id}/assign`).set(bearer(recruiter)).send({ candidateId });
    expect([assigned.status, assigned.body.state, assigned.body.candidateId]).toEqual([200, 'assigned', candidateId]);
    const timeline = await t.http().get(`/v1/candidates/${candidateId}/activity`).set(bearer(recruiter));
    expect(timeline.body.data.find((e: { kind: string }) => e.kind === 'email.received').payload).toEqual({ subject, from: 'jo@candidate.example' });
    const thread = await t.http().get(`/v1/candidates/${candidateId}/received-emails`).set(bearer(recruiter));
    expect(thread.body.data.map((m: { subject: string }) => m.subject)).toContain(subject);
    expect(await count('notifications', "user_id = $1 AND kind = 'email.received'", [colleague.id])).toBe(1);
    expect(await count('notifications', "user_id = $1 AND kind = 'email.received'", [recruiter.id])).toBe(0);
    expect((await inboxOf(recruiter)).data.some((i: { id: string }) => i.id === item.id)).toBe(false);
    const again = await t.http().post(`/v1/inbox/${item.id}/dismiss`).set(bearer(recruiter));
    expect([again.status, again.body.code]).toEqual([409, 'mail.inbox_item_handled']);
    // B cannot read A's candidate thread.
    expect((await t.http().get(`/v1/candidates/${candidateId}/received-emails`).set(bearer(otherRecruiter))).status).toBe(404);
  }, 90_000);

  it('dismisses a message, pages the inbox newest first, and stores a forwarded duplicate once', async () => {
    const subjects = [unique('First '), unique('Second '), unique('Third ')];
    for (const subject of subjects) expect((await post(rawEmail({ From: 'a@sender.example', To: address, Subject: subject }, 'Hi.'))).body.inbox).toBe(true);
    const duplicate = rawEmail({ 'Message-ID': '<same-message@sender.example>', From: 'a@sender.example', To: address, Subject: subjects[0] + ' dup' }, 'Hi.');
    await post(duplicate);
    await post(duplicate);
    expect(await bySubject(subjects[0] + ' dup')).toBe(1);

    const page = await inboxOf(recruiter, '?limit=2');
    expect(page.data).toHaveLength(2);
    expect(page.data[0].subject).toBe(subjects[0] + ' dup');
    const rest = await inboxOf(recruiter, `?limit=100&cursor=${encodeURIComponent(page.nextCursor)}`);
    expect([...page.data, ...rest.data].map((i: { subject: string }) => i.subject).slice(0, 4)).toEqual([subjects[0] + ' dup', ...[...subjects].reverse()]);

    const third = page.data[1];
    const dismissed = await t.http().post(`/v1/inbox/${third.id}/dismiss`).set(bearer(recruiter));
    expect([dismissed.status, dismissed.body.state]).toEqual([200, 'dismissed']);
    expect((await inboxOf(recruiter)).data.some((i: { id: string }) => i.id === third.id)).toBe(false);
    const late = await t.http().post(`/v1/inbox/${third.id}/assign`).set(bearer(recruiter)).send({ candidateId });
    expect([late.status, late.body.code]).toEqual([409, 'mail.inbox_item_handled']);
    expect((await inboxOf(recruiter, '?cursor=forged')).code).toBe('request.invalid_cursor');
  }, 90_000);

  it('drops mail that names no organization: a made-up key, an unknown organization, a plain address, another domain', async () => {
    const subject = unique('Guess ');
    const [local] = address.split('@');
    const forged = `${local.slice(0, -4)}aaaa@${INBOUND_DOMAIN}`;
    const before = await orgRows(org);
    for (const to of [
      forged,
      `inbox+no-such-org.abcdefghijklmnop@${INBOUND_DOMAIN}`,
      `jobs@${INBOUND_DOMAIN}`,
      address.replace(INBOUND_DOMAIN, 'elsewhere.test'),
    ]) {
      const res = await post(rawEmail({ From: 'someone@sender.example', To: to, Subject: subject }, 'Hello?'));
      expect([res.status, res.body]).toEqual([202, { threaded: false, inbox: false }]);
    }
    expect(await bySubject(subject)).toBe(0);
    expect(await orgRows(org)).toBe(before);
  }, 90_000);

  describe('the SMTP listener', () => {
    const transport = () => nodemailer.createTransport({ host: '127.0.0.1', port: smtp.port, secure: false, ignoreTLS: true, connectionTimeout: 10_000 });

    it('accepts mail for the inbox address (by header or only by envelope) and replies by token, through the same path as the HTTP route', async () => {
      const subject = unique('By SMTP ');
      const info = await transport().sendMail({ from: 'sam@sender.example', to: address, subject, text: 'Sent to your MX.' });
      expect(info.accepted).toEqual([address]);
      await waitFor(
        () => bySubject(subject),
        (n) => n === 1,
        30_000,
        'inbox item from SMTP',
      );
      expect((await inboxOf(recruiter)).data.find((i: { subject: string }) => i.subject === subject)).toMatchObject({
        from: 'sam@sender.example',
        state: 'open',
      });

      // Bcc'd: the headers name someone else, the envelope names the inbox.
      const bcc = unique('Blind copy ');
      await transport().sendMail({
        envelope: { from: 'sam@sender.example', to: [address] },
        raw: rawEmail({ From: 'sam@sender.example', To: 'someone@else.example', Subject: bcc }, 'Bcc.'),
      });
      await waitFor(
        () => count('inbound_emails', "subject = $1 AND organization_id = $2 AND inbox_state = 'open'", [bcc, org.id]),
        (n) => n === 1,
        30_000,
        'bcc item',
      );

      // A reply to one of our emails threads to its candidate by the reply token.
      const db = await testDb();
      const [email]: Array<{ reply_token: string }> = await db.query(
        'SELECT reply_token FROM emails WHERE organization_id = $1 AND candidate_id = $2 LIMIT 1',
        [org.id, candidateId],
      );
      const reply = unique('Re: Hello ');
      await transport().sendMail({ from: 'candidate@sender.example', to: `reply+${email.reply_token}@${INBOUND_DOMAIN}`, subject: reply, text: 'Thanks!' });
      await waitFor(
        () => count('inbound_emails', "subject = $1 AND candidate_id = $2 AND threaded_by = 'token'", [reply, candidateId]),
        (n) => n === 1,
        30_000,
        'threaded reply',
      );
    }, 90_000);

    it('refuses other domains at RCPT (550) and a message over 5 MB (552), writing nothing', async () => {
      const subject = unique('Refused ');
      await expect(transport().sendMail({ from: 'a@sender.example', to: 'someone@elsewhere.test', subject, text: 'Relay me.' })).rejects.toMatchObject({
        responseCode: 550,
      });
      await expect(transport().sendMail({ from: 'a@sender.example', to: address, subject, text: 'x'.repeat(5 * 1024 * 1024 + 1024) })).rejects.toMatchObject({
        responseCode: 552,
      });
      // One good recipient and one foreign: only ours is accepted.
      const mixed = await transport().sendMail({ from: 'a@sender.example', to: [address, 'b@elsewhere.test'], subject: `${subject} mixed`, text: 'Hi.' });
      expect([mixed.accepted, mixed.rejected]).toEqual([[address], ['b@elsewhere.test']]);
      await waitFor(
        () => bySubject(`${subject} mixed`),
        (n) => n === 1,
        30_000,
        'mixed',
      );
      expect(await bySubject(subject)).toBe(0);
    }, 90_000);

    it('answers protocol garbage with errors and drops a garbage message to no known address, writing nothing', async () => {
      const before = await orgRows(org);
      const answers = await smtpDialogue(smtp.port, ['HELO sender.example', 'NONSENSE', 'RCPT TO:<x@inbox.hireloop.test>', 'AUTH PLAIN AGFAYQ==', 'QUIT']);
      expect(answers.map((a) => a.slice(0, 1))).toEqual(['2', '5', '5', '5', '2']);
      const junk = await transport().sendMail({
        envelope: { from: 'a@sender.example', to: [`nobody@${INBOUND_DOMAIN}`] },
        raw: Buffer.from([0, 255, 13, 10, 1, 2, 3, 13, 10, 46, 46, 0, 250]),
      });
      expect(junk.accepted).toEqual([`nobody@${INBOUND_DOMAIN}`]);
      expect(await orgRows(org)).toBe(before);
    }, 90_000);
  });
});
