import { TenantContext } from '../../libs/platform/src/index.js';
import { createHmac } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { INestApplicationContext } from '@nestjs/common';
import { DomUtils, parseDocument } from 'htmlparser2';
import type { Element } from 'domhandler';
import { BoardsService, livePostingPages, loadLivePostings, PostingDelivery, PostingsService } from '../../libs/postings/src/index.js';
import { startTestApp, TestApp } from '../support/app.js';
import { closeTestDb, count, testDb } from '../support/db.js';
import { bearer, makeOrg, makeUser, TestOrg, TestUser, unique } from '../support/factories.js';
import { JobFixture, makeJob, postingStatuses, startTestWorker, waitFor } from '../support/postings-fixtures.js';

const PROBLEM = /application\/problem\+json/;

/** A partner board on loopback: answers each request with the next scripted status (then 200). */
class FakePartnerBoard {
  readonly received: Array<{ headers: http.IncomingHttpHeaders; body: string; json: { event: string; posting: Record<string, unknown> } }> = [];
  script: Array<{ status: number; body?: unknown }> = [];
  private server?: http.Server;
  url = '';

  constructor(readonly secret: string) {}

  async start(): Promise<void> {
    this.server = http.createServer((req, res) => {
      let body = '';
      req.on('data', (c) => (body += c));
      req.on('end', () => {
        this.received.push({ headers: req.headers, body, json: JSON.parse(body) });
        const next = this.script.shift() ?? { status: 200, body: { id: `ext-${this.received.length}` } };
        res.writeHead(next.status, { 'content-type': 'application/json' }).end(JSON.stringify(next.body ?? {}));
      });
    });
    await new Promise<void>((r) => this.server!.listen(0, '127.0.0.1', r));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}/hooks/jobs`;
  }

  stop(): Promise<void> {
    return new Promise((r) => this.server?.close(() => r()) ?? r());
  }

  verify(entry: { headers: http.IncomingHttpHeaders; body: string }): boolean {
    const header = String(entry.headers['x-hireloop-signature'] ?? '');
    const match = /^t=(\d+),v1=([0-9a-f]{64})$/.exec(header);
    if (!match) return false;
    const expected = createHmac('sha256', this.secret).update(`${match[1]}.${entry.body}`).digest('hex');
    return expected === match[2] && Math.abs(Date.now() / 1000 - Number(match[1])) < 300;
  }
}

function jsonLdOf(html: string): Record<string, unknown>[] {
  const doc = parseDocument(html);
  return DomUtils.findAll((el) => el.name === 'script' && el.attribs.type === 'application/ld+json', doc.children).map((el) =>
    JSON.parse(DomUtils.textContent(el)),
  );
}

function xmlJobs(xml: string): Element[] {
  const doc = parseDocument(xml, { xmlMode: true });
  const source = DomUtils.findOne((el) => el.name === 'source', doc.children);
  expect(source).toBeTruthy();
  return DomUtils.getElementsByTagName('job', source!.children, false);
}

const childText = (job: Element, name: string) => {
  const el = DomUtils.findOne((e) => e.name === name, job.children, true);
  return el ? DomUtils.textContent(el) : undefined;
};

describe('postings: one job on many boards', () => {
  let t: TestApp;
  let worker: INestApplicationContext;
  let org: TestOrg;
  let recruiter: TestUser;
  let interviewer: TestUser;
  let job: JobFixture;
  const partner = new FakePartnerBoard('partner-secret-0123456789');

  beforeAll(async () => {
    // The partner board below is a loopback receiver: allowlisted, as a self-hoster would allowlist an internal board.
    t = await startTestApp({ EGRESS_ALLOWLIST: '127.0.0.1' });
    worker = await startTestWorker();
    org = await makeOrg(t);
    recruiter = await makeUser(t, org, ['recruiter']);
    interviewer = await makeUser(t, org, ['interviewer']);
    job = await makeJob(org.id);
    await partner.start();
  });
  afterAll(async () => {
    await partner.stop();
    await worker?.close();
    await t.close();
    await closeTestDb();
  });

  const post = (jobId: string, body: unknown, user: { token: string } = recruiter) =>
    t
      .http()
      .post(`/v1/jobs/${jobId}/postings`)
      .set(bearer(user))
      .send(body as object);
  const postingsOf = async (jobId: string) =>
    (await t.http().get(`/v1/jobs/${jobId}/postings`).set(bearer(recruiter))).body.data as Array<{
      id: string;
      board: string;
      status: string;
      publicId: string | number;
      history: Array<{ to: string }>;
      [field: string]: unknown;
    }>;
  /** What posting a job writes, for that job only: postings, their history, outbox events and the audit entry. */
  const postingWrites = async (jobId: string) => ({
    postings: await count('postings', 'job_id = $1', [jobId]),
    events: await count('posting_events e JOIN postings p ON p.id = e.posting_id', 'p.job_id = $1', [jobId]),
    outbox: await count(
      'outbox_events',
      "organization_id = $1 AND event_type LIKE 'postings.%' AND aggregate_id IN (SELECT id::text FROM postings WHERE job_id = $2)",
      [org.id, jobId],
    ),
    audit: await count('audit_log', "organization_id = $1 AND entity_id = $2 AND action = 'post'", [org.id, jobId]),
  });
  const nothingWritten = { postings: 0, events: 0, outbox: 0, audit: 0 };
  const waitLive = (jobId: string, boards: string[]) =>
    waitFor(
      () => postingStatuses(jobId),
      (s) => boards.every((b) => s[b] === 'live'),
      20000,
      `${boards.join(',')} live`,
    );

  describe('POST /v1/jobs/:id/postings', () => {
    it('answers 202 with pending postings, and the worker publishes each through the outbox with its history', async () => {
      const res = await post(job.id, { boards: ['careers', 'indeed', 'linkedin'] });
      expect(res.status).toBe(202);
      expect(res.body.data).toHaveLength(3);
      expect(res.body.data.map((p: { board: string }) => p.board).sort()).toEqual(['careers', 'indeed', 'linkedin']);
      for (const p of res.body.data) {
        expect(p).toMatchObject({ jobId: job.id, status: 'pending', publicId: expect.any(Number), attempts: 0 });
        expect(p.history).toEqual([expect.objectContaining({ from: null, to: 'pending', reason: 'created' })]);
      }
      expect(
        await count('outbox_events', "event_type = 'postings.publish' AND payload->>'postingId' = ANY($1)", [res.body.data.map((p: { id: string }) => p.id)]),
      ).toBe(3);
      await waitLive(job.id, ['careers', 'indeed', 'linkedin']);
      const listed = await postingsOf(job.id);
      for (const p of listed) {
        expect(p.status).toBe('live');
        expect(p.externalId).toEqual(expect.any(String));
        expect(p.publishedAt).toEqual(expect.any(String));
        expect(p.history.map((h: { to: string }) => h.to)).toEqual(['pending', 'publishing', 'live']);
      }
      expect(listed.find((p) => p.board === 'careers')!.url).toMatch(new RegExp(`/careers/${org.slug}/jobs/\\d+$`));
    });

    it('is idempotent: posting again to the same boards creates nothing, and re-delivering unchanged content sends nothing', async () => {
      const before = await count('postings', 'job_id = $1', [job.id]);
      const res = await post(job.id, { boards: ['careers', 'indeed'] });
      expect(res.status).toBe(202);
      expect(res.body.data.every((p: { status: string }) => p.status === 'live')).toBe(true);
      expect(await count('postings', 'job_id = $1', [job.id])).toBe(before);
      const careers = res.body.data.find((p: { board: string }) => p.board === 'careers');
      const events = await count('posting_events', 'posting_id = $1', [careers.id]);
      await expect(TenantContext.run(org.id, () => worker.get(PostingDelivery).publish(careers.id, { finalAttempt: false }))).resolves.toBe('unchanged');
      expect(await count('posting_events', 'posting_id = $1', [careers.id])).toBe(events);
    });

    it('refuses a job that is not open with 409 and writes nothing', async () => {
      const draft = await makeJob(org.id, { status: 'draft' });
      const res = await post(draft.id, { boards: ['careers'] });
      expect(res.status).toBe(409);
      expect(res.headers['content-type']).toMatch(PROBLEM);
      expect(res.body.code).toBe('postings.job_not_open');
      expect(await postingWrites(draft.id)).toEqual(nothingWritten);
    });

    it('refuses a job with error-level lint findings with 422 carrying the findings', async () => {
      const finding = { rule: 'missing-section', severity: 'error', message: 'The requirements section is missing.', location: 'requirements' };
      const bad = await makeJob(org.id, { findings: [finding, { rule: 'long-sentence', severity: 'warning', message: 'long', location: 'summary' }] });
      const res = await post(bad.id, { boards: ['careers'] });
      expect(res.status).toBe(422);
      expect(res.body.code).toBe('postings.job_has_lint_errors');
      expect(res.body.findings).toEqual([finding]);
      expect(await postingWrites(bad.id)).toEqual(nothingWritten);
    });

    it.each([
      ['unknown field', { boards: ['careers'], priority: 1 }, 'priority', 400],
      ['empty boards', { boards: [] }, 'boards', 400],
      ['bad validThrough', { boards: ['careers'], validThrough: 'soon' }, 'validThrough', 400],
      ['override with unknown member', { boards: ['careers'], overrides: { careers: { salary: 1 } } }, 'overrides', 400],
      ['unknown board', { boards: ['careers', 'monster'] }, 'boards.1', 422],
      ['override for a board not posted', { boards: ['careers'], overrides: { indeed: { title: 'X' } } }, 'overrides.indeed', 422],
    ])('rejects %s naming the field, writing nothing', async (_label, body, field, status) => {
      const fresh = await makeJob(org.id);
      const res = await post(fresh.id, body);
      expect(res.status).toBe(status);
      expect(res.body.errors.map((e: { field: string }) => e.field)).toContain(field);
      expect(await postingWrites(fresh.id)).toEqual(nothingWritten);
    });

    it('answers 404 for another organization’s job and 403 for an interviewer', async () => {
      const other = await makeOrg(t);
      expect((await post(job.id, { boards: ['careers'] }, other.admin)).status).toBe(404);
      expect((await t.http().get(`/v1/jobs/${job.id}/postings`).set(bearer(other.admin))).status).toBe(404);
      expect((await post(job.id, { boards: ['careers'] }, interviewer)).status).toBe(403);
      expect((await t.http().post(`/v1/postings/not-a-uuid/retry`).set(bearer(recruiter))).status).toBe(404);
    });
  });

  describe('careers page and JSON-LD', () => {
    it('lists live postings as server-rendered HTML, filterable by department, office and work model', async () => {
      const remote = await makeJob(org.id, { workModel: 'remote', remoteCountries: ['DE', 'NL'], title: 'Remote Platform Engineer' });
      await post(remote.id, { boards: ['careers'] });
      await waitLive(remote.id, ['careers']);
      const page = await t.http().get(`/careers/${org.slug}`);
      expect(page.status).toBe(200);
      expect(page.headers['content-type']).toMatch(/text\/html/);
      expect(page.text).toContain('Senior Backend Engineer');
      expect(page.text).toContain('Remote Platform Engineer');
      const onlyRemote = await t.http().get(`/careers/${org.slug}?workModel=remote`);
      expect(onlyRemote.text).toContain('Remote Platform Engineer');
      expect(onlyRemote.text).not.toContain('>Senior Backend Engineer<');
      const departments = (await t.http().get(`/v1/boards/${org.slug}/departments`)).body.departments as Array<{ id: number; name: string; jobs: unknown[] }>;
      const dept = departments.find((d) => d.jobs.length && (d.jobs as Array<{ title: string }>).some((j) => j.title === 'Senior Backend Engineer'))!;
      const byDept = await t.http().get(`/careers/${org.slug}?department=${dept.id}`);
      expect(byDept.text).toContain('Senior Backend Engineer');
      expect(byDept.text).not.toContain('Remote Platform Engineer');
    });

    it('answers an unknown organization or job with an HTML 404 page to a browser, and problem+json to a client asking for JSON', async () => {
      const browserAccept = 'text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8';
      for (const path of [
        `/careers/no-such-org-${unique()}`,
        `/careers/${org.slug}/jobs/999999999`,
        `/careers/${org.slug}/jobs/abc`,
        `/careers/no-such-org-${unique()}/jobs/1`,
      ]) {
        for (const accept of [browserAccept, '*/*', undefined]) {
          const req = t.http().get(path);
          const res = accept ? await req.set('accept', accept) : await req;
          expect(res.status).toBe(404);
          expect(res.headers['content-type']).toMatch(/^text\/html/);
          expect(res.text).toMatch(/^<!doctype html>/i);
          expect(res.text).toContain('Not found');
        }
        const api = await t.http().get(path).set('accept', 'application/json');
        expect(api.status).toBe(404);
        expect(api.headers['content-type']).toMatch(PROBLEM);
      }
      const form = await t
        .http()
        .post(`/careers/${org.slug}/jobs/999999999/apply`)
        .set('accept', browserAccept)
        .field('first_name', 'F')
        .field('last_name', 'U')
        .field('email', `${unique('nf')}@example.test`);
      expect(form.status).toBe(404);
      expect(form.headers['content-type']).toMatch(/^text\/html/);
    });

    it('serves the job page with pay range, a no-JS apply form and JobPosting JSON-LD', async () => {
      const careers = (await postingsOf(job.id)).find((p) => p.board === 'careers')!;
      const page = await t.http().get(`/careers/${org.slug}/jobs/${careers.publicId}`);
      expect(page.status).toBe(200);
      expect(page.text).toMatch(/€70,000 – €90,000 per year/);
      expect(page.text).toMatch(/<form class="apply" method="post" action="[^"]+\/apply" enctype="multipart\/form-data" novalidate>/);
      const [ld] = jsonLdOf(page.text);
      expect(ld).toMatchObject({
        '@context': 'https://schema.org/',
        '@type': 'JobPosting',
        title: 'Senior Backend Engineer',
        description: expect.stringContaining('<h2>Summary</h2>'),
        datePosted: expect.any(String),
        hiringOrganization: { '@type': 'Organization', name: org.name, sameAs: expect.stringContaining(`/careers/${org.slug}`) },
        employmentType: 'FULL_TIME',
        directApply: true,
        identifier: { '@type': 'PropertyValue', value: String(careers.publicId) },
        jobLocation: [{ '@type': 'Place', address: { '@type': 'PostalAddress', addressLocality: 'Berlin', addressCountry: 'DE', postalCode: '10115' } }],
        baseSalary: { '@type': 'MonetaryAmount', currency: 'EUR', value: { '@type': 'QuantitativeValue', minValue: 70000, maxValue: 90000, unitText: 'YEAR' } },
      });
    });

    it('gives remote jobs jobLocationType TELECOMMUTE with applicantLocationRequirements', async () => {
      const data = (await t.http().get(`/v1/boards/${org.slug}/jobs`)).body.jobs as Array<{ id: number; title: string }>;
      const remote = data.find((j) => j.title === 'Remote Platform Engineer')!;
      const [ld] = jsonLdOf((await t.http().get(`/careers/${org.slug}/jobs/${remote.id}`)).text);
      expect(ld.jobLocationType).toBe('TELECOMMUTE');
      expect(ld.applicantLocationRequirements).toEqual([
        { '@type': 'Country', name: 'DE' },
        { '@type': 'Country', name: 'NL' },
      ]);
    });
  });

  describe('Greenhouse-compatible job board JSON', () => {
    it('lists jobs with integer ids in Greenhouse’s shape; content=true adds entity-encoded content, departments and offices', async () => {
      const res = await t.http().get(`/v1/boards/${org.slug}/jobs`);
      expect(res.status).toBe(200);
      expect(res.body.meta.total).toBe(res.body.jobs.length);
      const j = res.body.jobs.find((x: { title: string }) => x.title === 'Senior Backend Engineer');
      expect(Object.keys(j).sort()).toEqual([
        'absolute_url',
        'id',
        'internal_job_id',
        'language',
        'location',
        'metadata',
        'requisition_id',
        'title',
        'updated_at',
      ]);
      expect(j).toMatchObject({
        id: expect.any(Number),
        internal_job_id: expect.any(Number),
        location: { name: 'Berlin, Berlin, DE' },
        language: 'en',
        metadata: null,
      });
      expect(j.absolute_url).toMatch(new RegExp(`/careers/${org.slug}/jobs/${j.id}$`));

      const full = await t.http().get(`/v1/boards/${org.slug}/jobs?content=true`);
      const fj = full.body.jobs.find((x: { id: number }) => x.id === j.id);
      expect(fj.content).toContain('&lt;h2&gt;Summary&lt;/h2&gt;');
      expect(fj.content).toContain('&amp;amp;');
      expect(fj.departments).toEqual([expect.objectContaining({ id: expect.any(Number), name: expect.any(String), parent_id: null, child_ids: [] })]);
      expect(fj.offices).toEqual([expect.objectContaining({ id: expect.any(Number), location: 'Berlin, Berlin, DE', parent_id: null, child_ids: [] })]);

      const one = await t.http().get(`/v1/boards/${org.slug}/jobs/${j.id}?questions=true`);
      expect(one.status).toBe(200);
      expect(one.body).toMatchObject({ id: j.id, title: 'Senior Backend Engineer', content: fj.content });
      expect(one.body.questions.flatMap((q: { fields: Array<{ name: string }> }) => q.fields.map((f) => f.name))).toEqual(
        expect.arrayContaining(['first_name', 'last_name', 'email', 'phone', 'resume', 'resume_text']),
      );
      expect((await t.http().get(`/v1/boards/${org.slug}/jobs/999999999`)).status).toBe(404);
      expect((await t.http().get(`/v1/boards/${org.slug}/jobs/abc`)).status).toBe(404);
    });

    it('serves departments and offices as list or tree, and the board itself', async () => {
      const tree = await t.http().get(`/v1/boards/${org.slug}/departments?render_as=tree`);
      expect(tree.status).toBe(200);
      expect(tree.body.departments[0]).toEqual(
        expect.objectContaining({ id: expect.any(Number), name: expect.any(String), jobs: expect.any(Array), children: expect.any(Array) }),
      );
      const offices = await t.http().get(`/v1/boards/${org.slug}/offices`);
      expect(offices.body.offices.some((o: { departments: unknown[] }) => o.departments.length > 0)).toBe(true);
      expect((await t.http().get(`/v1/boards/${org.slug}/offices?render_as=graph`)).status).toBe(400);
      const board = await t.http().get(`/v1/boards/${org.slug}`);
      expect(board.body).toEqual({ name: org.name, content: expect.any(String) });
    });

    it('answers with an ETag (304 on If-None-Match, a new ETag once postings change) and gzip when the client accepts it', async () => {
      const path = `/v1/boards/${org.slug}/jobs?content=true`;
      const plain = await t.http().get(path).set('accept-encoding', 'identity');
      expect(plain.status).toBe(200);
      expect(plain.headers['content-encoding']).toBeUndefined();
      expect(plain.headers.etag).toMatch(/^"[^"]+"$/);
      expect(plain.headers.vary).toMatch(/accept-encoding/i);
      // Supertest decodes gzip itself: the same JSON arrives in fewer bytes on the wire.
      const gz = await t.http().get(path).set('accept-encoding', 'gzip, deflate, br');
      expect(gz.status).toBe(200);
      expect(gz.headers['content-encoding']).toBe('gzip');
      expect(gz.headers.etag).toBe(plain.headers.etag);
      expect(gz.body).toEqual(plain.body);

      for (const inm of [plain.headers.etag, `W/${plain.headers.etag}`, `"other", ${plain.headers.etag}`]) {
        const cached = await t.http().get(path).set('if-none-match', inm);
        expect(cached.status).toBe(304);
        expect(cached.headers.etag).toBe(plain.headers.etag);
        expect(cached.text ?? '').toBe('');
      }
      expect((await t.http().get(path).set('if-none-match', '"stale"')).status).toBe(200);
      expect(
        (
          await t
            .http()
            .get(`/v1/boards/${org.slug}/departments`)
            .set('if-none-match', (await t.http().get(`/v1/boards/${org.slug}/departments`)).headers.etag)
        ).status,
      ).toBe(304);

      const added = await makeJob(org.id, { title: 'ETag Changer' });
      await post(added.id, { boards: ['careers'] });
      await waitLive(added.id, ['careers']);
      const changed = await waitFor(
        () => t.http().get(path).set('if-none-match', plain.headers.etag),
        (res) => res.status === 200,
        10000,
        'a new ETag',
      );
      expect(changed.headers.etag).not.toBe(plain.headers.etag);
      expect(changed.body.jobs.map((j: { title: string }) => j.title)).toContain('ETag Changer');
      await t
        .http()
        .delete(`/v1/postings/${(await postingsOf(added.id))[0].id}`)
        .set(bearer(recruiter));
      await waitFor(
        () => postingStatuses(added.id),
        (s) => s.careers === 'closed',
        15000,
        'closed',
      );
    });
  });

  describe('Indeed and LinkedIn XML feeds', () => {
    it('serve every required element in CDATA, raw HTML descriptions, stable reference numbers, and 304 on If-None-Match', async () => {
      const postings = await postingsOf(job.id);
      const indeedPosting = postings.find((p) => p.board === 'indeed')!;
      const indeed = await waitFor(
        () => t.http().get(`/feeds/${org.slug}/indeed.xml`),
        (r) => r.text.includes(`hl-${indeedPosting.publicId}`),
        10000,
        'indeed feed',
      );
      expect(indeed.headers['content-type']).toMatch(/application\/xml/);
      expect(indeed.text.startsWith('<?xml version="1.0" encoding="utf-8"?>\n<source>')).toBe(true);
      expect(indeed.text).toContain('<description><![CDATA[<h2>Summary</h2>');
      expect(indeed.text).not.toContain('&lt;h2&gt;');
      const ij = xmlJobs(indeed.text).find((j) => childText(j, 'referencenumber') === `hl-${indeedPosting.publicId}`)!;
      for (const el of [
        'title',
        'date',
        'referencenumber',
        'url',
        'company',
        'sourcename',
        'city',
        'state',
        'country',
        'postalcode',
        'streetaddress',
        'description',
        'salary',
        'jobtype',
        'experience',
        'expirationdate',
      ]) {
        expect([el, childText(ij, el)]).toEqual([el, expect.any(String)]);
      }
      expect(childText(ij, 'jobtype')).toBe('fulltime');
      expect(childText(ij, 'country')).toBe('DE');
      expect(childText(ij, 'salary')).toBe('€70000 - €90000 per year'); // Indeed: a currency symbol, no separators, the pay period
      expect(childText(ij, 'url')).toContain('source=Indeed');

      const linkedinPosting = postings.find((p) => p.board === 'linkedin')!;
      const linkedin = await t.http().get(`/feeds/${org.slug}/linkedin.xml`);
      const lj = xmlJobs(linkedin.text).find((j) => childText(j, 'partnerJobId') === `hl-${linkedinPosting.publicId}`)!;
      for (const el of ['partnerJobId', 'company', 'title', 'description', 'applyUrl', 'companyId', 'location']) expect(childText(lj, el)).toBeTruthy();
      expect(childText(lj, 'experienceLevel')).toBe('MID_SENIOR_LEVEL');
      expect(childText(lj, 'jobtype')).toBe('FULL_TIME');
      expect(childText(lj, 'workplaceTypes')).toBe('On-site');
      expect(childText(lj, 'period')).toBe('YEARLY');
      expect(childText(lj, 'description')!.length).toBeGreaterThanOrEqual(100);

      expect(indeed.headers.etag).toMatch(/^"[0-9a-f]{32}"$/);
      expect(indeed.headers['last-modified']).toEqual(expect.any(String));
      const again = await t.http().get(`/feeds/${org.slug}/indeed.xml`).set('if-none-match', indeed.headers.etag);
      expect(again.status).toBe(304);
      expect(again.text ?? '').toBe('');
    });

    it('are built in chunks from a keyset cursor: every live posting once, LinkedIn’s expectedJobCount right, rebuilds without a change keep the ETag', async () => {
      const db = await testDb();
      const boards = worker.get(BoardsService);
      for (const board of ['indeed', 'linkedin']) {
        const all = (await loadLivePostings(db.manager, org.id, board)).map((p) => p.postingId).sort();
        const paged: string[] = [];
        for await (const page of livePostingPages(db.manager, org.id, board, 1)) paged.push(...page.map((p) => p.postingId));
        expect(paged.length).toBe(all.length);
        expect([...paged].sort()).toEqual(all);
      }
      // Two rebuilds at once (worker and a first request): both succeed, and an unchanged feed keeps its ETag.
      const before = await t.http().get(`/feeds/${org.slug}/linkedin.xml`);
      const regenerate = () => TenantContext.run(org.id, () => boards.regenerateFeeds(org.id));
      await Promise.all([regenerate(), regenerate()]);
      await expect(regenerate()).resolves.toEqual({ changed: [] });
      const after = await t.http().get(`/feeds/${org.slug}/linkedin.xml`);
      expect(after.headers.etag).toBe(before.headers.etag);
      const jobs = xmlJobs(after.text);
      expect(after.text).toContain(`<expectedJobCount><![CDATA[${jobs.length}]]></expectedJobCount>`);
      const live = await loadLivePostings(db.manager, org.id, 'linkedin');
      expect(new Set(jobs.map((j) => childText(j, 'partnerJobId')))).toEqual(new Set(live.map((p) => `hl-${p.publicId}`)));
      expect(after.text.endsWith('</job>\n</source>\n')).toBe(true);
    });

    it('wait to be rebuilt while postings are still on their way to a feed, at most a minute, and not for a posting stuck for ten', async () => {
      // An organization of its own: a posting left pending here would hold back the other tests' feeds.
      const other = await makeOrg(t);
      const otherRecruiter = await makeUser(t, other, ['recruiter']);
      const live = await makeJob(other.id);
      const [posted] = (
        await t
          .http()
          .post(`/v1/jobs/${live.id}/postings`)
          .set(bearer(otherRecruiter))
          .send({ boards: ['indeed'] })
      ).body.data as Array<{ id: string }>;
      const { publicId } = (await t.http().get(`/v1/postings/${posted.id}`).set(bearer(otherRecruiter))).body as { publicId: number };
      await waitFor(
        () => t.http().get(`/feeds/${other.slug}/indeed.xml`),
        (r) => r.text.includes(`hl-${publicId}`),
        15000,
        'indeed feed',
      );
      // A second job's posting is pending on Indeed (a bulk publish still under way: nothing here will deliver it).
      const db = await testDb();
      const waiting = await makeJob(other.id);
      const [{ id: pendingId }] = await db.query(
        `INSERT INTO postings (organization_id, job_id, board, status) VALUES ($1, $2, 'indeed', 'pending') RETURNING id`,
        [other.id, waiting.id],
      );
      const delivery = worker.get(PostingDelivery);
      const refresh = () => TenantContext.run(other.id, () => delivery.refreshFeeds(other.id));
      const feedsJobs = () => count('outbox_events', `organization_id = $1 AND event_type = 'postings.regenerate-feeds' AND run_at > now()`, [other.id]);
      const retitle = async (title: string) => {
        await db.query(`UPDATE jobs SET title = $2, updated_at = now() WHERE id = $1`, [live.id, title]);
        return title;
      };
      const feedText = async () => (await t.http().get(`/feeds/${other.slug}/indeed.xml`)).text;

      // Postings on their way: nothing is built, and the job comes back in the next window.
      const held = await retitle(unique('Held back '));
      const queuedBefore = await feedsJobs();
      await expect(refresh()).resolves.toEqual({ changed: [], deferred: true });
      expect(await feedsJobs()).toBe(queuedBefore + 1);
      expect(await feedText()).not.toContain(held);

      // They have waited a minute and the stored feed is as old: the feed is built with them still on their way.
      await db.query(`UPDATE postings SET updated_at = now() - interval '2 minutes' WHERE id = $1`, [pendingId]);
      await db.query(`UPDATE board_feeds SET generated_at = now() - interval '2 minutes' WHERE organization_id = $1`, [other.id]);
      await expect(refresh()).resolves.toMatchObject({ deferred: false });
      expect(await feedText()).toContain(held);

      // The feed was just built: a posting waiting that long holds the next rebuild back again, for up to a minute.
      const next = await retitle(unique('Next '));
      await expect(refresh()).resolves.toEqual({ changed: [], deferred: true });
      expect(await feedText()).not.toContain(next);

      // A posting pending for more than ten minutes (its job lost) holds nothing back.
      await db.query(`UPDATE postings SET updated_at = now() - interval '11 minutes' WHERE id = $1`, [pendingId]);
      await expect(refresh()).resolves.toMatchObject({ deferred: false });
      expect(await feedText()).toContain(next);
      await db.query(`DELETE FROM postings WHERE id = $1`, [pendingId]);
    }, 30000);
  });

  describe('partner boards (signed push)', () => {
    let boardId: string;

    it('lets an admin register a board, never returning its secret; a recruiter may not', async () => {
      expect((await t.http().post('/v1/partner-boards').set(bearer(recruiter)).send({ name: 'X', url: partner.url, secret: partner.secret })).status).toBe(403);
      const res = await t.http().post('/v1/partner-boards').set(bearer(org.admin)).send({ name: 'JobHub', url: partner.url, secret: partner.secret });
      expect(res.status).toBe(201);
      expect(JSON.stringify(res.body)).not.toContain(partner.secret);
      expect(res.body).toMatchObject({ id: expect.any(String), name: 'JobHub', url: partner.url });
      boardId = res.body.id;
      const list = await t.http().get('/v1/partner-boards').set(bearer(recruiter));
      expect(JSON.stringify(list.body)).not.toContain(partner.secret);
      expect((await t.http().post('/v1/partner-boards').set(bearer(org.admin)).send({ name: 'JobHub', url: partner.url, secret: partner.secret })).status).toBe(
        409,
      );
    });

    it('retries 5xx with backoff, then delivers once, signed', async () => {
      partner.script = [{ status: 503 }, { status: 502 }];
      const before = partner.received.length;
      const res = await post(job.id, { boards: [boardId], overrides: { [boardId]: { title: 'Backend Engineer (Postgres, queues)' } } });
      expect(res.status).toBe(202);
      await waitLive(job.id, [boardId]);
      const calls = partner.received.slice(before);
      expect(calls).toHaveLength(3);
      expect(calls.every((c) => partner.verify(c))).toBe(true);
      expect(calls[2].json.event).toBe('posting.created');
      expect(calls[2].json.posting.title).toBe('Backend Engineer (Postgres, queues)');
      const posting = (await postingsOf(job.id)).find((p) => p.board === boardId)!;
      expect(posting.externalId).toBe(`ext-${partner.received.length}`);
      expect(posting.attempts).toBe(3);
    }, 30000);

    it('treats a 4xx as a failed posting with the board’s message; retry sends it again', async () => {
      const other = await makeJob(org.id);
      partner.script = [{ status: 422, body: { message: 'salary is required for this category' } }];
      const res = await post(other.id, { boards: [boardId] });
      const id = res.body.data[0].id;
      await waitFor(
        () => postingStatuses(other.id),
        (s) => s[boardId] === 'failed',
        15000,
        'failed',
      );
      // Everyone reading the posting sees Hireloop's sentence and the status; only admins see what the board said.
      const failed = (await t.http().get(`/v1/postings/${id}`).set(bearer(recruiter))).body;
      expect(failed).toMatchObject({ lastError: 'The board rejected the posting (HTTP 422).', lastErrorStatus: 422, lastErrorExcerpt: null });
      const asAdmin = (await t.http().get(`/v1/postings/${id}`).set(bearer(org.admin))).body;
      expect(asAdmin.lastErrorExcerpt).toBe('salary is required for this category');
      expect(failed.history.at(-1)).toMatchObject({ from: 'publishing', to: 'failed', reason: 'rejected_by_board' });
      expect((await t.http().post(`/v1/postings/${id}/retry`).set(bearer(recruiter))).status).toBe(202);
      await waitLive(other.id, [boardId]);
      expect((await t.http().post(`/v1/postings/${id}/retry`).set(bearer(recruiter))).status).toBe(409);
    });

    it('publishes one request to several boards as one batch: each posting live once with its history and audit, a refusing board reported without holding the others back', async () => {
      const refusing = new FakePartnerBoard('refusing-secret-0123456789');
      const flaky = new FakePartnerBoard('flaky-secret-0123456789ab');
      await refusing.start();
      await flaky.start();
      try {
        const register = async (name: string, board: FakePartnerBoard) => {
          const res = await t.http().post('/v1/partner-boards').set(bearer(org.admin)).send({ name, url: board.url, secret: board.secret });
          expect(res.status).toBe(201);
          return res.body.id as string;
        };
        const refusingId = await register(unique('Refusing '), refusing);
        const flakyId = await register(unique('Flaky '), flaky);
        refusing.script = [{ status: 422, body: { message: 'this board takes no engineering jobs' } }];
        flaky.script = [{ status: 503 }];
        partner.script = [];
        const partnerBefore = partner.received.length;
        const batchJob = await makeJob(org.id);
        const firstTry = ['careers', 'indeed', 'linkedin', boardId];
        const res = await post(batchJob.id, { boards: [...firstTry, refusingId, flakyId] });
        expect(res.status).toBe(202);
        expect(res.body.data).toHaveLength(6);
        const ids = res.body.data.map((p: { id: string }) => p.id);
        // One outbox row per posting, as before; the relay hands them to the worker together.
        expect(await count('outbox_events', "event_type = 'postings.publish' AND payload->>'postingId' = ANY($1)", [ids])).toBe(6);

        await waitFor(
          () => postingStatuses(batchJob.id),
          (s) => [...firstTry, flakyId].every((b) => s[b] === 'live') && s[refusingId] === 'failed',
          20000,
          'five live, one failed',
        );
        const listed = await postingsOf(batchJob.id);
        for (const p of listed.filter((x) => x.board !== refusingId)) {
          expect(p.status).toBe('live');
          expect(p.history.map((h) => h.to)).toEqual(['pending', 'publishing', 'live']);
        }
        const failed = listed.find((p) => p.board === refusingId)!;
        expect(failed).toMatchObject({ status: 'failed', lastError: 'The board rejected the posting (HTTP 422).', lastErrorStatus: 422 });
        expect(failed.history.map((h) => h.to)).toEqual(['pending', 'publishing', 'failed']);
        expect(failed.history.at(-1)).toMatchObject({ from: 'publishing', to: 'failed', reason: 'rejected_by_board' });
        expect(listed.find((p) => p.board === flakyId)).toMatchObject({ attempts: 2, lastError: null });

        // One statement claimed the three partner-board postings (one history insert: one timestamp); one transaction
        // made the four that were ready at once live together: the three on boards Hireloop serves itself, claimed in
        // that same transaction (their publishing and live steps share its timestamp), and the partner board that
        // answered. The flaky board's posting followed on the batch's retry.
        const db = await testDb();
        const stamps = async (to: string, boards: string[]) =>
          (
            await db.query(
              `SELECT count(*)::int AS n, count(DISTINCT e.created_at)::int AS stamps FROM posting_events e JOIN postings p ON p.id = e.posting_id
                WHERE p.job_id = $1 AND e.to_status = $2 AND p.board = ANY($3)`,
              [batchJob.id, to, boards],
            )
          )[0];
        const selfServed = ['careers', 'indeed', 'linkedin'];
        expect(await stamps('publishing', [boardId, refusingId, flakyId])).toEqual({ n: 3, stamps: 1 });
        expect(await stamps('publishing', selfServed)).toEqual({ n: 3, stamps: 1 });
        expect(await stamps('live', firstTry)).toEqual({ n: 4, stamps: 1 });
        const [selfServedSteps] = await db.query(
          `SELECT count(*)::int AS n, count(DISTINCT e.created_at)::int AS stamps FROM posting_events e JOIN postings p ON p.id = e.posting_id
            WHERE p.job_id = $1 AND e.to_status IN ('publishing', 'live') AND p.board = ANY($2)`,
          [batchJob.id, selfServed],
        );
        expect(selfServedSteps).toEqual({ n: 6, stamps: 1 });
        expect(await stamps('live', [flakyId])).toEqual({ n: 1, stamps: 1 });

        // Webhooks hear of each posting going live (and of the refused one failing) with the posting as its GET returns
        // it: Postgres writes a batch's events itself (postingDtoJsonSql), and they read the same as the API's JSON.
        const events: Array<{ aggregate_id: string; payload: { type: string; sequence: number; data: Record<string, unknown> } }> = await db.query(
          `SELECT aggregate_id, payload FROM outbox_events WHERE organization_id = $1 AND event_type = 'webhooks.fan-out' AND aggregate_id = ANY($2) ORDER BY id`,
          [org.id, ids],
        );
        expect(events.map((e) => `${e.aggregate_id}:${e.payload.type}`).sort()).toEqual(
          listed.map((p) => `${p.id}:${p.board === refusingId ? 'posting.failed' : 'posting.live'}`).sort(),
        );
        for (const event of events) {
          const got = await t.http().get(`/v1/postings/${event.aggregate_id}`).set(bearer(recruiter));
          expect(event.payload.data).toEqual(got.body);
        }
        const careersEvent = events.find((e) => e.payload.data.board === 'careers')!;
        expect(careersEvent.payload.data.url).toMatch(new RegExp(`/careers/[^/]+/jobs/${String(careersEvent.payload.data.publicId)}$`));
        expect(events.find((e) => e.payload.data.board === 'indeed')!.payload.data.url).toBeNull();

        // Each board was sent its posting once (the flaky one twice: refused with 503, then taken); the audit has the request.
        expect(partner.received.slice(partnerBefore).filter((c) => ids.includes(c.json.posting.posting_id))).toHaveLength(1);
        expect(refusing.received).toHaveLength(1);
        expect(flaky.received.map((c) => c.json.event)).toEqual(['posting.created', 'posting.created']);
        expect([...partner.received.slice(partnerBefore), ...refusing.received, ...flaky.received].every((c) => c.json.event === 'posting.created')).toBe(true);
        expect(await count('audit_log', "organization_id = $1 AND entity_id = $2 AND action = 'post'", [org.id, batchJob.id])).toBe(1);
      } finally {
        await refusing.stop();
        await flaky.stop();
      }
    }, 30000);

    it('republishes live postings when the job’s description or salary changes, and sends nothing when it does not', async () => {
      const db = await testDb();
      const service = t.app.get(PostingsService);
      expect(await TenantContext.run(org.id, () => service.onJobChanged(org.id, job.id))).toBe(0);
      const before = partner.received.length;
      await db.query(`UPDATE jobs SET salary_max = 95000, updated_at = now() WHERE id = $1`, [job.id]);
      expect(await TenantContext.run(org.id, () => service.onJobChanged(org.id, job.id))).toBe(4);
      await waitFor(
        () => t.http().get(`/feeds/${org.slug}/indeed.xml`),
        (r) => r.text.includes('€95000'),
        15000,
        'feed republished',
      );
      await waitFor(
        () => Promise.resolve(partner.received.length),
        (n) => n > before,
        10000,
        'partner update',
      );
      expect(partner.received.at(-1)!.json).toMatchObject({ event: 'posting.updated', posting: { salary: { max: 95000 } } });
      expect((await t.http().get(`/v1/boards/${org.slug}/jobs?content=true`)).status).toBe(200);
      await waitFor(
        () => postingStatuses(job.id),
        (s) => Object.values(s).every((v) => v === 'live'),
        10000,
        'republished',
      );
      expect(await service.onJobChanged(org.id, job.id)).toBe(0);
    });

    it('unpublishes: the posting leaves page, JSON and feed (410 on its page), and the push board gets a close event', async () => {
      const fresh = await makeJob(org.id, { title: 'Unpublish Me' });
      const created = (await post(fresh.id, { boards: ['careers', 'indeed', boardId] })).body.data as Array<{ id: string; board: string; publicId: number }>;
      await waitLive(fresh.id, ['careers', 'indeed', boardId]);
      expect((await t.http().get(`/v1/boards/${org.slug}/jobs`)).body.jobs.map((j: { title: string }) => j.title)).toContain('Unpublish Me');
      const careers = created.find((p) => p.board === 'careers')!;
      const indeed = created.find((p) => p.board === 'indeed')!;
      await waitFor(
        () => t.http().get(`/feeds/${org.slug}/indeed.xml`),
        (r) => r.text.includes(`hl-${indeed.publicId}]`),
        10000,
        'in feed',
      );
      for (const p of created) {
        const res = await t.http().delete(`/v1/postings/${p.id}`).set(bearer(recruiter));
        expect(res.status).toBe(202);
        expect(['closing', 'closed']).toContain(res.body.status);
      }
      await waitFor(
        () => postingStatuses(fresh.id),
        (s) => Object.values(s).every((v) => v === 'closed'),
        15000,
        'closed',
      );
      expect((await t.http().get(`/v1/boards/${org.slug}/jobs`)).body.jobs.map((j: { title: string }) => j.title)).not.toContain('Unpublish Me');
      const gone = await t.http().get(`/careers/${org.slug}/jobs/${careers.publicId}`);
      expect(gone.status).toBe(410);
      expect(jsonLdOf(gone.text)).toEqual([]);
      await waitFor(
        () => t.http().get(`/feeds/${org.slug}/indeed.xml`),
        (r) => !r.text.includes(`hl-${indeed.publicId}]`),
        10000,
        'out of feed',
      );
      expect(partner.received.some((c) => c.json.event === 'posting.closed' && c.json.posting.title === 'Unpublish Me')).toBe(true);
    });

    it('closing a job closes all its postings', async () => {
      const fresh = await makeJob(org.id, { title: 'Closed Soon' });
      await post(fresh.id, { boards: ['careers', 'linkedin'] });
      await waitLive(fresh.id, ['careers', 'linkedin']);
      const db = await testDb();
      await db.query(`UPDATE jobs SET status = 'closed', close_reason = 'filled', closed_at = now() WHERE id = $1`, [fresh.id]);
      expect(await TenantContext.run(org.id, () => t.app.get(PostingsService).onJobChanged(org.id, fresh.id))).toBe(2);
      await waitFor(
        () => postingStatuses(fresh.id),
        (s) => Object.values(s).every((v) => v === 'closed'),
        15000,
        'closed',
      );
      const history = await db.query(
        `SELECT e.reason FROM posting_events e JOIN postings p ON p.id = e.posting_id WHERE p.job_id = $1 AND e.to_status = 'closing'`,
        [fresh.id],
      );
      expect(history.map((h: { reason: string }) => h.reason)).toEqual(['job_closed', 'job_closed']);
    });
  });

  it('expires a posting when validThrough passes (delayed job): gone from page, JSON and feeds', async () => {
    const fresh = await makeJob(org.id, { title: 'Short Lived' });
    const validThrough = new Date(Date.now() + 4000).toISOString();
    const created = (await post(fresh.id, { boards: ['careers', 'indeed'], validThrough })).body.data as Array<{ board: string; publicId: number }>;
    await waitLive(fresh.id, ['careers', 'indeed']);
    const careers = created.find((p) => p.board === 'careers')!;
    const [ld] = jsonLdOf((await t.http().get(`/careers/${org.slug}/jobs/${careers.publicId}`)).text);
    expect(ld.validThrough).toBe(validThrough);
    await waitFor(
      () => postingStatuses(fresh.id),
      (s) => s.careers === 'expired' && s.indeed === 'expired',
      15000,
      'expired',
    );
    expect((await t.http().get(`/careers/${org.slug}/jobs/${careers.publicId}`)).status).toBe(410);
    expect((await t.http().get(`/v1/boards/${org.slug}/jobs`)).body.jobs.map((j: { title: string }) => j.title)).not.toContain('Short Lived');
    await waitFor(
      () => t.http().get(`/feeds/${org.slug}/indeed.xml`),
      (r) => !r.text.includes('Short Lived'),
      10000,
      'out of feed',
    );
  }, 30000);
});
