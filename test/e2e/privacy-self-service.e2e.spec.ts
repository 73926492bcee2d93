import { request as httpRequest } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { INestApplicationContext } from '@nestjs/common';
import { unzipSync } from 'fflate';
import { startTestApp, TestApp } from '../support/app.js';
import { closeTestDb, count, testDb } from '../support/db.js';
import { bearer, makeOrg, makeUser, TestOrg, TestUser, unique } from '../support/factories.js';
import { TestSmtp } from '../support/mail-fixtures.js';
import { makeApplication, makePipelineJob, PipelineJob } from '../support/pipelines-fixtures.js';
import { waitFor } from '../support/postings-fixtures.js';
import { startPrivacyWorker } from '../support/privacy-fixtures.js';

/**
 * The careers page's "Request my data" / "Delete my data": the same answer for known and unknown addresses, a
 * single-use, expiring confirmation link by email (a real SMTP server), the export's download link, the admin queue.
 * Requests leave from loopback addresses no other test file uses (the per-address budget).
 */

interface Reply {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: Buffer;
  text: string;
}

let nextAddress = 0;
const secondOctet = 100 + Math.floor(Math.random() * 100);
function freshAddress(): string {
  nextAddress += 1;
  return `127.${secondOctet}.${Math.floor(nextAddress / 250) + 50}.${(nextAddress % 250) + 1}`;
}

function send(port: number, from: string, method: 'GET' | 'POST', path: string, fields?: Record<string, string>): Promise<Reply> {
  const payload = fields ? new URLSearchParams(fields).toString() : '';
  return new Promise((resolve, reject) => {
    const req = httpRequest(
      {
        host: '127.0.0.1',
        port,
        localAddress: from,
        method,
        path,
        agent: false,
        headers: fields ? { 'content-type': 'application/x-www-form-urlencoded', 'content-length': Buffer.byteLength(payload) } : {},
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () => {
          const body = Buffer.concat(chunks);
          resolve({ status: res.statusCode ?? 0, headers: res.headers, body, text: body.toString('utf8') });
        });
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end(payload);
  });
}

const linkIn = (text: string | undefined, kind: 'confirm' | 'download'): string => {
  const match = new RegExp(`/privacy/${kind}\\?token=([A-Za-z0-9_-]{43})`).exec(text ?? '');
  if (!match) throw new Error(`no ${kind} link in ${text}`);
  return match[1];
};

describe('self-service privacy requests on the careers page', () => {
  let t: TestApp;
  let port: number;
  let worker: INestApplicationContext;
  let smtp: TestSmtp;
  let org: TestOrg;
  let admin: TestUser;
  let recruiter: TestUser;
  let job: PipelineJob;
  let base: string;

  beforeAll(async () => {
    smtp = new TestSmtp();
    const smtpPort = await smtp.start();
    t = await startTestApp();
    await t.app.listen({ port: 0, host: '127.0.0.1' });
    port = (t.app.getHttpServer().address() as AddressInfo).port;
    worker = await startPrivacyWorker({ SMTP_URL: `smtp://127.0.0.1:${smtpPort}`, MAIL_FROM: 'Hireloop <jobs@hireloop.test>' });
    org = await makeOrg(t);
    admin = await makeUser(t, org, ['admin']);
    recruiter = await makeUser(t, org, ['recruiter']);
    job = await makePipelineJob(org.id);
    base = `/careers/${org.slug}/privacy`;
  });

  afterAll(async () => {
    await worker?.close();
    await t?.close();
    await smtp?.close();
    await closeTestDb();
  });

  async function knownAddress(): Promise<{ email: string; candidateId: string }> {
    const app = await makeApplication(t, recruiter, job.id);
    const db = await testDb();
    const [c]: Array<{ emails: string[] }> = await db.query('SELECT emails FROM candidates WHERE id = $1', [app.candidateId]);
    return { email: c.emails[0], candidateId: app.candidateId };
  }

  const writes = async () => ({
    requests: await count('privacy_requests', 'organization_id = $1', [org.id]),
    emails: await count('emails', 'organization_id = $1', [org.id]),
    exports: await count('privacy_exports', 'organization_id = $1', [org.id]),
  });

  const mailTo = (email: string) =>
    waitFor(
      () => Promise.resolve(smtp.to(email)),
      (messages) => messages.length > 0,
      60_000,
      `mail to ${email}`,
    );

  it('links "Request my data" and "Delete my data" from the careers page, each to a form with the email field', async () => {
    const page = await send(port, freshAddress(), 'GET', `/careers/${org.slug}`);
    expect(page.text).toContain(`${base}/request?kind=access">Request my data</a>`);
    expect(page.text).toContain(`${base}/request?kind=deletion">Delete my data</a>`);
    const form = await send(port, freshAddress(), 'GET', `${base}/request?kind=deletion`);
    expect(form.status).toBe(200);
    expect(form.text).toContain('<h1>Delete my data</h1>');
    expect(form.text).toContain('name="email"');
    expect(form.text).not.toContain('<script');
  });

  it('answers a known and an unknown address alike; only the known one gets a link, which works once', async () => {
    const known = await knownAddress();
    const before = await writes();
    const unknownReply = await send(port, freshAddress(), 'POST', `${base}/request`, { kind: 'access', email: `${unique('nobody')}@example.test` });
    expect(await writes()).toEqual(before);
    const knownReply = await send(port, freshAddress(), 'POST', `${base}/request`, { kind: 'access', email: known.email.toUpperCase() });
    expect(knownReply.status).toBe(unknownReply.status);
    expect(knownReply.text).toBe(unknownReply.text);
    expect(knownReply.text).toContain('If we hold data for this address, we sent it a link');

    const [message] = await mailTo(known.email);
    expect(message.subject).toContain('Confirm your request');
    const token = linkIn(message.text, 'confirm');
    const db = await testDb();
    const [row]: Array<{ id: string; status: string; hash: string }> = await db.query(
      `SELECT id, status, encode(confirm_token_hash, 'hex') AS hash FROM privacy_requests WHERE organization_id = $1 AND email = $2`,
      [org.id, known.email],
    );
    expect(row.status).toBe('unconfirmed');
    expect(row.hash).not.toContain(Buffer.from(token).toString('hex')); // only its hash is stored

    // Opening the link shows a button and uses nothing up (mail scanners follow links).
    const page = await send(port, freshAddress(), 'GET', `${base}/confirm?token=${token}`);
    expect(page.status).toBe(200);
    expect(page.text).toContain('<button class="button" type="submit">Confirm</button>');
    const confirmed = await send(port, freshAddress(), 'POST', `${base}/confirm`, { token });
    expect(confirmed.status).toBe(200);
    expect(confirmed.text).toContain('Request confirmed');
    // Single use.
    expect((await send(port, freshAddress(), 'POST', `${base}/confirm`, { token })).status).toBe(410);
    expect((await send(port, freshAddress(), 'GET', `${base}/confirm?token=${token}`)).status).toBe(410);

    // The export is built and its download link emailed; the link gives the zip.
    const messages = await waitFor(
      () => Promise.resolve(smtp.to(known.email)),
      (list) => list.length >= 2,
      60_000,
      'download link mail',
    );
    const download = linkIn(messages[1].text, 'download');
    const zip = await send(port, freshAddress(), 'GET', `${base}/download?token=${download}`);
    expect(zip.status).toBe(200);
    expect(zip.headers['content-type']).toBe('application/zip');
    const files = unzipSync(new Uint8Array(zip.body));
    expect(JSON.parse(Buffer.from(files['candidate.json']).toString('utf8'))).toMatchObject({ id: known.candidateId });
    const [done]: Array<{ status: string }> = await db.query('SELECT status FROM privacy_requests WHERE id = $1', [row.id]);
    expect(done.status).toBe('fulfilled');
    // Another organization's careers page does not know the link.
    const other = await makeOrg(t);
    expect((await send(port, freshAddress(), 'GET', `/careers/${other.slug}/privacy/download?token=${download}`)).status).toBe(410);
  });

  it('refuses an expired confirmation link and changes nothing', async () => {
    const known = await knownAddress();
    await send(port, freshAddress(), 'POST', `${base}/request`, { kind: 'deletion', email: known.email });
    const [message] = await mailTo(known.email);
    const token = linkIn(message.text, 'confirm');
    const db = await testDb();
    await db.query(`UPDATE privacy_requests SET confirm_expires_at = now() - interval '1 second' WHERE organization_id = $1 AND email = $2`, [
      org.id,
      known.email,
    ]);
    const before = await writes();
    const reply = await send(port, freshAddress(), 'POST', `${base}/confirm`, { token });
    expect(reply.status).toBe(410);
    expect(reply.text).toContain('This link is not valid any more');
    expect(await writes()).toEqual(before);
    const [row]: Array<{ status: string; confirmed_at: Date | null }> = await db.query(
      'SELECT status, confirmed_at FROM privacy_requests WHERE organization_id = $1 AND email = $2',
      [org.id, known.email],
    );
    expect(row).toEqual({ status: 'unconfirmed', confirmed_at: null });
  });

  it('anonymises the candidate once a deletion is confirmed (the request kept without the address); admins list open requests and reject one with a reason', async () => {
    const known = await knownAddress();
    await send(port, freshAddress(), 'POST', `${base}/request`, { kind: 'deletion', email: known.email });
    const token = linkIn((await mailTo(known.email))[0].text, 'confirm');
    expect((await send(port, freshAddress(), 'POST', `${base}/confirm`, { token })).status).toBe(200);

    const db = await testDb();
    const [candidate]: Array<{ anonymized_at: Date | null; emails: string[] }> = await db.query(
      'SELECT anonymized_at, emails FROM candidates WHERE organization_id = $1 AND id = $2',
      [org.id, known.candidateId],
    );
    expect(candidate.anonymized_at).not.toBeNull();
    expect(candidate.emails).toEqual([]);
    const closed = await t.http().get('/v1/privacy/requests?state=closed&limit=100').set(bearer(admin));
    expect(closed.status).toBe(200);
    const done = closed.body.data.find((r: { candidateId: string | null }) => r.candidateId === known.candidateId);
    expect(done).toMatchObject({ kind: 'deletion', status: 'fulfilled' });
    expect(JSON.stringify(closed.body)).not.toContain(known.email);

    // An open request (not confirmed yet) is listed with its deadline; an admin rejects it with a reason.
    const other = await knownAddress();
    await send(port, freshAddress(), 'POST', `${base}/request`, { kind: 'access', email: other.email });
    const list = await t.http().get('/v1/privacy/requests?state=open&limit=100').set(bearer(admin));
    expect(list.status).toBe(200);
    const request = list.body.data.find((r: { email: string }) => r.email === other.email);
    expect(request).toMatchObject({ kind: 'access', status: 'unconfirmed' });
    expect(new Date(request.deadlineAt).getTime() - new Date(request.createdAt).getTime()).toBe(30 * 24 * 3600 * 1000);
    expect((await t.http().get('/v1/privacy/requests').set(bearer(recruiter))).status).toBe(403);

    const before = await writes();
    const empty = await t.http().post(`/v1/privacy/requests/${request.id}/reject`).set(bearer(admin)).send({ reason: '   ' });
    expect(empty.status).toBe(400);
    expect(await writes()).toEqual(before);
    const rejected = await t.http().post(`/v1/privacy/requests/${request.id}/reject`).set(bearer(admin)).send({ reason: 'Identity could not be checked.' });
    expect(rejected.status).toBe(200);
    expect(rejected.body).toMatchObject({ status: 'rejected', rejectReason: 'Identity could not be checked.' });
    const again = await t.http().post(`/v1/privacy/requests/${request.id}/fulfil`).set(bearer(admin));
    expect(again.status).toBe(409);
    expect(again.body.code).toBe('privacy.request_closed');
  });

  it('answers a malformed address with the form again and a sentence, writing nothing', async () => {
    const before = await writes();
    for (const email of ['not-an-address', 'a'.repeat(300) + '@example.test', '']) {
      const reply = await send(port, freshAddress(), 'POST', `${base}/request`, { kind: 'access', email });
      expect(reply.status).toBe(400);
      expect(reply.text).toContain('Enter a valid email address.');
    }
    const badKind = await send(port, freshAddress(), 'POST', `${base}/request`, { kind: 'everything', email: 'x@example.test' });
    expect(badKind.status).toBe(400);
    expect((await send(port, freshAddress(), 'GET', `${base}/confirm?token=${'x'.repeat(5000)}`)).status).toBe(410);
    expect((await send(port, freshAddress(), 'GET', `/careers/no-such-org-${unique()}/privacy/request?kind=access`)).status).toBe(404);
    expect(await writes()).toEqual(before);
  });

  it('throttles per client address and per email address (429 in words), writing nothing past the budget', async () => {
    const from = freshAddress();
    const email = `${unique('flood')}@example.test`;
    const replies: number[] = [];
    for (let i = 0; i < 4; i++) replies.push((await send(port, from, 'POST', `${base}/request`, { kind: 'access', email })).status);
    expect(replies.slice(0, 3)).toEqual([200, 200, 200]);
    expect(replies[3]).toBe(429); // the email's budget (3 an hour)
    const ip = freshAddress();
    const statuses: number[] = [];
    for (let i = 0; i < 11; i++)
      statuses.push((await send(port, ip, 'POST', `${base}/request`, { kind: 'access', email: `${unique('n')}@example.test` })).status);
    expect(statuses.slice(0, 10).every((s) => s === 200)).toBe(true);
    const over = await send(port, ip, 'POST', `${base}/request`, { kind: 'access', email: `${unique('n')}@example.test` });
    expect(over.status).toBe(429);
    expect(over.headers['retry-after']).toBeDefined();
    expect(over.text).toContain('Please try again later');
  });

  it('without mail, a request waits in the admin queue; fulfilling a data request makes its export', async () => {
    const quiet = await startTestApp({ MAIL_DISABLED: 'true' });
    try {
      await quiet.app.listen({ port: 0, host: '127.0.0.1' });
      const quietPort = (quiet.app.getHttpServer().address() as AddressInfo).port;
      const known = await knownAddress();
      const emails = await count('emails', 'organization_id = $1', [org.id]);
      const reply = await send(quietPort, freshAddress(), 'POST', `${base}/request`, { kind: 'access', email: known.email });
      expect(reply.text).toContain('If we hold data for this address');
      expect(await count('emails', 'organization_id = $1', [org.id])).toBe(emails);
      const list = await quiet.http().get('/v1/privacy/requests?state=open&limit=100').set(bearer(admin));
      const request = list.body.data.find((r: { email: string }) => r.email === known.email);
      expect(request).toMatchObject({ kind: 'access', status: 'awaiting_admin', exportId: null });
      const fulfilled = await quiet.http().post(`/v1/privacy/requests/${request.id}/fulfil`).set(bearer(admin));
      expect(fulfilled.status).toBe(200);
      expect(fulfilled.body).toMatchObject({ status: 'fulfilled', exportId: expect.any(String) });
      const exported = await waitFor(
        async () => (await quiet.http().get(`/v1/privacy/exports/${fulfilled.body.exportId}`).set(bearer(admin))).body,
        (body: { status: string; candidateId: string }) => body.status === 'ready',
        60_000,
        'export ready',
      );
      expect(exported.candidateId).toBe(known.candidateId);
    } finally {
      await quiet.close();
    }
  });
});
