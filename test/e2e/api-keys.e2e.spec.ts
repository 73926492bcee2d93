import { ROUTE_SCOPES } from '../../libs/identity/src/index.js';
import { startTestApp, TestApp } from '../support/app.js';
import { closeTestDb, count, testDb } from '../support/db.js';
import { bearer, makeOrg, makeUser, TestOrg, TestUser } from '../support/factories.js';

const keyAuth = (key: string) => ({ authorization: `Bearer ${key}` });

describe('API keys', () => {
  let t: TestApp;
  let org: TestOrg;
  let recruiter: TestUser;

  beforeAll(async () => {
    t = await startTestApp();
    org = await makeOrg(t);
    recruiter = await makeUser(t, org, ['recruiter']);
  });
  afterAll(async () => {
    await t.close();
    await closeTestDb();
  });

  const createKey = async (scopes: string[], extra: Record<string, unknown> = {}) => {
    const res = await t
      .http()
      .post('/v1/api-keys')
      .set(bearer(org.admin))
      .send({ name: `key ${scopes.join(' ')}`, scopes, ...extra });
    expect(res.status).toBe(201);
    return res.body as { id: string; key: string; prefix: string; scopes: string[]; expiresAt: string | null; name: string };
  };

  it('an admin creates a key shown once (hl_ + 43 base62 characters), stored only as its hash, listed without it', async () => {
    const created = await createKey(['jobs:read', 'candidates:read']);
    expect(created.key).toMatch(/^hl_[0-9A-Za-z]{43}$/);
    expect(created.prefix).toBe(created.key.slice(0, 9));
    expect(created.scopes).toEqual(['candidates:read', 'jobs:read']);
    const [row] = await (await testDb()).query(`SELECT encode(key_hash, 'hex') AS hash, prefix FROM api_keys WHERE id = $1`, [created.id]);
    expect(row.hash).toHaveLength(64);
    expect(JSON.stringify(row)).not.toContain(created.key.slice(9));
    const used = await t.http().get('/v1/jobs').set(keyAuth(created.key));
    expect(used.status).toBe(200);
    const list = await t.http().get('/v1/api-keys').set(bearer(org.admin));
    expect(list.status).toBe(200);
    const listed = list.body.data.find((k: { id: string }) => k.id === created.id);
    expect(listed).toMatchObject({ name: created.name, prefix: created.prefix, scopes: created.scopes, expiresAt: null, createdBy: { id: org.admin.id } });
    expect(JSON.stringify(list.body)).not.toContain(created.key);
    // Last use is stamped off the request path, at most once a minute.
    for (let i = 0; i < 50; i++) {
      const [{ last_used_at }] = await (await testDb()).query('SELECT last_used_at FROM api_keys WHERE id = $1', [created.id]);
      if (last_used_at) break;
      await new Promise((r) => setTimeout(r, 100));
    }
    expect((await t.http().get('/v1/api-keys').set(bearer(org.admin))).body.data.find((k: { id: string }) => k.id === created.id).lastUsedAt).not.toBeNull();
  });

  it.each([
    [{ name: 'x', scopes: ['jobs:fly'] }, 400, 'scopes'],
    [{ name: 'x', scopes: [] }, 400, 'scopes'],
    [{ name: '', scopes: ['jobs:read'] }, 400, 'name'],
    [{ name: 'x', scopes: ['jobs:read'], expiresAt: 'soon' }, 400, 'expiresAt'],
    [{ name: 'x', scopes: ['jobs:read'], expiresAt: '2001-01-01T00:00:00Z' }, 422, 'expiresAt'],
    [{ name: 'x', scopes: ['jobs:read'], key: 'hl_mine' }, 400, 'key'],
  ])('refuses a bad key request %j and writes nothing', async (body, status, field) => {
    const before = await count('api_keys', 'organization_id = $1', [org.id]);
    const res = await t.http().post('/v1/api-keys').set(bearer(org.admin)).send(body);
    expect(res.status).toBe(status);
    expect(res.headers['content-type']).toContain('application/problem+json');
    expect(JSON.stringify(res.body)).toContain(field);
    expect(await count('api_keys', 'organization_id = $1', [org.id])).toBe(before);
  });

  it('only admins manage keys, and a key cannot manage keys', async () => {
    const before = await count('api_keys', 'organization_id = $1', [org.id]);
    expect(
      (
        await t
          .http()
          .post('/v1/api-keys')
          .set(bearer(recruiter))
          .send({ name: 'x', scopes: ['jobs:read'] })
      ).status,
    ).toBe(403);
    const all = await createKey(['jobs:read', 'jobs:write', 'users:read', 'webhooks:manage']);
    const byKey = await t
      .http()
      .post('/v1/api-keys')
      .set(keyAuth(all.key))
      .send({ name: 'x', scopes: ['jobs:read'] });
    expect(byKey.status).toBe(403);
    expect(byKey.body.code).toBe('identity.not_for_api_keys');
    expect(await count('api_keys', 'organization_id = $1', [org.id])).toBe(before + 1);
  });

  it('a key reaches the routes of its scopes and is refused the others with a 403 naming the missing scope', async () => {
    const { key } = await createKey(['jobs:read', 'applications:read']);
    expect((await t.http().get('/v1/jobs').set(keyAuth(key))).status).toBe(200);
    expect((await t.http().get('/v1/departments').set(keyAuth(key))).status).toBe(200);
    const cases: Array<[string, string, string]> = [
      ['post', '/v1/departments', 'jobs:write'],
      ['get', '/v1/candidates', 'candidates:read'],
      ['get', '/v1/users', 'users:read'],
      ['get', '/v1/reports/hiring', 'reports:read'],
      // What blind scorecard rules hide is only behind scorecards:read.
      ['get', '/v1/applications/00000000-0000-4000-8000-000000000000/scorecards', 'scorecards:read'],
      ['get', '/v1/applications/00000000-0000-4000-8000-000000000000/decision-packet', 'scorecards:read'],
    ];
    for (const [method, path, scope] of cases) {
      const res = await (method === 'post' ? t.http().post(path).send({ name: 'Nope' }) : t.http().get(path)).set(keyAuth(key));
      expect([path, res.status]).toEqual([path, 403]);
      expect(res.headers['content-type']).toContain('application/problem+json');
      expect(res.body).toMatchObject({ code: 'identity.scope_missing', missingScope: scope });
      expect(res.body.detail).toContain(scope);
    }
    expect(await count('departments', 'organization_id = $1 AND name = $2', [org.id, 'Nope'])).toBe(0);
  });

  it('a key with a write scope acts, and the audit log names the key', async () => {
    const { key, id } = await createKey(['jobs:write']);
    const res = await t
      .http()
      .post('/v1/departments')
      .set(keyAuth(key))
      .send({ name: `Dept by key ${id.slice(0, 6)}` });
    expect(res.status).toBe(201);
    const [entry] = await (
      await testDb()
    ).query(`SELECT actor_id, actor_api_key_id FROM audit_log WHERE organization_id = $1 AND entity_id = $2`, [org.id, res.body.id]);
    expect(entry).toEqual({ actor_id: org.admin.id, actor_api_key_id: id });
  });

  it('a revoked key is refused at once (401), an expired key too, and so is an unknown one', async () => {
    const revoked = await createKey(['jobs:read']);
    expect((await t.http().get('/v1/jobs').set(keyAuth(revoked.key))).status).toBe(200);
    expect((await t.http().delete(`/v1/api-keys/${revoked.id}`).set(bearer(org.admin))).status).toBe(204);
    const after = await t.http().get('/v1/jobs').set(keyAuth(revoked.key));
    expect(after.status).toBe(401);
    expect(after.headers['content-type']).toContain('application/problem+json');
    expect((await t.http().delete(`/v1/api-keys/${revoked.id}`).set(bearer(org.admin))).status).toBe(404);

    const expiring = await createKey(['jobs:read'], { expiresAt: new Date(Date.now() + 3600_000).toISOString() });
    expect((await t.http().get('/v1/jobs').set(keyAuth(expiring.key))).status).toBe(200);
    await (await testDb()).query(`UPDATE api_keys SET expires_at = now() - interval '1 second' WHERE id = $1`, [expiring.id]);
    expect((await t.http().get('/v1/jobs').set(keyAuth(expiring.key))).status).toBe(401);

    expect(
      (
        await t
          .http()
          .get('/v1/jobs')
          .set(keyAuth(`hl_${'A'.repeat(43)}`))
      ).status,
    ).toBe(401);
    expect((await t.http().get('/v1/jobs').set(keyAuth('hl_short'))).status).toBe(401);
  });

  it("another organization's key id is a 404 to revoke", async () => {
    const other = await makeOrg(t);
    const mine = await createKey(['jobs:read']);
    expect((await t.http().delete(`/v1/api-keys/${mine.id}`).set(bearer(other.admin))).status).toBe(404);
    expect(await count('api_keys', 'id = $1 AND revoked_at IS NULL', [mine.id])).toBe(1);
  });

  it('every signed-in /v1 route of the OpenAPI document has a scope mapping (or is for people only), and every mapping is a route', async () => {
    const doc = (await t.http().get('/docs-json')).body as { paths: Record<string, Record<string, { security?: unknown[] }>> };
    const routes: string[] = [];
    for (const [path, operations] of Object.entries(doc.paths)) {
      if (!path.startsWith('/v1/')) continue;
      for (const [method, operation] of Object.entries(operations)) {
        if (operation.security?.length) routes.push(`${method.toUpperCase()} ${path}`);
      }
    }
    expect(routes.length).toBeGreaterThan(80);
    expect(routes.filter((route) => !(route in ROUTE_SCOPES))).toEqual([]);
    const all = new Set(Object.entries(doc.paths).flatMap(([path, ops]) => Object.keys(ops).map((m) => `${m.toUpperCase()} ${path}`)));
    expect(Object.keys(ROUTE_SCOPES).filter((route) => !all.has(route))).toEqual([]);
  });
});

describe('rate limits', () => {
  let a: TestApp;
  let b: TestApp;
  let org: TestOrg;

  beforeAll(async () => {
    [a, b] = await Promise.all([startTestApp(), startTestApp()]);
    org = await makeOrg(a);
  });
  afterAll(async () => {
    await Promise.all([a.close(), b.close()]);
    await closeTestDb();
  });

  it('every signed-in answer carries RateLimit-Policy and RateLimit', async () => {
    const res = await a.http().get('/v1/jobs').set(bearer(org.admin));
    expect(res.headers['ratelimit-policy']).toBe('"user";q=1000;w=10');
    expect(res.headers['ratelimit']).toMatch(/^"user";r=\d+;t=\d+$/);
    const refused = await a.http().get('/v1/users/00000000-0000-4000-8000-000000000000').set(bearer(org.admin));
    expect(refused.status).toBe(404);
    expect(refused.headers['ratelimit']).toMatch(/^"user";r=\d+;t=\d+$/);
  });

  it('refuses bad limits and keeps the old ones', async () => {
    const res = await a.http().patch('/v1/organization/settings').set(bearer(org.admin)).send({ apiKeyBurst: 0, apiKeyRequestsPerSecond: -1 });
    expect(res.status).toBe(400);
    const [{ settings }] = await (await testDb()).query('SELECT settings FROM organizations WHERE id = $1', [org.id]);
    expect(settings.apiKeyBurst).toBeUndefined();
  });

  it('one bucket per key, shared by two API instances: the second sees what the first spent, then answers 429 with Retry-After', async () => {
    const settings = await a.http().patch('/v1/organization/settings').set(bearer(org.admin)).send({ apiKeyBurst: 3, apiKeyRequestsPerSecond: 0.001 });
    expect(settings.status).toBe(200);
    const created = await a
      .http()
      .post('/v1/api-keys')
      .set(bearer(org.admin))
      .send({ name: 'limited', scopes: ['jobs:read'] });
    const key = created.body.key as string;
    const first = await a.http().get('/v1/jobs').set(keyAuth(key));
    expect(first.status).toBe(200);
    expect(first.headers['ratelimit-policy']).toBe('"api-key";q=3;w=3000');
    expect(first.headers['ratelimit']).toMatch(/^"api-key";r=2;t=\d+$/);
    expect((await a.http().get('/v1/jobs').set(keyAuth(key))).headers['ratelimit']).toMatch(/^"api-key";r=1;/);
    const onB = await b.http().get('/v1/jobs').set(keyAuth(key));
    expect(onB.status).toBe(200);
    expect(onB.headers['ratelimit']).toMatch(/^"api-key";r=0;/);
    const refused = await b.http().get('/v1/jobs').set(keyAuth(key));
    expect(refused.status).toBe(429);
    expect(refused.headers['content-type']).toContain('application/problem+json');
    expect(Number(refused.headers['retry-after'])).toBeGreaterThan(0);
    expect(refused.headers['ratelimit-policy']).toBe('"api-key";q=3;w=3000');
    expect((await a.http().get('/v1/jobs').set(keyAuth(key))).status).toBe(429);
    // The admin's own budget is separate.
    expect((await b.http().get('/v1/jobs').set(bearer(org.admin))).status).toBe(200);
  });
});
