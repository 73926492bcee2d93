import type { INestApplicationContext } from '@nestjs/common';
import { request as httpRequest } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { ParsedMail } from 'mailparser';
import { startTestApp, TestApp } from '../support/app.js';
import { closeTestDb, count, testDb } from '../support/db.js';
import { bearer, makeOrg, TEST_PASSWORD, TestOrg, unique } from '../support/factories.js';
import { startMailWorker, TestSmtp } from '../support/mail-fixtures.js';
import { waitFor } from '../support/postings-fixtures.js';

/**
 * Accounts by email, end to end: the API, the worker's outbox relay and mail processor, and a real SMTP server on
 * loopback. Public routes are called from loopback addresses of this file's own (`localAddress`), so their per-address
 * budgets are never shared with other test files (which all sign in from 127.0.0.1).
 */

const BASE = 'https://ats.hireloop.test';
const FROM = 'Hireloop <accounts@hireloop.test>';
const NEW_PASSWORD = 'a-brand-new-passphrase';

interface Reply {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: any; // eslint-disable-line @typescript-eslint/no-explicit-any -- a JSON answer, read like supertest's body
}

let nextAddress = 0;
const secondOctet = 30 + Math.floor(Math.random() * 60);
/** A loopback address used by nobody else in this run. */
function freshAddress(): string {
  nextAddress += 1;
  return `127.${secondOctet}.${200 + Math.floor(nextAddress / 250)}.${(nextAddress % 250) + 1}`;
}

describe('accounts by email (invitations, password resets, email confirmation) through the worker and a real SMTP server', () => {
  let t: TestApp;
  let port: number;
  let worker: INestApplicationContext;
  let smtp: TestSmtp;

  beforeAll(async () => {
    smtp = new TestSmtp();
    const smtpPort = await smtp.start();
    t = await startTestApp({ PUBLIC_BASE_URL: BASE });
    await t.app.listen({ port: 0, host: '127.0.0.1' });
    port = (t.app.getHttpServer().address() as AddressInfo).port;
    worker = await startMailWorker({ SMTP_URL: `smtp://127.0.0.1:${smtpPort}`, MAIL_FROM: FROM, PUBLIC_BASE_URL: BASE });
  }, 60_000);

  afterAll(async () => {
    await worker?.close();
    await t?.close();
    await smtp?.close();
    await closeTestDb();
  });

  /** A JSON request from a loopback address of our own. */
  function call(method: string, path: string, options: { body?: unknown; token?: string; from?: string; raw?: string } = {}): Promise<Reply> {
    const payload = options.raw ?? (options.body === undefined ? undefined : JSON.stringify(options.body));
    return new Promise((resolve, reject) => {
      const req = httpRequest(
        {
          host: '127.0.0.1',
          port,
          localAddress: options.from ?? freshAddress(),
          method,
          path,
          agent: false,
          headers: {
            ...(payload !== undefined ? { 'content-type': 'application/json', 'content-length': Buffer.byteLength(payload) } : {}),
            ...(options.token ? { authorization: `Bearer ${options.token}` } : {}),
          },
        },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (chunk: Buffer) => chunks.push(chunk));
          res.on('end', () => {
            const text = Buffer.concat(chunks).toString();
            resolve({ status: res.statusCode ?? 0, headers: res.headers, body: text ? JSON.parse(text) : undefined });
          });
          res.on('error', reject);
        },
      );
      req.on('error', reject);
      req.end(payload);
    });
  }

  /** The messages to an address whose subject starts with `about`, once there are at least `n`. */
  const mailTo = (address: string, about: string, n = 1): Promise<ParsedMail[]> =>
    waitFor(
      () => Promise.resolve(smtp.to(address).filter((m) => m.subject?.startsWith(about))),
      (messages) => messages.length >= n,
      60_000,
      `${n} email(s) to ${address}`,
    );

  /** The link of an account email: on PUBLIC_BASE_URL, the page `path`, with its token. */
  function linkOf(message: ParsedMail, path: string): string {
    const match = new RegExp(`${BASE.replace(/\./g, '\\.')}${path}\\?token=([A-Za-z0-9_-]+)`).exec(message.text ?? '');
    if (!match) throw new Error(`No ${path} link in: ${message.text}`);
    expect(message.html || '').toContain(`href="${match[0]}"`);
    return match[1];
  }

  const tokenRow = async (userId: string, purpose: string) => {
    const db = await testDb();
    const rows: Array<{ id: string; used_at: Date | null; lifetime_seconds: number }> = await db.query(
      `SELECT id, used_at, extract(epoch FROM expires_at - created_at)::int AS lifetime_seconds FROM account_tokens
        WHERE user_id = $1 AND purpose = $2 ORDER BY created_at DESC LIMIT 1`,
      [userId, purpose],
    );
    return rows[0];
  };

  const userRow = async (userId: string) => {
    const db = await testDb();
    const rows: Array<{ password_hash: string; must_change_password: boolean; token_epoch: number; email_confirmed_at: Date | null }> = await db.query(
      'SELECT password_hash, must_change_password, token_epoch, email_confirmed_at FROM users WHERE id = $1',
      [userId],
    );
    return rows[0];
  };

  async function register(): Promise<TestOrg & { orgName: string }> {
    const org = await makeOrg(t, { confirmed: false, name: `Acme ${unique('co')}` });
    return { ...org, orgName: org.name };
  }

  async function invite(org: TestOrg, name = 'Rita Recruiter'): Promise<{ id: string; email: string; oneTimePassword: string }> {
    const email = `${unique('invitee')}@example.test`;
    const res = await t
      .http()
      .post('/v1/users/invitations')
      .set(bearer(org.admin))
      .send({ email, name, roles: ['recruiter'] });
    expect(res.status).toBe(201);
    expect(res.body.invitationEmailed).toBe(true);
    expect(res.body.oneTimePassword).toEqual(expect.any(String));
    return { id: res.body.user.id, email, oneTimePassword: res.body.oneTimePassword };
  }

  /** The one answer of every link that does not work (unknown, expired, used). */
  function expectInvalidLink(reply: Reply): void {
    expect(reply.status).toBe(410);
    expect(reply.headers['content-type']).toMatch(/application\/problem\+json/);
    expect(reply.body.code).toBe('identity.invalid_account_link');
    expect(reply.body.detail).toBe('This link does not work any more: it expired or was already used. Ask for a new one.');
  }

  describe('email confirmation of a registering admin', () => {
    it('mails a confirmation link; until it is opened adding people is refused (nothing written); a resent link replaces the first; it works once', async () => {
      const org = await register();
      const [first] = await mailTo(org.admin.email, 'Confirm');
      expect(first.from?.value[0]).toMatchObject({ name: 'Hireloop', address: 'accounts@hireloop.test' });
      expect(first.subject).toBe(`Confirm your email address for ${org.orgName} on Hireloop`);
      expect(first.text).toContain('Hello Org Admin,');
      expect(first.text).not.toMatch(/email_confirmation|identity\./);
      const firstToken = linkOf(first, '/app/confirm-email');
      expect(await tokenRow(org.admin.id, 'email_confirmation')).toMatchObject({ lifetime_seconds: 7 * 24 * 3600 });

      const me = await t.http().get('/v1/me').set(bearer(org.admin));
      expect(me.body.user.emailConfirmed).toBe(false);
      // Signed in and setting up works; adding people does not.
      expect((await t.http().post('/v1/departments').set(bearer(org.admin)).send({ name: 'Engineering' })).status).toBe(201);
      const invited = await t
        .http()
        .post('/v1/users/invitations')
        .set(bearer(org.admin))
        .send({ email: `${unique('early')}@example.test`, name: 'Too Early', roles: ['recruiter'] });
      expect(invited.status).toBe(403);
      expect(invited.body.code).toBe('identity.email_not_confirmed');
      const created = await t
        .http()
        .post('/v1/users')
        .set(bearer(org.admin))
        .send({ email: `${unique('early')}@example.test`, name: 'Too Early', password: TEST_PASSWORD, roles: ['recruiter'] });
      expect(created.status).toBe(403);
      expect(created.body.code).toBe('identity.email_not_confirmed');
      expect(await count('users', 'organization_id = $1', [org.id])).toBe(1);
      expect(await count('account_tokens', "organization_id = $1 AND purpose = 'invitation'", [org.id])).toBe(0);

      // Send the link again: a second email, and the first link stops working.
      const resent = await t.http().post('/v1/auth/resend-confirmation').set(bearer(org.admin));
      expect(resent.status).toBe(202);
      expect(resent.body).toEqual({ sent: true });
      const [, second] = await mailTo(org.admin.email, 'Confirm', 2);
      const secondToken = linkOf(second, '/app/confirm-email');
      expect(secondToken).not.toBe(firstToken);
      expectInvalidLink(await call('POST', '/v1/auth/confirm-email', { body: { token: firstToken } }));
      expect((await userRow(org.admin.id)).email_confirmed_at).toBeNull();

      // The link needs no session (it may open in another browser), works once.
      expect((await call('POST', '/v1/auth/confirm-email', { body: { token: secondToken } })).status).toBe(204);
      expectInvalidLink(await call('POST', '/v1/auth/confirm-email', { body: { token: secondToken } }));
      expect((await t.http().get('/v1/me').set(bearer(org.admin))).body.user.emailConfirmed).toBe(true);
      expect((await t.http().post('/v1/auth/resend-confirmation').set(bearer(org.admin))).body).toEqual({ sent: false });
      await invite(org);
    });

    it('a confirmation link cannot reset a password or accept an invitation', async () => {
      const org = await register();
      const [mail] = await mailTo(org.admin.email, 'Confirm');
      const token = linkOf(mail, '/app/confirm-email');
      const before = await userRow(org.admin.id);
      expectInvalidLink(await call('POST', '/v1/auth/reset-password', { body: { token, password: NEW_PASSWORD } }));
      expectInvalidLink(await call('POST', '/v1/auth/accept-invitation', { body: { token, password: NEW_PASSWORD } }));
      expect(await userRow(org.admin.id)).toEqual(before);
      expect((await tokenRow(org.admin.id, 'email_confirmation')).used_at).toBeNull();
    });
  });

  describe('invitations', () => {
    let org: TestOrg;
    beforeAll(async () => {
      org = await makeOrg(t, { name: `Invite ${unique('co')}` });
    });

    it('emails a link to choose a password that works once, answers a session and ends the one-time password', async () => {
      const invitee = await invite(org, 'Rita Recruiter');
      const [mail] = await mailTo(invitee.email, 'You');
      expect(mail.subject).toBe(`You're invited to join ${org.name} on Hireloop`);
      expect(mail.text).toContain('Hello Rita Recruiter,');
      expect(mail.text).toContain('Org Admin invited you');
      expect(mail.text).toContain('3 days');
      const token = linkOf(mail, '/app/accept-invitation');
      expect(await tokenRow(invitee.id, 'invitation')).toMatchObject({ lifetime_seconds: 72 * 3600, used_at: null });
      // Only its hash is stored.
      expect(await count('account_tokens', 'token_hash = $1 OR id::text = $1', [token])).toBe(0);
      expect(await count('account_emails', 'user_id = $1 AND (intro LIKE $2 OR outro LIKE $2)', [invitee.id, `%${token}%`])).toBe(0);

      const details = await call('POST', '/v1/auth/invitation', { body: { token } });
      expect(details.status).toBe(200);
      expect(details.body).toEqual({ name: 'Rita Recruiter' });

      const accepted = await call('POST', '/v1/auth/accept-invitation', { body: { token, password: NEW_PASSWORD } });
      expect(accepted.status).toBe(200);
      const me = await t
        .http()
        .get('/v1/me')
        .set(bearer({ token: accepted.body.accessToken }));
      expect(me.status).toBe(200);
      expect(me.body.user).toMatchObject({ id: invitee.id, invitationPending: false, emailConfirmed: true });
      // A route past the password screen works at once.
      expect(
        (
          await t
            .http()
            .get('/v1/jobs')
            .set(bearer({ token: accepted.body.accessToken }))
        ).status,
      ).toBe(200);

      expectInvalidLink(await call('POST', '/v1/auth/accept-invitation', { body: { token, password: 'another-passphrase-1' } }));
      expectInvalidLink(await call('POST', '/v1/auth/invitation', { body: { token } }));
      expect((await t.http().post('/v1/auth/login').send({ email: invitee.email, password: invitee.oneTimePassword })).status).toBe(401);
      expect((await t.http().post('/v1/auth/login').send({ email: invitee.email, password: NEW_PASSWORD })).status).toBe(200);
    });

    it('stops working after 72 hours, and once the one-time password was used to choose a password; nothing is written', async () => {
      const late = await invite(org, 'Late Larry');
      const token = linkOf((await mailTo(late.email, 'You'))[0], '/app/accept-invitation');
      const db = await testDb();
      // 72 hours later (the expiry moved, not the clock).
      await db.query(`UPDATE account_tokens SET expires_at = now() - interval '1 second' WHERE user_id = $1 AND purpose = 'invitation'`, [late.id]);
      const before = await userRow(late.id);
      expectInvalidLink(await call('POST', '/v1/auth/invitation', { body: { token } }));
      expectInvalidLink(await call('POST', '/v1/auth/accept-invitation', { body: { token, password: NEW_PASSWORD } }));
      expect(await userRow(late.id)).toEqual(before);
      expect(before.must_change_password).toBe(true);

      const otp = await invite(org, 'Otto Password');
      const otpToken = linkOf((await mailTo(otp.email, 'You'))[0], '/app/accept-invitation');
      const signIn = await t.http().post('/v1/auth/login').send({ email: otp.email, password: otp.oneTimePassword });
      expect(signIn.status).toBe(200);
      const changed = await t
        .http()
        .post('/v1/auth/password')
        .set(bearer({ token: signIn.body.accessToken }))
        .send({ currentPassword: otp.oneTimePassword, newPassword: TEST_PASSWORD });
      expect(changed.status).toBe(200);
      expectInvalidLink(await call('POST', '/v1/auth/accept-invitation', { body: { token: otpToken, password: NEW_PASSWORD } }));
    });

    it('refuses bad input with a 400 naming the field and leaves the link usable', async () => {
      const invitee = await invite(org, 'Bea Bad-Input');
      const token = linkOf((await mailTo(invitee.email, 'You'))[0], '/app/accept-invitation');
      const before = await userRow(invitee.id);
      const cases: Array<[unknown, string]> = [
        [{ token, password: 'short' }, 'password'],
        [{ token, password: 'x'.repeat(201) }, 'password'],
        [{ token: 'x'.repeat(201), password: NEW_PASSWORD }, 'token'],
        [{ token: 42, password: NEW_PASSWORD }, 'token'],
        [{ password: NEW_PASSWORD }, 'token'],
      ];
      for (const [body, field] of cases) {
        const res = await call('POST', '/v1/auth/accept-invitation', { body });
        expect(res.status).toBe(400);
        expect(res.body.errors.map((e: { field: string }) => e.field)).toContain(field);
      }
      const extra = await call('POST', '/v1/auth/accept-invitation', { body: { token, password: NEW_PASSWORD, admin: true } });
      expect(extra.status).toBe(400);
      expect((await call('POST', '/v1/auth/accept-invitation', { raw: '{"token": ' })).status).toBe(400);
      expect(await userRow(invitee.id)).toEqual(before);
      expect((await tokenRow(invitee.id, 'invitation')).used_at).toBeNull();
    });
  });

  describe('forgotten passwords', () => {
    let org: TestOrg;
    beforeAll(async () => {
      org = await makeOrg(t, { name: `Reset ${unique('co')}` });
    });

    const resetRequests = (email: string) => count('outbox_events', "event_type = 'identity.password-reset-requested' AND payload->>'email' = $1", [email]);

    /** Waits until the worker handled the reset request of an email (found or not). */
    async function handled(email: string): Promise<void> {
      await waitFor(
        () =>
          count(
            'processed_events p JOIN outbox_events o ON o.id::text = p.event_id',
            "p.consumer = 'mail.password-reset' AND o.event_type = 'identity.password-reset-requested' AND o.payload->>'email' = $1",
            [email],
          ),
        (n) => n > 0,
        60_000,
        `reset request of ${email} handled`,
      );
    }

    it('answers known and unknown emails identically; only the known one gets a link', async () => {
      const unknown = `${unique('nobody')}@example.test`;
      const from = freshAddress();
      const known = await call('POST', '/v1/auth/forgot-password', { body: { email: org.admin.email.toUpperCase() }, from });
      const other = await call('POST', '/v1/auth/forgot-password', { body: { email: unknown }, from });
      const comparable = (r: Reply) => {
        const headers = { ...r.headers };
        for (const name of ['date', 'x-request-id', 'request-id', 'content-length']) delete headers[name];
        return { status: r.status, headers, body: r.body };
      };
      expect(known.status).toBe(202);
      expect(comparable(other)).toEqual(comparable(known));
      expect(known.body).toEqual({ message: 'If an account uses this email address, we have sent it a link to choose a new password.' });

      const [mail] = await mailTo(org.admin.email, 'Reset');
      expect(mail.subject).toBe(`Reset your Hireloop password for ${org.name}`);
      linkOf(mail, '/app/reset-password');
      await handled(unknown);
      expect(smtp.to(unknown)).toHaveLength(0);
      expect(await count('account_emails', 'to_address = $1', [unknown])).toBe(0);
    });

    it('sets a new password once, ends every other session, and the link lasts 1 hour', async () => {
      const user = org.admin;
      const resets = () => smtp.to(user.email).filter((m) => m.subject?.startsWith('Reset'));
      const sent = resets().length;
      expect((await call('POST', '/v1/auth/forgot-password', { body: { email: user.email } })).status).toBe(202);
      const mail = (await mailTo(user.email, 'Reset', sent + 1))[sent];
      const token = linkOf(mail, '/app/reset-password');
      expect(await tokenRow(user.id, 'password_reset')).toMatchObject({ lifetime_seconds: 3600, used_at: null });
      const epoch = (await userRow(user.id)).token_epoch;

      const reset = await call('POST', '/v1/auth/reset-password', { body: { token, password: NEW_PASSWORD } });
      expect(reset.status).toBe(200);
      expect(reset.body.accessToken).toEqual(expect.any(String));
      expect((await userRow(user.id)).token_epoch).toBe(epoch + 1);
      expect((await t.http().get('/v1/me').set(bearer(user))).status).toBe(401);
      expect(
        (
          await t
            .http()
            .get('/v1/me')
            .set(bearer({ token: reset.body.accessToken }))
        ).status,
      ).toBe(200);
      expect((await t.http().post('/v1/auth/login').send({ email: user.email, password: TEST_PASSWORD })).status).toBe(401);
      expect((await t.http().post('/v1/auth/login').send({ email: user.email, password: NEW_PASSWORD })).status).toBe(200);
      expectInvalidLink(await call('POST', '/v1/auth/reset-password', { body: { token, password: 'yet-another-passphrase' } }));

      // A second link, past its hour: refused, nothing changes.
      const count2 = resets().length;
      expect((await call('POST', '/v1/auth/forgot-password', { body: { email: user.email } })).status).toBe(202);
      const late = linkOf((await mailTo(user.email, 'Reset', count2 + 1))[count2], '/app/reset-password');
      const db = await testDb();
      await db.query(
        `UPDATE account_tokens SET expires_at = now() - interval '1 second' WHERE user_id = $1 AND purpose = 'password_reset' AND used_at IS NULL`,
        [user.id],
      );
      const before = await userRow(user.id);
      expectInvalidLink(await call('POST', '/v1/auth/reset-password', { body: { token: late, password: 'yet-another-passphrase' } }));
      expect(await userRow(user.id)).toEqual(before);
      // An unknown token is the very same answer.
      const unknown = await call('POST', '/v1/auth/reset-password', { body: { token: 'A'.repeat(43), password: 'yet-another-passphrase' } });
      expectInvalidLink(unknown);
    });

    it('mails one link per account of an address with accounts in several organizations, each naming its organization and resetting only its account', async () => {
      const first = await makeOrg(t, { name: `First ${unique('co')}` });
      const secondSlug = unique('second-');
      const secondName = `Second ${secondSlug}`;
      const registered = await t
        .http()
        .post('/v1/auth/register')
        .send({ organizationName: secondName, organizationSlug: secondSlug, name: 'Org Admin', email: first.admin.email, password: TEST_PASSWORD });
      expect(registered.status).toBe(201);
      const secondAdminId: string = registered.body.user.id;
      // A third organization where the address's account is deactivated gets no link.
      const third = await t
        .http()
        .post('/v1/auth/register')
        .send({
          organizationName: `Third ${unique('co')}`,
          organizationSlug: unique('third-'),
          name: 'Org Admin',
          email: first.admin.email,
          password: TEST_PASSWORD,
        });
      expect(third.status).toBe(201);
      const db = await testDb();
      await db.query('UPDATE users SET active = false WHERE id = $1', [third.body.user.id]);

      // The same answer as for any address.
      const asked = await call('POST', '/v1/auth/forgot-password', { body: { email: first.admin.email } });
      expect(asked.status).toBe(202);
      expect(asked.body).toEqual({ message: 'If an account uses this email address, we have sent it a link to choose a new password.' });

      const mails = await mailTo(first.admin.email, 'Reset', 2);
      await handled(first.admin.email);
      expect(mails.map((m) => m.subject).sort()).toEqual([`Reset your Hireloop password for ${first.name}`, `Reset your Hireloop password for ${secondName}`]);
      expect(await count('account_emails', "to_address = $1 AND kind = 'password_reset'", [first.admin.email])).toBe(2);
      expect(await count('account_tokens', "user_id = $1 AND purpose = 'password_reset'", [third.body.user.id])).toBe(0);
      const mailFor = (name: string) => mails.find((m) => m.subject?.endsWith(name))!;
      expect(mailFor(secondName).text).toContain(`your ${secondName} account`);
      const secondToken = linkOf(mailFor(secondName), '/app/reset-password');
      const firstToken = linkOf(mailFor(first.name), '/app/reset-password');
      expect(secondToken).not.toBe(firstToken);

      // The second organization's link resets the second account only.
      const firstBefore = await userRow(first.admin.id);
      const reset = await call('POST', '/v1/auth/reset-password', { body: { token: secondToken, password: NEW_PASSWORD } });
      expect(reset.status).toBe(200);
      const me = await t
        .http()
        .get('/v1/me')
        .set(bearer({ token: reset.body.accessToken }));
      expect(me.body.user.id).toBe(secondAdminId);
      expect(me.body.organization.slug).toBe(secondSlug);
      expect(await userRow(first.admin.id)).toEqual(firstBefore);
      expect((await tokenRow(first.admin.id, 'password_reset')).used_at).toBeNull();
      // Each password now opens one account: sign-in needs no choice.
      const signIn = async (password: string) =>
        (await t.http().post('/v1/auth/login').send({ email: first.admin.email, password })).body.accessToken as string;
      expect(
        (
          await t
            .http()
            .get('/v1/me')
            .set(bearer({ token: await signIn(NEW_PASSWORD) }))
        ).body.organization.slug,
      ).toBe(secondSlug);
      expect(
        (
          await t
            .http()
            .get('/v1/me')
            .set(bearer({ token: await signIn(TEST_PASSWORD) }))
        ).body.organization.slug,
      ).toBe(first.slug);
      // The first organization's link still works, for its own account.
      expect((await call('POST', '/v1/auth/reset-password', { body: { token: firstToken, password: 'yet-another-passphrase' } })).status).toBe(200);
      expect((await userRow(first.admin.id)).password_hash).not.toBe(firstBefore.password_hash);
    });

    it('refuses a malformed request with a 400 and writes nothing', async () => {
      const email = `${unique('bad')}@example.test`;
      const bodies: unknown[] = [{}, { email: 'not-an-email' }, { email: `${'a'.repeat(320)}@example.test` }, { email: [email] }, { email, extra: 1 }];
      for (const body of bodies) {
        const res = await call('POST', '/v1/auth/forgot-password', { body });
        expect(res.status).toBe(400);
      }
      expect((await call('POST', '/v1/auth/forgot-password', { raw: '{"email":' })).status).toBe(400);
      expect(await resetRequests(email)).toBe(0);
    });

    it('throttles per email and per client address (429 with Retry-After), whether or not the account exists', async () => {
      const email = `${unique('flood')}@example.test`;
      for (let i = 0; i < 3; i++) expect((await call('POST', '/v1/auth/forgot-password', { body: { email } })).status).toBe(202);
      const refused = await call('POST', '/v1/auth/forgot-password', { body: { email } });
      expect(refused.status).toBe(429);
      expect(refused.body.code).toBe('identity.too_many_account_requests');
      expect(Number(refused.headers['retry-after'])).toBeGreaterThan(0);
      expect(await resetRequests(email)).toBe(3);

      const from = freshAddress();
      for (let i = 0; i < 20; i++) {
        expect((await call('POST', '/v1/auth/forgot-password', { body: { email: `${unique('many')}@example.test` }, from })).status).toBe(202);
      }
      const last = `${unique('many')}@example.test`;
      expect((await call('POST', '/v1/auth/forgot-password', { body: { email: last }, from })).status).toBe(429);
      expect(await resetRequests(last)).toBe(0);

      // Using links is budgeted per address too.
      const linkFrom = freshAddress();
      for (let i = 0; i < 30; i++) {
        expect((await call('POST', '/v1/auth/confirm-email', { body: { token: `unknown-${i}` }, from: linkFrom })).status).toBe(410);
      }
      expect((await call('POST', '/v1/auth/confirm-email', { body: { token: 'unknown' }, from: linkFrom })).status).toBe(429);
    });
  });
});
