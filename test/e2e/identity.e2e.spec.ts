import jwt from 'jsonwebtoken';
import { REGISTRATION_META } from '../../apps/api/src/web/web-app.js';
import { startTestApp, TestApp } from '../support/app.js';
import { closeTestDb, count, testDb } from '../support/db.js';
import { bearer, makeOrg, makeUser, TEST_PASSWORD, TestOrg, unique } from '../support/factories.js';

const PROBLEM = /application\/problem\+json/;
const OTHER_PASSWORD = 'another-horse-battery';

/** A JSON body with every value replaced by its type: two answers of the same shape compare equal. */
function shapeOf(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(shapeOf);
  if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, shapeOf(v)]));
  return value === null ? 'null' : typeof value;
}

/**
 * Rows a registration with this body could have written: the organization (by the slug sent) and its first
 * user (by the email sent). Scoped to what this test sent, so registrations by test files running at the
 * same time cannot change it.
 */
async function registrationRows(body: Record<string, unknown>): Promise<{ organizations: number; users: number }> {
  return {
    organizations: await count('organizations', 'lower(slug) = lower($1)', [typeof body.organizationSlug === 'string' ? body.organizationSlug : '']),
    users: await count('users', 'lower(email) = lower($1)', [typeof body.email === 'string' ? body.email : '']),
  };
}

describe('identity: organizations, users, sign-in', () => {
  let t: TestApp;
  let org: TestOrg;

  beforeAll(async () => {
    t = await startTestApp();
    org = await makeOrg(t);
  });
  afterAll(async () => {
    await t.close();
    await closeTestDb();
  });

  describe('POST /v1/auth/register', () => {
    it('creates an organization and its first admin, and never returns the password or its hash', async () => {
      const slug = unique('acme-');
      const res = await t
        .http()
        .post('/v1/auth/register')
        .send({ organizationName: 'Acme', organizationSlug: slug, name: 'Ada', email: `Ada.${slug}@Example.TEST`, password: TEST_PASSWORD });
      expect(res.status).toBe(201);
      expect(res.body.accessToken).toEqual(expect.any(String));
      expect(res.body.organization).toMatchObject({ slug, name: 'Acme' });
      expect(res.body.user).toMatchObject({ roles: ['admin'], email: `ada.${slug}@example.test`, active: true });
      expect(JSON.stringify(res.body)).not.toMatch(/password|\$argon2/i);
      expect(await count('audit_log', "entity_type = 'organization' AND entity_id = $1", [res.body.organization.id])).toBe(1);
    });

    it.each([
      ['upper-case slug', { organizationSlug: 'Bad-Slug' }, 'organizationSlug'],
      ['slug with spaces', { organizationSlug: 'bad slug' }, 'organizationSlug'],
      ['short password', { password: 'short' }, 'password'],
      ['bad email', { email: 'not-an-email' }, 'email'],
      ['missing name', { name: undefined }, 'name'],
    ])('rejects %s with 400 naming the field and writes nothing', async (_label, patch, field) => {
      const slug = unique('bad-');
      const body: Record<string, unknown> = {
        organizationName: 'Bad',
        organizationSlug: slug,
        name: 'Bad',
        email: `${slug}@example.test`,
        password: TEST_PASSWORD,
        ...patch,
      };
      const before = await registrationRows(body);
      const res = await t.http().post('/v1/auth/register').send(body);
      expect(res.status).toBe(400);
      expect(res.headers['content-type']).toMatch(PROBLEM);
      expect(res.body).toMatchObject({ status: 400, title: 'Bad Request', type: expect.stringContaining('request.invalid') });
      expect(res.body.errors.map((e: { field: string }) => e.field)).toContain(field);
      expect(await registrationRows(body)).toEqual(before);
    });

    it('rejects unknown fields with 400 and writes nothing', async () => {
      const slug = unique('unk-');
      const body = { organizationName: 'X', organizationSlug: slug, name: 'X', email: `${slug}@example.test`, password: TEST_PASSWORD, isAdmin: true };
      const before = await registrationRows(body);
      expect(before).toEqual({ organizations: 0, users: 0 });
      const res = await t.http().post('/v1/auth/register').send(body);
      expect(res.status).toBe(400);
      expect(res.body.errors).toEqual(expect.arrayContaining([expect.objectContaining({ field: 'isAdmin' })]));
      expect(await registrationRows(body)).toEqual(before);
    });

    it('on a server with REGISTRATION=closed: 403 saying to ask for an invitation, nothing written; the web shell says sign-up is closed; sign-in still works', async () => {
      const closed = await startTestApp({ REGISTRATION: 'closed' });
      try {
        const slug = unique('closed-');
        const body = { organizationName: 'Closed', organizationSlug: slug, name: 'Cleo', email: `${slug}@example.test`, password: TEST_PASSWORD };
        const res = await closed.http().post('/v1/auth/register').send(body);
        expect(res.status).toBe(403);
        expect(res.headers['content-type']).toMatch(PROBLEM);
        expect(res.body).toMatchObject({ status: 403, code: 'identity.registration_closed' });
        expect(res.body.detail).toMatch(/does not take new organizations/);
        expect(await registrationRows(body)).toEqual({ organizations: 0, users: 0 });
        const shell = await closed.http().get('/app/create-organization');
        expect(shell.text).toContain(`<meta name="${REGISTRATION_META}" content="closed">`);
        const login = await closed.http().post('/v1/auth/login').send({ email: org.admin.email, password: TEST_PASSWORD });
        expect({ status: login.status, body: login.body }).toMatchObject({ status: 200, body: { accessToken: expect.any(String) } });
      } finally {
        await closed.close();
      }
    });

    it('answers a taken slug with 409 and leaves no orphan user', async () => {
      const email = `${unique('dup')}@example.test`;
      const res = await t
        .http()
        .post('/v1/auth/register')
        .send({ organizationName: 'Dup', organizationSlug: org.slug, name: 'Dup', email, password: TEST_PASSWORD });
      expect(res.status).toBe(409);
      expect(res.headers['content-type']).toMatch(PROBLEM);
      expect(res.body.errors[0].field).toBe('organizationSlug');
      expect(await count('users', 'email = $1', [email])).toBe(0);
    });

    it('registers an address that has an account in another organization exactly like a fresh one; each account signs in on its own', async () => {
      const home = await makeOrg(t);
      const register = (email: string, password: string) => {
        const slug = unique('again-');
        return t
          .http()
          .post('/v1/auth/register')
          .send({ organizationName: `Again ${slug}`, organizationSlug: slug, name: 'Again', email, password });
      };
      const fresh = await register(`${unique('fresh')}@example.test`, OTHER_PASSWORD);
      const shared = await register(home.admin.email.toUpperCase(), OTHER_PASSWORD);
      expect(shared.status).toBe(201);
      expect(shared.headers['content-type']).toBe(fresh.headers['content-type']);
      expect(shapeOf(shared.body)).toEqual(shapeOf(fresh.body));
      expect(shared.body.user).toMatchObject({ email: home.admin.email, roles: ['admin'], active: true, emailConfirmed: false });
      expect(shared.body.user.id).not.toBe(home.admin.id);
      expect(shared.body.organization.id).not.toBe(home.id);
      // A new, separate admin account, unconfirmed, with its confirmation link like any registration.
      expect(await count('users', 'email = $1', [home.admin.email])).toBe(2);
      expect(await count('account_tokens', "user_id = $1 AND purpose = 'email_confirmation' AND used_at IS NULL", [shared.body.user.id])).toBe(1);

      // Each password opens its own account only.
      const signIn = async (password: string) => {
        const login = await t.http().post('/v1/auth/login').send({ email: home.admin.email, password });
        expect(login.status).toBe(200);
        return (
          await t
            .http()
            .get('/v1/me')
            .set(bearer({ token: login.body.accessToken }))
        ).body;
      };
      expect((await signIn(TEST_PASSWORD)).organization.id).toBe(home.id);
      expect((await signIn(OTHER_PASSWORD)).organization.id).toBe(shared.body.organization.id);
      expect((await signIn(OTHER_PASSWORD)).user).toMatchObject({ id: shared.body.user.id, emailConfirmed: false });
    });

    it('answers malformed JSON with a 400 problem', async () => {
      const res = await t.http().post('/v1/auth/register').set('content-type', 'application/json').send('{"organizationName": ');
      expect(res.status).toBe(400);
      expect(res.headers['content-type']).toMatch(PROBLEM);
      expect(res.body.code).toBe('request.malformed_body');
      expect(JSON.stringify(res.body)).not.toMatch(/at .*\.js|SyntaxError|stack/);
    });

    it('answers a body over the limit with 413 and writes nothing', async () => {
      const slug = unique('big-');
      const body = {
        organizationName: 'x'.repeat(2 * 1024 * 1024),
        organizationSlug: slug,
        name: 'Big',
        email: `${slug}@example.test`,
        password: TEST_PASSWORD,
      };
      const before = await registrationRows(body);
      expect(before).toEqual({ organizations: 0, users: 0 });
      const res = await t.http().post('/v1/auth/register').send(body);
      expect(res.status).toBe(413);
      expect(res.headers['content-type']).toMatch(PROBLEM);
      expect(await registrationRows(body)).toEqual(before);
    });
  });

  describe('POST /v1/auth/login and GET /v1/me', () => {
    it('signs in and reads the signed-in user', async () => {
      const login = await t.http().post('/v1/auth/login').send({ email: org.admin.email.toUpperCase(), password: TEST_PASSWORD });
      expect(login.status).toBe(200);
      const me = await t
        .http()
        .get('/v1/me')
        .set(bearer({ token: login.body.accessToken }));
      expect(me.status).toBe(200);
      expect(me.body.user).toMatchObject({ id: org.admin.id, roles: ['admin'] });
      expect(me.body.organization).toMatchObject({ id: org.id, slug: org.slug });
    });

    describe('an address with accounts in several organizations', () => {
      let first: TestOrg;
      let second: { id: string; slug: string; name: string };
      let email: string;

      /** A new organization whose admin has this email and password. */
      async function registerWith(address: string, password: string, name: string): Promise<{ id: string; slug: string; name: string }> {
        const slug = unique('multi-');
        const res = await t.http().post('/v1/auth/register').send({ organizationName: name, organizationSlug: slug, name: 'Ada', email: address, password });
        expect(res.status).toBe(201);
        return { id: res.body.organization.id, slug, name };
      }

      const login = (body: Record<string, unknown>) => t.http().post('/v1/auth/login').send(body);
      const orgOf = async (token: string) => (await t.http().get('/v1/me').set(bearer({ token }))).body.organization.id;

      beforeAll(async () => {
        first = await makeOrg(t, { name: `Beta ${unique('co')}` });
        email = first.admin.email;
        second = await registerWith(email, TEST_PASSWORD, `Alpha ${unique('co')}`);
        // A third account of the address with another password, and a deactivated fourth with the same password: neither is offered.
        await registerWith(email, OTHER_PASSWORD, `Gamma ${unique('co')}`);
        const deactivated = await registerWith(email, TEST_PASSWORD, `Delta ${unique('co')}`);
        const db = await testDb();
        await db.query('UPDATE users SET active = false WHERE organization_id = $1', [deactivated.id]);
      });

      it('answers 409 naming just the organizations whose account the password opens, then signs in to the one named', async () => {
        const ask = await login({ email: email.toUpperCase(), password: TEST_PASSWORD });
        expect(ask.status).toBe(409);
        expect(ask.headers['content-type']).toMatch(PROBLEM);
        expect(ask.body).toMatchObject({ status: 409, code: 'identity.organization_required' });
        expect(ask.body.accessToken).toBeUndefined();
        // Ordered by name: Alpha before Beta.
        expect(ask.body.organizations).toEqual([
          { slug: second.slug, name: second.name },
          { slug: first.slug, name: first.name },
        ]);

        const toFirst = await login({ email, password: TEST_PASSWORD, organizationSlug: first.slug });
        expect(toFirst.status).toBe(200);
        expect(await orgOf(toFirst.body.accessToken)).toBe(first.id);
        const toSecond = await login({ email, password: TEST_PASSWORD, organizationSlug: second.slug });
        expect(toSecond.status).toBe(200);
        expect(await orgOf(toSecond.body.accessToken)).toBe(second.id);
      });

      it('signs in at once when the password opens exactly one of the accounts', async () => {
        const res = await login({ email, password: OTHER_PASSWORD });
        expect(res.status).toBe(200);
        const me = await t
          .http()
          .get('/v1/me')
          .set(bearer({ token: res.body.accessToken }));
        expect(me.body.organization.name).toMatch(/^Gamma /);
      });

      it('answers 401 like a wrong password for an organization without that account, an unknown slug or a wrong password there', async () => {
        const wrong = await login({ email, password: 'wrong-password-here' });
        expect(wrong.status).toBe(401);
        const comparable = (r: { status: number; body: Record<string, unknown> }) => ({ ...r.body, instance: undefined, requestId: undefined });
        const elsewhere = await makeOrg(t);
        for (const body of [
          { email, password: TEST_PASSWORD, organizationSlug: elsewhere.slug },
          { email, password: TEST_PASSWORD, organizationSlug: unique('nowhere-') },
          { email, password: OTHER_PASSWORD, organizationSlug: first.slug },
        ]) {
          const res = await login(body);
          expect(res.status).toBe(401);
          expect(res.headers['content-type']).toMatch(PROBLEM);
          expect(comparable(res)).toEqual(comparable(wrong));
        }
        // The right password still works afterwards (failures of this address were fewer than the limit, and cleared).
        expect((await login({ email, password: TEST_PASSWORD, organizationSlug: first.slug })).status).toBe(200);
      });

      it.each([
        ['upper-case', 'Bad-Slug'],
        ['with spaces', 'bad slug'],
        ['too long', 'a'.repeat(64)],
        ['not a string', 42],
        ['empty', ''],
      ])('refuses an organizationSlug %s with 400 naming it', async (_label, organizationSlug) => {
        const res = await login({ email, password: TEST_PASSWORD, organizationSlug });
        expect(res.status).toBe(400);
        expect(res.headers['content-type']).toMatch(PROBLEM);
        expect(res.body.errors.map((e: { field: string }) => e.field)).toContain('organizationSlug');
      });
    });

    it('answers a wrong password with 401', async () => {
      const res = await t.http().post('/v1/auth/login').send({ email: org.admin.email, password: 'wrong-password-here' });
      expect(res.status).toBe(401);
      expect(res.headers['content-type']).toMatch(PROBLEM);
    });

    it('answers repeated failed logins from one address with 429 and Retry-After, even with the right password', async () => {
      const victim = await makeUser(t, org, ['recruiter']);
      for (let i = 0; i < 5; i++) {
        expect(
          (
            await t
              .http()
              .post('/v1/auth/login')
              .send({ email: victim.email, password: `wrong-${i}-password` })
          ).status,
        ).toBe(401);
      }
      const blocked = await t.http().post('/v1/auth/login').send({ email: victim.email, password: TEST_PASSWORD });
      expect(blocked.status).toBe(429);
      expect(Number(blocked.headers['retry-after'])).toBeGreaterThan(0);
      expect(blocked.body.code).toBe('identity.too_many_login_attempts');
    });

    it.each([
      ['no token', undefined],
      ['a tampered token', 'tampered'],
      ['an expired token', 'expired'],
      ['a token signed with another secret', 'foreign'],
    ])('answers %s with 401', async (_label, kind) => {
      let header: string | undefined;
      if (kind === 'tampered') {
        const [h, p, s] = org.admin.token.split('.');
        const payload = JSON.parse(Buffer.from(p, 'base64url').toString());
        header = `Bearer ${h}.${Buffer.from(JSON.stringify({ ...payload, sub: '00000000-0000-0000-0000-000000000000' })).toString('base64url')}.${s}`;
      } else if (kind === 'expired') {
        header = `Bearer ${jwt.sign({ sub: org.admin.id, org: org.id, exp: Math.floor(Date.now() / 1000) - 10 }, 'hireloop-development-secret-change-me')}`;
      } else if (kind === 'foreign') {
        header = `Bearer ${jwt.sign({ sub: org.admin.id, org: org.id }, 'some-other-secret-some-other-secret')}`;
      }
      const req = t.http().get('/v1/me');
      const res = header ? await req.set('authorization', header) : await req;
      expect(res.status).toBe(401);
      expect(res.headers['content-type']).toMatch(PROBLEM);
      expect(res.body).toMatchObject({ status: 401, code: 'identity.unauthenticated' });
    });
  });

  describe('users', () => {
    it('lets an admin add users of any role; a recruiter gets 403 and nothing is written', async () => {
      const recruiter = await makeUser(t, org, ['recruiter']);
      const email = `${unique('nope')}@example.test`;
      const res = await t
        .http()
        .post('/v1/users')
        .set(bearer(recruiter))
        .send({ email, name: 'Nope', password: TEST_PASSWORD, roles: ['interviewer'] });
      expect(res.status).toBe(403);
      expect(res.headers['content-type']).toMatch(PROBLEM);
      expect(await count('users', 'email = $1', [email])).toBe(0);

      const multi = await makeUser(t, org, ['hiring_manager', 'interviewer']);
      const me = await t.http().get('/v1/me').set(bearer(multi));
      expect(me.body.user.roles).toEqual(['hiring_manager', 'interviewer']);
    });

    it('rejects unknown roles and duplicate emails', async () => {
      const bad = await t
        .http()
        .post('/v1/users')
        .set(bearer(org.admin))
        .send({ email: `${unique('r')}@example.test`, name: 'R', password: TEST_PASSWORD, roles: ['owner'] });
      expect(bad.status).toBe(400);
      expect(bad.body.errors[0].field).toBe('roles');
      const dup = await t
        .http()
        .post('/v1/users')
        .set(bearer(org.admin))
        .send({ email: org.admin.email, name: 'R', password: TEST_PASSWORD, roles: ['recruiter'] });
      expect(dup.status).toBe(409);
    });

    it('adds and invites an address that has an account in another organization; the same address twice in one organization is 409 and writes nothing', async () => {
      const other = await makeOrg(t);
      const outsider = await makeUser(t, org, ['recruiter']);
      const created = await t
        .http()
        .post('/v1/users')
        .set(bearer(other.admin))
        .send({ email: outsider.email, name: 'Same Person', password: OTHER_PASSWORD, roles: ['interviewer'] });
      expect(created.status).toBe(201);
      expect(created.body).toMatchObject({ email: outsider.email, roles: ['interviewer'] });
      expect(created.body.id).not.toBe(outsider.id);
      const invitee = await makeUser(t, org, ['interviewer']);
      const invited = await t
        .http()
        .post('/v1/users/invitations')
        .set(bearer(other.admin))
        .send({ email: invitee.email.toUpperCase(), name: 'Invited Twice', roles: ['recruiter'] });
      expect(invited.status).toBe(201);
      expect(invited.body.user).toMatchObject({ email: invitee.email, roles: ['recruiter'] });
      // The first organization's accounts are untouched.
      expect((await t.http().get('/v1/me').set(bearer(invitee))).body.user).toMatchObject({ id: invitee.id, roles: ['interviewer'] });

      const written = async () => ({
        users: await count('users', 'organization_id = $1', [other.id]),
        tokens: await count('account_tokens', 'organization_id = $1', [other.id]),
        audit: await count('audit_log', 'organization_id = $1', [other.id]),
        outbox: await count('outbox_events', 'organization_id = $1', [other.id]),
      });
      const before = await written();
      for (const [path, body] of [
        ['/v1/users/invitations', { email: ` ${invitee.email.toUpperCase()} `, name: 'Again', roles: ['recruiter'] }],
        ['/v1/users', { email: outsider.email, name: 'Again', password: TEST_PASSWORD, roles: ['recruiter'] }],
      ] as const) {
        const dup = await t.http().post(path).set(bearer(other.admin)).send(body);
        expect(dup.status).toBe(409);
        expect(dup.headers['content-type']).toMatch(PROBLEM);
        expect(dup.body.code).toBe('identity.email_taken');
        expect(dup.body.errors).toEqual([{ field: 'email', message: 'Someone in this organization already uses this email address.' }]);
      }
      expect(await written()).toEqual(before);
    });

    it('lists users in keyset pages with nextCursor', async () => {
      const other = await makeOrg(t);
      for (let i = 0; i < 3; i++) await makeUser(t, other, ['interviewer']);
      const first = await t.http().get('/v1/users?limit=2').set(bearer(other.admin));
      expect(first.status).toBe(200);
      expect(first.body.data).toHaveLength(2);
      expect(first.body.nextCursor).toEqual(expect.any(String));
      const second = await t.http().get(`/v1/users?limit=2&cursor=${first.body.nextCursor}`).set(bearer(other.admin));
      expect(second.body.data).toHaveLength(2);
      expect(second.body.nextCursor).toBeNull();
      const ids = [...first.body.data, ...second.body.data].map((u: { id: string }) => u.id);
      expect(new Set(ids).size).toBe(4);
      expect(ids[0]).toBe(other.admin.id);
    });

    it.each([['limit=0'], ['limit=101'], ['limit=abc'], ['cursor=garbage'], ['role=owner']])('answers ?%s with 400', async (query) => {
      const res = await t.http().get(`/v1/users?${query}`).set(bearer(org.admin));
      expect(res.status).toBe(400);
      expect(res.headers['content-type']).toMatch(PROBLEM);
    });

    it('answers ids of another organization with 404, exactly like unknown ids, for reads and writes', async () => {
      const other = await makeOrg(t);
      const theirs = await makeUser(t, other, ['recruiter']);
      const foreign = await t.http().get(`/v1/users/${theirs.id}`).set(bearer(org.admin));
      const missing = await t.http().get('/v1/users/00000000-0000-4000-8000-000000000000').set(bearer(org.admin));
      expect(foreign.status).toBe(404);
      expect(missing.status).toBe(404);
      expect({ ...foreign.body, instance: undefined, requestId: undefined }).toEqual({ ...missing.body, instance: undefined, requestId: undefined });
      const patch = await t.http().patch(`/v1/users/${theirs.id}`).set(bearer(org.admin)).send({ active: false });
      expect(patch.status).toBe(404);
      expect((await t.http().get('/v1/me').set(bearer(theirs))).status).toBe(200);
    });

    it('renames and changes roles with an audit entry of the changed fields', async () => {
      const user = await makeUser(t, org, ['interviewer']);
      const res = await t
        .http()
        .patch(`/v1/users/${user.id}`)
        .set(bearer(org.admin))
        .send({ name: 'Renamed', roles: ['interviewer', 'hiring_manager'] });
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ name: 'Renamed', roles: ['interviewer', 'hiring_manager'] });
      const db = await (await import('../support/db.js')).testDb();
      const [entry] = await db.query("SELECT * FROM audit_log WHERE entity_id = $1 AND action = 'update'", [user.id]);
      expect(entry).toMatchObject({ actor_id: org.admin.id, organization_id: org.id });
      expect(entry.changes).toEqual({ name: { from: 'Test User', to: 'Renamed' }, roles: { from: ['interviewer'], to: ['interviewer', 'hiring_manager'] } });
    });

    it("stops a deactivated user's existing token at once", async () => {
      const user = await makeUser(t, org, ['recruiter']);
      expect((await t.http().get('/v1/me').set(bearer(user))).status).toBe(200);
      expect((await t.http().patch(`/v1/users/${user.id}`).set(bearer(org.admin)).send({ active: false })).status).toBe(200);
      expect((await t.http().get('/v1/me').set(bearer(user))).status).toBe(401);
      expect((await t.http().post('/v1/auth/login').send({ email: user.email, password: TEST_PASSWORD })).status).toBe(401);
    });

    it('does not let an admin lock themselves out', async () => {
      const res = await t.http().patch(`/v1/users/${org.admin.id}`).set(bearer(org.admin)).send({ active: false });
      expect(res.status).toBe(422);
      expect((await t.http().get('/v1/me').set(bearer(org.admin))).status).toBe(200);
    });

    it('answers an interviewer listing users with 403', async () => {
      const interviewer = await makeUser(t, org, ['interviewer']);
      expect((await t.http().get('/v1/users').set(bearer(interviewer))).status).toBe(403);
    });
  });
});
