import type { INestApplicationContext } from '@nestjs/common';
import { startTestApp, TestApp } from '../support/app.js';
import { closeTestDb, testDb } from '../support/db.js';
import { bearer, makeOrg, makeUser, TestOrg, TestUser } from '../support/factories.js';
import { postingStatuses, startTestWorker, waitFor } from '../support/postings-fixtures.js';

/** Jobs tell the boards about changes through the outbox: an edit republishes, a close unpublishes. */
describe('jobs → postings', () => {
  let t: TestApp;
  let worker: INestApplicationContext;
  let org: TestOrg;
  let recruiter: TestUser;

  beforeAll(async () => {
    t = await startTestApp();
    worker = await startTestWorker();
    org = await makeOrg(t);
    recruiter = await makeUser(t, org, ['recruiter']);
  });
  afterAll(async () => {
    await worker.close();
    await t.close();
    await closeTestDb();
  });

  async function openJob(): Promise<{ id: string; version: number }> {
    const department = (
      await t
        .http()
        .post('/v1/departments')
        .set(bearer(recruiter))
        .send({ name: `Eng ${Date.now()}` })
    ).body;
    const office = (
      await t
        .http()
        .post('/v1/offices')
        .set(bearer(recruiter))
        .send({ name: `Berlin ${Date.now()}`, city: 'Berlin', region: 'Berlin', country: 'DE' })
    ).body;
    const template = (
      await t.http().get('/v1/templates?family=backend-developer&language=go&seniority=senior&systemType=distributed&workModel=hybrid').set(bearer(recruiter))
    ).body.data[0];
    const created = await t
      .http()
      .post('/v1/jobs')
      .set(bearer(recruiter))
      .send({
        templateId: template.id,
        departmentId: department.id,
        officeIds: [office.id],
        workModel: 'hybrid',
        employmentType: 'FULL_TIME',
        seniority: 'senior',
        salary: { min: 120000, max: 160000, currency: 'EUR', period: 'YEAR' },
        openings: 1,
        hiringTeam: { recruiterIds: [recruiter.id], hiringManagerIds: [], interviewerIds: [] },
      });
    expect(created.status).toBe(201);
    const opened = await t.http().post(`/v1/jobs/${created.body.id}/open`).set(bearer(recruiter)).send({ version: created.body.version });
    expect(opened.status).toBe(200);
    return { id: opened.body.id, version: opened.body.version };
  }

  it('republishes live postings when a live job’s salary changes, and closes them when the job closes', async () => {
    const job = await openJob();
    const posted = await t
      .http()
      .post(`/v1/jobs/${job.id}/postings`)
      .set(bearer(recruiter))
      .send({ boards: ['careers', 'indeed'] });
    expect(posted.status).toBe(202);
    await waitFor(
      () => postingStatuses(job.id),
      (s) => s.careers === 'live' && s.indeed === 'live',
      20000,
      'live',
    );
    const db = await testDb();
    const publishes = async () =>
      Number(
        (
          await db.query(
            `SELECT count(*)::int AS n FROM posting_events e JOIN postings p ON p.id = e.posting_id WHERE p.job_id = $1 AND e.to_status = 'live'`,
            [job.id],
          )
        )[0].n,
      );
    expect(await publishes()).toBe(2);

    const patched = await t
      .http()
      .patch(`/v1/jobs/${job.id}`)
      .set(bearer(recruiter))
      .send({ version: job.version, salary: { min: 130000, max: 170000, currency: 'EUR', period: 'YEAR' } });
    expect(patched.status).toBe(200);
    await waitFor(publishes, (n) => n === 4, 20000, 'republished');
    const board = await t.http().get(`/v1/boards/${org.slug}/jobs?content=true`);
    expect(JSON.stringify(board.body)).toMatch(/130,000|130000/);

    const closed = await t.http().post(`/v1/jobs/${job.id}/close`).set(bearer(recruiter)).send({ version: patched.body.version, reason: 'Hired elsewhere' });
    expect(closed.status).toBe(200);
    await waitFor(
      () => postingStatuses(job.id),
      (s) => s.careers === 'closed' && s.indeed === 'closed',
      20000,
      'closed',
    );
    expect((await t.http().get(`/v1/boards/${org.slug}/jobs`)).body.jobs).toHaveLength(0);
  }, 60000);
});
