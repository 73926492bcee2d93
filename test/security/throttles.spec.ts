import { request as httpRequest } from 'node:http';
import type { AddressInfo } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import { startTestApp, TestApp } from '../support/app.js';
import { closeTestDb, testDb } from '../support/db.js';
import { makeOrg, makeUser, TEST_PASSWORD, TestOrg, TestUser, unique } from '../support/factories.js';
import { TcpProxy } from '../support/tcp-proxy.js';

/**
 * Login throttling and the client address it counts by. Distinct client addresses are real: requests leave
 * from different loopback addresses (127.x.y.z, `localAddress`) to an API listening on 127.0.0.1, so every
 * test has addresses no other test file uses (they all sign in from 127.0.0.1).
 */

interface Reply {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: { code?: string; accessToken?: string; detail?: string };
}

let nextAddress = 0;
const secondOctet = 100 + Math.floor(Math.random() * 100);
/** A loopback address used by nobody else in this run. */
function freshAddress(): string {
  nextAddress += 1;
  return `127.${secondOctet}.${Math.floor(nextAddress / 250)}.${(nextAddress % 250) + 1}`;
}

async function listen(t: TestApp): Promise<number> {
  await t.app.listen({ port: 0, host: '127.0.0.1' });
  return (t.app.getHttpServer().address() as AddressInfo).port;
}

function login(port: number, from: string, email: string, password: string, forwardedFor?: string): Promise<Reply> {
  const payload = JSON.stringify({ email, password });
  return new Promise((resolve, reject) => {
    const req = httpRequest(
      {
        host: '127.0.0.1',
        port,
        localAddress: from,
        method: 'POST',
        path: '/v1/auth/login',
        agent: false,
        headers: {
          'content-type': 'application/json',
          'content-length': Buffer.byteLength(payload),
          ...(forwardedFor ? { 'x-forwarded-for': forwardedFor } : {}),
        },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: JSON.parse(Buffer.concat(chunks).toString() || '{}') }));
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end(payload);
  });
}

const retryAfter = (reply: Reply) => Number(reply.headers['retry-after']);

/** What a sign-in may touch in the organization: audit and outbox rows, and the user rows themselves. */
async function writes(org: TestOrg): Promise<Record<string, unknown>> {
  const db = await testDb();
  const [row] = await db.query(
    `SELECT (SELECT count(*) FROM audit_log WHERE organization_id = $1)::int AS audit,
            (SELECT count(*) FROM outbox_events WHERE organization_id = $1)::int AS outbox,
            (SELECT string_agg(id || ':' || version || ':' || token_epoch || ':' || active || ':' || updated_at::text, ',' ORDER BY id) FROM users WHERE organization_id = $1) AS users`,
    [org.id],
  );
  return row;
}

async function signsIn(port: number, from: string, user: TestUser, forwardedFor?: string): Promise<Reply> {
  const reply = await login(port, from, user.email, TEST_PASSWORD, forwardedFor);
  expect(reply.status).toBe(200);
  expect(reply.body.accessToken).toEqual(expect.any(String));
  return reply;
}

describe('security: client address and login throttling', () => {
  describe('with TRUST_PROXY off (the default)', () => {
    let t: TestApp;
    let port: number;
    let org: TestOrg;

    beforeAll(async () => {
      t = await startTestApp();
      port = await listen(t);
      org = await makeOrg(t);
    });
    afterAll(async () => {
      await t.close();
      await closeTestDb();
    });

    it('ignores a spoofed X-Forwarded-For: failures count by the connecting address, whatever the header says', async () => {
      const victim = await makeUser(t, org, ['recruiter']);
      const attacker = freshAddress();
      const before = await writes(org);
      for (let i = 0; i < 5; i++) {
        expect((await login(port, attacker, victim.email, `wrong-${i}-password`, `198.51.100.${i + 1}`)).status).toBe(401);
      }
      const refused = await login(port, attacker, victim.email, TEST_PASSWORD, '198.51.100.99');
      expect(refused.status).toBe(429);
      expect(refused.body.code).toBe('identity.too_many_login_attempts');
      expect(retryAfter(refused)).toBeGreaterThan(0);
      expect(await writes(org)).toEqual(before);
    });

    it('shares one per-address budget over all accounts, however many forwarded addresses a client claims', async () => {
      const owner = await makeUser(t, org, ['recruiter']);
      const attacker = freshAddress();
      const before = await writes(org);
      // 100 failures against 100 different (unknown) accounts, each claiming another forwarded address.
      for (let batch = 0; batch < 25; batch++) {
        const replies = await Promise.all(
          [0, 1, 2, 3].map((j) => login(port, attacker, `${unique('nobody')}@example.test`, 'wrong-password-here', `203.0.113.${batch * 4 + j + 1}`)),
        );
        expect(replies.map((r) => r.status)).toEqual([401, 401, 401, 401]);
      }
      const refused = await login(port, attacker, owner.email, TEST_PASSWORD, '192.0.2.200');
      expect(refused.status).toBe(429);
      expect(retryAfter(refused)).toBeGreaterThan(0);
      // The owner, from their own address, is not affected.
      await signsIn(port, freshAddress(), owner);
      expect(await writes(org)).toEqual(before);
    }, 180_000);

    it('never locks the owner out from another address, however often one address fails', async () => {
      const owner = await makeUser(t, org, ['hiring_manager']);
      const attacker = freshAddress();
      const statuses: number[] = [];
      for (let i = 0; i < 20; i++) statuses.push((await login(port, attacker, owner.email, `guess-${i}-password`)).status);
      expect(statuses.slice(0, 5)).toEqual([401, 401, 401, 401, 401]);
      expect(new Set(statuses.slice(5))).toEqual(new Set([429]));
      const before = await writes(org);
      await signsIn(port, freshAddress(), owner);
      // ... and the attacker's address stays refused for that account, even with the right password.
      expect((await login(port, attacker, owner.email, TEST_PASSWORD)).status).toBe(429);
      expect(await writes(org)).toEqual(before);
    });

    it('slows guesses spread over many addresses against one account with a short, growing Retry-After', async () => {
      const owner = await makeUser(t, org, ['recruiter']);
      const before = await writes(org);
      // 30 failures from 10 addresses (3 each, under the per-address limit): all plain 401s.
      for (let a = 0; a < 10; a++) {
        const from = freshAddress();
        for (let i = 0; i < 3; i++) expect((await login(port, from, owner.email, `spread-${a}-${i}-password`)).status).toBe(401);
      }
      // The next failure is still checked and answered 401, and from then on the account waits.
      expect((await login(port, freshAddress(), owner.email, 'one-more-wrong-password')).status).toBe(401);
      const first = await login(port, freshAddress(), owner.email, TEST_PASSWORD);
      expect(first.status).toBe(429);
      expect(first.body.code).toBe('identity.too_many_login_attempts');
      await sleep(retryAfter(first) * 1000 + 100);
      expect((await login(port, freshAddress(), owner.email, 'yet-another-wrong-password')).status).toBe(401);
      const second = await login(port, freshAddress(), owner.email, TEST_PASSWORD);
      expect(second.status).toBe(429);
      expect(retryAfter(second)).toBeGreaterThan(retryAfter(first));
      // A wait, not a lock: once it has passed, the owner signs in.
      expect(retryAfter(second)).toBeLessThanOrEqual(60);
      await sleep(retryAfter(second) * 1000 + 100);
      await signsIn(port, freshAddress(), owner);
      expect(await writes(org)).toEqual(before);
    }, 60_000);
  });

  describe('with TRUST_PROXY=1 (one reverse proxy in front)', () => {
    let t: TestApp;
    let port: number;
    let org: TestOrg;

    beforeAll(async () => {
      t = await startTestApp({ TRUST_PROXY: '1' });
      port = await listen(t);
      org = await makeOrg(t);
    });
    afterAll(async () => {
      await t.close();
      await closeTestDb();
    });

    it('counts by the forwarded client address: one client refused, another behind the same proxy signs in', async () => {
      const owner = await makeUser(t, org, ['recruiter']);
      const proxy = freshAddress();
      const before = await writes(org);
      for (let i = 0; i < 5; i++) expect((await login(port, proxy, owner.email, `wrong-${i}-password`, '198.51.100.7')).status).toBe(401);
      expect((await login(port, proxy, owner.email, TEST_PASSWORD, '198.51.100.7')).status).toBe(429);
      await signsIn(port, proxy, owner, '198.51.100.8');
      expect(await writes(org)).toEqual(before);
    });

    it('counts an IPv6 client by its /64 network', async () => {
      const owner = await makeUser(t, org, ['recruiter']);
      const proxy = freshAddress();
      for (let i = 0; i < 5; i++) expect((await login(port, proxy, owner.email, `wrong-${i}-password`, `2001:db8:1:2::${i + 1}`)).status).toBe(401);
      expect((await login(port, proxy, owner.email, TEST_PASSWORD, '2001:db8:1:2:ffff::9')).status).toBe(429);
      await signsIn(port, proxy, owner, '2001:db8:1:3::1');
    });
  });

  describe('with TRUST_PROXY naming the proxy (an address list)', () => {
    const proxy = freshAddress();
    let t: TestApp;
    let port: number;
    let org: TestOrg;

    beforeAll(async () => {
      t = await startTestApp({ TRUST_PROXY: `${proxy},192.0.2.0/24` });
      port = await listen(t);
      org = await makeOrg(t);
    });
    afterAll(async () => {
      await t.close();
      await closeTestDb();
    });

    it('believes X-Forwarded-For from the listed proxy only; from any other address the header is ignored', async () => {
      const owner = await makeUser(t, org, ['recruiter']);
      const before = await writes(org);
      // Through the proxy: clients are told apart by the forwarded address.
      for (let i = 0; i < 5; i++) expect((await login(port, proxy, owner.email, `wrong-${i}-password`, '198.51.100.20')).status).toBe(401);
      expect((await login(port, proxy, owner.email, TEST_PASSWORD, '198.51.100.20')).status).toBe(429);
      await signsIn(port, proxy, owner, '198.51.100.21');
      // Straight from another address: its own failures count, whatever it claims to forward.
      const direct = freshAddress();
      for (let i = 0; i < 5; i++) expect((await login(port, direct, owner.email, `other-${i}-password`, `198.51.100.${30 + i}`)).status).toBe(401);
      expect((await login(port, direct, owner.email, TEST_PASSWORD, '198.51.100.99')).status).toBe(429);
      expect(await writes(org)).toEqual(before);
    });
  });

  describe('while Redis does not answer', () => {
    it('refuses sign-in with 503 (never unthrottled, never a 500) and signs in again once Redis is back', async () => {
      const redis = new TcpProxy('127.0.0.1', 6379);
      const redisPort = await redis.start();
      const t = await startTestApp({ REDIS_URL: `redis://127.0.0.1:${redisPort}` });
      try {
        const port = await listen(t);
        const org = await makeOrg(t);
        const owner = await makeUser(t, org, ['recruiter']);
        const from = freshAddress();
        const before = await writes(org);
        await redis.stop();
        for (const password of [TEST_PASSWORD, 'wrong-password-here']) {
          const refused = await login(port, from, owner.email, password);
          expect(refused.status).toBe(503);
          expect(refused.headers['content-type']).toMatch(/application\/problem\+json/);
          expect(refused.body.code).toBe('platform.dependency_unavailable');
          expect(refused.body.accessToken).toBeUndefined();
        }
        expect(await writes(org)).toEqual(before);
        await redis.start();
        let status = 0;
        for (let i = 0; i < 40 && status !== 200; i++) {
          await sleep(250);
          status = (await login(port, from, owner.email, TEST_PASSWORD)).status;
        }
        expect(status).toBe(200);
      } finally {
        await t.close();
        await redis.stop();
        await closeTestDb();
      }
    }, 60_000);
  });
});
