import { startTestApp, TestApp } from '../support/app.js';
import { closeTestDb } from '../support/db.js';
import { bearer, makeOrg, TestOrg } from '../support/factories.js';

/**
 * The security headers every response carries (what @fastify/helmet 13 / helmet 8 sent with the API's CSP directives,
 * recorded from the app before they became one precomputed set): the exact set, no header missing, none added, on API
 * routes, errors, unknown routes, the web app's files, the API docs and the careers pages.
 */
const SECURITY_HEADERS = {
  'content-security-policy':
    "default-src 'self';base-uri 'self';font-src 'self' https: data:;form-action 'self';frame-ancestors 'self';img-src 'self' data: https:;" +
    "object-src 'none';script-src 'self';script-src-attr 'none';style-src 'self' 'unsafe-inline';upgrade-insecure-requests",
  'cross-origin-opener-policy': 'same-origin',
  'cross-origin-resource-policy': 'same-origin',
  'origin-agent-cluster': '?1',
  'referrer-policy': 'no-referrer',
  'strict-transport-security': 'max-age=31536000; includeSubDomains',
  'x-content-type-options': 'nosniff',
  'x-dns-prefetch-control': 'off',
  'x-download-options': 'noopen',
  'x-frame-options': 'SAMEORIGIN',
  'x-permitted-cross-domain-policies': 'none',
  'x-xss-protection': '0',
};

/** Headers that describe the response itself (content, caching, request id, rate limit), not its security policy. */
const OTHER_HEADERS = new Set([
  'accept-ranges',
  'cache-control',
  'connection',
  'content-disposition',
  'content-length',
  'content-type',
  'date',
  'etag',
  'keep-alive',
  'last-modified',
  'location',
  'ratelimit',
  'ratelimit-policy',
  'retry-after',
  'transfer-encoding',
  'vary',
  'x-request-id',
]);

describe('security: response headers', () => {
  let t: TestApp;
  let org: TestOrg;
  beforeAll(async () => {
    t = await startTestApp({ NODE_ENV: 'production', MAIL_DISABLED: 'true', JWT_SECRET: 'security-headers-test-secret-0123456789abcdef' });
    org = await makeOrg(t);
  });
  afterAll(async () => {
    await t.close();
    await closeTestDb();
  });

  it.each([
    ['GET /health/live', 200, () => t.http().get('/health/live')],
    ['GET /v1/me without a token', 401, () => t.http().get('/v1/me')],
    ['GET /v1/me', 200, () => t.http().get('/v1/me').set(bearer(org.admin))],
    ['GET /v1/jobs?limit=0 (a validation error)', 400, () => t.http().get('/v1/jobs?limit=0').set(bearer(org.admin))],
    ['GET /nope (no such route)', 404, () => t.http().get('/nope')],
    ['GET a URL that is not valid UTF-8 (answered by Fastify before any hook)', 400, () => t.http().get('/v1/boards/acme%ED%A0%80/jobs')],
    ['POST /v1/auth/login with malformed JSON', 400, () => t.http().post('/v1/auth/login').set('content-type', 'application/json').send('{')],
    ['GET /app/ (the web app)', 200, () => t.http().get('/app/')],
    ['GET /app (redirect)', 302, () => t.http().get('/app')],
    ['GET /docs', 200, () => t.http().get('/docs')],
    ['GET /docs-json', 200, () => t.http().get('/docs-json')],
    ['GET /careers/:slug', 200, () => t.http().get(`/careers/${org.slug}`)],
    ['GET /careers/assets/careers.css', 200, () => t.http().get('/careers/assets/careers.css')],
  ])('%s (%i) sends exactly the security headers', async (_name, status, send) => {
    const res = await send();
    expect(res.status).toBe(status);
    const security = Object.fromEntries(Object.entries(res.headers as Record<string, string>).filter(([name]) => !OTHER_HEADERS.has(name)));
    expect(security).toEqual(SECURITY_HEADERS);
  });

  it('sends them on the web app files it serves', async () => {
    const shell = await t.http().get('/app/');
    const asset = /\/app\/(assets\/[^"]+\.js)/.exec(shell.text)![1];
    const js = await t.http().get(`/app/${asset}`);
    expect(js.status).toBe(200);
    const security = Object.fromEntries(Object.entries(js.headers as Record<string, string>).filter(([name]) => !OTHER_HEADERS.has(name)));
    expect(security).toEqual(SECURITY_HEADERS);
  });
});
