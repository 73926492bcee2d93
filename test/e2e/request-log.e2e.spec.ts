import { PinoLogger } from 'nestjs-pino';
import { symbols } from 'pino';
import { startTestApp, TestApp } from '../support/app.js';
import { closeTestDb } from '../support/db.js';
import { bearer, makeOrg, TestOrg } from '../support/factories.js';

/**
 * One log line per HTTP request (registerRequestLog): who asked what, the answer's status and time, under the request's
 * id, and nothing from the request's headers. The lines are read where pino writes them: the root logger's stream,
 * which the request logger (a child) writes to, swapped for a buffer while the requests run.
 */
describe('request log', () => {
  let t: TestApp;
  let org: TestOrg;
  beforeAll(async () => {
    t = await startTestApp({ LOG_LEVEL: 'info' });
    org = await makeOrg(t);
  });
  afterAll(async () => {
    await t.close();
    await closeTestDb();
  });

  async function linesOf(send: () => Promise<unknown>): Promise<Array<Record<string, unknown>>> {
    return (await allLinesOf(send)).filter((l) => l.msg === 'request completed' || l.msg === 'request errored');
  }

  async function allLinesOf(send: () => Promise<unknown>): Promise<Array<Record<string, unknown>>> {
    const root = PinoLogger.root as unknown as Record<symbol, unknown>;
    const stream = root[symbols.streamSym];
    const lines: string[] = [];
    root[symbols.streamSym] = { write: (line: string) => lines.push(line) };
    try {
      await send();
    } finally {
      root[symbols.streamSym] = stream;
    }
    return lines.map((line) => JSON.parse(line) as Record<string, unknown>);
  }

  it('writes one line for a signed-in request: id, method, path, status, time, organization and user, no headers', async () => {
    let requestId = '';
    const lines = await linesOf(async () => {
      const res = await t.http().get('/v1/jobs?limit=5').set(bearer(org.admin));
      expect(res.status).toBe(200);
      requestId = res.headers['x-request-id'];
    });
    expect(lines).toHaveLength(1);
    const [line] = lines;
    expect(line).toMatchObject({
      level: 30,
      req: { id: requestId, method: 'GET', url: '/v1/jobs' },
      res: { statusCode: 200 },
      organizationId: org.id,
      userId: org.admin.id,
    });
    expect(typeof line.responseTime).toBe('number');
    expect(JSON.stringify(line)).not.toContain(org.admin.token);
  });

  it("shows a self-scheduling link's route, never its token, and no query string", async () => {
    const token = 'a-scheduling-link-token-nobody-should-read-in-logs';
    const lines = await linesOf(async () => {
      await t.http().get(`/schedule/${token}?tz=Europe%2FLisbon`);
      await t.http().get('/v1/jobs?limit=5&q=Grace%20Hopper').set(bearer(org.admin));
    });
    expect(lines.map((l) => (l.req as { url: string }).url)).toEqual(['/schedule/:token', '/v1/jobs']);
    expect(JSON.stringify(lines)).not.toContain(token);
    expect(JSON.stringify(lines)).not.toContain('Grace');
  });

  it('logs a refused or unknown request as a warning, and leaves liveness probes out', async () => {
    const lines = await linesOf(async () => {
      await t.http().get('/v1/me');
      await t.http().get('/nope');
      await t.http().get('/health/live');
    });
    expect(lines.map((l) => [l.level, l.req, l.res])).toEqual([
      [40, expect.objectContaining({ method: 'GET', url: '/v1/me' }), { statusCode: 401 }],
      [40, expect.objectContaining({ method: 'GET', url: '/nope' }), { statusCode: 404 }],
    ]);
    expect(lines[0]).not.toHaveProperty('userId');
  });

  it('gives a line written while a request runs the id of that request (reqId), and the request line keeps it under req', async () => {
    let requestId = '';
    const lines = await allLinesOf(async () => {
      const res = await t
        .http()
        .post('/v1/auth/login')
        .set('x-request-id', 'trace-failed-sign-in-1')
        .send({ email: org.admin.email, password: 'not-the-password' });
      expect(res.status).toBe(401);
      requestId = res.headers['x-request-id'];
    });
    expect(requestId).toBe('trace-failed-sign-in-1');
    const warning = lines.find((l) => l.msg === 'Failed sign-in');
    expect(warning).toMatchObject({ level: 40, reqId: requestId });
    const requestLine = lines.find((l) => l.msg === 'request completed');
    expect(requestLine).toMatchObject({ req: { id: requestId } });
    expect(requestLine).not.toHaveProperty('reqId');
  });
});
