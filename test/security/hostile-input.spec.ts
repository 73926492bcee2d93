import type { INestApplicationContext } from '@nestjs/common';
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createServer } from 'node:net';
import request from 'supertest';
import { startTestApp, TestApp } from '../support/app.js';
import { closeTestDb, count, settled, testDb } from '../support/db.js';
import { bearer, makeOrg, makeUser, TEST_PASSWORD, TestOrg, TestUser, unique } from '../support/factories.js';
import { makeJob, postingStatuses, startTestWorker, waitFor } from '../support/postings-fixtures.js';

const PROBLEM = /^application\/problem\+json/;
const UNSAFE = { 'a NUL character': '\u0000', 'a lone high surrogate': '\ud800', 'a lone low surrogate': '\udc00' };
const UNSAFE_CASES = Object.entries(UNSAFE);

const b64 = (value: unknown) => Buffer.from(typeof value === 'string' ? value : JSON.stringify(value)).toString('base64url');
const SOME_UUID = '3f1c2b9e-8a8d-4a56-9a43-1b6f2f0d6c11';
/** Cursors no list ever produced: wrong types in each position, wrong lengths, nonsense. */
const FORGED_CURSORS: Record<string, string> = {
  'not-a-date and x': b64(['not-a-date', 'x']),
  'a date and not a uuid': b64(['2026-01-01 00:00:00+00', 'x']),
  'an impossible date': b64(['2026-02-30 10:00:00+00', SOME_UUID]),
  'values swapped': b64([SOME_UUID, '2026-01-01 00:00:00+00']),
  'a number too large for any column': b64(['99999999999999999999999', SOME_UUID]),
  'a NUL in a value': b64(['2026-01-01 00:00:00+00\u0000', SOME_UUID]),
  'three values': b64(['2026-01-01 00:00:00+00', SOME_UUID, 1]),
  'one value that is not a number': b64(['x']),
  'an object': b64({ at: '2026-01-01', id: SOME_UUID }),
  'nested values': b64([['2026-01-01 00:00:00+00'], [SOME_UUID]]),
  'not base64 JSON': '!!not-a-cursor!!',
};

/** `{"field": [[…]]}` nested `depth` levels in all (the outer object counts as one). */
const nestedBody = (field: string, depth: number) => `{"${field}":${'['.repeat(depth - 1)}${']'.repeat(depth - 1)}}`;

describe('hostile input: client errors stay client errors', () => {
  let t: TestApp;
  let worker: INestApplicationContext;
  let org: TestOrg;
  let power: TestUser;
  let jobId: string;
  let publicId: number;

  beforeAll(async () => {
    t = await startTestApp();
    worker = await startTestWorker();
    org = await makeOrg(t);
    power = await makeUser(t, org, ['admin', 'recruiter', 'hiring_manager', 'interviewer'], 'Pat Power');
    jobId = (await makeJob(org.id)).id;
    const posted = await t
      .http()
      .post(`/v1/jobs/${jobId}/postings`)
      .set(bearer(power))
      .send({ boards: ['careers'] });
    expect(posted.status).toBe(202);
    publicId = posted.body.data.find((p: { board: string }) => p.board === 'careers').publicId;
    await waitFor(
      () => postingStatuses(jobId),
      (s) => s.careers === 'live',
      20000,
      'careers posting live',
    );
  });
  afterAll(async () => {
    await worker?.close();
    await t?.close();
    await closeTestDb();
  });

  /** What the requests below could write, in this test's organization only (other files share the database). */
  const written = async () => ({
    departments: await count('departments', 'organization_id = $1', [org.id]),
    candidates: await count('candidates', 'organization_id = $1', [org.id]),
    applications: await count('applications', 'organization_id = $1', [org.id]),
    jobs: await count('jobs', 'organization_id = $1', [org.id]),
    users: await count('users', 'organization_id = $1', [org.id]),
    audit: await count('audit_log', 'organization_id = $1', [org.id]),
  });

  const expectFieldErrors = (res: request.Response, fields: string[]) => {
    expect(res.status).toBe(400);
    expect(res.headers['content-type']).toMatch(PROBLEM);
    expect(res.body.code).toBe('request.invalid');
    expect([...new Set(res.body.errors.map((e: { field: string }) => e.field))].sort()).toEqual([...fields].sort());
  };

  describe('NUL and lone surrogates in text fields are a 400 naming the field, and nothing is written', () => {
    it.each(UNSAFE_CASES)('%s in department, candidate, job, user and application bodies (nested fields named by path)', async (_label, bad) => {
      const before = await written();
      const auth = bearer(power);
      expectFieldErrors(
        await t
          .http()
          .post('/v1/departments')
          .set(auth)
          .send({ name: `Platform${bad}` }),
        ['name'],
      );
      expectFieldErrors(
        await t
          .http()
          .post('/v1/candidates')
          .set(auth)
          .send({ firstName: 'Jane', lastName: `Doe${bad}`, tags: ['ok', `go${bad}`] }),
        ['lastName', 'tags.1'],
      );
      expectFieldErrors(
        await t
          .http()
          .post('/v1/jobs')
          .set(auth)
          .send({ title: `Engineer${bad}`, variables: { teamName: `Core${bad}` } }),
        ['title', 'variables.teamName'],
      );
      expectFieldErrors(
        await t
          .http()
          .post('/v1/users')
          .set(auth)
          .send({ email: `${unique('u')}@example.test`, name: `Sam${bad}`, password: TEST_PASSWORD, roles: ['recruiter'] }),
        ['name'],
      );
      expectFieldErrors(
        await t
          .http()
          .post('/v1/applications')
          .set(auth)
          .send({ jobId, candidate: { firstName: `Ann${bad}`, lastName: 'Lee', emails: [`${unique('a')}@example.test`] } }),
        ['candidate.firstName'],
      );
      expect(await written()).toEqual(before);
    });

    it.each(UNSAFE_CASES)('%s in the public routes: sign-in, registration and public apply (JSON)', async (_label, bad) => {
      const before = await written();
      expectFieldErrors(
        await t
          .http()
          .post('/v1/auth/login')
          .send({ email: `${power.email}${bad}`, password: TEST_PASSWORD }),
        ['email'],
      );
      expectFieldErrors(
        await t
          .http()
          .post('/v1/auth/login')
          .send({ email: power.email, password: `${TEST_PASSWORD}${bad}` }),
        ['password'],
      );
      const slug = unique('org-');
      expectFieldErrors(
        await t
          .http()
          .post('/v1/auth/register')
          .send({ organizationName: `Acme${bad}`, organizationSlug: slug, name: 'Founder', email: `${unique('f')}@example.test`, password: TEST_PASSWORD }),
        ['organizationName'],
      );
      expect(await count('organizations', 'slug = $1', [slug])).toBe(0);
      const email = `${unique('apply')}@example.test`;
      expectFieldErrors(
        await t
          .http()
          .post(`/v1/boards/${org.slug}/jobs/${publicId}`)
          .send({ first_name: `Ann${bad}`, last_name: 'Lee', email, resume_text: 'Go and Postgres.' }),
        ['first_name'],
      );
      expect(await count('candidate_emails', 'email = $1', [email])).toBe(0);
      expect(await written()).toEqual(before);
    });

    it('a NUL in a multipart text field or file name of public apply is a 400 naming the field', async () => {
      const before = await written();
      const email = `${unique('multi')}@example.test`;
      const apply = () => t.http().post(`/v1/boards/${org.slug}/jobs/${publicId}`).field('first_name', 'Ann').field('email', email);
      expectFieldErrors(await apply().field('last_name', 'Lee\u0000').attach('resume', Buffer.from('Ten years of Go.'), 'resume.txt'), ['last_name']);
      expectFieldErrors(await apply().field('last_name', 'Lee').attach('resume', Buffer.from('Ten years of Go.'), 'res\u0000ume.txt'), ['resume']);
      expect(await count('candidate_emails', 'email = $1', [email])).toBe(0);
      expect(await written()).toEqual(before);
    });

    it('a NUL or a lone surrogate (as percent-encoded UTF-8 it cannot be) in a query string or a path is a 400 naming it', async () => {
      const auth = bearer(power);
      expectFieldErrors(await t.http().get('/v1/candidates?q=grace%00hopper').set(auth), ['q']);
      expectFieldErrors(await t.http().get('/v1/candidates?q=grace%ED%A0%80').set(auth), ['q']);
      expectFieldErrors(await t.http().get('/v1/users?role=admin&cursor=%ED%B0%80').set(auth), ['cursor']);
      expectFieldErrors(await t.http().get('/v1/boards/acme%00corp/jobs'), ['orgSlug']);
      const badUrl = await t.http().get('/v1/boards/acme%ED%A0%80/jobs');
      expect(badUrl.status).toBe(400);
      expect(badUrl.headers['content-type']).toMatch(PROBLEM);
    });
  });

  describe('forged cursors are a 400 naming cursor on every list', () => {
    /** Real rows of this test's organization for every kind of id a list route's path can hold. */
    let ids: Record<string, string>;

    beforeAll(async () => {
      const auth = bearer(power);
      const second = await makeJob(org.id);
      const apps = [];
      for (const first of ['Grace', 'Ada']) {
        const res = await t
          .http()
          .post('/v1/applications')
          .set(auth)
          .send({ jobId, candidate: { firstName: first, lastName: 'Tester', emails: [`${unique(first)}@example.test`] } });
        expect(res.status).toBe(201);
        apps.push(res.body);
      }
      const candidateId = apps[0].candidateId;
      for (const body of ['First note', 'Second note'])
        expect((await t.http().post(`/v1/candidates/${candidateId}/notes`).set(auth).send({ body })).status).toBe(201);
      const [{ id: stageId }] = await (await testDb()).query(`SELECT id FROM job_stages WHERE job_id = $1 ORDER BY position LIMIT 1`, [jobId]);
      const interviews = [];
      for (const [i, app] of apps.entries()) {
        const res = await t
          .http()
          .post(`/v1/applications/${app.id}/interviews`)
          .set(auth)
          .send({ stageId, startsAt: `2031-06-0${i + 1}T09:00:00.000Z`, durationMinutes: 30, interviewerIds: [power.id], location: 'Room 1' });
        expect(res.status).toBe(201);
        interviews.push(res.body.id);
      }
      const template = await t.http().get('/v1/templates?limit=1').set(auth);
      ids = {
        jobs: jobId,
        candidates: candidateId,
        applications: apps[0].id,
        interviews: interviews[0],
        templates: template.body.data[0].id,
        users: power.id,
        departments: (await (await testDb()).query(`SELECT department_id FROM jobs WHERE id = $1`, [second.id]))[0].department_id,
        // An endpoint as a row (registering one pings its address, which this test has no receiver for).
        webhooks: (
          await (
            await testDb()
          ).query(
            `INSERT INTO webhook_endpoints (organization_id, url, events, secret) VALUES ($1, 'https://hooks.example.test/in', '{*}', 'whsec_c2VjcmV0LW9mLWVub3VnaC1sZW5ndGg=') RETURNING id`,
            [org.id],
          )
        )[0].id,
      };
    });

    /**
     * Every GET route of the API documentation that takes `cursor`: a new list is covered without editing this test.
     * A required id in the query (`/v1/applications?jobId=…`) is filled like a path parameter (`jobId` from `jobs`).
     */
    const listRoutes = async (): Promise<string[]> => {
      const doc = (await t.http().get('/docs-json')).body as {
        paths: Record<string, Record<string, { parameters?: Array<{ in: string; name: string; required?: boolean }> }>>;
      };
      return Object.entries(doc.paths)
        .filter(([, ops]) => ops.get?.parameters?.some((p) => p.in === 'query' && p.name === 'cursor'))
        .map(([path, ops]) => {
          const required = (ops.get.parameters ?? []).filter((p) => p.in === 'query' && p.required);
          const query = required.map(({ name }) => {
            const id = name.endsWith('Id') ? ids[`${name.slice(0, -'Id'.length)}s`] : undefined;
            if (!id) throw new Error(`No value for the required query parameter ${name} of ${path}: add one to the test's fixtures`);
            return `${name}=${id}`;
          });
          return query.length ? `${path}?${query.join('&')}` : path;
        });
    };

    /** The route with its path parameters filled with real ids of this organization (the collection before `{param}` says which). */
    const concrete = (path: string): string =>
      path.replace(/\/([^/]+)\/\{[^}]+\}/g, (_m, collection: string) => {
        const id = ids[collection];
        if (!id) throw new Error(`No id of this organization for ${collection} in ${path}: add one to the test's fixtures`);
        return `/${collection}/${id}`;
      });

    it('finds the lists in the API documentation (users, jobs, candidates and the rest)', async () => {
      const routes = await listRoutes();
      expect(routes).toEqual(
        expect.arrayContaining([
          '/v1/users',
          '/v1/jobs',
          '/v1/candidates',
          '/v1/departments',
          '/v1/candidates/{id}/notes',
          '/v1/candidates/{id}/activity',
          '/v1/jobs/{id}/applications',
          '/v1/interviews',
        ]),
      );
      expect(routes.length).toBeGreaterThanOrEqual(15);
    });

    it('every list answers each forged cursor with a 400 naming cursor, and its own cursors still work', async () => {
      // Measured once the worker has followed the interviews scheduled above (their audit rows are written after them).
      const before = await settled(written);
      const routes = (await listRoutes()).map(concrete);
      // Candidate search sorts by relevance (a float), not by date: its cursor is checked against that.
      routes.push('/v1/candidates?q=tester');
      const failures: string[] = [];
      let followed = 0;
      for (const route of routes) {
        const sep = route.includes('?') ? '&' : '?';
        for (const [label, cursor] of Object.entries(FORGED_CURSORS)) {
          const res = await t
            .http()
            .get(`${route}${sep}cursor=${encodeURIComponent(cursor)}`)
            .set(bearer(power));
          const named =
            res.status === 400 && PROBLEM.test(res.headers['content-type'] ?? '') && res.body.errors?.some((e: { field: string }) => e.field === 'cursor');
          if (!named) failures.push(`${route} with ${label}: ${res.status} ${JSON.stringify(res.body).slice(0, 200)}`);
        }
        const first = await t.http().get(`${route}${sep}limit=1`).set(bearer(power));
        if (first.status !== 200) failures.push(`${route} first page: ${first.status}`);
        if (first.body.nextCursor) {
          const next = await t
            .http()
            .get(`${route}${sep}limit=1&cursor=${encodeURIComponent(first.body.nextCursor)}`)
            .set(bearer(power));
          if (next.status !== 200) failures.push(`${route} with its own cursor: ${next.status} ${JSON.stringify(next.body).slice(0, 200)}`);
          else followed++;
        }
      }
      expect(failures).toEqual([]);
      // The lists seeded above with two rows each (users, jobs, departments, candidates, search, notes, activity, applications, interviews).
      expect(followed).toBeGreaterThanOrEqual(9);
      expect(await written()).toEqual(before);
    });
  });

  describe('JSON nesting', () => {
    it.each([
      ['5,000', 5000],
      ['65', 65],
    ])('%s levels deep is a 400 before validation on a public and an authenticated route; nothing is written', async (_label, depth) => {
      const before = await written();
      const send = (path: string, field: string, auth: Record<string, string> = {}) =>
        t.http().post(path).set(auth).set('content-type', 'application/json').send(nestedBody(field, depth));
      for (const res of [
        await send('/v1/auth/login', 'email'),
        await send(`/v1/boards/${org.slug}/jobs/${publicId}`, 'first_name'),
        await send('/v1/departments', 'name', bearer(power)),
        await t.http().post('/v1/departments').set(bearer(power)).set('content-type', 'application/merge-patch+json').send(nestedBody('name', depth)),
      ]) {
        expect(res.status).toBe(400);
        expect(res.headers['content-type']).toMatch(PROBLEM);
        expect(res.body.code).toBe('request.body_too_deep');
        expect(res.body.errors).toEqual([{ field: 'body', message: 'must not be nested more than 64 levels deep' }]);
      }
      expect(await written()).toEqual(before);
    });

    it('64 levels is not refused for its depth: validation then names the field', async () => {
      const before = await written();
      expectFieldErrors(await t.http().post('/v1/departments').set(bearer(power)).set('content-type', 'application/json').send(nestedBody('name', 64)), [
        'name',
      ]);
      expectFieldErrors(await t.http().post('/v1/auth/login').set('content-type', 'application/json').send(nestedBody('email', 64)), ['email', 'password']);
      // Brackets inside strings are text, not nesting.
      expectFieldErrors(
        await t
          .http()
          .post('/v1/auth/login')
          .send({ email: `${'[{'.repeat(100)}@example.test`, password: 'x' }),
        ['email'],
      );
      expect(await written()).toEqual(before);
    });

    it('keeps Fastify’s prototype-poisoning protection: a body with __proto__ is a 400 and writes nothing', async () => {
      const before = await written();
      const res = await t
        .http()
        .post('/v1/departments')
        .set(bearer(power))
        .set('content-type', 'application/json')
        .send('{"name":"Ops","__proto__":{"admin":true}}');
      expect(res.status).toBe(400);
      expect(res.headers['content-type']).toMatch(PROBLEM);
      expect(await written()).toEqual(before);
    });
  });
});

/**
 * The same attacks against the API as production runs it (its own process, NODE_ENV=production,
 * LOG_LEVEL=debug): every answer is a 4xx problem+json and nothing reaches the log at error level
 * or with a stack. The captured output is the process's own stdout and stderr.
 */
describe('hostile input against a production process: 4xx answers and no error-level log', () => {
  const API = 'dist/apps/api/src/main.js';
  let child: ChildProcess;
  let output = '';
  let base: string;

  const freePort = () =>
    new Promise<number>((resolve, reject) => {
      const server = createServer();
      server.once('error', reject);
      server.listen(0, '127.0.0.1', () => {
        const { port } = server.address() as { port: number };
        server.close(() => resolve(port));
      });
    });

  beforeAll(async () => {
    expect(existsSync(API)).toBe(true); // `npm test` builds first
    const port = await freePort();
    base = `http://127.0.0.1:${port}`;
    child = spawn(process.execPath, [API], {
      env: {
        ...process.env,
        NODE_ENV: 'production',
        MAIL_DISABLED: 'true',
        LOG_LEVEL: 'debug',
        PORT: String(port),
        JWT_SECRET: 'hostile-input-test-secret-0123456789abcdef',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    child.stdout!.on('data', (chunk) => (output += chunk));
    child.stderr!.on('data', (chunk) => (output += chunk));
    for (let i = 0; i < 300; i++) {
      const live = await fetch(`${base}/health/live`).then(
        (r) => r.status,
        () => 0,
      );
      if (live === 200) return;
      await new Promise((r) => setTimeout(r, 200));
    }
    throw new Error(`API did not start: ${output.slice(-2000)}`);
  }, 90000);
  afterAll(async () => {
    if (child && child.exitCode === null) {
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      await exited;
    }
    await closeTestDb();
  });

  it('deep JSON, unsafe text, forged cursors, malformed JSON, oversized and unsupported bodies: 4xx problem+json, no error-level entry and no stack', async () => {
    const http = () => request(base);
    const slug = unique('org-');
    const registered = await http()
      .post('/v1/auth/register')
      .send({ organizationName: 'Hostile Co', organizationSlug: slug, name: 'Founder', email: `${unique('f')}@example.test`, password: TEST_PASSWORD });
    expect(registered.status).toBe(201);
    const orgId = registered.body.organization.id as string;
    const auth = { authorization: `Bearer ${registered.body.accessToken}` };
    const json = { 'content-type': 'application/json' };
    const outputBefore = output.length;

    const answers = [
      await http().post('/v1/auth/login').set(json).send(nestedBody('email', 5000)),
      await http().post('/v1/auth/login').set(json).send(nestedBody('email', 65)),
      await http().post(`/v1/boards/${slug}/jobs/1`).set(json).send(nestedBody('first_name', 5000)),
      await http().post('/v1/departments').set(auth).set(json).send(nestedBody('name', 5000)),
      await http().post('/v1/departments').set(auth).set(json).send(nestedBody('name', 65)),
      await http().post('/v1/departments').set(auth).send({ name: 'Ops\u0000' }),
      await http().post('/v1/departments').set(auth).send({ name: 'Ops\ud800' }),
      await http()
        .get(`/v1/users?cursor=${b64(['not-a-date', 'x'])}`)
        .set(auth),
      await http()
        .get(`/v1/jobs?cursor=${b64(['not-a-date', 'x'])}`)
        .set(auth),
      await http()
        .get(`/v1/candidates?cursor=${b64(['not-a-date', 'x'])}`)
        .set(auth),
      await http().post('/v1/auth/login').set(json).send('{"email": "a@b.test", "password": '),
      await http().post('/v1/auth/login').set(json).send(''),
      await http()
        .post('/v1/departments')
        .set(auth)
        .set(json)
        .send(JSON.stringify({ name: 'x'.repeat(1_100_000) })),
      await http().post('/v1/departments').set(auth).set('content-type', 'application/xml').send('<name>Ops</name>'),
      await http().get('/v1/boards/acme%ED%A0%80/jobs'),
    ];
    const statuses = answers.map((r) => r.status);
    expect(statuses).toEqual([400, 400, 400, 400, 400, 400, 400, 400, 400, 400, 400, 400, 413, 415, 400]);
    for (const res of answers) expect(res.headers['content-type']).toMatch(PROBLEM);
    expect(await count('departments', 'organization_id = $1', [orgId])).toBe(0);

    // pino writes asynchronously: wait until every request above has its access-log line.
    const entries = () =>
      output
        .slice(outputBefore)
        .split('\n')
        .filter((line) => line.startsWith('{'))
        .map((line) => JSON.parse(line) as { level: number; msg?: string; err?: unknown; status?: number });
    // Every refusal is logged at debug (level 20) as a client error: waiting for them proves the capture sees these requests.
    const clientErrors = () => entries().filter((e) => e.msg === 'Client error');
    await waitFor(
      () => Promise.resolve(clientErrors().length),
      (n) => n >= answers.length,
      20000,
      'client-error log entries',
    );
    expect(clientErrors().every((e) => e.level === 20 && e.status! >= 400 && e.status! < 500)).toBe(true);
    const logged = entries();

    expect(logged.filter((e) => e.level >= 50)).toEqual([]);
    expect(logged.filter((e) => e.err !== undefined || JSON.stringify(e).includes('"stack"'))).toEqual([]);
    expect(output.slice(outputBefore)).not.toMatch(/RangeError|Maximum call stack/);
  }, 60000);
});
