import { TenantContext } from '../../libs/platform/src/index.js';
import { TransactionHost } from '@nestjs-cls/transactional';
import { JobLifecycle, JobsService } from '../../libs/jobs/src/index.js';
import { startTestApp, TestApp } from '../support/app.js';
import { closeTestDb, count, testDb } from '../support/db.js';
import { bearer, makeOrg, makeUser, TestOrg, TestUser, unique } from '../support/factories.js';

const PROBLEM = /application\/problem\+json/;
const fields = (body: { errors?: Array<{ field: string }> }) => (body.errors ?? []).map((e) => e.field);

describe('jobs: departments, offices, requisitions, interview plans, lifecycle', () => {
  let t: TestApp;
  let org: TestOrg;
  let recruiter: TestUser;
  let manager: TestUser;
  let interviewer: TestUser;
  let departmentId: string;
  let officeId: string;
  let templateId: string;

  beforeAll(async () => {
    t = await startTestApp();
    org = await makeOrg(t, { name: 'Acme Robotics' });
    recruiter = await makeUser(t, org, ['recruiter']);
    manager = await makeUser(t, org, ['hiring_manager']);
    interviewer = await makeUser(t, org, ['interviewer']);
    departmentId = (await t.http().post('/v1/departments').set(bearer(recruiter)).send({ name: 'Engineering' })).body.id;
    officeId = (await t.http().post('/v1/offices').set(bearer(recruiter)).send({ name: 'Berlin', city: 'Berlin', region: 'Berlin', country: 'DE' })).body.id;
    const list = await t
      .http()
      .get('/v1/templates?family=backend-developer&language=go&seniority=senior&systemType=distributed&workModel=hybrid')
      .set(bearer(recruiter));
    templateId = list.body.data[0].id;
  });
  afterAll(async () => {
    await t.close();
    await closeTestDb();
  });

  const validJob = (patch: Record<string, unknown> = {}) => ({
    templateId,
    departmentId,
    officeIds: [officeId],
    workModel: 'hybrid',
    employmentType: 'FULL_TIME',
    seniority: 'senior',
    salary: { min: 120000, max: 160000, currency: 'EUR', period: 'YEAR' },
    openings: 2,
    hiringTeam: { recruiterIds: [recruiter.id], hiringManagerIds: [manager.id], interviewerIds: [interviewer.id] },
    ...patch,
  });

  async function createJob(user: TestUser = recruiter, patch: Record<string, unknown> = {}) {
    const res = await t.http().post('/v1/jobs').set(bearer(user)).send(validJob(patch));
    if (res.status !== 201) throw new Error(`createJob: ${res.status} ${JSON.stringify(res.body)}`);
    return res.body;
  }

  describe('departments and offices', () => {
    it('creates, lists, reads and updates departments with nesting, audited', async () => {
      const parent = await t
        .http()
        .post('/v1/departments')
        .set(bearer(recruiter))
        .send({ name: unique('Product ') });
      expect(parent.status).toBe(201);
      const child = await t
        .http()
        .post('/v1/departments')
        .set(bearer(recruiter))
        .send({ name: unique('Platform '), parentId: parent.body.id });
      expect(child.status).toBe(201);
      expect(child.body.parentId).toBe(parent.body.id);
      const read = await t.http().get(`/v1/departments/${child.body.id}`).set(bearer(manager));
      expect(read.status).toBe(200);
      const renamed = await t.http().patch(`/v1/departments/${child.body.id}`).set(bearer(recruiter)).send({ name: 'Platform Team', parentId: null });
      expect(renamed.status).toBe(200);
      expect(renamed.body).toMatchObject({ name: 'Platform Team', parentId: null });
      const list = await t.http().get('/v1/departments?limit=100').set(bearer(recruiter));
      expect(list.body.data.map((d: { id: string }) => d.id)).toEqual(expect.arrayContaining([parent.body.id, child.body.id, departmentId]));
      expect(await count('audit_log', "entity_type = 'department' AND entity_id = $1", [child.body.id])).toBe(2);
    });

    it('answers a duplicate department name with 409, a foreign parent with 404 and a cycle with 422, writing nothing', async () => {
      const before = await count('departments', 'organization_id = $1', [org.id]);
      const dup = await t.http().post('/v1/departments').set(bearer(recruiter)).send({ name: 'Engineering' });
      expect(dup.status).toBe(409);
      expect(fields(dup.body)).toContain('name');
      const other = await makeOrg(t);
      const foreign = (await t.http().post('/v1/departments').set(bearer(other.admin)).send({ name: 'Theirs' })).body;
      const badParent = await t
        .http()
        .post('/v1/departments')
        .set(bearer(recruiter))
        .send({ name: unique('x'), parentId: foreign.id });
      expect(badParent.status).toBe(404);
      expect(fields(badParent.body)).toContain('parentId');
      expect(await count('departments', 'organization_id = $1', [org.id])).toBe(before);
      const a = (
        await t
          .http()
          .post('/v1/departments')
          .set(bearer(recruiter))
          .send({ name: unique('A') })
      ).body;
      const b = (
        await t
          .http()
          .post('/v1/departments')
          .set(bearer(recruiter))
          .send({ name: unique('B'), parentId: a.id })
      ).body;
      const cycle = await t.http().patch(`/v1/departments/${a.id}`).set(bearer(recruiter)).send({ parentId: b.id });
      expect(cycle.status).toBe(422);
      expect(fields(cycle.body)).toContain('parentId');
      expect((await t.http().get(`/v1/departments/${a.id}`).set(bearer(recruiter))).body.parentId).toBeNull();
      expect((await t.http().get(`/v1/departments/${foreign.id}`).set(bearer(recruiter))).status).toBe(404);
      expect((await t.http().patch(`/v1/departments/${foreign.id}`).set(bearer(recruiter)).send({ name: 'Mine' })).status).toBe(404);
    });

    it.each([
      ['an unknown country', { country: 'XX' }, 'country'],
      ['a lower-case country', { country: 'de' }, 'country'],
      ['a missing city', { city: undefined }, 'city'],
      ['an unknown field', { timezone: 'UTC' }, 'timezone'],
    ])('rejects an office with %s with 400 naming the field and writes nothing', async (_label, patch, field) => {
      const before = await count('offices', 'organization_id = $1', [org.id]);
      const res = await t
        .http()
        .post('/v1/offices')
        .set(bearer(recruiter))
        .send({ name: unique('Office '), city: 'Paris', region: 'IDF', country: 'FR', ...patch });
      expect(res.status).toBe(400);
      expect(res.headers['content-type']).toMatch(PROBLEM);
      expect(fields(res.body)).toContain(field);
      expect(await count('offices', 'organization_id = $1', [org.id])).toBe(before);
    });

    it('creates, reads, lists and updates offices; names are unique per organization; roles are enforced', async () => {
      const created = await t
        .http()
        .post('/v1/offices')
        .set(bearer(recruiter))
        .send({
          name: unique('Lisbon '),
          city: 'Lisbon',
          region: 'Lisboa',
          country: 'PT',
          postalCode: '1000-001',
          streetAddress: 'Rua A 1',
          parentId: officeId,
        });
      expect(created.status).toBe(201);
      expect(created.body).toMatchObject({ country: 'PT', postalCode: '1000-001', parentId: officeId });
      const updated = await t.http().patch(`/v1/offices/${created.body.id}`).set(bearer(recruiter)).send({ city: 'Porto', postalCode: null });
      expect(updated.body).toMatchObject({ city: 'Porto', postalCode: null });
      const dup = await t.http().post('/v1/offices').set(bearer(recruiter)).send({ name: 'Berlin', city: 'Berlin', region: 'BE', country: 'DE' });
      expect(dup.status).toBe(409);
      expect((await t.http().get('/v1/offices').set(bearer(manager))).status).toBe(200);
      expect((await t.http().post('/v1/offices').set(bearer(manager)).send({ name: 'x', city: 'x', region: 'x', country: 'DE' })).status).toBe(403);
      expect((await t.http().get('/v1/offices').set(bearer(interviewer))).status).toBe(403);
      expect((await t.http().get('/v1/departments').set(bearer(interviewer))).status).toBe(403);
      expect((await t.http().get('/v1/offices?limit=101').set(bearer(recruiter))).status).toBe(400);
    });
  });

  describe('POST /v1/jobs', () => {
    it('creates a draft from a template: rendered description, findings, default interview plan, hiring team, audit', async () => {
      const job = await createJob();
      expect(job).toMatchObject({
        status: 'draft',
        version: 1,
        templateId,
        departmentId,
        officeIds: [officeId],
        workModel: 'hybrid',
        employmentType: 'FULL_TIME',
        seniority: 'senior',
        salary: { min: 120000, max: 160000, currency: 'EUR', period: 'YEAR', suggested: false },
        openings: 2,
        filled: 0,
        hiringTeam: { recruiterIds: [recruiter.id], hiringManagerIds: [manager.id], interviewerIds: [interviewer.id] },
      });
      expect(job.title).toMatch(/Senior Backend Engineer/);
      expect(job.description.markdown).toContain('Acme Robotics');
      expect(job.description.markdown).toContain('120,000–160,000 EUR');
      expect(job.description.markdown).toContain('Berlin, DE (hybrid)');
      expect(job.description.html).toContain('<h2>');
      expect(job.findings).toEqual(expect.any(Array));
      expect(job.findings.filter((f: { severity: string }) => f.severity === 'error')).toEqual([]);
      expect(job.interviewPlan.map((s: { kind: string }) => s.kind)).toEqual([
        'application_review',
        'recruiter_screen',
        'take_home',
        'technical_interview',
        'system_design',
        'hiring_manager',
        'offer',
        'hired',
      ]);
      expect(job.interviewPlan.map((s: { position: number }) => s.position)).toEqual([0, 1, 2, 3, 4, 5, 6, 7]);
      expect(job.interviewPlan[1]).toMatchObject({ name: 'Recruiter screen', kitKey: 'recruiter-screen', slaDays: expect.any(Number) });
      expect(job.interviewPlan[2].kitKey).toBe('take-home-review');
      expect(job.interviewPlan[4].kitKey).toBe('rate-limiter-design');
      expect(await count('audit_log', "entity_type = 'job' AND entity_id = $1 AND action = 'create'", [job.id])).toBe(1);
      expect(await count('job_hiring_team', 'job_id = $1', [job.id])).toBe(3);
    });

    it('suggests the reference salary band when none is given', async () => {
      const job = await createJob(recruiter, { salary: undefined, seniority: 'junior' });
      expect(job.salary).toMatchObject({ min: 80000, max: 120000, currency: 'USD', period: 'YEAR', suggested: true });
      expect(job.description.markdown).toContain('80,000–120,000 USD');
    });

    it("states the pay period of the job's salary in the description (year, month, hour), also after a PATCH", async () => {
      const yearly = await createJob();
      expect(yearly.description.markdown).toContain('120,000–160,000 EUR per year');
      const monthly = await createJob(recruiter, { salary: { min: 6000, max: 9000, currency: 'EUR', period: 'MONTH' } });
      expect(monthly.description.markdown).toContain('6,000–9,000 EUR per month');
      expect(monthly.description.markdown).not.toContain('per year');
      expect(monthly.description.html).toContain('per month');
      // A variable typed beside the salary cannot contradict it.
      const hourly = await createJob(recruiter, { salary: { min: 60, max: 90, currency: 'EUR', period: 'HOUR' }, variables: { payPeriod: 'per year' } });
      expect(hourly.description.markdown).toContain('60–90 EUR per hour');
      expect(hourly.description.markdown).not.toContain('per year');
      const patched = await t
        .http()
        .patch(`/v1/jobs/${yearly.id}`)
        .set(bearer(recruiter))
        .send({ version: yearly.version, salary: { min: 70, max: 100, currency: 'EUR', period: 'HOUR' } });
      expect(patched.status).toBe(200);
      expect(patched.body.description.markdown).toContain('70–100 EUR per hour');
      expect(patched.body.description.markdown).not.toContain('per year');
    });

    it('accepts an exact template revision, a custom title and a custom interview plan; a remote job with countries', async () => {
      const detail = (await t.http().get(`/v1/templates/${templateId}`).set(bearer(recruiter))).body;
      const job = await createJob(recruiter, {
        templateId: undefined,
        templateRevisionId: detail.latestRevisionId,
        title: 'Go Engineer, Payments',
        workModel: 'remote',
        remoteCountries: ['DE', 'NL'],
        officeIds: [],
        interviewPlan: [
          { name: 'Review', kind: 'application_review' },
          { name: 'Design', kind: 'system_design', kitKey: 'job-queue-design', slaDays: 4 },
          { name: 'Hired', kind: 'hired' },
        ],
      });
      expect(job).toMatchObject({ title: 'Go Engineer, Payments', templateRevisionId: detail.latestRevisionId, remoteCountries: ['DE', 'NL'], officeIds: [] });
      expect(job.description.markdown).toContain('Remote (DE, NL)');
      expect(job.interviewPlan).toHaveLength(3);
      expect(job.interviewPlan[1]).toMatchObject({ kitKey: 'job-queue-design', slaDays: 4 });
    });

    it.each([
      ['salary min above max', { salary: { min: 200000, max: 100000, currency: 'EUR', period: 'YEAR' } }, 'salary.max'],
      ['an unknown currency', { salary: { min: 1, max: 2, currency: 'EUX', period: 'YEAR' } }, 'salary.currency'],
      ['a lower-case currency', { salary: { min: 1, max: 2, currency: 'eur', period: 'YEAR' } }, 'salary.currency'],
      ['a negative salary', { salary: { min: -1, max: 2, currency: 'EUR', period: 'YEAR' } }, 'salary.min'],
      ['an unknown salary period', { salary: { min: 1, max: 2, currency: 'EUR', period: 'WEEK' } }, 'salary.period'],
      ['an unknown remote country', { workModel: 'remote', remoteCountries: ['DE', 'XX'] }, 'remoteCountries'],
      ['remote without countries', { workModel: 'remote' }, 'remoteCountries'],
      ['remote with an empty country list', { workModel: 'remote', remoteCountries: [] }, 'remoteCountries'],
      ['negative openings', { openings: -1 }, 'openings'],
      ['zero openings', { openings: 0 }, 'openings'],
      ['fractional openings', { openings: 1.5 }, 'openings'],
      ['an unknown work model', { workModel: 'contract' }, 'workModel'],
      ['an unknown employment type', { employmentType: 'FREELANCE' }, 'employmentType'],
      ['an unknown seniority', { seniority: 'principal' }, 'seniority'],
      ['an unknown stage kind', { interviewPlan: [{ name: 'x', kind: 'vibes' }] }, 'interviewPlan.0.kind'],
      ['an empty interview plan', { interviewPlan: [] }, 'interviewPlan'],
      ['a non-uuid office', { officeIds: ['berlin'] }, 'officeIds'],
      ['a missing department', { departmentId: undefined }, 'departmentId'],
      ['no template at all', { templateId: undefined }, 'templateId'],
      ['a non-uuid team member', { hiringTeam: { recruiterIds: ['me'] } }, 'hiringTeam.recruiterIds'],
      ['an unknown field', { priority: 'high' }, 'priority'],
      ['non-object variables', { variables: 'x' }, 'variables'],
    ])('rejects %s with 400 naming the field and writes nothing', async (_label, patch, field) => {
      // Scoped to this test's organization: test files running at the same time create jobs of their own.
      const written = async () => ({
        jobs: await count('jobs', 'organization_id = $1', [org.id]),
        stages: await count('job_stages', 'organization_id = $1', [org.id]),
        team: await count('job_hiring_team', 'job_id IN (SELECT id FROM jobs WHERE organization_id = $1)', [org.id]),
      });
      const before = await written();
      const res = await t.http().post('/v1/jobs').set(bearer(recruiter)).send(validJob(patch));
      expect(res.status).toBe(400);
      expect(res.headers['content-type']).toMatch(PROBLEM);
      expect(res.body).toMatchObject({ status: 400, code: 'request.invalid' });
      expect(fields(res.body)).toContain(field);
      expect(await written()).toEqual(before);
    });

    it('answers ids of another organization (template, revision, department, office) with 404 naming the field, writing nothing', async () => {
      const other = await makeOrg(t);
      const theirTemplate = (
        await t
          .http()
          .post('/v1/templates')
          .set(bearer(other.admin))
          .send({ family: 'x', title: 'X', sections: { summary: 'x' } })
      ).body;
      const theirDept = (await t.http().post('/v1/departments').set(bearer(other.admin)).send({ name: 'D' })).body;
      const theirOffice = (await t.http().post('/v1/offices').set(bearer(other.admin)).send({ name: 'O', city: 'c', region: 'r', country: 'US' })).body;
      const jobs = () => count('jobs', 'organization_id IN ($1, $2)', [org.id, other.id]);
      const before = await jobs();
      for (const [patch, field] of [
        [{ templateId: theirTemplate.id }, 'templateId'],
        [{ templateId: undefined, templateRevisionId: theirTemplate.latestRevisionId }, 'templateRevisionId'],
        [{ templateId: '00000000-0000-4000-8000-000000000000' }, 'templateId'],
        [{ departmentId: theirDept.id }, 'departmentId'],
        [{ officeIds: [officeId, theirOffice.id] }, 'officeIds.1'],
      ] as const) {
        const res = await t.http().post('/v1/jobs').set(bearer(recruiter)).send(validJob(patch));
        expect(res.status).toBe(404);
        expect(res.headers['content-type']).toMatch(PROBLEM);
        expect(fields(res.body)).toContain(field);
      }
      expect(await jobs()).toBe(before);
    });

    it('answers missing or mistyped template variables with 422 naming each, writing nothing', async () => {
      const custom = (
        await t
          .http()
          .post('/v1/templates')
          .set(bearer(recruiter))
          .send({
            family: 'payments-backend',
            title: 'Backend Engineer',
            sections: { summary: '{{companyName}} builds {{product}} in Go on PostgreSQL.', compensationNote: '{{salaryMin}}–{{salaryMax}} {{currency}}' },
            variables: [
              { name: 'product', type: 'string', required: true },
              { name: 'onCall', type: 'boolean', required: false, default: false },
            ],
          })
      ).body;
      const before = await count('jobs', 'organization_id = $1', [org.id]);
      const res = await t
        .http()
        .post('/v1/jobs')
        .set(bearer(recruiter))
        .send(validJob({ templateId: custom.id, variables: { onCall: 'sometimes', companyName: 42 } }));
      expect(res.status).toBe(422);
      expect(res.headers['content-type']).toMatch(PROBLEM);
      expect(fields(res.body)).toEqual(expect.arrayContaining(['variables.product', 'variables.onCall', 'variables.companyName']));
      expect(await count('jobs', 'organization_id = $1', [org.id])).toBe(before);
      const ok = await t
        .http()
        .post('/v1/jobs')
        .set(bearer(recruiter))
        .send(validJob({ templateId: custom.id, variables: { product: 'a ledger' } }));
      expect(ok.status).toBe(201);
      expect(ok.body.description.markdown).toContain('Acme Robotics builds a ledger');
    });

    it('requires hiring-team members to be active users of the organization holding the matching role (422), writing nothing', async () => {
      const other = await makeOrg(t);
      const outsider = await makeUser(t, other, ['recruiter']);
      const gone = await makeUser(t, org, ['interviewer']);
      await t.http().patch(`/v1/users/${gone.id}`).set(bearer(org.admin)).send({ active: false });
      const jobs = () => count('jobs', 'organization_id IN ($1, $2)', [org.id, other.id]);
      const before = await jobs();
      const res = await t
        .http()
        .post('/v1/jobs')
        .set(bearer(recruiter))
        .send(validJob({ hiringTeam: { recruiterIds: [outsider.id], hiringManagerIds: [interviewer.id], interviewerIds: [interviewer.id, gone.id] } }));
      expect(res.status).toBe(422);
      expect(res.headers['content-type']).toMatch(PROBLEM);
      expect(fields(res.body)).toEqual(['hiringTeam.recruiterIds.0', 'hiringTeam.hiringManagerIds.0', 'hiringTeam.interviewerIds.1']);
      expect(await jobs()).toBe(before);
    });

    it('refuses hiring managers and interviewers (403), writing nothing', async () => {
      const before = await count('jobs', 'organization_id = $1', [org.id]);
      expect((await t.http().post('/v1/jobs').set(bearer(manager)).send(validJob())).status).toBe(403);
      expect((await t.http().post('/v1/jobs').set(bearer(interviewer)).send(validJob())).status).toBe(403);
      expect((await t.http().post('/v1/jobs').send(validJob())).status).toBe(401);
      expect(await count('jobs', 'organization_id = $1', [org.id])).toBe(before);
    });

    it('keeps the revision it was made from when the template is edited later', async () => {
      const fork = (await t.http().post(`/v1/templates/${templateId}/fork`).set(bearer(recruiter)).send({})).body;
      const job = await createJob(recruiter, { templateId: fork.id });
      const edited = await t
        .http()
        .post(`/v1/templates/${fork.id}/revisions`)
        .set(bearer(recruiter))
        .send({ sections: { ...fork.latestRevision.sections, summary: 'Completely new text for {{companyName}}.' } });
      expect(edited.status).toBe(201);
      const again = (await t.http().get(`/v1/jobs/${job.id}`).set(bearer(recruiter))).body;
      expect(again.templateRevisionId).toBe(fork.latestRevisionId);
      expect(again.description.markdown).toBe(job.description.markdown);
    });
  });

  describe('lifecycle', () => {
    it('moves draft → open → on_hold → open → closed, with timestamps and audit entries', async () => {
      const job = await createJob();
      const opened = await t.http().post(`/v1/jobs/${job.id}/open`).set(bearer(recruiter)).send({});
      expect(opened.status).toBe(200);
      expect(opened.body).toMatchObject({ status: 'open', version: 2, openedAt: expect.any(String) });
      const held = await t.http().post(`/v1/jobs/${job.id}/hold`).set(bearer(recruiter)).send({ version: 2 });
      expect(held.body.status).toBe('on_hold');
      const reopened = await t.http().post(`/v1/jobs/${job.id}/open`).set(bearer(recruiter)).send({});
      expect(reopened.body.status).toBe('open');
      const closed = await t.http().post(`/v1/jobs/${job.id}/close`).set(bearer(recruiter)).send({ reason: 'Position filled' });
      expect(closed.status).toBe(200);
      expect(closed.body).toMatchObject({ status: 'closed', closeReason: 'Position filled', closedAt: expect.any(String) });
      const db = await testDb();
      const actions = (await db.query(`SELECT action FROM audit_log WHERE entity_type = 'job' AND entity_id = $1 ORDER BY id`, [job.id])).map(
        (r: { action: string }) => r.action,
      );
      expect(actions).toEqual(['create', 'open', 'hold', 'open', 'close']);
    });

    it.each([
      ['hold a draft', 'draft', 'hold'],
      ['open an open job', 'open', 'open'],
      ['hold a job on hold', 'on_hold', 'hold'],
      ['open a closed job', 'closed', 'open'],
      ['hold a closed job', 'closed', 'hold'],
      ['close a closed job', 'closed', 'close'],
    ])('answers an illegal transition (%s) with 409 and changes nothing', async (_label, state, move) => {
      const job = await createJob();
      if (state !== 'draft') await t.http().post(`/v1/jobs/${job.id}/open`).set(bearer(recruiter)).send({});
      if (state === 'on_hold') await t.http().post(`/v1/jobs/${job.id}/hold`).set(bearer(recruiter)).send({});
      if (state === 'closed') await t.http().post(`/v1/jobs/${job.id}/close`).set(bearer(recruiter)).send({ reason: 'done' });
      const before = (await t.http().get(`/v1/jobs/${job.id}`).set(bearer(recruiter))).body;
      const res = await t
        .http()
        .post(`/v1/jobs/${job.id}/${move}`)
        .set(bearer(recruiter))
        .send(move === 'close' ? { reason: 'again' } : {});
      expect(res.status).toBe(409);
      expect(res.headers['content-type']).toMatch(PROBLEM);
      expect(res.body).toMatchObject({ code: 'jobs.illegal_transition', jobStatus: state });
      const after = (await t.http().get(`/v1/jobs/${job.id}`).set(bearer(recruiter))).body;
      expect(after).toMatchObject({ status: before.status, version: before.version });
    });

    it.each([[{}], [{ reason: '' }], [{ reason: '   ' }], [{ reason: 5 }]])('needs a reason to close (%j → 400 naming reason)', async (body) => {
      const job = await createJob();
      const res = await t.http().post(`/v1/jobs/${job.id}/close`).set(bearer(recruiter)).send(body);
      expect(res.status).toBe(400);
      expect(fields(res.body)).toContain('reason');
      expect((await t.http().get(`/v1/jobs/${job.id}`).set(bearer(recruiter))).body.status).toBe('draft');
    });

    it('refuses to open a job whose description has error-level findings (422 with findings), leaving it a draft', async () => {
      const bare = (
        await t
          .http()
          .post('/v1/templates')
          .set(bearer(recruiter))
          .send({ family: 'bare', title: 'Engineer', sections: { skills: ['Go'] } })
      ).body;
      const job = await createJob(recruiter, { templateId: bare.id });
      expect(job.findings.some((f: { severity: string }) => f.severity === 'error')).toBe(true);
      const res = await t.http().post(`/v1/jobs/${job.id}/open`).set(bearer(recruiter)).send({});
      expect(res.status).toBe(422);
      expect(res.headers['content-type']).toMatch(PROBLEM);
      expect(res.body.code).toBe('jobs.blocking_findings');
      expect(res.body.findings.length).toBeGreaterThan(0);
      expect(res.body.findings.every((f: { severity: string }) => f.severity === 'error')).toBe(true);
      expect(res.body.findings.map((f: { rule: string }) => f.rule)).toContain('section-missing');
      expect((await t.http().get(`/v1/jobs/${job.id}`).set(bearer(recruiter))).body).toMatchObject({ status: 'draft', version: 1 });
    });

    it('treats a missing pay range as blocking only while the organization requires one', async () => {
      const strict = await makeOrg(t);
      const dept = (await t.http().post('/v1/departments').set(bearer(strict.admin)).send({ name: 'Eng' })).body;
      const noPay = (
        await t
          .http()
          .post('/v1/templates')
          .set(bearer(strict.admin))
          .send({
            family: 'odd-family',
            title: 'Go Engineer',
            sections: { summary: 'Build Go services on PostgreSQL and Kafka.', requirements: ['Go experience.'], compensationNote: 'We pay well.' },
          })
      ).body;
      const findings = await t.http().post('/v1/templates/lint').set(bearer(strict.admin)).send({ sections: noPay.latestRevision.sections });
      expect(findings.body.findings.find((f: { rule: string }) => f.rule === 'pay-range-missing')).toMatchObject({ severity: 'error' });
      const job = (
        await t
          .http()
          .post('/v1/jobs')
          .set(bearer(strict.admin))
          .send(validJob({ templateId: noPay.id, departmentId: dept.id, officeIds: [], hiringTeam: undefined }))
      ).body;
      // The job's salary band is part of its context, so a job always states pay.
      expect(job.findings.find((f: { rule: string }) => f.rule === 'pay-range-missing')).toBeUndefined();
    });
  });

  describe('JobsService and JobLifecycle for other modules', () => {
    it('fills openings inside the caller transaction and closes the job when every opening is filled', async () => {
      const job = await createJob();
      await t.http().post(`/v1/jobs/${job.id}/open`).set(bearer(recruiter)).send({});
      const lifecycle = t.app.get(JobLifecycle);
      const uow = t.app.get(TransactionHost);
      const fill = () => TenantContext.run(org.id, () => uow.withTransaction(() => lifecycle.fillOpening(org.id, job.id, recruiter.id)));
      expect(await fill()).toEqual({ filled: 1, openings: 2, closed: false });
      expect(await fill()).toEqual({ filled: 2, openings: 2, closed: true });
      const after = (await t.http().get(`/v1/jobs/${job.id}`).set(bearer(recruiter))).body;
      expect(after).toMatchObject({ filled: 2, status: 'closed', closeReason: 'filled' });
      expect(await count('audit_log', "entity_id = $1 AND action = 'fill'", [job.id])).toBe(2);
      const other = await makeOrg(t);
      await expect(TenantContext.run(other.id, () => uow.withTransaction(() => lifecycle.fillOpening(other.id, job.id)))).rejects.toMatchObject({
        code: 'jobs.job_not_found',
      });
    });

    it('exposes ordered stages, the first stage, the hiring team and membership checks, scoped by organization', async () => {
      const job = await createJob();
      const jobs = t.app.get(JobsService);
      await TenantContext.run(org.id, async () => {
        const stages = await jobs.getStages(org.id, job.id);
        expect(stages.map((s) => s.id)).toEqual(job.interviewPlan.map((s: { id: string }) => s.id));
        expect((await jobs.getFirstStage(org.id, job.id))?.kind).toBe('application_review');
        expect(await jobs.getHiringTeam(org.id, job.id)).toEqual(job.hiringTeam);
        expect(await jobs.isOnHiringTeam(org.id, job.id, manager.id)).toBe(true);
        expect(await jobs.isOnHiringTeam(org.id, job.id, manager.id, ['interviewer' as never])).toBe(false);
      });
      const other = await makeOrg(t);
      await TenantContext.run(other.id, async () => {
        expect(await jobs.getStages(other.id, job.id)).toEqual([]);
        expect(await jobs.isOnHiringTeam(other.id, job.id, manager.id)).toBe(false);
      });
    });
  });

  describe('PATCH /v1/jobs/:id', () => {
    it('changes fields, re-renders, bumps the version and audits the changed fields', async () => {
      const job = await createJob();
      const res = await t
        .http()
        .patch(`/v1/jobs/${job.id}`)
        .set(bearer(recruiter))
        .send({ version: 1, openings: 3, salary: { min: 130000, max: 170000, currency: 'EUR', period: 'YEAR' }, title: 'Senior Go Engineer' });
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ version: 2, openings: 3, title: 'Senior Go Engineer', salary: { min: 130000, max: 170000 } });
      expect(res.body.description.markdown).toContain('130,000–170,000 EUR');
      const db = await testDb();
      const [entry] = await db.query(`SELECT * FROM audit_log WHERE entity_type = 'job' AND entity_id = $1 AND action = 'update'`, [job.id]);
      expect(entry.actor_id).toBe(recruiter.id);
      expect(Object.keys(entry.changes).sort()).toEqual(['openings', 'salary', 'title']);
      expect(entry.changes.openings).toEqual({ from: 2, to: 3 });
    });

    it('answers a stale version with 409 and changes nothing', async () => {
      const job = await createJob();
      await t.http().patch(`/v1/jobs/${job.id}`).set(bearer(recruiter)).send({ version: 1, openings: 3 });
      const stale = await t.http().patch(`/v1/jobs/${job.id}`).set(bearer(recruiter)).send({ version: 1, openings: 5 });
      expect(stale.status).toBe(409);
      expect(stale.headers['content-type']).toMatch(PROBLEM);
      expect(stale.body).toMatchObject({ code: 'jobs.stale_version', currentVersion: 2 });
      expect(fields(stale.body)).toContain('version');
      expect((await t.http().get(`/v1/jobs/${job.id}`).set(bearer(recruiter))).body).toMatchObject({ openings: 3, version: 2 });
    });

    it('lets exactly one of two concurrent writers with the same version win', async () => {
      const job = await createJob();
      const [a, b] = await Promise.all([
        t.http().patch(`/v1/jobs/${job.id}`).set(bearer(recruiter)).send({ version: 1, openings: 4 }),
        t.http().patch(`/v1/jobs/${job.id}`).set(bearer(recruiter)).send({ version: 1, openings: 5 }),
      ]);
      expect([a.status, b.status].sort()).toEqual([200, 409]);
    });

    it.each([
      ['no version', { openings: 2 }, 'version', 400],
      ['salary min above max', { version: 1, salary: { min: 3, max: 2, currency: 'EUR', period: 'YEAR' } }, 'salary.max', 400],
      ['an unknown country', { version: 1, remoteCountries: ['ZZ'] }, 'remoteCountries', 400],
      ['an unknown currency', { version: 1, salary: { min: 1, max: 2, currency: 'EUX', period: 'YEAR' } }, 'salary.currency', 400],
      ['negative openings', { version: 1, openings: -1 }, 'openings', 400],
      ['an unknown seniority', { version: 1, seniority: 'principal' }, 'seniority', 400],
      ['an unknown salary period', { version: 1, salary: { min: 1, max: 2, currency: 'EUR', period: 'WEEK' } }, 'salary.period', 400],
      ['an unknown field', { version: 1, status: 'open' }, 'status', 400],
      ['remote without countries', { version: 1, workModel: 'remote' }, 'remoteCountries', 422],
      ['a wrong-role team member', { version: 1, hiringTeam: { hiringManagerIds: ['__interviewer__'] } }, 'hiringTeam.hiringManagerIds.0', 422],
      ['a mistyped variable', { version: 1, variables: { companyName: 7 } }, 'variables.companyName', 422],
    ])('rejects %s and changes nothing', async (_label, body, field, status) => {
      const job = await createJob();
      const payload = JSON.parse(JSON.stringify(body).replace('__interviewer__', interviewer.id));
      const res = await t.http().patch(`/v1/jobs/${job.id}`).set(bearer(recruiter)).send(payload);
      expect(res.status).toBe(status);
      expect(res.headers['content-type']).toMatch(PROBLEM);
      expect(fields(res.body)).toContain(field);
      const after = (await t.http().get(`/v1/jobs/${job.id}`).set(bearer(recruiter))).body;
      expect(after.version).toBe(1);
      expect(after.hiringTeam).toEqual(job.hiringTeam);
      expect(await count('audit_log', "entity_type = 'job' AND entity_id = $1 AND action = 'update'", [job.id])).toBe(0);
    });

    it('moves a job to a newer template revision only when asked', async () => {
      const fork = (await t.http().post(`/v1/templates/${templateId}/fork`).set(bearer(recruiter)).send({})).body;
      const job = await createJob(recruiter, { templateId: fork.id });
      const next = (
        await t
          .http()
          .post(`/v1/templates/${fork.id}/revisions`)
          .set(bearer(recruiter))
          .send({ sections: { ...fork.latestRevision.sections, summary: 'Revision two at {{companyName}}, building Go services.' } })
      ).body;
      const res = await t.http().patch(`/v1/jobs/${job.id}`).set(bearer(recruiter)).send({ version: 1, templateRevisionId: next.latestRevisionId });
      expect(res.status).toBe(200);
      expect(res.body.templateRevisionId).toBe(next.latestRevisionId);
      expect(res.body.description.markdown).toContain('Revision two at Acme Robotics');
    });

    it('refuses changes to a closed job with 409', async () => {
      const job = await createJob();
      await t.http().post(`/v1/jobs/${job.id}/close`).set(bearer(recruiter)).send({ reason: 'Cancelled' });
      const res = await t.http().patch(`/v1/jobs/${job.id}`).set(bearer(recruiter)).send({ version: 2, openings: 3 });
      expect(res.status).toBe(409);
      expect(res.body.code).toBe('jobs.job_closed');
    });
  });

  describe('interview plan: PUT /v1/jobs/:id/stages', () => {
    it('adds, renames, reorders and removes stages, keeping the ids of kept stages', async () => {
      const job = await createJob();
      const [review, screen, takeHome, technical, design, hm, offer, hired] = job.interviewPlan;
      const res = await t
        .http()
        .put(`/v1/jobs/${job.id}/stages`)
        .set(bearer(recruiter))
        .send({
          version: 1,
          stages: [
            { id: review.id, name: review.name, kind: review.kind, slaDays: 2 },
            { id: screen.id, name: 'Phone screen', kind: screen.kind, kitKey: screen.kitKey },
            { id: design.id, name: design.name, kind: design.kind, kitKey: 'relational-schema-design' },
            { id: technical.id, name: technical.name, kind: technical.kind },
            { name: 'Debugging session', kind: 'technical_interview', kitKey: 'latency-spike-debugging', slaDays: 3 },
            { id: hm.id, name: hm.name, kind: hm.kind },
            { id: offer.id, name: offer.name, kind: offer.kind },
            { id: hired.id, name: hired.name, kind: hired.kind },
          ],
        });
      expect(res.status).toBe(200);
      const plan = res.body.interviewPlan;
      expect(plan.map((s: { name: string }) => s.name)).toEqual([
        'Application review',
        'Phone screen',
        'System design',
        'Technical interview',
        'Debugging session',
        'Hiring manager conversation',
        'Offer',
        'Hired',
      ]);
      expect(plan[0]).toMatchObject({ id: review.id, position: 0, slaDays: 2 });
      expect(plan[2]).toMatchObject({ id: design.id, kitKey: 'relational-schema-design' });
      expect(plan[4].id).not.toBe(takeHome.id);
      expect(res.body.version).toBe(2);
      expect(await count('job_stages', 'id = $1', [takeHome.id])).toBe(0);
      expect(await count('audit_log', "entity_type = 'job' AND entity_id = $1 AND changes ? 'interviewPlan'", [job.id])).toBe(1);
    });

    it('answers 409 when a real application sits in a stage being removed, renamed or moved, and changes nothing', async () => {
      const job = await createJob();
      const stages = job.interviewPlan;
      const occupied = stages[2].id;
      // A real application, moved into the stage through the pipelines API: the real occupancy port answers.
      const applied = await t
        .http()
        .post('/v1/applications')
        .set(bearer(recruiter))
        .send({ jobId: job.id, source: 'referral', candidate: { firstName: 'Sam', lastName: unique('Lee'), emails: [`${unique('sam')}@example.test`] } });
      expect(applied.status).toBe(201);
      const moved = await t
        .http()
        .post(`/v1/applications/${applied.body.id}/move`)
        .set(bearer(recruiter))
        .send({ toStageId: occupied, expectedVersion: applied.body.version });
      expect(moved.status).toBe(200);
      const keep = stages.map((s: { id: string; name: string; kind: string }) => ({ id: s.id, name: s.name, kind: s.kind }));
      for (const body of [
        keep.filter((s: { id: string }) => s.id !== occupied),
        keep.map((s: { id: string; name: string }) => (s.id === occupied ? { ...s, name: 'Renamed' } : s)),
        [keep[0], keep[2], keep[1], ...keep.slice(3)],
      ]) {
        const res = await t.http().put(`/v1/jobs/${job.id}/stages`).set(bearer(recruiter)).send({ stages: body });
        expect(res.status).toBe(409);
        expect(res.headers['content-type']).toMatch(PROBLEM);
        expect(res.body).toMatchObject({ code: 'jobs.stage_occupied', occupiedStageIds: [occupied] });
      }
      const after = (await t.http().get(`/v1/jobs/${job.id}`).set(bearer(recruiter))).body;
      expect(after.interviewPlan).toEqual(stages);
      expect(after.version).toBe(job.version);
      expect(await count('applications', 'id = $1 AND stage_id = $2', [applied.body.id, occupied])).toBe(1);
      // Free stages can still change, and new stages can be added.
      const ok = await t
        .http()
        .put(`/v1/jobs/${job.id}/stages`)
        .set(bearer(recruiter))
        .send({
          stages: [
            ...keep.slice(0, 7).map((s: object, i: number) => (i === 0 ? { ...s, name: 'Screening' } : s)),
            { name: 'Reference check', kind: 'reference_check' },
            keep[7],
          ],
        });
      expect(ok.status).toBe(200);
      expect(ok.body.interviewPlan).toHaveLength(9);
    });

    it.each([
      ['a stage id of another job', 'foreign', 'stages.0.id', 422],
      ['a duplicated stage id', 'dup', 'stages.1.id', 422],
      ['an empty plan', 'empty', 'stages', 400],
      ['an unknown kind', 'kind', 'stages.0.kind', 400],
      ['an SLA of zero days', 'sla', 'stages.0.slaDays', 400],
      ['a malformed kit key', 'kit', 'stages.0.kitKey', 400],
    ])('rejects %s and changes nothing', async (_label, kind, field, status) => {
      const job = await createJob();
      const otherJob = await createJob();
      const s = job.interviewPlan.map((x: { id: string; name: string; kind: string }) => ({ id: x.id, name: x.name, kind: x.kind }));
      const stages =
        kind === 'foreign'
          ? [{ ...s[0], id: otherJob.interviewPlan[0].id }]
          : kind === 'dup'
            ? [s[0], s[0]]
            : kind === 'empty'
              ? []
              : kind === 'kind'
                ? [{ ...s[0], kind: 'lunch' }]
                : kind === 'sla'
                  ? [{ ...s[0], slaDays: 0 }]
                  : [{ ...s[0], kitKey: 'Not A Key' }];
      const res = await t.http().put(`/v1/jobs/${job.id}/stages`).set(bearer(recruiter)).send({ stages });
      expect(res.status).toBe(status);
      expect(fields(res.body)).toContain(field);
      expect(await count('job_stages', 'job_id = $1', [job.id])).toBe(8);
      expect((await t.http().get(`/v1/jobs/${job.id}`).set(bearer(recruiter))).body.version).toBe(1);
    });

    it('answers a stale version with 409', async () => {
      const job = await createJob();
      const res = await t
        .http()
        .put(`/v1/jobs/${job.id}/stages`)
        .set(bearer(recruiter))
        .send({ version: 7, stages: [{ name: 'Only', kind: 'other' }] });
      expect(res.status).toBe(409);
      expect(await count('job_stages', 'job_id = $1', [job.id])).toBe(8);
    });
  });

  describe('GET /v1/jobs and visibility', () => {
    let listOrg: TestOrg;
    let listRecruiter: TestUser;
    let hm: TestUser;
    let deptA: string;
    let deptB: string;
    let officeX: string;
    const ids: Record<string, string> = {};

    beforeAll(async () => {
      listOrg = await makeOrg(t, { name: 'Listing Co' });
      listRecruiter = await makeUser(t, listOrg, ['recruiter']);
      hm = await makeUser(t, listOrg, ['hiring_manager']);
      deptA = (await t.http().post('/v1/departments').set(bearer(listRecruiter)).send({ name: 'A' })).body.id;
      deptB = (await t.http().post('/v1/departments').set(bearer(listRecruiter)).send({ name: 'B' })).body.id;
      officeX = (await t.http().post('/v1/offices').set(bearer(listRecruiter)).send({ name: 'X', city: 'Oslo', region: 'Oslo', country: 'NO' })).body.id;
      const mk = async (key: string, patch: Record<string, unknown>) => {
        const res = await t
          .http()
          .post('/v1/jobs')
          .set(bearer(listRecruiter))
          .send({ ...validJob({ departmentId: deptA, officeIds: [], hiringTeam: undefined }), ...patch });
        if (res.status !== 201) throw new Error(JSON.stringify(res.body));
        ids[key] = res.body.id;
      };
      await mk('goSenior', { title: 'Senior Go Engineer' });
      await mk('pyJunior', { title: 'Junior Python Developer', seniority: 'junior', departmentId: deptB });
      await mk('remote', { title: 'Remote Staff Engineer', seniority: 'staff', workModel: 'remote', remoteCountries: ['NO'] });
      await mk('office', { title: 'Oslo 100% Engineer', officeIds: [officeX], hiringTeam: { hiringManagerIds: [hm.id] } });
      await mk('mine', { title: 'Managed Role', hiringTeam: { hiringManagerIds: [hm.id] } });
      await t.http().post(`/v1/jobs/${ids.goSenior}/open`).set(bearer(listRecruiter)).send({});
    });

    const list = async (query: string, user: TestUser = listRecruiter) => {
      const res = await t.http().get(`/v1/jobs?${query}`).set(bearer(user));
      expect(res.status).toBe(200);
      return res.body.data.map((j: { id: string }) => j.id);
    };

    it('lists the organization’s jobs newest first, in keyset pages, without other organizations’ jobs', async () => {
      const all = await list('limit=100');
      expect(all).toEqual([ids.mine, ids.office, ids.remote, ids.pyJunior, ids.goSenior]);
      const first = await t.http().get('/v1/jobs?limit=2').set(bearer(listRecruiter));
      expect(first.body.data).toHaveLength(2);
      expect(first.body.data[0]).toMatchObject({ id: ids.mine, hiringTeam: { hiringManagerIds: [hm.id] } });
      expect(first.body.data[0].description).toBeUndefined();
      const second = await t.http().get(`/v1/jobs?limit=2&cursor=${first.body.nextCursor}`).set(bearer(listRecruiter));
      const third = await t.http().get(`/v1/jobs?limit=2&cursor=${second.body.nextCursor}`).set(bearer(listRecruiter));
      expect([...first.body.data, ...second.body.data, ...third.body.data].map((j: { id: string }) => j.id)).toEqual(all);
      expect(third.body.nextCursor).toBeNull();
    });

    it('filters by status, department, office, seniority, work model, hiring-team member and title', async () => {
      expect(await list('status=open')).toEqual([ids.goSenior]);
      expect(await list('status=draft')).not.toContain(ids.goSenior);
      expect(await list(`departmentId=${deptB}`)).toEqual([ids.pyJunior]);
      expect(await list(`officeId=${officeX}`)).toEqual([ids.office]);
      expect(await list('seniority=staff')).toEqual([ids.remote]);
      expect(await list('workModel=remote')).toEqual([ids.remote]);
      expect(await list(`hiringTeamMember=${hm.id}`)).toEqual([ids.mine, ids.office]);
      expect(await list('q=python')).toEqual([ids.pyJunior]);
      expect(await list('q=100%25')).toEqual([ids.office]);
      expect(await list('q=_')).toEqual([]);
      expect(await list('status=open&seniority=junior')).toEqual([]);
    });

    it.each([
      ['limit=101'],
      ['limit=0'],
      ['status=archived'],
      ['seniority=lead'],
      ['workModel=contract'],
      ['departmentId=x'],
      ['hiringTeamMember=me'],
      ['cursor=garbage'],
      ['sort=title'],
    ])('answers ?%s with 400 naming the parameter', async (query) => {
      const res = await t.http().get(`/v1/jobs?${query}`).set(bearer(listRecruiter));
      expect(res.status).toBe(400);
      expect(res.headers['content-type']).toMatch(PROBLEM);
      expect(fields(res.body)).toContain(query.split('=')[0]);
    });

    it('shows a hiring manager only the jobs on whose team they are: list, read; 403 on others and on writes', async () => {
      expect(await list('limit=100', hm)).toEqual([ids.mine, ids.office]);
      expect(await list('status=open', hm)).toEqual([]);
      const own = await t.http().get(`/v1/jobs/${ids.mine}`).set(bearer(hm));
      expect(own.status).toBe(200);
      expect(own.body.interviewPlan).toHaveLength(8);
      const other = await t.http().get(`/v1/jobs/${ids.goSenior}`).set(bearer(hm));
      expect(other.status).toBe(403);
      expect(other.headers['content-type']).toMatch(PROBLEM);
      expect((await t.http().patch(`/v1/jobs/${ids.mine}`).set(bearer(hm)).send({ version: 1, openings: 9 })).status).toBe(403);
      expect((await t.http().post(`/v1/jobs/${ids.mine}/close`).set(bearer(hm)).send({ reason: 'x' })).status).toBe(403);
      expect(
        (
          await t
            .http()
            .put(`/v1/jobs/${ids.mine}/stages`)
            .set(bearer(hm))
            .send({ stages: [{ name: 'x', kind: 'other' }] })
        ).status,
      ).toBe(403);
      expect(await count('job_stages', 'job_id = $1', [ids.mine])).toBe(8);
    });

    it('gives interviewers 403 on every jobs endpoint', async () => {
      const iv = await makeUser(t, listOrg, ['interviewer']);
      expect((await t.http().get('/v1/jobs').set(bearer(iv))).status).toBe(403);
      expect((await t.http().get(`/v1/jobs/${ids.goSenior}`).set(bearer(iv))).status).toBe(403);
      expect((await t.http().post(`/v1/jobs/${ids.goSenior}/hold`).set(bearer(iv)).send({})).status).toBe(403);
    });

    it('answers job ids of another organization with 404 on every endpoint, exactly like unknown ids, changing nothing', async () => {
      const foreignId = ids.goSenior;
      const missing = await t.http().get('/v1/jobs/00000000-0000-4000-8000-000000000000').set(bearer(recruiter));
      for (const [method, path, body] of [
        ['get', `/v1/jobs/${foreignId}`, undefined],
        ['patch', `/v1/jobs/${foreignId}`, { version: 2, openings: 9 }],
        ['put', `/v1/jobs/${foreignId}/stages`, { stages: [{ name: 'x', kind: 'other' }] }],
        ['post', `/v1/jobs/${foreignId}/open`, {}],
        ['post', `/v1/jobs/${foreignId}/hold`, {}],
        ['post', `/v1/jobs/${foreignId}/close`, { reason: 'x' }],
        ['get', '/v1/jobs/not-a-uuid', undefined],
      ] as const) {
        const req = method === 'get' ? t.http().get(path) : t.http()[method](path).send(body);
        const res = await req.set(bearer(recruiter));
        expect(res.status).toBe(404);
        expect(res.headers['content-type']).toMatch(PROBLEM);
      }
      const foreign = await t.http().get(`/v1/jobs/${foreignId}`).set(bearer(recruiter));
      expect({ ...foreign.body, instance: undefined, requestId: undefined }).toEqual({ ...missing.body, instance: undefined, requestId: undefined });
      const job = (await t.http().get(`/v1/jobs/${foreignId}`).set(bearer(listRecruiter))).body;
      expect(job).toMatchObject({ status: 'open', version: 2, openings: 2 });
      expect(await list('limit=100', recruiter)).not.toContain(foreignId);
    });
  });
});
