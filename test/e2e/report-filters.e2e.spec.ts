import { startTestApp, TestApp } from '../support/app.js';
import { closeTestDb, testDb } from '../support/db.js';
import { bearer, makeOrg, makeUser, TestOrg, TestUser } from '../support/factories.js';
import { makeApplication, makePipelineJob, PipelineJob } from '../support/pipelines-fixtures.js';

const day = (offset: number) => new Date(Date.now() + offset * 86_400_000).toISOString().slice(0, 10);

describe('reports: filters by date range, department and job', () => {
  let t: TestApp;
  let org: TestOrg;
  let recruiter: TestUser;
  let departmentId: string;
  let inDept: PipelineJob;
  let outside: PipelineJob;

  const reached = (body: { passThrough: { position: number; reached: number }[] }) => body.passThrough.find((p) => p.position === 0)?.reached ?? 0;

  beforeAll(async () => {
    t = await startTestApp();
    org = await makeOrg(t);
    recruiter = await makeUser(t, org, ['recruiter']);
    const dept = await t.http().post('/v1/departments').set(bearer(org.admin)).send({ name: 'Platform' });
    expect(dept.status).toBe(201);
    departmentId = dept.body.id;
    inDept = await makePipelineJob(org.id);
    outside = await makePipelineJob(org.id);
    const db = await testDb();
    await db.query(`UPDATE jobs SET department_id = $1 WHERE id = $2 AND organization_id = $3`, [departmentId, inDept.id, org.id]);
    const old = await makeApplication(t, recruiter, inDept.id);
    await makeApplication(t, recruiter, inDept.id);
    await makeApplication(t, recruiter, outside.id);
    await db.query(`UPDATE applications SET applied_at = now() - interval '30 days' WHERE id = $1`, [old.id]);
  });
  afterAll(async () => {
    await t.close();
    await closeTestDb();
  });

  it('GET /v1/reports/hiring?departmentId= counts only applications to that department’s jobs, and combines with the date range', async () => {
    const all = await t.http().get('/v1/reports/hiring').set(bearer(recruiter));
    expect(all.status).toBe(200);
    expect(reached(all.body)).toBe(3);

    const dept = await t.http().get(`/v1/reports/hiring?departmentId=${departmentId}`).set(bearer(recruiter));
    expect(dept.status).toBe(200);
    expect(dept.body.filters).toMatchObject({ departmentId });
    expect(reached(dept.body)).toBe(2);

    const recent = await t
      .http()
      .get(`/v1/reports/hiring?departmentId=${departmentId}&from=${day(-10)}&to=${day(1)}`)
      .set(bearer(recruiter));
    expect(reached(recent.body)).toBe(1);

    const job = await t.http().get(`/v1/reports/hiring?jobId=${outside.id}`).set(bearer(recruiter));
    expect(reached(job.body)).toBe(1);
    const none = await t.http().get(`/v1/reports/hiring?jobId=${outside.id}&departmentId=${departmentId}`).set(bearer(recruiter));
    expect(reached(none.body)).toBe(0);
  });

  it('refuses a department of no one (422 on departmentId), a malformed one (400) and a reversed range (422 on to)', async () => {
    const unknown = await t.http().get('/v1/reports/hiring?departmentId=00000000-0000-4000-8000-000000000000').set(bearer(recruiter));
    expect(unknown.status).toBe(422);
    expect(unknown.body.code).toBe('reporting.invalid_report_filter');
    expect(unknown.body.errors).toEqual([{ field: 'departmentId', message: 'is not a department of your organization' }]);

    const malformed = await t.http().get('/v1/reports/hiring?departmentId=platform').set(bearer(recruiter));
    expect(malformed.status).toBe(400);
    expect(malformed.body.errors[0].field).toBe('departmentId');

    const reversed = await t
      .http()
      .get(`/v1/reports/hiring?from=${day(0)}&to=${day(-5)}`)
      .set(bearer(recruiter));
    expect(reversed.status).toBe(422);
    expect(reversed.body.errors[0].field).toBe('to');
  });

  it("another organization's department is unknown here", async () => {
    const other = await makeOrg(t);
    const theirs = await t.http().post('/v1/departments').set(bearer(other.admin)).send({ name: 'Theirs' });
    const res = await t.http().get(`/v1/reports/hiring?departmentId=${theirs.body.id}`).set(bearer(recruiter));
    expect(res.status).toBe(422);
    expect(res.body.errors[0].field).toBe('departmentId');
  });

  it('GET /v1/reports/interviewers takes the same job and department filters', async () => {
    const ok = await t.http().get(`/v1/reports/interviewers?departmentId=${departmentId}&jobId=${inDept.id}`).set(bearer(recruiter));
    expect(ok.status).toBe(200);
    expect(ok.body.data).toEqual([]);
    const unknownJob = await t.http().get('/v1/reports/interviewers?jobId=00000000-0000-4000-8000-000000000000').set(bearer(recruiter));
    expect(unknownJob.status).toBe(422);
    expect(unknownJob.body.errors[0].field).toBe('jobId');
    const unknownDept = await t.http().get('/v1/reports/interviewers?departmentId=00000000-0000-4000-8000-000000000000').set(bearer(recruiter));
    expect(unknownDept.status).toBe(422);
    expect(unknownDept.body.errors[0].field).toBe('departmentId');
  });
});
