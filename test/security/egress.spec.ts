import { TenantContext } from '../../libs/platform/src/index.js';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { Module, type INestApplicationContext } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { AppConfigModule } from '../../libs/config/src/index.js';
import { DbModule } from '../../libs/db/src/index.js';
import { AppLoggerModule, dnsServerResolver, EgressError, EgressGuard, PlatformModule } from '../../libs/platform/src/index.js';
import { PostingDelivery, PostingsWorkerModule, RejectedDeliveryError, RetryableDeliveryError } from '../../libs/postings/src/index.js';
import { PipelinesModule } from '../../libs/pipelines/src/index.js';
import { InterviewsModule } from '../../libs/interviews/src/index.js';
import { ScorecardsModule } from '../../libs/scorecards/src/index.js';
import { startTestApp, TestApp } from '../support/app.js';
import { closeTestDb, count, testDb } from '../support/db.js';
import { startDnsServer, TestDnsServer } from '../support/dns-server.js';
import { bearer, makeOrg, makeUser, TestOrg, TestUser, unique } from '../support/factories.js';
import { makeJob } from '../support/postings-fixtures.js';

/**
 * The egress guard, attacked the way a tenant admin would: partner-board URLs at every private and
 * reserved range in every spelling, host names that resolve (or later re-resolve) to loopback, a
 * redirect into the network, a board answering 1.5 GB, a board that never finishes answering.
 *
 * Host names are answered by a real DNS server this test runs on loopback UDP; the API's and the
 * worker's guards are pointed at it (their resolver injection point) and check what it answers.
 * Every receiver listens on 127.0.0.1; only `partner.allowed.test` is allowlisted (by name).
 *
 * Deliveries are driven by calling the worker's PostingDelivery on postings inserted without an
 * outbox event: no queue is consumed here, so no other test file's worker (with its own allowlist
 * and resolver) can deliver these postings, and this file delivers none of theirs.
 */
const ALLOWED_HOST = 'partner.allowed.test';
const PUBLIC_ADDRESS = '93.184.215.14';
const HUGE_BYTES = 1.5 * 1024 ** 3;

@Module({ imports: [AppConfigModule, AppLoggerModule, DbModule, PlatformModule, PostingsWorkerModule, PipelinesModule, InterviewsModule, ScorecardsModule] })
class DeliveryServicesModule {}

interface Received {
  path: string;
  signature: string;
}

describe('egress guard: outbound requests reach public addresses or the allowlist, nothing else', () => {
  let t: TestApp;
  let worker: INestApplicationContext;
  let dns: TestDnsServer;
  let org: TestOrg;
  let recruiter: TestUser;
  let receiver: http.Server;
  let port = 0;
  const received: Received[] = [];
  let hugeBytesSent = 0;
  let rebindQueries = 0;

  beforeAll(async () => {
    dns = await startDnsServer((name, type) => {
      const v4 = (addresses: string[]) => (type === 'A' ? addresses : []);
      switch (name) {
        case ALLOWED_HOST:
        case 'loopback.test':
          return v4(['127.0.0.1']);
        case 'metadata.test':
          return v4(['169.254.169.254']);
        case 'private.test':
          return v4(['10.1.2.3']);
        case 'mixed.test':
          return v4([PUBLIC_ADDRESS, '10.0.0.7']);
        case 'v6-loopback.test':
          return type === 'AAAA' ? ['::1'] : [];
        case 'mapped.test':
          return type === 'AAAA' ? ['::ffff:127.0.0.1'] : [];
        case 'rebind.test':
          // Public while the board is registered, loopback once the worker connects.
          if (type !== 'A') return [];
          return ++rebindQueries === 1 ? [PUBLIC_ADDRESS] : ['127.0.0.1'];
        default:
          return null;
      }
    });
    receiver = http.createServer((req, res) => {
      req.resume();
      req.on('end', () => {
        const path = req.url ?? '';
        received.push({ path, signature: String(req.headers['x-hireloop-signature'] ?? '') });
        if (path === '/redirect') return void res.writeHead(302, { location: `http://127.0.0.1:${port}/internal` }).end();
        if (path === '/huge') return void sendHuge(res);
        if (path === '/stall') {
          // Headers at once, then one byte every 100 ms, forever: only a total timeout ends it.
          res.writeHead(200, { 'content-type': 'text/plain' });
          const drip = setInterval(() => res.write('.'), 100);
          res.on('close', () => clearInterval(drip));
          return;
        }
        if (path === '/rejects')
          return void res
            .writeHead(422, { 'content-type': 'application/json' })
            .end(JSON.stringify({ message: 'salary is required\u0007 for this\r\ncategory' }));
        if (path === '/bad-id')
          return void res.writeHead(201, { 'content-type': 'application/json' }).end(JSON.stringify({ id: `<script>alert(1)</script>${'x'.repeat(300)}` }));
        res.writeHead(201, { 'content-type': 'application/json' }).end(JSON.stringify({ id: 'ext-42' }));
      });
    });
    await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
    port = (receiver.address() as AddressInfo).port;

    t = await startTestApp({ EGRESS_ALLOWLIST: ALLOWED_HOST });
    t.app.get(EgressGuard).useResolver(dnsServerResolver([dns.address]));
    worker = await startDeliveryServices({ EGRESS_ALLOWLIST: ALLOWED_HOST });
    worker.get(EgressGuard).useResolver(dnsServerResolver([dns.address]));
    org = await makeOrg(t);
    recruiter = await makeUser(t, org, ['recruiter']);
  });

  afterAll(async () => {
    receiver?.closeAllConnections();
    await new Promise((resolve) => receiver?.close(resolve));
    await dns?.close();
    await worker?.close();
    await t?.close();
    await closeTestDb();
  });

  /** Streams up to 1.5 GB (advertised in content-length), respecting backpressure, counting what left. */
  function sendHuge(res: http.ServerResponse): void {
    res.writeHead(422, { 'content-type': 'text/plain', 'content-length': String(HUGE_BYTES) });
    res.write('Board error:\u001b \u0000bad\r\nrequest\u202e ');
    const chunk = Buffer.alloc(64 * 1024, 'x');
    let sent = 0;
    const pump = () => {
      while (sent < HUGE_BYTES && !res.destroyed) {
        sent += chunk.length;
        hugeBytesSent += chunk.length;
        if (!res.write(chunk)) return void res.once('drain', pump);
      }
      res.end();
    };
    pump();
  }

  const register = (url: string, name = unique('Board ')) =>
    t.http().post('/v1/partner-boards').set(bearer(org.admin)).send({ name, url, secret: 'egress-secret-0123456789' });

  async function postingFor(boardId: string): Promise<string> {
    const job = await makeJob(org.id);
    const db = await testDb();
    await db.query(`INSERT INTO board_public_ids (kind, entity_id, organization_id) VALUES ('job', $1, $2) ON CONFLICT DO NOTHING`, [job.id, org.id]);
    const [{ id }] = await db.query(
      `INSERT INTO postings (organization_id, job_id, board, partner_board_id, status) VALUES ($1, $2, $3::text, $3::uuid, 'pending') RETURNING id`,
      [org.id, job.id, boardId],
    );
    return id;
  }

  /** A board row as one registered before the guard existed (registration is not what stops these). */
  async function boardWithoutRegistrationCheck(url: string): Promise<string> {
    const db = await testDb();
    const [{ id }] = await db.query(
      `INSERT INTO partner_boards (organization_id, name, url, secret) VALUES ($1, $2, $3, 'egress-secret-0123456789') RETURNING id`,
      [org.id, unique('Legacy '), url],
    );
    return id;
  }

  const publish = (postingId: string, finalAttempt = false) =>
    TenantContext.run(org.id, () => worker.get(PostingDelivery).publish(postingId, { finalAttempt }));
  const readAs = async (user: { token: string }, postingId: string) => (await t.http().get(`/v1/postings/${postingId}`).set(bearer(user))).body;
  const receivedAt = (path: string) => received.filter((r) => r.path === path).length;

  describe('registration', () => {
    const REFUSED = [
      'http://127.0.0.1/hooks',
      'http://localhost/hooks',
      'http://LOCALHOST./hooks',
      'http://boards.localhost/hooks',
      'http://[::1]/hooks',
      'http://0x7f000001/hooks',
      'http://2130706433/hooks',
      'http://0177.0.0.1/hooks',
      'http://127.1/hooks',
      'http://0x7f.1/hooks',
      'http://%31%32%37.0.0.1/hooks',
      'http://[::ffff:127.0.0.1]/hooks',
      'http://[0:0:0:0:0:ffff:7f00:1]/hooks',
      'http://[::127.0.0.1]/hooks',
      'http://[64:ff9b::7f00:1]/hooks',
      'http://[2002:7f00:1::1]/hooks',
      'http://0.0.0.0/hooks',
      'http://0/hooks',
      'http://[::]/hooks',
      'http://169.254.169.254/latest/meta-data/',
      'http://[fe80::1]/hooks',
      'http://10.0.0.1/hooks',
      'http://0x0a000001/hooks',
      'http://172.16.0.1/hooks',
      'http://192.168.1.1/hooks',
      'http://100.64.0.1/hooks',
      'http://[fc00::1]/hooks',
      'http://[fd12:3456::1]/hooks',
      'http://224.0.0.1/hooks',
      'http://[ff02::1]/hooks',
      'http://255.255.255.255/hooks',
      'http://240.0.0.1/hooks',
      'http://192.0.2.10/hooks',
      'https://loopback.test/hooks',
      'https://metadata.test/latest/meta-data/',
      'https://private.test/hooks',
      'https://mixed.test/hooks',
      'https://v6-loopback.test/hooks',
      'https://mapped.test/hooks',
    ];

    it.each(REFUSED)('%s is refused: 422 naming url, no board written, an existing board keeps its URL', async (url) => {
      const name = unique('Refused ');
      const res = await register(url, name);
      expect(res.status).toBe(422);
      expect(res.headers['content-type']).toContain('application/problem+json');
      expect(res.body.errors).toEqual([{ field: 'url', message: expect.stringContaining('private or internal network') }]);
      expect(await count('partner_boards', 'organization_id = $1 AND name = $2', [org.id, name])).toBe(0);

      const existing = await register(`http://${ALLOWED_HOST}:${port}/ok`);
      expect(existing.status).toBe(201);
      const patch = await t.http().patch(`/v1/partner-boards/${existing.body.id}`).set(bearer(org.admin)).send({ url });
      expect(patch.status).toBe(422);
      expect(patch.body.errors).toEqual([{ field: 'url', message: expect.any(String) }]);
      expect(await count('partner_boards', 'id = $1 AND url = $2', [existing.body.id, existing.body.url])).toBe(1);
      expect(await count('audit_log', "organization_id = $1 AND entity_id = $2 AND action = 'update'", [org.id, existing.body.id])).toBe(0);
    });

    it('a host name that does not resolve is a 422 naming url; a non-http(s) URL is a 400 naming url; nothing is written', async () => {
      const before = await count('partner_boards', 'organization_id = $1', [org.id]);
      const missing = await register('https://no-such-board.test/hooks');
      expect(missing.status).toBe(422);
      expect(missing.body.errors).toEqual([{ field: 'url', message: expect.stringContaining('could not be found') }]);
      for (const url of ['file:///etc/passwd', 'gopher://127.0.0.1:6379/_INFO', 'ftp://boards.example/']) {
        const res = await register(url);
        expect(res.status).toBe(400);
        expect(res.body.errors.map((e: { field: string }) => e.field)).toEqual(['url']);
      }
      expect(await count('partner_boards', 'organization_id = $1', [org.id])).toBe(before);
    });
  });

  describe('delivery (connect time)', () => {
    it('a board whose host name resolves to 127.0.0.1 gets nothing; the posting fails with a clear error', async () => {
      const boardId = await boardWithoutRegistrationCheck(`http://loopback.test:${port}/loopback`);
      const postingId = await postingFor(boardId);
      await expect(publish(postingId)).rejects.toBeInstanceOf(RejectedDeliveryError);
      expect(receivedAt('/loopback')).toBe(0);
      const posting = await readAs(recruiter, postingId);
      expect(posting).toMatchObject({ status: 'failed', externalId: null, lastErrorStatus: null, lastErrorExcerpt: null });
      expect(posting.lastError).toBe("Not sent: the board's address points to a private or internal network, which Hireloop does not connect to.");
      expect(await count('postings', "id = $1 AND status = 'live'", [postingId])).toBe(0);
    });

    it('a board written with a loopback IP literal in another spelling gets nothing either', async () => {
      const boardId = await boardWithoutRegistrationCheck(`http://0x7f000001:${port}/literal`);
      const postingId = await postingFor(boardId);
      await expect(publish(postingId)).rejects.toBeInstanceOf(RejectedDeliveryError);
      expect(receivedAt('/literal')).toBe(0);
      expect((await readAs(recruiter, postingId)).status).toBe('failed');
    });

    it('DNS rebinding: public when registered, 127.0.0.1 when the worker connects → refused, nothing sent', async () => {
      const registered = await register(`http://rebind.test:${port}/rebound`);
      expect(registered.status).toBe(201);
      const postingId = await postingFor(registered.body.id);
      await expect(publish(postingId)).rejects.toBeInstanceOf(RejectedDeliveryError);
      expect(rebindQueries).toBeGreaterThanOrEqual(2); // asked again at connect time, and that answer was checked
      expect(receivedAt('/rebound')).toBe(0);
      const posting = await readAs(recruiter, postingId);
      expect(posting.status).toBe('failed');
      expect(posting.lastError).toContain('private or internal network');
    });

    it('an allowlisted loopback receiver gets the signed event end to end; the posting goes live with its external id', async () => {
      const registered = await register(`http://${ALLOWED_HOST}:${port}/ok`);
      expect(registered.status).toBe(201);
      const postingId = await postingFor(registered.body.id);
      const before = receivedAt('/ok');
      expect(await publish(postingId)).toBe('published');
      expect(receivedAt('/ok')).toBe(before + 1);
      expect(received.filter((r) => r.path === '/ok').at(-1)!.signature).toMatch(/^t=\d+,v1=[0-9a-f]{64}$/);
      expect(await readAs(recruiter, postingId)).toMatchObject({ status: 'live', externalId: 'ext-42', lastError: null });
    });

    it('an external id that is not a short token is dropped', async () => {
      const registered = await register(`http://${ALLOWED_HOST}:${port}/bad-id`);
      const postingId = await postingFor(registered.body.id);
      expect(await publish(postingId)).toBe('published');
      expect(await readAs(org.admin, postingId)).toMatchObject({ status: 'live', externalId: null });
    });

    it('a redirect is not followed: the posting fails with the 3xx status and the redirect target gets nothing', async () => {
      const registered = await register(`http://${ALLOWED_HOST}:${port}/redirect`);
      const postingId = await postingFor(registered.body.id);
      await expect(publish(postingId)).rejects.toBeInstanceOf(RejectedDeliveryError);
      expect(receivedAt('/redirect')).toBe(1);
      expect(receivedAt('/internal')).toBe(0);
      const posting = await readAs(org.admin, postingId);
      expect(posting).toMatchObject({ status: 'failed', lastErrorStatus: 302 });
      expect(posting.lastError).toContain('redirect');
    });

    it("a board's answer reaches admins only, as a sanitized excerpt; other roles see the status", async () => {
      const registered = await register(`http://${ALLOWED_HOST}:${port}/rejects`);
      const postingId = await postingFor(registered.body.id);
      await expect(publish(postingId)).rejects.toBeInstanceOf(RejectedDeliveryError);
      const forRecruiter = await readAs(recruiter, postingId);
      expect(forRecruiter).toMatchObject({
        status: 'failed',
        lastError: 'The board rejected the posting (HTTP 422).',
        lastErrorStatus: 422,
        lastErrorExcerpt: null,
      });
      expect(JSON.stringify(forRecruiter)).not.toContain('salary is required');
      const forAdmin = await readAs(org.admin, postingId);
      expect(forAdmin.lastErrorExcerpt).toBe('salary is required for this category');
    });

    it('a board answering 1.5 GB: at most 64 KB is read, the connection is dropped, the excerpt is ≤ 200 clean characters', async () => {
      const registered = await register(`http://${ALLOWED_HOST}:${port}/huge`);
      const postingId = await postingFor(registered.body.id);
      const sentBefore = hugeBytesSent;
      await expect(publish(postingId)).rejects.toBeInstanceOf(RejectedDeliveryError);
      await waitForQuiet(() => hugeBytesSent);
      // The receiver writes only as fast as the worker reads (backpressure): what left it is bounded by
      // the 64 KB cap plus socket buffers, not by the 1.5 GB it announced.
      expect(hugeBytesSent - sentBefore).toBeLessThan(16 * 1024 * 1024);
      const posting = await readAs(org.admin, postingId);
      expect(posting).toMatchObject({ status: 'failed', lastErrorStatus: 422 });
      expect(posting.lastErrorExcerpt.length).toBeLessThanOrEqual(200);
      expect(posting.lastErrorExcerpt).toMatch(/^Board error: bad request x+$/);
      // eslint-disable-next-line no-control-regex -- the excerpt must carry no control characters
      expect(posting.lastErrorExcerpt).not.toMatch(/[\u0000-\u001f\u007f\u202e]/);

      const direct = await worker.get(EgressGuard).request(`http://${ALLOWED_HOST}:${port}/huge`);
      expect(direct).toMatchObject({ status: 422, truncated: true });
      expect(direct.body.length).toBe(64 * 1024);
    });

    it('a board that never finishes answering is cut off by the total timeout (the posting keeps its retry, with a clear error)', async () => {
      const guard = worker.get(EgressGuard);
      const error = await guard.request(`http://${ALLOWED_HOST}:${port}/stall`, { timeoutMs: 500 }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(EgressError);
      expect((error as EgressError).kind).toBe('timeout');

      const registered = await register(`http://${ALLOWED_HOST}:${port}/stall`);
      const postingId = await postingFor(registered.body.id);
      await expect(publish(postingId)).rejects.toBeInstanceOf(RetryableDeliveryError);
      const posting = await readAs(recruiter, postingId);
      expect(posting).toMatchObject({ status: 'publishing', lastError: 'The board did not answer within 5 seconds.', externalId: null });
    }, 20000);
  });
});

/** Waits until a counter stops moving (the receiver noticed the worker hung up). */
async function waitForQuiet(read: () => number): Promise<void> {
  let last = -1;
  while (read() !== last) {
    last = read();
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

async function startDeliveryServices(env: Record<string, string>): Promise<INestApplicationContext> {
  const saved = Object.fromEntries(Object.keys(env).map((key) => [key, process.env[key]]));
  Object.assign(process.env, env);
  try {
    const ctx = await NestFactory.createApplicationContext(DeliveryServicesModule, { logger: false });
    await ctx.init();
    return ctx;
  } finally {
    for (const [key, value] of Object.entries(saved)) {
      if (value === undefined) delete process.env[key];
      else process.env[key] = value;
    }
  }
}
