import { TenantContext } from '../../libs/platform/src/index.js';
import { ApplicationIntake } from '../../libs/pipelines/src/index.js';
import { startTestApp, TestApp } from '../support/app.js';
import { closeTestDb, count, testDb } from '../support/db.js';
import { bearer, makeOrg, makeUser, TestOrg, TestUser, unique } from '../support/factories.js';
import { makeApplication, makeCandidate, makePipelineJob, PipelineJob, pipelineWrites } from '../support/pipelines-fixtures.js';

const PROBLEM = /application\/problem\+json/;

describe('pipelines: applications, moves, rejections', () => {
  let t: TestApp;
  let org: TestOrg;
  let recruiter: TestUser;
  let job: PipelineJob;
  let otherJob: PipelineJob;

  beforeAll(async () => {
    t = await startTestApp();
    org = await makeOrg(t);
    recruiter = await makeUser(t, org, ['recruiter']);
    job = await makePipelineJob(org.id, { team: [{ userId: recruiter.id, role: 'recruiter' }] });
    otherJob = await makePipelineJob(org.id);
  });
  afterAll(async () => {
    await t.close();
    await closeTestDb();
  });

  const reasonId = async () => (await t.http().get('/v1/rejection-reasons').set(bearer(recruiter))).body.data[0].id as string;

  describe('POST /v1/applications', () => {
    it('creates an application in the first stage with a history row, audit and outbox event', async () => {
      const candidate = await makeCandidate(t, recruiter);
      const res = await t.http().post('/v1/applications').set(bearer(recruiter)).send({ candidateId: candidate.id, jobId: job.id, source: 'referral' });
      expect(res.status).toBe(201);
      expect(res.body).toMatchObject({ candidateId: candidate.id, jobId: job.id, stageId: job.stages[0].id, status: 'active', source: 'referral', version: 1 });
      expect(await count('application_moves', `application_id = $1 AND kind = 'created'`, [res.body.id])).toBe(1);
      expect(await count('audit_log', `entity_type = 'application' AND entity_id = $1`, [res.body.id])).toBe(1);
      expect(await count('outbox_events', `aggregate_id = $1 AND event_type = 'pipelines.application-created'`, [res.body.id])).toBe(1);
    });

    it('creates a new candidate together with the application', async () => {
      const email = `${unique('new')}@Example.test`;
      const res = await t
        .http()
        .post('/v1/applications')
        .set(bearer(recruiter))
        .send({ jobId: job.id, candidate: { firstName: 'Nia', lastName: 'Okafor', emails: [email] } });
      expect(res.status).toBe(201);
      expect(await count('candidate_emails', 'email = $1 AND candidate_id = $2', [email.toLowerCase(), res.body.candidateId])).toBe(1);
    });

    it('answers a second active application for the same candidate and job with 409 and writes nothing', async () => {
      const app = await makeApplication(t, recruiter, job.id);
      const before = await pipelineWrites(org.id);
      const res = await t.http().post('/v1/applications').set(bearer(recruiter)).send({ candidateId: app.candidateId, jobId: job.id });
      expect(res.status).toBe(409);
      expect(res.headers['content-type']).toMatch(PROBLEM);
      expect(res.body).toMatchObject({ code: 'pipelines.active_application_exists', existingApplicationId: app.id });
      expect(await pipelineWrites(org.id)).toEqual(before);
    });

    it.each([
      ['neither candidateId nor candidate', {}, 'candidate'],
      ['both candidateId and candidate', { candidateId: '00000000-0000-4000-8000-000000000000', candidate: { firstName: 'A', lastName: 'B' } }, 'candidateId'],
      ['a bad jobId', { jobId: 'nope', candidateId: '00000000-0000-4000-8000-000000000000' }, 'jobId'],
      ['an invalid inline email', { candidate: { firstName: 'A', lastName: 'B', emails: ['not-an-email'] } }, 'candidate.emails'],
      ['an unknown field', { candidateId: '00000000-0000-4000-8000-000000000000', stageId: 'x' }, 'stageId'],
    ])('rejects %s with 400 naming the field and writes nothing', async (_label, patch, field) => {
      const before = await pipelineWrites(org.id);
      const res = await t
        .http()
        .post('/v1/applications')
        .set(bearer(recruiter))
        .send({ jobId: job.id, ...patch });
      expect(res.status).toBe(400);
      expect(res.headers['content-type']).toMatch(PROBLEM);
      expect(res.body.errors.map((e: { field: string }) => e.field)).toContain(field);
      expect(await pipelineWrites(org.id)).toEqual(before);
    });

    it('answers a job of another organization with 404 and a closed job with 409', async () => {
      const other = await makeOrg(t);
      const foreignJob = await makePipelineJob(other.id);
      const candidate = await makeCandidate(t, recruiter);
      const before = await pipelineWrites(org.id);
      const foreign = await t.http().post('/v1/applications').set(bearer(recruiter)).send({ candidateId: candidate.id, jobId: foreignJob.id });
      expect(foreign.status).toBe(404);
      expect(foreign.body.errors[0].field).toBe('jobId');
      const closed = await makePipelineJob(org.id, { status: 'closed' });
      const res = await t.http().post('/v1/applications').set(bearer(recruiter)).send({ candidateId: candidate.id, jobId: closed.id });
      expect(res.status).toBe(409);
      expect(res.body.code).toBe('pipelines.job_closed');
      expect(await pipelineWrites(org.id)).toEqual(before);
    });
  });

  describe('POST /v1/applications/:id/move', () => {
    it('moves, bumps the version and records from, to, actor, note and time spent', async () => {
      const app = await makeApplication(t, recruiter, job.id);
      const db = await testDb();
      await db.query(`UPDATE applications SET stage_entered_at = now() - interval '2 days' WHERE id = $1`, [app.id]);
      const res = await t
        .http()
        .post(`/v1/applications/${app.id}/move`)
        .set(bearer(recruiter))
        .send({ toStageId: job.stages[1].id, expectedVersion: 1, note: 'strong CV' });
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ stageId: job.stages[1].id, version: 2, status: 'active' });
      const detail = await t.http().get(`/v1/applications/${app.id}`).set(bearer(recruiter));
      expect(detail.status).toBe(200);
      const move = detail.body.moves.find((m: { kind: string }) => m.kind === 'moved');
      expect(move).toMatchObject({ fromStageId: job.stages[0].id, toStageId: job.stages[1].id, actorId: recruiter.id, note: 'strong CV' });
      expect(move.secondsInStage).toBeGreaterThanOrEqual(2 * 86400 - 5);
      expect(await count('outbox_events', `aggregate_id = $1 AND event_type = 'pipelines.application-moved'`, [app.id])).toBe(1);
    });

    it('ten concurrent moves with the same expectedVersion: exactly one 200, nine 409, one move in history', async () => {
      const app = await makeApplication(t, recruiter, job.id);
      const responses = await Promise.all(
        Array.from({ length: 10 }, (_, i) =>
          t
            .http()
            .post(`/v1/applications/${app.id}/move`)
            .set(bearer(recruiter))
            .send({ toStageId: job.stages[1 + (i % 3)].id, expectedVersion: 1 }),
        ),
      );
      const statuses = responses.map((r) => r.status).sort();
      expect(statuses).toEqual([200, 409, 409, 409, 409, 409, 409, 409, 409, 409]);
      for (const r of responses.filter((x) => x.status === 409)) expect(r.body.code).toBe('pipelines.stale_version');
      expect(await count('application_moves', `application_id = $1 AND kind = 'moved'`, [app.id])).toBe(1);
      expect(await count('audit_log', `entity_type = 'application' AND entity_id = $1 AND action = 'moved'`, [app.id])).toBe(1);
    });

    it('answers a stale version with 409, a stage of another job with 422, and writes nothing', async () => {
      const app = await makeApplication(t, recruiter, job.id);
      const before = await pipelineWrites(org.id);
      const stale = await t.http().post(`/v1/applications/${app.id}/move`).set(bearer(recruiter)).send({ toStageId: job.stages[1].id, expectedVersion: 7 });
      expect(stale.status).toBe(409);
      expect(stale.body).toMatchObject({ code: 'pipelines.stale_version', currentVersion: 1 });
      expect(stale.body.errors[0].field).toBe('expectedVersion');
      const foreign = await t
        .http()
        .post(`/v1/applications/${app.id}/move`)
        .set(bearer(recruiter))
        .send({ toStageId: otherJob.stages[1].id, expectedVersion: 1 });
      expect(foreign.status).toBe(422);
      expect(foreign.headers['content-type']).toMatch(PROBLEM);
      expect(foreign.body.errors[0].field).toBe('toStageId');
      const same = await t.http().post(`/v1/applications/${app.id}/move`).set(bearer(recruiter)).send({ toStageId: job.stages[0].id, expectedVersion: 1 });
      expect(same.status).toBe(422);
      expect(await pipelineWrites(org.id)).toEqual(before);
    });

    it.each([
      ['a missing expectedVersion', { toStageId: '00000000-0000-4000-8000-000000000000' }, 'expectedVersion'],
      ['a non-uuid toStageId', { toStageId: 'x', expectedVersion: 1 }, 'toStageId'],
      ['a zero version', { toStageId: '00000000-0000-4000-8000-000000000000', expectedVersion: 0 }, 'expectedVersion'],
      ['an unknown field', { toStageId: '00000000-0000-4000-8000-000000000000', expectedVersion: 1, force: true }, 'force'],
    ])('rejects %s with 400 and writes nothing', async (_label, body, field) => {
      const app = await makeApplication(t, recruiter, job.id);
      const before = await pipelineWrites(org.id);
      const res = await t.http().post(`/v1/applications/${app.id}/move`).set(bearer(recruiter)).send(body);
      expect(res.status).toBe(400);
      expect(res.headers['content-type']).toMatch(PROBLEM);
      expect(res.body.errors.map((e: { field: string }) => e.field)).toContain(field);
      expect(await pipelineWrites(org.id)).toEqual(before);
    });

    it('refuses to move rejected, withdrawn or hired applications (409)', async () => {
      const rejected = await makeApplication(t, recruiter, job.id);
      expect(
        (
          await t
            .http()
            .post(`/v1/applications/${rejected.id}/reject`)
            .set(bearer(recruiter))
            .send({ reasonId: await reasonId() })
        ).status,
      ).toBe(200);
      const withdrawn = await makeApplication(t, recruiter, job.id);
      expect((await t.http().post(`/v1/applications/${withdrawn.id}/withdraw`).set(bearer(recruiter)).send({})).status).toBe(200);
      const hired = await makeApplication(t, recruiter, job.id);
      const hire = await t.http().post(`/v1/applications/${hired.id}/move`).set(bearer(recruiter)).send({ toStageId: job.stages[4].id, expectedVersion: 1 });
      expect(hire.body.status).toBe('hired');
      for (const [app, version] of [
        [rejected, 2],
        [withdrawn, 2],
        [hired, 2],
      ] as const) {
        const res = await t
          .http()
          .post(`/v1/applications/${app.id}/move`)
          .set(bearer(recruiter))
          .send({ toStageId: job.stages[2].id, expectedVersion: version });
        expect(res.status).toBe(409);
        expect(res.body.code).toBe('pipelines.application_not_active');
      }
    });

    it('answers an application of another organization and a malformed id with 404', async () => {
      const other = await makeOrg(t);
      const otherJobForeign = await makePipelineJob(other.id);
      const foreignApp = await makeApplication(t, other.admin, otherJobForeign.id);
      const res = await t
        .http()
        .post(`/v1/applications/${foreignApp.id}/move`)
        .set(bearer(recruiter))
        .send({ toStageId: otherJobForeign.stages[1].id, expectedVersion: 1 });
      expect(res.status).toBe(404);
      expect((await t.http().get(`/v1/applications/${foreignApp.id}`).set(bearer(recruiter))).status).toBe(404);
      expect((await t.http().get(`/v1/applications/not-a-uuid`).set(bearer(recruiter))).status).toBe(404);
    });
  });

  describe('reject, withdraw, reopen and rejection reasons', () => {
    it('seeds default rejection reasons and adds new ones (409 on a duplicate label)', async () => {
      const list = await t.http().get('/v1/rejection-reasons').set(bearer(recruiter));
      expect(list.status).toBe(200);
      expect(list.body.data.length).toBeGreaterThanOrEqual(5);
      expect(list.body.data[0]).toMatchObject({ builtIn: true });
      const label = unique('Needs more Go ');
      const created = await t.http().post('/v1/rejection-reasons').set(bearer(recruiter)).send({ label });
      expect(created.status).toBe(201);
      expect(created.body).toMatchObject({ label, kind: 'rejected', builtIn: false });
      const dup = await t.http().post('/v1/rejection-reasons').set(bearer(recruiter)).send({ label: label.toUpperCase() });
      expect(dup.status).toBe(409);
      expect(dup.body.errors[0].field).toBe('label');
      const before = await pipelineWrites(org.id);
      const bad = await t.http().post('/v1/rejection-reasons').set(bearer(recruiter)).send({ label: '', kind: 'nope' });
      expect(bad.status).toBe(400);
      expect(bad.body.errors.map((e: { field: string }) => e.field)).toEqual(expect.arrayContaining(['label', 'kind']));
      const unknownField = await t
        .http()
        .post('/v1/rejection-reasons')
        .set(bearer(recruiter))
        .send({ label: unique('Fine '), colour: 'red' });
      expect(unknownField.status).toBe(400);
      expect(unknownField.body.errors.map((e: { field: string }) => e.field)).toContain('colour');
      const dupAgain = await t.http().post('/v1/rejection-reasons').set(bearer(recruiter)).send({ label });
      expect(dupAgain.status).toBe(409);
      expect(await pipelineWrites(org.id)).toEqual(before);
    });

    it('rejects with a reason (outbox carries notifyCandidate), reopens, and withdraws', async () => {
      const app = await makeApplication(t, recruiter, job.id);
      const reason = await reasonId();
      const rejected = await t
        .http()
        .post(`/v1/applications/${app.id}/reject`)
        .set(bearer(recruiter))
        .send({ reasonId: reason, note: 'not now', notifyCandidate: true });
      expect(rejected.status).toBe(200);
      expect(rejected.body).toMatchObject({ status: 'rejected', rejectionReasonId: reason, rejectionNote: 'not now', version: 2 });
      const db = await testDb();
      const [event] = await db.query(`SELECT payload FROM outbox_events WHERE aggregate_id = $1 AND event_type = 'pipelines.application-rejected'`, [app.id]);
      expect(event.payload).toMatchObject({ notifyCandidate: true, reasonId: reason });
      const again = await t.http().post(`/v1/applications/${app.id}/reject`).set(bearer(recruiter)).send({ reasonId: reason });
      expect(again.status).toBe(409);
      const reopened = await t.http().post(`/v1/applications/${app.id}/reopen`).set(bearer(recruiter)).send({});
      expect(reopened.status).toBe(200);
      expect(reopened.body).toMatchObject({ status: 'active', rejectionReasonId: null, version: 3 });
      const reopenActive = await t.http().post(`/v1/applications/${app.id}/reopen`).set(bearer(recruiter)).send({});
      expect(reopenActive.status).toBe(409);
      const withdrawn = await t.http().post(`/v1/applications/${app.id}/withdraw`).set(bearer(recruiter)).send({ note: 'took another offer' });
      expect(withdrawn.status).toBe(200);
      expect(withdrawn.body.status).toBe('withdrawn');
      expect(await count('application_moves', 'application_id = $1', [app.id])).toBe(4);
    });

    it('reopening while another active application exists for the same job is 409', async () => {
      const app = await makeApplication(t, recruiter, job.id);
      await t.http().post(`/v1/applications/${app.id}/withdraw`).set(bearer(recruiter)).send({});
      await makeApplication(t, recruiter, job.id, app.candidateId);
      const res = await t.http().post(`/v1/applications/${app.id}/reopen`).set(bearer(recruiter)).send({});
      expect(res.status).toBe(409);
      expect(res.body.code).toBe('pipelines.active_application_exists');
    });

    it('rejects an unknown or foreign reason with 422 naming reasonId, and a missing reason with 400; nothing written', async () => {
      const app = await makeApplication(t, recruiter, job.id);
      const before = await pipelineWrites(org.id);
      const unknown = await t
        .http()
        .post(`/v1/applications/${app.id}/reject`)
        .set(bearer(recruiter))
        .send({ reasonId: '00000000-0000-4000-8000-000000000000' });
      expect(unknown.status).toBe(422);
      expect(unknown.body.errors[0].field).toBe('reasonId');
      const missing = await t.http().post(`/v1/applications/${app.id}/reject`).set(bearer(recruiter)).send({ note: 'x' });
      expect(missing.status).toBe(400);
      expect(missing.body.errors[0].field).toBe('reasonId');
      const badNotify = await t.http().post(`/v1/applications/${app.id}/withdraw`).set(bearer(recruiter)).send({ expectedVersion: 'one' });
      expect(badNotify.status).toBe(400);
      expect(badNotify.body.errors[0].field).toBe('expectedVersion');
      expect(await pipelineWrites(org.id)).toEqual(before);
    });
  });

  describe('POST /v1/applications/bulk', () => {
    it('moves each item on its own and reports every result, including failures', async () => {
      const apps = await Promise.all([1, 2, 3].map(() => makeApplication(t, recruiter, job.id)));
      await t.http().post(`/v1/applications/${apps[1].id}/withdraw`).set(bearer(recruiter)).send({});
      const foreignApp = await makeApplication(t, recruiter, otherJob.id);
      const missing = '00000000-0000-4000-8000-000000000001';
      const res = await t
        .http()
        .post('/v1/applications/bulk')
        .set(bearer(recruiter))
        .send({ action: 'move', ids: [apps[0].id, apps[1].id, foreignApp.id, missing, apps[2].id], toStageId: job.stages[1].id });
      expect(res.status).toBe(200);
      expect(res.body.results.map((r: { id: string; ok: boolean; status: number }) => [r.id, r.ok, r.status])).toEqual([
        [apps[0].id, true, 200],
        [apps[1].id, false, 409],
        [foreignApp.id, false, 422],
        [missing, false, 404],
        [apps[2].id, true, 200],
      ]);
      expect(res.body.results[1].error.code).toBe('pipelines.application_not_active');
      // The moved items, and only those, have their history row, audit entry, timeline event and outbox event.
      const moved = [apps[0].id, apps[2].id];
      const refused = [apps[1].id, foreignApp.id];
      const toStage = job.stages[1].id;
      expect(res.body.results[0].application).toMatchObject({ id: apps[0].id, stageId: toStage, version: apps[0].version + 1 });
      expect(await count('applications', `id = ANY($1) AND stage_id = $2`, [moved, toStage])).toBe(2);
      expect(
        await count('application_moves', `application_id = ANY($1) AND kind = 'moved' AND to_stage_id = $2 AND seconds_in_stage >= 0`, [moved, toStage]),
      ).toBe(2);
      expect(await count('audit_log', `entity_id = ANY($1::text[]) AND action = 'moved'`, [moved])).toBe(2);
      expect(await count('activity_events', `application_id = ANY($1) AND kind = 'application.moved'`, [moved])).toBe(2);
      expect(await count('outbox_events', `aggregate_id = ANY($1::text[]) AND event_type = 'pipelines.application-moved'`, [moved])).toBe(2);
      expect(await count('application_moves', `application_id = ANY($1) AND kind = 'moved'`, [refused])).toBe(0);
      expect(await count('outbox_events', `aggregate_id = ANY($1::text[]) AND event_type = 'pipelines.application-moved'`, [refused])).toBe(0);
      // Webhooks hear of each moved application as of a single move, and of nothing refused.
      const announced = `aggregate_id = ANY($1::text[]) AND event_type = 'webhooks.fan-out' AND payload->>'type' = 'application.stage_changed'`;
      expect(await count('outbox_events', `${announced} AND payload->'data'->>'stageId' = $2`, [moved, toStage])).toBe(2);
      expect(await count('outbox_events', announced, [refused])).toBe(0);
      expect(await count('applications', `id = $1 AND status = 'withdrawn' AND stage_id <> $2`, [apps[1].id, toStage])).toBe(1);
    });

    it('rejects in bulk', async () => {
      const apps = await Promise.all([1, 2].map(() => makeApplication(t, recruiter, job.id)));
      const res = await t
        .http()
        .post('/v1/applications/bulk')
        .set(bearer(recruiter))
        .send({ action: 'reject', ids: apps.map((a) => a.id), reasonId: await reasonId() });
      expect(res.status).toBe(200);
      expect(res.body.results.every((r: { ok: boolean }) => r.ok)).toBe(true);
      expect(await count('applications', `id = ANY($1) AND status = 'rejected'`, [apps.map((a) => a.id)])).toBe(2);
    });

    it.each([
      [
        'more than 100 ids',
        {
          action: 'move',
          ids: Array.from({ length: 101 }, (_, i) => `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`),
          toStageId: '00000000-0000-4000-8000-000000000000',
        },
        'ids',
      ],
      ['no ids', { action: 'move', ids: [], toStageId: '00000000-0000-4000-8000-000000000000' }, 'ids'],
      ['move without toStageId', { action: 'move', ids: ['00000000-0000-4000-8000-000000000000'] }, 'toStageId'],
      ['reject without reasonId', { action: 'reject', ids: ['00000000-0000-4000-8000-000000000000'] }, 'reasonId'],
      ['an unknown action', { action: 'hire', ids: ['00000000-0000-4000-8000-000000000000'] }, 'action'],
    ])('rejects %s with 400 and writes nothing', async (_label, body, field) => {
      const before = await pipelineWrites(org.id);
      const res = await t.http().post('/v1/applications/bulk').set(bearer(recruiter)).send(body);
      expect(res.status).toBe(400);
      expect(res.headers['content-type']).toMatch(PROBLEM);
      expect(res.body.errors.map((e: { field: string }) => e.field)).toContain(field);
      expect(await pipelineWrites(org.id)).toEqual(before);
    });

    it('answers an unknown target stage with 422 for the whole request', async () => {
      const app = await makeApplication(t, recruiter, job.id);
      const before = await pipelineWrites(org.id);
      const res = await t
        .http()
        .post('/v1/applications/bulk')
        .set(bearer(recruiter))
        .send({ action: 'move', ids: [app.id], toStageId: '00000000-0000-4000-8000-000000000000' });
      expect(res.status).toBe(422);
      expect(res.body.errors[0].field).toBe('toStageId');
      const unknownReason = await t
        .http()
        .post('/v1/applications/bulk')
        .set(bearer(recruiter))
        .send({ action: 'reject', ids: [app.id], reasonId: '00000000-0000-4000-8000-000000000000' });
      expect(unknownReason.status).toBe(422);
      expect(unknownReason.body.errors[0].field).toBe('reasonId');
      expect(await pipelineWrites(org.id)).toEqual(before);
    });
  });

  describe('ApplicationIntake.applyFromBoard (public apply)', () => {
    it('creates the candidate once, reuses them by normalised email, and refuses a second active application', async () => {
      const applications = t.app.get(ApplicationIntake);
      const service = {
        applyFromBoard: (...args: Parameters<ApplicationIntake['applyFromBoard']>) => TenantContext.run(org.id, () => applications.applyFromBoard(...args)),
      };
      const email = `${unique('apply')}@example.test`;
      const first = await service.applyFromBoard(org.id, job.id, { firstName: 'Ana', lastName: 'Board', email, source: 'careers' });
      expect(first.candidateCreated).toBe(true);
      const second = await service.applyFromBoard(org.id, otherJob.id, {
        firstName: 'Ana',
        lastName: 'Board',
        email: `  ${email.toUpperCase()} `,
        source: 'linkedin',
      });
      expect(second).toMatchObject({ candidateId: first.candidateId, candidateCreated: false });
      await expect(service.applyFromBoard(org.id, job.id, { firstName: 'Ana', lastName: 'Board', email, source: 'careers' })).rejects.toMatchObject({
        code: 'pipelines.active_application_exists',
      });
      const [app] = await (await testDb()).query(`SELECT source, stage_id FROM applications WHERE id = $1`, [second.applicationId]);
      expect(app).toEqual({ source: 'linkedin', stage_id: otherJob.stages[0].id });
    });
  });

  describe('stage occupancy port', () => {
    it('refuses to remove a stage that holds applications (jobs module answers 409) and changes nothing', async () => {
      const occupied = await makePipelineJob(org.id);
      const app = await makeApplication(t, recruiter, occupied.id);
      const [first, ...rest] = occupied.stages;
      expect(app.stageId).toBe(first.id);
      const plan = async () =>
        (await testDb()).query<Record<string, unknown>[]>(`SELECT id, name, kind, position FROM job_stages WHERE job_id = $1 ORDER BY position`, [occupied.id]);
      const before = { plan: await plan(), writes: await pipelineWrites(org.id), jobAudit: await count('audit_log', 'entity_id = $1', [occupied.id]) };
      const res = await t
        .http()
        .put(`/v1/jobs/${occupied.id}/stages`)
        .set(bearer(org.admin))
        .send({ stages: rest.map((s) => ({ id: s.id, name: s.name, kind: s.kind })) });
      expect(res.status).toBe(409);
      expect(res.headers['content-type']).toMatch(/application\/problem\+json/);
      expect(res.body).toMatchObject({ code: 'jobs.stage_occupied', occupiedStageIds: [first.id] });
      expect({ plan: await plan(), writes: await pipelineWrites(org.id), jobAudit: await count('audit_log', 'entity_id = $1', [occupied.id]) }).toEqual(before);
      expect(await count('applications', 'id = $1 AND stage_id = $2', [app.id, first.id])).toBe(1);
    });
  });
});
