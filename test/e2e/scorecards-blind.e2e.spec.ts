import { startTestApp, TestApp } from '../support/app.js';
import { closeTestDb, count, testDb } from '../support/db.js';
import { bearer, makeOrg, makeUser, TestOrg, TestUser } from '../support/factories.js';
import { hoursFromNow, makePipeline, Pipeline } from './interviews-fixtures.js';

const PROBLEM = /application\/problem\+json/;
const SECRET = 'Compared token bucket and sliding window with concrete numbers';

describe('scorecards: drafts, submission, corrections, blind until submitted, summary, calibration', () => {
  let t: TestApp;
  let org: TestOrg;
  let recruiter: TestUser;
  let ann: TestUser;
  let bob: TestUser;
  let hm: TestUser;
  let panelRecruiter: TestUser;
  let panelHm: TestUser;
  let p: Pipeline;
  let i1: string;
  let i2: string;

  const good = (rating: number, overall: string, evidence = SECRET) => ({
    ratings: [
      { competency: 'algorithm_and_concurrency', rating, evidence },
      { competency: 'failure_modes', rating: 'no_signal' },
    ],
    keyTakeaways: `takeaway ${overall}`,
    overall,
  });

  beforeAll(async () => {
    t = await startTestApp();
    org = await makeOrg(t);
    [recruiter, ann, bob, hm, panelRecruiter, panelHm] = await Promise.all([
      makeUser(t, org, ['recruiter']),
      makeUser(t, org, ['interviewer'], 'Ann'),
      makeUser(t, org, ['interviewer'], 'Bob'),
      makeUser(t, org, ['hiring_manager'], 'Hana'),
      makeUser(t, org, ['recruiter'], 'Rita'),
      makeUser(t, org, ['hiring_manager'], 'Hugo'),
    ]);
    // Hugo is a hiring manager of the job who also sits on a panel: blind like any panel member.
    p = await makePipeline(org, { recruiters: [recruiter.id], hiringManagers: [hm.id, panelHm.id] });
    const a = await t
      .http()
      .post(`/v1/applications/${p.applicationId}/interviews`)
      .set(bearer(recruiter))
      .send({
        stageId: p.stageId,
        startsAt: hoursFromNow(-3),
        durationMinutes: 60,
        interviewerIds: [ann.id, panelRecruiter.id, panelHm.id],
        location: 'Room 1',
      });
    const b = await t
      .http()
      .post(`/v1/applications/${p.applicationId}/interviews`)
      .set(bearer(recruiter))
      .send({ stageId: p.stageId, startsAt: hoursFromNow(-2), durationMinutes: 60, interviewerIds: [bob.id], location: 'Room 2' });
    expect([a.status, b.status]).toEqual([201, 201]);
    i1 = a.body.id;
    i2 = b.body.id;
  });
  afterAll(async () => {
    await t.close();
    await closeTestDb();
  });

  const put = (user: TestUser, interviewId: string, body: unknown) =>
    t
      .http()
      .put(`/v1/interviews/${interviewId}/scorecard`)
      .set(bearer(user))
      .send(body as object);
  const submit = (user: TestUser, interviewId: string, body: unknown = {}) =>
    t
      .http()
      .post(`/v1/interviews/${interviewId}/scorecard/submit`)
      .set(bearer(user))
      .send(body as object);
  /** Everything a user can read about the application's scorecards, as one string. */
  async function everythingVisibleTo(user: TestUser): Promise<string> {
    const reads = await Promise.all([
      t.http().get(`/v1/applications/${p.applicationId}/scorecards`).set(bearer(user)),
      t.http().get(`/v1/applications/${p.applicationId}/scorecard-summary`).set(bearer(user)),
      t.http().get(`/v1/candidates/${p.candidateId}/activity`).set(bearer(user)),
      t.http().get('/v1/notifications').set(bearer(user)),
      t.http().get('/v1/interviews').query({ applicationId: p.applicationId }).set(bearer(user)),
      t.http().get(`/v1/interviews/${i1}`).set(bearer(user)),
      t.http().get(`/v1/interviews/${i2}`).set(bearer(user)),
      t.http().get(`/v1/applications/${p.applicationId}`).set(bearer(user)),
      t.http().get('/v1/applications').query({ jobId: p.jobId }).set(bearer(user)),
      t.http().get(`/v1/candidates/${p.candidateId}`).set(bearer(user)),
      // The offers module's reads: the decision packet carries the summary and every submitted scorecard the reader may see.
      t.http().get(`/v1/applications/${p.applicationId}/decision-packet`).set(bearer(user)),
      t.http().get('/v1/decision-queue').set(bearer(user)),
    ]);
    return JSON.stringify(reads.map((r) => r.body));
  }

  it('saves a draft any number of times, visible to its author alone', async () => {
    expect((await put(bob, i2, { ratings: [{ competency: 'algorithm_and_concurrency', rating: 2 }] })).status).toBe(200);
    const second = await put(bob, i2, { ...good(1, 'strong_no', 'Bob-draft-evidence') });
    expect(second.status).toBe(200);
    expect(second.body).toMatchObject({ status: 'draft', version: 1, overall: 'strong_no' });
    expect(await count('scorecards', 'interview_id = $1', [i2])).toBe(1);
    const mine = await t.http().get(`/v1/interviews/${i2}/scorecard`).set(bearer(bob));
    expect(mine.body.current.ratings[0].evidence).toBe('Bob-draft-evidence');
    for (const reader of [recruiter, hm, org.admin]) expect(await everythingVisibleTo(reader)).not.toContain('Bob-draft-evidence');
  });

  it.each([
    ['a competency not in the kit', { ratings: [{ competency: 'telepathy', rating: 3 }] }, 422, 'ratings[0].competency'],
    ['a rating out of range', { ratings: [{ competency: 'failure_modes', rating: 5 }] }, 422, 'ratings[0].rating'],
    ['a text rating', { ratings: [{ competency: 'failure_modes', rating: 'great' }] }, 422, 'ratings[0].rating'],
    ['an unknown overall', { overall: 'maybe' }, 400, 'overall'],
    ['an unknown field', { mood: 'happy' }, 400, 'mood'],
  ])('rejects a draft with %s (%i, field path), writing nothing', async (_label, body, status, field) => {
    const written = async () => [await count('scorecards', 'organization_id = $1', [org.id]), await count('audit_log', 'organization_id = $1', [org.id])];
    const before = await written();
    const res = await put(ann, i1, body);
    expect(res.status).toBe(status);
    expect(res.headers['content-type']).toMatch(PROBLEM);
    expect(res.body.errors.map((e: { field: string }) => e.field)).toContain(field);
    expect(await written()).toEqual(before);
  });

  it('refuses to submit with evidence missing for a 1 or a 4, or without overall (422, nothing written)', async () => {
    const before = await count('scorecards', "organization_id = $1 AND status = 'submitted'", [org.id]);
    const noEvidence = await submit(ann, i1, { ratings: [{ competency: 'algorithm_and_concurrency', rating: 4 }], overall: 'yes' });
    expect(noEvidence.status).toBe(422);
    expect(noEvidence.headers['content-type']).toMatch(PROBLEM);
    expect(noEvidence.body.errors).toEqual([expect.objectContaining({ field: 'ratings[0].evidence' })]);
    const noOverall = await submit(ann, i1, { ratings: [{ competency: 'algorithm_and_concurrency', rating: 3 }] });
    expect(noOverall.status).toBe(422);
    expect(noOverall.body.errors.map((e: { field: string }) => e.field)).toContain('overall');
    expect(await count('scorecards', "organization_id = $1 AND status = 'submitted'", [org.id])).toBe(before);
    expect(await count('scorecards', 'interview_id = $1 AND interviewer_id = $2', [i1, ann.id])).toBe(0);
  });

  it('answers someone not on the interview with 404 (interviewer) or 403 (recruiter), writing nothing', async () => {
    const other = await makeOrg(t);
    // Anything these requests could write is a scorecard of our organization or of the other one, or one on i1.
    const scorecards = () => count('scorecards', 'organization_id IN ($1, $2) OR interview_id = $3', [org.id, other.id, i1]);
    const before = await scorecards();
    const asBob = await put(bob, i1, good(3, 'yes'));
    expect(asBob.status).toBe(404);
    expect(asBob.headers['content-type']).toMatch(PROBLEM);
    const asRecruiter = await put(recruiter, i1, good(3, 'yes'));
    expect(asRecruiter.status).toBe(403);
    expect(asRecruiter.headers['content-type']).toMatch(PROBLEM);
    expect((await submit(hm, i1, good(3, 'yes'))).status).toBe(403);
    expect((await put(other.admin, i1, good(3, 'yes'))).status).toBe(404);
    expect(await scorecards()).toBe(before);
  });

  it('is blind until submitted across every endpoint, for interviewers and for a recruiter and a hiring manager on the panel; then sees all submitted', async () => {
    // Ann submits; Bob (on the panel, draft only) and Rita (recruiter on the panel, nothing yet) must see nothing of it.
    const submitted = await submit(ann, i1, good(4, 'strong_yes'));
    expect(submitted.status).toBe(200);
    expect(submitted.body).toMatchObject({ status: 'submitted', version: 1 });
    expect(await count('audit_log', "entity_type = 'scorecard' AND entity_id = $1 AND action = 'submit'", [submitted.body.id])).toBe(1);

    for (const blindUser of [bob, panelRecruiter, panelHm]) {
      const seen = await everythingVisibleTo(blindUser);
      expect(seen).not.toContain(SECRET);
      expect(seen).not.toContain('takeaway strong_yes');
      expect(seen).not.toContain('"overall":"strong_yes"');
      expect(seen).not.toContain('"strong_yes":1');
      expect(seen).not.toContain(submitted.body.id);
      const list = await t.http().get(`/v1/applications/${p.applicationId}/scorecards`).set(bearer(blindUser));
      expect(list.status).toBe(200);
      expect(list.body.blind).toBe(true);
      expect(list.body.data.every((s: { interviewerId: string }) => s.interviewerId === blindUser.id)).toBe(true);
      const summary = await t.http().get(`/v1/applications/${p.applicationId}/scorecard-summary`).set(bearer(blindUser));
      expect(summary.body).toMatchObject({ blind: true, submitted: 0, overall: { strong_no: 0, no: 0, yes: 0, strong_yes: 0 } });
    }
    // The decision packet, read by the recruiter and the hiring manager on the panel, is blind as well
    // (its list of who still owes a scorecard is not scorecard content and stays complete).
    for (const blindReader of [panelRecruiter, panelHm]) {
      const packet = await t.http().get(`/v1/applications/${p.applicationId}/decision-packet`).set(bearer(blindReader));
      expect(packet.status).toBe(200);
      expect(packet.body.scorecards).toMatchObject({
        blind: true,
        submitted: [],
        summary: { submitted: 0, overall: { strong_no: 0, no: 0, yes: 0, strong_yes: 0 } },
      });
      expect(packet.body.missing.owedScorecards.map((o: { interviewerId: string }) => o.interviewerId)).toEqual(
        expect.arrayContaining([bob.id, panelRecruiter.id, panelHm.id]),
      );
    }
    const seenByManager = await t.http().get(`/v1/applications/${p.applicationId}/decision-packet`).set(bearer(hm));
    expect(seenByManager.body.scorecards).toMatchObject({ blind: false, summary: { submitted: 1 } });
    expect(seenByManager.body.scorecards.submitted.map((s: { id: string }) => s.id)).toEqual([submitted.body.id]);

    // Not on the panel: the recruiter, the job's hiring manager and the admin see the submitted scorecard, not drafts.
    for (const reader of [recruiter, hm, org.admin]) {
      const list = await t.http().get(`/v1/applications/${p.applicationId}/scorecards`).set(bearer(reader));
      expect(list.body.blind).toBe(false);
      expect(list.body.data.map((s: { id: string }) => s.id)).toEqual([submitted.body.id]);
    }

    // Bob submits his own, and now sees Ann's.
    expect(
      (await submit(bob, i2, { ratings: [{ competency: 'algorithm_and_concurrency', rating: 1, evidence: 'Read-modify-write race not seen' }] })).status,
    ).toBe(200);
    const after = await t.http().get(`/v1/applications/${p.applicationId}/scorecards`).set(bearer(bob));
    expect(after.body.blind).toBe(false);
    expect(after.body.data).toHaveLength(2);
    expect(JSON.stringify(after.body)).toContain(SECRET);
    // Rita and Hugo, still blind, still see nothing.
    expect(await everythingVisibleTo(panelRecruiter)).not.toContain(SECRET);
    expect(await everythingVisibleTo(panelHm)).not.toContain(SECRET);
  });

  it('summarises: per competency ratings, mean, spread, disagreement; overall tally; who still owes', async () => {
    const res = await t.http().get(`/v1/applications/${p.applicationId}/scorecard-summary`).set(bearer(recruiter));
    expect(res.status).toBe(200);
    const algorithm = res.body.competencies.find((c: { competency: string }) => c.competency === 'algorithm_and_concurrency');
    expect(algorithm).toMatchObject({ mean: 2.5, spread: 3, disagreement: true });
    expect(algorithm.ratings).toHaveLength(2);
    expect(res.body.overall).toEqual({ strong_no: 1, no: 0, yes: 0, strong_yes: 1 });
    expect(res.body.owed).toEqual([
      expect.objectContaining({ interviewId: i1, interviewerId: panelHm.id, interviewerName: 'Hugo' }),
      expect.objectContaining({ interviewId: i1, interviewerId: panelRecruiter.id, interviewerName: 'Rita' }),
    ]);
  });

  it('makes a submitted scorecard immutable: saving or submitting again is 409 with nothing written; the database refuses updates too', async () => {
    const written = async () => [
      await count('scorecards', 'organization_id = $1', [org.id]),
      await count('audit_log', 'organization_id = $1', [org.id]),
      await count('activity_events', 'organization_id = $1', [org.id]),
      JSON.stringify(await (await testDb()).query(`SELECT id, overall, key_takeaways, updated_at FROM scorecards WHERE interview_id = $1 ORDER BY id`, [i1])),
    ];
    const before = await written();
    const again = await submit(ann, i1, good(3, 'yes'));
    expect(again.status).toBe(409);
    expect(again.headers['content-type']).toMatch(PROBLEM);
    expect((await put(ann, i1, good(3, 'yes'))).status).toBe(409);
    expect(await written()).toEqual(before);
    const db = await testDb();
    await expect(db.query(`UPDATE scorecards SET overall = 'no' WHERE interview_id = $1 AND interviewer_id = $2`, [i1, ann.id])).rejects.toThrow(/immutable/);
  });

  it('corrects a submitted scorecard as a new version with the reason, audited; both versions stay readable', async () => {
    const noReason = await t.http().post(`/v1/interviews/${i1}/scorecard/corrections`).set(bearer(ann)).send({ overall: 'yes' });
    expect(noReason.status).toBe(400);
    expect(noReason.body.errors[0].field).toBe('reason');
    const res = await t.http().post(`/v1/interviews/${i1}/scorecard/corrections`).set(bearer(ann)).send({ overall: 'yes', reason: 'Mixed up two candidates' });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ version: 2, status: 'submitted', current: true, overall: 'yes', correctionReason: 'Mixed up two candidates' });
    expect(await count('audit_log', "entity_type = 'scorecard' AND entity_id = $1 AND action = 'correct'", [res.body.id])).toBe(1);
    const mine = await t.http().get(`/v1/interviews/${i1}/scorecard`).set(bearer(ann));
    expect(mine.body.versions.map((v: { version: number; current: boolean }) => [v.version, v.current])).toEqual([
      [1, false],
      [2, true],
    ]);
    const list = await t.http().get(`/v1/applications/${p.applicationId}/scorecards`).set(bearer(recruiter));
    expect(list.body.data.filter((s: { interviewerId: string }) => s.interviewerId === ann.id)).toHaveLength(2);
    const summary = await t.http().get(`/v1/applications/${p.applicationId}/scorecard-summary`).set(bearer(recruiter));
    expect(summary.body.overall).toEqual({ strong_no: 1, no: 0, yes: 1, strong_yes: 0 });
    const bad = await t
      .http()
      .post(`/v1/interviews/${i1}/scorecard/corrections`)
      .set(bearer(ann))
      .send({ reason: 'x', ratings: [{ competency: 'nope', rating: 2 }] });
    expect(bad.status).toBe(422);
    expect(await count('scorecards', 'interview_id = $1 AND interviewer_id = $2', [i1, ann.id])).toBe(2);
  });

  it('keeps other organizations out (404) and blocks interviewers not on the panel (404)', async () => {
    const other = await makeOrg(t);
    expect((await t.http().get(`/v1/applications/${p.applicationId}/scorecards`).set(bearer(other.admin))).status).toBe(404);
    const stranger = await makeUser(t, org, ['interviewer']);
    expect((await t.http().get(`/v1/applications/${p.applicationId}/scorecard-summary`).set(bearer(stranger))).status).toBe(404);
  });

  it('reports interviewer calibration to admins and recruiters only', async () => {
    const res = await t.http().get('/v1/reports/interviewers').set(bearer(recruiter));
    expect(res.status).toBe(200);
    const byName = Object.fromEntries(res.body.data.map((r: { interviewerName: string }) => [r.interviewerName, r]));
    expect(byName.Ann).toMatchObject({ submitted: 1, tendency: 'lenient', lateShare: 0, noSignalShare: 0.5 });
    expect(byName.Bob).toMatchObject({ submitted: 1, tendency: 'severe' });
    expect((await t.http().get('/v1/reports/interviewers').set(bearer(ann))).status).toBe(403);
    const bad = await t.http().get('/v1/reports/interviewers').query({ from: 'last week' }).set(bearer(recruiter));
    expect(bad.status).toBe(400);
    expect(bad.body.errors[0].field).toBe('from');
    // No decision yet: agreement is unknown.
    expect(byName.Ann).toMatchObject({ decided: 0, decisionAgreement: null, medianHoursToSubmit: expect.any(Number) });
  });

  it("measures agreement against the hiring decision record, not the application's status", async () => {
    // An offer decision leaves the application active (in the offer stage): only the decision record says "hire".
    await (
      await testDb()
    ).query(`INSERT INTO job_stages (organization_id, job_id, position, name, kind) VALUES ($1, $2, 2, 'Offer', 'offer')`, [org.id, p.jobId]);
    const decided = await t
      .http()
      .post(`/v1/applications/${p.applicationId}/decision`)
      .set(bearer(hm))
      .send({ decision: 'offer', rationale: 'Strong design depth outweighs one severe scorecard.', acknowledgeMissingFeedback: true });
    expect(decided.status).toBe(201);
    expect(decided.body.application.status).toBe('active');
    const res = await t.http().get('/v1/reports/interviewers').set(bearer(org.admin));
    expect(res.status).toBe(200);
    const byName = Object.fromEntries(res.body.data.map((r: { interviewerName: string }) => [r.interviewerName, r]));
    // Ann (corrected to yes) agreed with the offer; Bob (strong_no) did not.
    expect(byName.Ann).toMatchObject({ decided: 1, decisionAgreement: 1 });
    expect(byName.Bob).toMatchObject({ decided: 1, decisionAgreement: 0 });
  });
});
