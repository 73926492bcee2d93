import jwt from 'jsonwebtoken';
import type { AddressInfo } from 'node:net';
import type { Browser } from 'playwright-core';
import { startTestApp, TestApp } from '../support/app.js';
import { closeTestDb, count, testDb } from '../support/db.js';
import { bearer, makeOrg, makeUser, TEST_PASSWORD, TestOrg, unique } from '../support/factories.js';
import { makeJob } from '../support/postings-fixtures.js';
import { Journey, launchBrowser } from '../web/browser.js';

/**
 * What a production instance (NODE_ENV=production) does out of the box: /metrics closed unless scraped with
 * METRICS_TOKEN, a CSP that runs no inline script (and the careers page and web app still work under it), tokens
 * that must carry exp, and tokens that die for good when a user is deactivated or signs out everywhere.
 */

const JWT_SECRET = 'production-defaults-test-secret-0123456789abcdef';
const METRICS_TOKEN = 'metrics-scrape-token-0123456789';
const PROBLEM = /application\/problem\+json/;

function cspDirectives(header: string | undefined): Map<string, string[]> {
  const directives = new Map<string, string[]>();
  for (const part of (header ?? '').split(';')) {
    const [name, ...values] = part.trim().split(/\s+/);
    if (name) directives.set(name.toLowerCase(), values);
  }
  return directives;
}

/** Rows a request refused for its token could have written in the organization. */
async function writes(org: TestOrg): Promise<Record<string, unknown>> {
  const db = await testDb();
  const [row] = await db.query(
    `SELECT (SELECT count(*) FROM users WHERE organization_id = $1)::int AS users,
            (SELECT count(*) FROM audit_log WHERE organization_id = $1)::int AS audit,
            (SELECT count(*) FROM outbox_events WHERE organization_id = $1)::int AS outbox`,
    [org.id],
  );
  return row;
}

describe('security: production defaults', () => {
  afterAll(async () => {
    await closeTestDb();
  });

  describe('/metrics', () => {
    it('is not there in production without METRICS_TOKEN, token or not', async () => {
      const t = await startTestApp({ NODE_ENV: 'production', MAIL_DISABLED: 'true', JWT_SECRET });
      try {
        const open = await t.http().get('/metrics');
        expect(open.status).toBe(404);
        expect(open.headers['content-type']).toMatch(PROBLEM);
        expect(open.text).not.toMatch(/http_request_duration_seconds/);
        const guessed = await t.http().get('/metrics').set('authorization', `Bearer ${METRICS_TOKEN}`);
        expect(guessed.status).toBe(404);
        expect(guessed.text).not.toMatch(/http_request_duration_seconds/);
      } finally {
        await t.close();
      }
    });

    it('in production with METRICS_TOKEN: 401 without it or with a wrong one, the metrics with it', async () => {
      const t = await startTestApp({ NODE_ENV: 'production', MAIL_DISABLED: 'true', JWT_SECRET, METRICS_TOKEN });
      try {
        for (const authorization of [
          undefined,
          'Bearer wrong-token-wrong-token',
          `Basic ${METRICS_TOKEN}`,
          `Bearer ${METRICS_TOKEN}x`,
          `Bearer ${METRICS_TOKEN.slice(0, -1)}`,
        ]) {
          const req = t.http().get('/metrics');
          const res = authorization ? await req.set('authorization', authorization) : await req;
          expect(res.status).toBe(401);
          expect(res.headers['content-type']).toMatch(PROBLEM);
          expect(res.body.code).toBe('platform.metrics_token_required');
          expect(res.text).not.toMatch(/http_request_duration_seconds/);
        }
        const scraped = await t.http().get('/metrics').set('authorization', `Bearer ${METRICS_TOKEN}`);
        expect(scraped.status).toBe(200);
        expect(scraped.headers['content-type']).toMatch(/text\/plain/);
        expect(scraped.text).toMatch(/http_request_duration_seconds_count\{[^}]*route="\/metrics"[^}]*status="401"/);
      } finally {
        await t.close();
      }
    });

    it('outside production, requires the token once one is configured', async () => {
      const t = await startTestApp({ METRICS_TOKEN });
      try {
        expect((await t.http().get('/metrics')).status).toBe(401);
        expect((await t.http().get('/metrics').set('authorization', `Bearer ${METRICS_TOKEN}`)).status).toBe(200);
      } finally {
        await t.close();
      }
    });
  });

  describe('with a production instance', () => {
    let t: TestApp;
    let org: TestOrg;
    let baseUrl: string;

    beforeAll(async () => {
      t = await startTestApp({ NODE_ENV: 'production', MAIL_DISABLED: 'true', JWT_SECRET });
      await t.app.listen({ port: 0, host: '127.0.0.1' });
      baseUrl = `http://127.0.0.1:${(t.app.getHttpServer().address() as AddressInfo).port}`;
      org = await makeOrg(t);
    });
    afterAll(async () => {
      await t.close();
    });

    it('does not serve the development mailbox in production', async () => {
      const res = await t.http().get('/app/dev/mailbox');
      expect(res.status).toBe(404);
      expect(res.headers['content-type']).toMatch(/application\/problem\+json/);
    });

    it("sends a CSP whose script-src has no 'unsafe-inline' (nor 'unsafe-eval') on API, web app, docs and careers responses", async () => {
      for (const path of ['/health/live', '/v1/me', '/app/', '/docs', `/careers/${org.slug}`, '/nope']) {
        const res = await t.http().get(path);
        const csp = cspDirectives(res.headers['content-security-policy']);
        const scriptSrc = csp.get('script-src') ?? csp.get('default-src');
        expect({ path, scriptSrc }).toEqual({ path, scriptSrc: ["'self'"] });
        expect(csp.get('script-src-attr')).toEqual(["'none'"]);
      }
    });

    describe('in chromium, under that CSP', () => {
      let browser: Browser;
      beforeAll(async () => {
        browser = await launchBrowser();
      }, 60_000);
      afterAll(async () => {
        await browser?.close();
      });

      it('the web app starts and signs in, Swagger UI renders, the careers job page keeps its JSON-LD, and the one CSP violation is an injected inline script, refused', async () => {
        const journey = await Journey.start(browser, 'production-csp', baseUrl);
        try {
          // The web app: Vite's module scripts load from files and React renders the sign-in form, then the app.
          await journey.signIn(org.admin.email, TEST_PASSWORD);
          // Swagger UI at /docs: its scripts, the init script included, load from files.
          await journey.page.goto('/docs');
          await journey.page
            .getByRole('heading', { name: /Hireloop API/ })
            .first()
            .waitFor();

          // The careers page of a live job: its JSON-LD is a data block, readable although no inline script runs.
          const job = await makeJob(org.id, { title: unique('Platform Engineer ') });
          const db = await testDb();
          await db.query(
            `INSERT INTO board_public_ids (kind, entity_id, organization_id)
             SELECT 'job', $2::uuid, $1::uuid UNION ALL SELECT 'department', id, organization_id FROM departments WHERE organization_id = $1
             UNION ALL SELECT 'office', id, organization_id FROM offices WHERE organization_id = $1 ON CONFLICT DO NOTHING`,
            [org.id, job.id],
          );
          const [{ public_id: publicId }] = await db.query(
            `INSERT INTO postings (organization_id, job_id, board, status, published_at) VALUES ($1, $2, 'careers', 'live', now()) RETURNING public_id`,
            [org.id, job.id],
          );
          const page = await journey.page.goto(`/careers/${org.slug}/jobs/${publicId}`);
          expect(page?.status()).toBe(200);
          const jsonLd = await journey.page.locator('script[type="application/ld+json"]').textContent();
          expect(JSON.parse(jsonLd ?? 'null')).toMatchObject({ '@type': 'JobPosting' });
          // An inline script would be refused: proof that the policy the browser applies is the strict one.
          await journey.page.evaluate("const s = document.createElement('script'); s.textContent = 'window.__inlineRan = true'; document.body.append(s)");
          expect(await journey.page.evaluate('window.__inlineRan === true')).toBe(false);
          const violations = journey.pageErrors.filter((e) => /Content Security Policy/i.test(e));
          expect(violations).toHaveLength(1);
          expect(violations[0]).toMatch(/inline script/i);
          expect(journey.pageErrors).toEqual(violations);
        } finally {
          await journey.close();
        }
      }, 120_000);
    });

    describe('tokens', () => {
      it.each([
        ['without exp', { ep: 0 }],
        ['without the token epoch (minted before epochs existed)', { exp: Math.floor(Date.now() / 1000) + 600 }],
      ])('refuses a validly signed token %s with 401, and it writes nothing', async (_label, claims) => {
        const token = jwt.sign({ sub: org.admin.id, org: org.id, ...claims }, JWT_SECRET, { algorithm: 'HS256' });
        expect(jwt.verify(token, JWT_SECRET)).toMatchObject({ sub: org.admin.id });
        expect((await t.http().get('/v1/me').set(bearer({ token }))).status).toBe(401);
        const before = await writes(org);
        const email = `${unique('forged')}@example.test`;
        const created = await t
          .http()
          .post('/v1/users')
          .set(bearer({ token }))
          .send({ email, name: 'Forged', password: TEST_PASSWORD, roles: ['admin'] });
        expect(created.status).toBe(401);
        expect(created.headers['content-type']).toMatch(PROBLEM);
        expect(created.body.code).toBe('identity.unauthenticated');
        expect(await count('users', 'email = $1', [email])).toBe(0);
        expect(await writes(org)).toEqual(before);
      });

      it('accepts a token signed with exp and the current epoch (the shape the API mints)', async () => {
        const token = jwt.sign({ sub: org.admin.id, org: org.id, ep: 0 }, JWT_SECRET, { algorithm: 'HS256', expiresIn: 600 });
        expect((await t.http().get('/v1/me').set(bearer({ token }))).status).toBe(200);
      });

      it("refuses a reactivated user's token minted before the deactivation, for good; a new sign-in works", async () => {
        const user = await makeUser(t, org, ['recruiter']);
        expect((await t.http().get('/v1/me').set(bearer(user))).status).toBe(200);
        expect((await t.http().patch(`/v1/users/${user.id}`).set(bearer(org.admin)).send({ active: false })).status).toBe(200);
        expect((await t.http().get('/v1/me').set(bearer(user))).status).toBe(401);
        expect((await t.http().patch(`/v1/users/${user.id}`).set(bearer(org.admin)).send({ active: true })).status).toBe(200);
        const old = await t.http().get('/v1/me').set(bearer(user));
        expect(old.status).toBe(401);
        expect(old.body.code).toBe('identity.unauthenticated');
        const before = await writes(org);
        expect((await t.http().patch(`/v1/users/${user.id}`).set(bearer(user)).send({ name: 'Sneaky' })).status).toBe(401);
        expect(await writes(org)).toEqual(before);

        const login = await t.http().post('/v1/auth/login').send({ email: user.email, password: TEST_PASSWORD });
        expect(login.status).toBe(200);
        expect(
          (
            await t
              .http()
              .get('/v1/me')
              .set(bearer({ token: login.body.accessToken }))
          ).status,
        ).toBe(200);
        expect((await t.http().get('/v1/me').set(bearer(user))).status).toBe(401);
      });

      it('POST /v1/auth/logout-all ends every earlier token of the caller (and only theirs); a new sign-in works at once', async () => {
        const user = await makeUser(t, org, ['recruiter']);
        const colleague = await makeUser(t, org, ['recruiter']);
        const second = await t.http().post('/v1/auth/login').send({ email: user.email, password: TEST_PASSWORD });
        expect(second.status).toBe(200);
        const before = await writes(org);

        const out = await t.http().post('/v1/auth/logout-all').set(bearer(user));
        expect(out.status).toBe(204);
        expect(out.text).toBe('');
        for (const token of [user.token, second.body.accessToken]) {
          expect((await t.http().get('/v1/me').set(bearer({ token }))).status).toBe(401);
          expect((await t.http().post('/v1/auth/logout-all').set(bearer({ token }))).status).toBe(401);
        }
        expect((await t.http().get('/v1/me').set(bearer(colleague))).status).toBe(200);
        expect(await writes(org)).toEqual(before);

        const fresh = await t.http().post('/v1/auth/login').send({ email: user.email, password: TEST_PASSWORD });
        expect(fresh.status).toBe(200);
        expect(
          (
            await t
              .http()
              .get('/v1/me')
              .set(bearer({ token: fresh.body.accessToken }))
          ).status,
        ).toBe(200);
      });

      it('answers POST /v1/auth/logout-all without a token with 401', async () => {
        const res = await t.http().post('/v1/auth/logout-all');
        expect(res.status).toBe(401);
        expect(res.headers['content-type']).toMatch(PROBLEM);
      });
    });
  });
});
