import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import http from 'node:http';
import net, { type AddressInfo } from 'node:net';
import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import { DUE_SWEEPS } from '../../apps/worker/src/due-sweeps.js';
import { closeTestDb, testDb } from '../support/db.js';
import { TEST_PASSWORD } from '../support/factories.js';
import { waitFor } from '../support/postings-fixtures.js';

/**
 * Scale out, not up: two API processes and two workers (the compiled app, as production runs it) on one database
 * and one Redis behave as one: a token minted by one API works on the other, the per-address sign-in budget is
 * shared, each posting is published once, and each repeatable sweep (scorecard reminders, offer and posting
 * expiries, outbox retention) is registered once, so each of its runs is one BullMQ job taken by one worker.
 * Correctness only: throughput is the bench's business (`npm run bench -- scale-out`).
 */
const API = 'dist/apps/api/src/main.js';
const WORKER = 'dist/apps/worker/src/main.js';
// The run's own queue prefix: these processes share the run's database, so their outbox relays may dispatch other
// test files' rows; with the same prefix those jobs land in the queues the other files' workers read (a private prefix
// would take them away). The run's teardown removes the prefix's keys.
const sharedPrefix = process.env.QUEUE_PREFIX;
const prefix = sharedPrefix ?? `hlscale-${randomBytes(4).toString('hex')}`;
const redisUrl = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
const env = {
  ...process.env,
  NODE_ENV: 'production',
  JWT_SECRET: `scale-out-${randomBytes(24).toString('hex')}`,
  QUEUE_PREFIX: prefix,
  LOG_LEVEL: 'error',
  DEMO_DATA: 'off',
  EGRESS_ALLOWLIST: '127.0.0.1',
  // Production mode requires a mail server unless mail is off; this test sends none.
  MAIL_DISABLED: 'true',
};

interface Proc {
  child: ChildProcess;
  exited: Promise<unknown>;
  output: () => string;
}

function start(entry: string, extra: Record<string, string> = {}): Proc {
  const child = spawn(process.execPath, [entry], { env: { ...env, ...extra }, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output = (output + chunk.toString()).slice(-4000)));
  child.stderr.on('data', (chunk: Buffer) => (output = (output + chunk.toString()).slice(-4000)));
  return { child, exited: new Promise((resolve) => child.on('exit', resolve)), output: () => output };
}

async function freePort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

/** A JSON request to one API, optionally from a given loopback address (a distinct client). */
function call(
  port: number,
  method: string,
  path: string,
  options: { token?: string; body?: unknown; from?: string } = {},
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- a JSON answer, read like supertest's res.body
): Promise<{ status: number; body: any }> {
  const payload = options.body === undefined ? undefined : JSON.stringify(options.body);
  return new Promise((resolve, reject) => {
    const req = http.request(
      {
        host: '127.0.0.1',
        port,
        method,
        path,
        agent: false,
        ...(options.from ? { localAddress: options.from } : {}),
        headers: {
          ...(payload ? { 'content-type': 'application/json', 'content-length': Buffer.byteLength(payload) } : {}),
          ...(options.token ? { authorization: `Bearer ${options.token}` } : {}),
        },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString();
          let body: unknown = text;
          try {
            body = JSON.parse(text);
          } catch {
            // not JSON
          }
          resolve({ status: res.statusCode ?? 0, body });
        });
      },
    );
    req.on('error', reject);
    req.end(payload);
  });
}

describe('two APIs and two workers on one database and one Redis', () => {
  const apis: Array<Proc & { port: number }> = [];
  const workers: Proc[] = [];

  beforeAll(async () => {
    expect(existsSync(API) && existsSync(WORKER)).toBe(true);
    for (let i = 0; i < 2; i++) {
      const port = await freePort();
      apis.push({ ...start(API, { PORT: String(port) }), port });
      workers.push(start(WORKER));
    }
    for (const api of apis) {
      await waitFor(
        () => call(api.port, 'GET', '/health/live').catch(() => ({ status: 0, body: null })),
        (r) => r.status === 200,
        120000,
        `API on ${api.port} (${api.output()})`,
      );
    }
    for (const worker of workers)
      await waitFor(
        () => Promise.resolve(worker.output()),
        (o) => o.includes('Hireloop worker started'),
        120000,
        'worker start',
      );
  }, 300000);

  afterAll(async () => {
    for (const p of [...apis, ...workers]) p.child.kill('SIGTERM');
    await Promise.all([...apis, ...workers].map((p) => p.exited));
    if (!sharedPrefix) {
      const redis = new Redis(redisUrl);
      const keys = await redis.keys(`${prefix}:*`);
      if (keys.length) await redis.del(...keys);
      redis.disconnect();
    }
    await closeTestDb();
  }, 60000);

  let admin: { token: string; organizationId: string; email: string };

  it('accepts on one API a token minted by the other (same JWT_SECRET, no session state in a process)', async () => {
    const slug = `scale-${randomBytes(4).toString('hex')}`;
    const email = `${slug}@example.test`;
    const registered = await call(apis[0].port, 'POST', '/v1/auth/register', {
      body: { organizationName: 'Scale Out', organizationSlug: slug, name: 'Admin', email, password: TEST_PASSWORD },
    });
    expect(registered.status).toBe(201);
    admin = { token: registered.body.accessToken, organizationId: registered.body.organization.id, email };
    const me = await call(apis[1].port, 'GET', '/v1/me', { token: admin.token });
    expect(me.status).toBe(200);
    expect(me.body.user.email).toBe(email);
    // Signing out everywhere on one API ends the token on the other too (the epoch lives in the database).
    expect((await call(apis[1].port, 'POST', '/v1/auth/logout-all', { token: admin.token })).status).toBe(204);
    expect((await call(apis[0].port, 'GET', '/v1/me', { token: admin.token })).status).toBe(401);
    const login = await call(apis[0].port, 'POST', '/v1/auth/login', { body: { email, password: TEST_PASSWORD } });
    expect(login.status).toBe(200);
    admin.token = login.body.accessToken;
  });

  it('shares the per-address sign-in budget between the APIs (counted in Redis)', async () => {
    const from = `127.${50 + Math.floor(Math.random() * 40)}.${Math.floor(Math.random() * 250)}.${1 + Math.floor(Math.random() * 250)}`;
    // Five failures for this account from this address, alternating between the two APIs...
    for (let i = 0; i < 5; i++) {
      const failed = await call(apis[i % 2].port, 'POST', '/v1/auth/login', { from, body: { email: admin.email, password: 'wrong-password-1' } });
      expect(failed.status).toBe(401);
    }
    // ...spend the pair's budget on both: the right password from that address is refused by either API,
    for (const api of apis) {
      const refused = await call(api.port, 'POST', '/v1/auth/login', { from, body: { email: admin.email, password: TEST_PASSWORD } });
      expect(refused.status).toBe(429);
    }
    // while the owner signing in from another address is not locked out.
    expect((await call(apis[1].port, 'POST', '/v1/auth/login', { body: { email: admin.email, password: TEST_PASSWORD } })).status).toBe(200);
  });

  it('publishes each posting exactly once with two workers relaying and processing', async () => {
    const token = admin.token;
    const [a, b] = apis.map((api) => api.port);
    const department = await call(a, 'POST', '/v1/departments', { token, body: { name: 'Engineering' } });
    const office = await call(b, 'POST', '/v1/offices', { token, body: { name: 'Berlin', city: 'Berlin', region: 'Berlin', country: 'DE' } });
    const templates = await call(a, 'GET', '/v1/templates?family=backend-developer&language=go&seniority=senior&systemType=distributed&workModel=hybrid', {
      token,
    });
    const jobIds: string[] = [];
    for (let i = 0; i < 3; i++) {
      const created = await call(i % 2 ? a : b, 'POST', '/v1/jobs', {
        token,
        body: {
          templateId: templates.body.data[0].id,
          departmentId: department.body.id,
          officeIds: [office.body.id],
          workModel: 'hybrid',
          employmentType: 'FULL_TIME',
          seniority: 'senior',
          salary: { min: 120000, max: 160000, currency: 'EUR', period: 'YEAR' },
          openings: 1,
        },
      });
      expect(created.status).toBe(201);
      const opened = await call(i % 2 ? b : a, 'POST', `/v1/jobs/${created.body.id}/open`, { token, body: { version: created.body.version } });
      expect(opened.status).toBe(200);
      const posted = await call(i % 2 ? a : b, 'POST', `/v1/jobs/${created.body.id}/postings`, { token, body: { boards: ['careers', 'indeed'] } });
      expect(posted.status).toBe(202);
      jobIds.push(created.body.id);
    }
    const db = await testDb();
    await waitFor(
      async () => (await db.query(`SELECT count(*)::int AS n FROM postings WHERE job_id = ANY($1) AND status = 'live'`, [jobIds]))[0].n as number,
      (n) => n === 6,
      60000,
      'six live postings',
    );
    const live = await db.query(
      `SELECT p.id, count(e.*)::int AS n FROM postings p LEFT JOIN posting_events e ON e.posting_id = p.id AND e.to_status = 'live' WHERE p.job_id = ANY($1) GROUP BY p.id`,
      [jobIds],
    );
    expect(live).toHaveLength(6);
    expect(live.every((r: { n: number }) => r.n === 1)).toBe(true);
    const outbox = await db.query(
      `SELECT count(*)::int AS n, count(*) FILTER (WHERE dispatched_at IS NOT NULL)::int AS dispatched FROM outbox_events WHERE organization_id = $1 AND event_type = 'postings.publish'`,
      [admin.organizationId],
    );
    expect(outbox[0]).toEqual({ n: 6, dispatched: 6 });
  }, 120000);

  it('registers each repeatable sweep once, however many workers start', async () => {
    for (const sweep of DUE_SWEEPS) {
      const queue = new Queue(sweep.queue, { connection: { url: redisUrl }, prefix });
      try {
        const schedulers = await queue.getJobSchedulers();
        expect(schedulers.filter((s) => s.key === sweep.schedulerId || s.id === sweep.schedulerId)).toHaveLength(1);
      } finally {
        await queue.close();
      }
    }
  });
});
