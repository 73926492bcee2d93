import { StageSlaService } from '../../libs/pipelines/src/index.js';
import { startTestApp, TestApp } from '../support/app.js';
import { closeTestDb, count, testDb } from '../support/db.js';
import { bearer, makeOrg, makeUser, TestOrg, TestUser } from '../support/factories.js';
import { makeApplication, makeCandidate, makePipelineJob, PipelineJob, pipelineWrites, seatOnPanel } from '../support/pipelines-fixtures.js';

describe('pipelines: board, list, funnel, stage SLAs, notifications, visibility', () => {
  let t: TestApp;
  let org: TestOrg;
  let recruiter: TestUser;

  beforeAll(async () => {
    t = await startTestApp();
    org = await makeOrg(t);
    recruiter = await makeUser(t, org, ['recruiter']);
    await makePipelineJob(org.id, { team: [{ userId: recruiter.id, role: 'recruiter' }] });
  });
  afterAll(async () => {
    await t.close();
    await closeTestDb();
  });

  it('GET /v1/jobs/:id/pipeline: stages in plan order with active, over-SLA and oldest entry', async () => {
    const b = await makePipelineJob(org.id);
    const apps = await Promise.all([1, 2, 3].map(() => makeApplication(t, recruiter, b.id)));
    await t.http().post(`/v1/applications/${apps[2].id}/move`).set(bearer(recruiter)).send({ toStageId: b.stages[1].id, expectedVersion: 1 });
    const db = await testDb();
    await db.query(`UPDATE applications SET stage_entered_at = now() - interval '4 days' WHERE id = $1`, [apps[0].id]);
    const res = await t.http().get(`/v1/jobs/${b.id}/pipeline`).set(bearer(recruiter));
    expect(res.status).toBe(200);
    expect(res.body.stages.map((s: { name: string }) => s.name)).toEqual(b.stages.map((s) => s.name));
    expect(res.body.stages.map((s: { id: string }) => s.id)).toEqual(b.stages.map((s) => s.id));
    expect(res.body.stages[0]).toMatchObject({
      id: b.stages[0].id,
      kind: expect.any(String),
      activeCount: 2,
      overSlaCount: 1,
      slaDays: 3,
      oldestEnteredAt: expect.any(String),
    });
    expect(res.body.stages[1]).toMatchObject({ activeCount: 1, overSlaCount: 0 });
    expect(res.body.stages[2]).toMatchObject({ activeCount: 0, oldestEnteredAt: null });
  });

  it('GET /v1/jobs/:id/applications: keyset pages by applied_at or stage_entered_at, filters by stage and status', async () => {
    const b = await makePipelineJob(org.id);
    const apps = [];
    for (let i = 0; i < 5; i++) apps.push(await makeApplication(t, recruiter, b.id));
    const first = await t.http().get(`/v1/jobs/${b.id}/applications?limit=2`).set(bearer(recruiter));
    expect(first.status).toBe(200);
    expect(first.body.data.map((a: { id: string }) => a.id)).toEqual([apps[4].id, apps[3].id]);
    expect(first.body.data[0]).toMatchObject({ candidateName: expect.any(String), source: null, scorecardStatus: null, secondsInStage: expect.any(Number) });
    const seen = [...first.body.data];
    let cursor = first.body.nextCursor;
    while (cursor) {
      const page = await t.http().get(`/v1/jobs/${b.id}/applications?limit=2&cursor=${cursor}`).set(bearer(recruiter));
      seen.push(...page.body.data);
      cursor = page.body.nextCursor;
    }
    expect(seen.map((a) => a.id)).toEqual([...apps].reverse().map((a) => a.id));
    await t.http().post(`/v1/applications/${apps[0].id}/move`).set(bearer(recruiter)).send({ toStageId: b.stages[1].id, expectedVersion: 1 });
    const byStage = await t.http().get(`/v1/jobs/${b.id}/applications?stageId=${b.stages[1].id}&status=active&sort=stage_entered_at`).set(bearer(recruiter));
    expect(byStage.body.data.map((a: { id: string }) => a.id)).toEqual([apps[0].id]);
    const bad = await t.http().get(`/v1/jobs/${b.id}/applications?sort=name&status=open`).set(bearer(recruiter));
    expect(bad.status).toBe(400);
    expect(bad.body.errors.map((e: { field: string }) => e.field)).toEqual(expect.arrayContaining(['sort', 'status']));
  });

  it("GET /v1/applications?jobId=…: the same keyset pages and filters as the job's list, cursors interchangeable", async () => {
    const b = await makePipelineJob(org.id);
    const apps = [];
    for (let i = 0; i < 5; i++) apps.push(await makeApplication(t, recruiter, b.id));
    const first = await t.http().get(`/v1/applications?jobId=${b.id}&limit=2`).set(bearer(recruiter));
    expect(first.status).toBe(200);
    const viaJob = (await t.http().get(`/v1/jobs/${b.id}/applications?limit=2`).set(bearer(recruiter))).body;
    // The same page (secondsInStage aside, which counts on while the two requests run).
    const withoutClock = (page: { data: Array<Record<string, unknown>>; nextCursor: string | null }) => ({
      ...page,
      data: page.data.map(({ secondsInStage, ...rest }) => ({ ...rest, secondsInStage: typeof secondsInStage })),
    });
    expect(withoutClock(first.body)).toEqual(withoutClock(viaJob));
    expect(first.body.data.map((a: { id: string }) => a.id)).toEqual([apps[4].id, apps[3].id]);
    // A job id in capitals is the same job.
    expect((await t.http().get(`/v1/applications?jobId=${b.id.toUpperCase()}&limit=2`).set(bearer(recruiter))).body.data).toEqual(first.body.data);
    const seen = [...first.body.data];
    let cursor = first.body.nextCursor;
    for (let page = 0; cursor; page++) {
      // Every other page through the job's own route: a cursor of one is a cursor of the other.
      const path = page % 2 === 0 ? `/v1/applications?jobId=${b.id}&limit=2&cursor=${cursor}` : `/v1/jobs/${b.id}/applications?limit=2&cursor=${cursor}`;
      const next = await t.http().get(path).set(bearer(recruiter));
      expect(next.status).toBe(200);
      seen.push(...next.body.data);
      cursor = next.body.nextCursor;
    }
    expect(seen.map((a) => a.id)).toEqual([...apps].reverse().map((a) => a.id));
    await t.http().post(`/v1/applications/${apps[0].id}/move`).set(bearer(recruiter)).send({ toStageId: b.stages[1].id, expectedVersion: 1 });
    const byStage = await t.http().get(`/v1/applications?jobId=${b.id}&stageId=${b.stages[1].id}&status=active&sort=stage_entered_at`).set(bearer(recruiter));
    expect(byStage.body.data.map((a: { id: string }) => a.id)).toEqual([apps[0].id]);
  });

  it('GET /v1/applications without a job, with a malformed one or with bad filters is a 400 naming each field; an unknown or foreign job is 404', async () => {
    const before = await pipelineWrites(org.id);
    const missing = await t.http().get('/v1/applications?limit=2').set(bearer(recruiter));
    expect(missing.status).toBe(400);
    expect(missing.headers['content-type']).toMatch(/application\/problem\+json/);
    expect(missing.body.errors.map((e: { field: string }) => e.field)).toEqual(['jobId']);
    const malformed = await t.http().get('/v1/applications?jobId=not-a-job&sort=name&limit=0').set(bearer(recruiter));
    expect(malformed.status).toBe(400);
    expect(malformed.body.errors.map((e: { field: string }) => e.field)).toEqual(expect.arrayContaining(['jobId', 'sort', 'limit']));
    const other = await makeOrg(t);
    const foreign = await makePipelineJob(other.id);
    await makeApplication(t, await makeUser(t, other, ['recruiter']), foreign.id);
    const hidden = await t.http().get(`/v1/applications?jobId=${foreign.id}`).set(bearer(recruiter));
    expect(hidden.status).toBe(404);
    expect(JSON.stringify(hidden.body)).not.toContain(foreign.id);
    expect((await t.http().get('/v1/applications?jobId=00000000-0000-4000-8000-000000000000').set(bearer(recruiter))).status).toBe(404);
    expect(await pipelineWrites(org.id)).toEqual(before);
  });

  it('GET /v1/jobs/:id/funnel: reached, passed through, rejected, conversion and median days per stage', async () => {
    const b = await makePipelineJob(org.id);
    const apps = await Promise.all([1, 2, 3, 4].map(() => makeApplication(t, recruiter, b.id)));
    const db = await testDb();
    await db.query(`UPDATE applications SET stage_entered_at = now() - interval '2 days' WHERE id = ANY($1)`, [apps.map((a) => a.id)]);
    await t.http().post(`/v1/applications/${apps[0].id}/move`).set(bearer(recruiter)).send({ toStageId: b.stages[1].id, expectedVersion: 1 });
    await t.http().post(`/v1/applications/${apps[1].id}/move`).set(bearer(recruiter)).send({ toStageId: b.stages[2].id, expectedVersion: 1 });
    const reason = (await t.http().get('/v1/rejection-reasons').set(bearer(recruiter))).body.data[0].id;
    await t.http().post(`/v1/applications/${apps[2].id}/reject`).set(bearer(recruiter)).send({ reasonId: reason });
    const res = await t.http().get(`/v1/jobs/${b.id}/funnel`).set(bearer(recruiter));
    expect(res.status).toBe(200);
    expect(res.body.stages[0]).toMatchObject({ reached: 4, passedThrough: 2, rejected: 1, conversionRate: 0.5 });
    expect(res.body.stages[0].medianDays).toBeCloseTo(2, 1);
    expect(res.body.stages[1]).toMatchObject({ reached: 2, passedThrough: 1, rejected: 0 });
    expect(res.body.stages[2]).toMatchObject({ reached: 1, passedThrough: 0 });
    expect(res.body.stages[4]).toMatchObject({ reached: 0, conversionRate: null, medianDays: null });
  });

  it('job endpoints answer an unknown or foreign job with 404', async () => {
    const other = await makeOrg(t);
    const foreign = await makePipelineJob(other.id);
    for (const path of ['pipeline', 'applications', 'funnel']) {
      expect((await t.http().get(`/v1/jobs/${foreign.id}/${path}`).set(bearer(recruiter))).status).toBe(404);
    }
  });

  describe('stage SLA sweep and notifications', () => {
    it('notifies each of the job recruiters once per breach, even when run twice; a new stay is a new breach', async () => {
      const second = await makeUser(t, org, ['recruiter']);
      const b = await makePipelineJob(org.id, {
        team: [
          { userId: recruiter.id, role: 'recruiter' },
          { userId: second.id, role: 'recruiter' },
        ],
      });
      const app = await makeApplication(t, recruiter, b.id);
      const db = await testDb();
      await db.query(`UPDATE applications SET stage_entered_at = now() - interval '4 days' WHERE id = $1`, [app.id]);
      const sla = t.app.get(StageSlaService);
      await sla.checkBreaches();
      await sla.checkBreaches();
      expect(await count('sla_breaches', 'application_id = $1', [app.id])).toBe(1);
      expect(await count('notifications', `payload->>'applicationId' = $1`, [app.id])).toBe(2);
      expect(await count('notifications', `payload->>'applicationId' = $1 AND user_id = $2`, [app.id, second.id])).toBe(1);

      const list = await t.http().get('/v1/notifications?unread=true').set(bearer(second));
      expect(list.status).toBe(200);
      expect(list.body.unreadCount).toBe(1);
      expect(list.body.data[0]).toMatchObject({
        kind: 'stage_sla_breached',
        readAt: null,
        payload: { applicationId: app.id, slaDays: 3, stageName: 'Application review' },
      });
      const read = await t.http().post(`/v1/notifications/${list.body.data[0].id}/read`).set(bearer(second));
      expect(read.status).toBe(200);
      expect(read.body.readAt).toEqual(expect.any(String));
      expect((await t.http().get('/v1/notifications?unread=true').set(bearer(second))).body.data).toEqual([]);
      // Another user's notification is not found.
      expect((await t.http().post(`/v1/notifications/${list.body.data[0].id}/read`).set(bearer(recruiter))).status).toBe(404);

      // Move on, overstay again: a new breach, notified again.
      const moved = await t.http().post(`/v1/applications/${app.id}/move`).set(bearer(recruiter)).send({ toStageId: b.stages[1].id, expectedVersion: 1 });
      expect(moved.status).toBe(200);
      await db.query(`UPDATE applications SET stage_entered_at = now() - interval '6 days' WHERE id = $1`, [app.id]);
      await sla.checkBreaches();
      await sla.checkBreaches();
      expect(await count('sla_breaches', 'application_id = $1', [app.id])).toBe(2);
      const all = await t.http().post('/v1/notifications/read-all').set(bearer(recruiter));
      expect(all.status).toBe(200);
      expect(all.body.updated).toBeGreaterThanOrEqual(2);
      expect((await t.http().get('/v1/notifications').set(bearer(recruiter))).body.unreadCount).toBe(0);
    });

    it('rejects a bad notifications query with 400', async () => {
      const res = await t.http().get('/v1/notifications?unread=maybe').set(bearer(recruiter));
      expect(res.status).toBe(400);
      expect(res.body.errors[0].field).toBe('unread');
    });
  });

  describe('who sees what', () => {
    let manager: TestUser;
    let interviewer: TestUser;
    let ownJob: PipelineJob;
    let otherJob: PipelineJob;
    let ownApp: { id: string; candidateId: string; stageId: string };
    let otherApp: { id: string; candidateId: string };

    beforeAll(async () => {
      manager = await makeUser(t, org, ['hiring_manager']);
      interviewer = await makeUser(t, org, ['interviewer']);
      ownJob = await makePipelineJob(org.id, { team: [{ userId: manager.id, role: 'hiring_manager' }] });
      otherJob = await makePipelineJob(org.id);
      ownApp = await makeApplication(t, recruiter, ownJob.id);
      otherApp = await makeApplication(t, recruiter, otherJob.id);
      await t.http().post(`/v1/applications/${ownApp.id}/notes`).set(bearer(recruiter)).send({ body: 'private remark', private: true });
      await t.http().post(`/v1/applications/${ownApp.id}/notes`).set(bearer(recruiter)).send({ body: 'public remark' });
      await seatOnPanel(org.id, ownJob.id, ownApp, interviewer.id);
    });

    it('hiring managers see and change only the applications of jobs on whose team they are', async () => {
      expect((await t.http().get(`/v1/applications/${ownApp.id}`).set(bearer(manager))).status).toBe(200);
      expect((await t.http().get(`/v1/applications/${otherApp.id}`).set(bearer(manager))).status).toBe(404);
      expect((await t.http().get(`/v1/candidates/${otherApp.candidateId}`).set(bearer(manager))).status).toBe(404);
      expect((await t.http().get(`/v1/jobs/${ownJob.id}/pipeline`).set(bearer(manager))).status).toBe(200);
      expect((await t.http().get(`/v1/jobs/${otherJob.id}/pipeline`).set(bearer(manager))).status).toBe(404);
      const search = await t.http().get('/v1/candidates').set(bearer(manager));
      expect(search.body.data.map((c: { id: string }) => c.id)).toEqual([ownApp.candidateId]);
      const move = await t.http().post(`/v1/applications/${ownApp.id}/move`).set(bearer(manager)).send({ toStageId: ownJob.stages[1].id, expectedVersion: 1 });
      expect(move.status).toBe(200);
      const notes = await t.http().get(`/v1/candidates/${ownApp.candidateId}/notes`).set(bearer(manager));
      expect(notes.body.data).toHaveLength(2);
    });

    it('interviewers read only the applications they interview, without private notes, and may change nothing (403)', async () => {
      const got = await t.http().get(`/v1/applications/${ownApp.id}`).set(bearer(interviewer));
      expect(got.status).toBe(200);
      expect((await t.http().get(`/v1/applications/${otherApp.id}`).set(bearer(interviewer))).status).toBe(404);
      const notes = await t.http().get(`/v1/candidates/${ownApp.candidateId}/notes`).set(bearer(interviewer));
      expect(notes.body.data.map((n: { body: string }) => n.body)).toEqual(['public remark']);
      const activity = await t.http().get(`/v1/candidates/${ownApp.candidateId}/activity`).set(bearer(interviewer));
      expect(activity.body.data.some((e: { private: boolean }) => e.private)).toBe(false);
      const before = await pipelineWrites(org.id);
      const move = await t
        .http()
        .post(`/v1/applications/${ownApp.id}/move`)
        .set(bearer(interviewer))
        .send({ toStageId: ownJob.stages[2].id, expectedVersion: got.body.version });
      expect(move.status).toBe(403);
      expect(move.headers['content-type']).toMatch(/problem\+json/);
      expect((await t.http().patch(`/v1/candidates/${ownApp.candidateId}`).set(bearer(interviewer)).send({ version: 1, location: 'x' })).status).toBe(403);
      expect(
        (await t.http().post(`/v1/applications/${otherApp.id}/move`).set(bearer(interviewer)).send({ toStageId: otherJob.stages[1].id, expectedVersion: 1 }))
          .status,
      ).toBe(404);
      expect((await t.http().post('/v1/candidates').set(bearer(interviewer)).send({ firstName: 'A', lastName: 'B' })).status).toBe(403);
      expect((await t.http().get(`/v1/jobs/${ownJob.id}/pipeline`).set(bearer(interviewer))).status).toBe(403);
      const list = await t.http().get(`/v1/jobs/${ownJob.id}/applications`).set(bearer(interviewer));
      expect(list.body.data.map((a: { id: string }) => a.id)).toEqual([ownApp.id]);
      const listed = await t.http().get(`/v1/applications?jobId=${ownJob.id}`).set(bearer(interviewer));
      expect(listed.body.data.map((a: { id: string }) => a.id)).toEqual([ownApp.id]);
      expect(await pipelineWrites(org.id)).toEqual(before);
    });

    it('a hiring manager may not merge candidates or create rejection reasons (403)', async () => {
      const c = await makeCandidate(t, recruiter);
      expect((await t.http().post(`/v1/candidates/${ownApp.candidateId}/merge`).set(bearer(manager)).send({ otherId: c.id })).status).toBe(403);
      expect((await t.http().post('/v1/rejection-reasons').set(bearer(manager)).send({ label: 'x' })).status).toBe(403);
    });
  });
});
