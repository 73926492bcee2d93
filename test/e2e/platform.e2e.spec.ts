import { startTestApp, TestApp } from '../support/app.js';
import { closeTestDb } from '../support/db.js';
import { bearer, makeOrg } from '../support/factories.js';
import { TcpProxy } from '../support/tcp-proxy.js';

describe('platform: health, metrics, docs, request ids, headers', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(async () => {
    await t.close();
    await closeTestDb();
  });

  it('answers liveness and readiness while Postgres and Redis answer', async () => {
    expect((await t.http().get('/health/live')).body).toEqual({ status: 'ok' });
    const ready = await t.http().get('/health/ready');
    expect(ready.status).toBe(200);
    expect(ready.body.info).toMatchObject({ postgres: { status: 'up' }, redis: { status: 'up' } });
  });

  it('leaves no timer running behind a readiness probe (a load balancer probes every few seconds)', async () => {
    // Timers that keep the process alive; a probe that left its timeout armed for 1.5 s after Redis answered left one per probe.
    const armedTimers = () => process.getActiveResourcesInfo().filter((resource) => resource === 'Timeout').length;
    const before = armedTimers();
    for (let i = 0; i < 20; i++) expect((await t.http().get('/health/ready')).status).toBe(200);
    expect(armedTimers() - before).toBeLessThan(5);
  });

  it('echoes a caller x-request-id and makes one up otherwise; the id is in error bodies', async () => {
    const echoed = await t.http().get('/health/live').set('x-request-id', 'trace-abc-123');
    expect(echoed.headers['x-request-id']).toBe('trace-abc-123');
    const generated = await t.http().get('/v1/me');
    expect(generated.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
    expect(generated.body.requestId).toBe(generated.headers['x-request-id']);
    const unsafe = await t.http().get('/health/live').set('x-request-id', 'bad id with spaces');
    expect(unsafe.headers['x-request-id']).not.toBe('bad id with spaces');
  });

  it('sends security headers on every response', async () => {
    for (const res of [await t.http().get('/health/live'), await t.http().get('/v1/me'), await t.http().get('/nope')]) {
      expect(res.headers['x-content-type-options']).toBe('nosniff');
      expect(res.headers['strict-transport-security']).toBeDefined();
      expect(res.headers['content-security-policy']).toBeDefined();
      expect(res.headers['x-powered-by']).toBeUndefined();
    }
  });

  it('answers unknown routes with a 404 problem', async () => {
    const res = await t.http().get('/v1/does-not-exist');
    expect(res.status).toBe(404);
    expect(res.headers['content-type']).toMatch(/application\/problem\+json/);
    expect(res.body).toMatchObject({ status: 404, code: 'request.route_not_found' });
  });

  it('exposes Prometheus metrics: latency histogram by route and status, queue depths', async () => {
    const org = await makeOrg(t);
    await t.http().get('/v1/me').set(bearer(org.admin));
    const res = await t.http().get('/metrics');
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toMatch(/text\/plain/);
    expect(res.text).toMatch(/http_request_duration_seconds_bucket\{[^}]*method="GET"[^}]*route="\/v1\/me"[^}]*status="200"/);
    expect(res.text).toMatch(/http_request_duration_seconds_count\{[^}]*route="\/v1\/auth\/register"[^}]*status="201"/);
    expect(res.text).toMatch(/queue_jobs\{queue="platform",state="waiting"\}/);
  });

  it('serves Swagger UI and an OpenAPI 3 document with every route, its DTOs and its problem responses', async () => {
    const ui = await t.http().get('/docs');
    expect(ui.status).toBe(200);
    expect(ui.text).toMatch(/swagger/i);
    const doc = (await t.http().get('/docs-json')).body;
    expect(doc.openapi).toMatch(/^3\./);
    for (const [path, method] of [
      ['/v1/auth/register', 'post'],
      ['/v1/auth/login', 'post'],
      ['/v1/me', 'get'],
      ['/v1/users', 'post'],
      ['/v1/users', 'get'],
      ['/v1/users/{id}', 'get'],
      ['/v1/users/{id}', 'patch'],
      ['/health/live', 'get'],
      ['/health/ready', 'get'],
    ]) {
      const operation = doc.paths[path]?.[method];
      expect(operation).toBeDefined();
      expect(operation.responses['400'].content['application/problem+json']).toBeDefined();
    }
    expect(doc.paths['/v1/me'].get.responses['401']).toBeDefined();
    expect(doc.paths['/v1/auth/login'].post.responses['429']).toBeDefined();
    expect(doc.components.schemas.RegisterDto.properties.organizationSlug).toBeDefined();
    expect(doc.components.schemas.ProblemDto.properties.errors).toBeDefined();
    expect(doc.paths['/v1/users'].get.parameters.map((p: { name: string }) => p.name)).toEqual(expect.arrayContaining(['limit', 'cursor']));
  });

  it('answers readiness with 503 while Redis does not answer, and 200 again when it is back', async () => {
    const proxy = new TcpProxy('127.0.0.1', 6379);
    const port = await proxy.start();
    const cut = await startTestApp({ REDIS_URL: `redis://127.0.0.1:${port}` });
    try {
      expect((await cut.http().get('/health/ready')).status).toBe(200);
      await proxy.stop();
      const down = await cut.http().get('/health/ready');
      expect(down.status).toBe(503);
      expect(down.headers['content-type']).toMatch(/application\/problem\+json/);
      expect(JSON.stringify(down.body)).toMatch(/redis/);
      await proxy.start();
      let status = 0;
      for (let i = 0; i < 40 && status !== 200; i++) {
        await new Promise((r) => setTimeout(r, 250));
        status = (await cut.http().get('/health/ready')).status;
      }
      expect(status).toBe(200);
    } finally {
      await cut.close();
      await proxy.stop();
    }
  });
});

describe('two applications in one process (tests, tools)', () => {
  it('keeps the first one signing users in after the second one closes', async () => {
    const first = await startTestApp();
    try {
      const org = await makeOrg(first);
      const second = await startTestApp();
      expect((await second.http().get('/v1/me').set(bearer(org.admin))).status).toBe(200);
      await second.close();
      expect((await first.http().get('/v1/me').set(bearer(org.admin))).status).toBe(200);
    } finally {
      await first.close();
    }
  });

  it('checks tokens with each application’s own secret, whichever started last', async () => {
    const first = await startTestApp();
    const other = await startTestApp({ JWT_SECRET: 'another-application-secret-0123456789abcdef' });
    try {
      const org = await makeOrg(first);
      // A token the first application signed is refused by the one with another secret, and still accepted by the first.
      expect((await other.http().get('/v1/me').set(bearer(org.admin))).status).toBe(401);
      expect((await first.http().get('/v1/me').set(bearer(org.admin))).status).toBe(200);
    } finally {
      await other.close();
      await first.close();
    }
  });
});
