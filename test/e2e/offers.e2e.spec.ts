import { TenantContext } from '../../libs/platform/src/index.js';
import { OfferExpiry } from '../../libs/offers/src/index.js';
import { startTestApp, TestApp } from '../support/app.js';
import { closeTestDb, count, testDb } from '../support/db.js';
import { bearer, makeOrg, makeUser, TestOrg, TestUser } from '../support/factories.js';
import { apply, dateIn, daysFromNow, HiringJob, makeHiringJob, makeLivePosting, offerWrites, settledOfferWrites } from '../support/offers-fixtures.js';

const PROBLEM = /application\/problem\+json/;
const RATIONALE = 'Strong system design and clear communication across every interview.';
const inBand = (patch: Record<string, unknown> = {}) => ({
  base: { amount: 120000, currency: 'EUR', period: 'YEAR' },
  bonus: { amount: 10000, currency: 'EUR', kind: 'signing' },
  equity: { amount: 4000, type: 'options', vestingYears: 4 },
  startDate: dateIn(30),
  expiresAt: daysFromNow(7),
  notes: 'Remote within the EU',
  ...patch,
});

describe('offers: decisions, offers, approval chains, hire', () => {
  let t: TestApp;
  let org: TestOrg;
  let admin: TestUser;
  let recruiter: TestUser;
  let hm: TestUser;
  let otherHm: TestUser;
  let interviewer: TestUser;
  let job: HiringJob;

  beforeAll(async () => {
    t = await startTestApp();
    org = await makeOrg(t);
    admin = org.admin;
    [recruiter, hm, otherHm, interviewer] = await Promise.all([
      makeUser(t, org, ['recruiter'], 'Rita Recruiter'),
      makeUser(t, org, ['hiring_manager'], 'Hal Manager'),
      makeUser(t, org, ['hiring_manager'], 'Olga Other'),
      makeUser(t, org, ['interviewer'], 'Ivan Interviewer'),
    ]);
    job = await newJob();
  });
  afterAll(async () => {
    await t.close();
    await closeTestDb();
  });

  function newJob(
    openings = 1,
    band?: { min: number; max: number; currency: string; period: string } | null,
    o: TestOrg = org,
    team = [hm, recruiter, interviewer],
  ) {
    const roles = ['hiring_manager', 'recruiter', 'interviewer'];
    return makeHiringJob(o.id, { openings, band, team: team.map((u, i) => ({ userId: u.id, role: roles[i] })) });
  }

  const post = (user: TestUser, path: string, body: Record<string, unknown> = {}) => t.http().post(path).set(bearer(user)).send(body);
  const get = (user: TestUser, path: string) => t.http().get(path).set(bearer(user));
  const patch = (user: TestUser, path: string, body: Record<string, unknown>) => t.http().patch(path).set(bearer(user)).send(body);

  /** An application moved to the offer stage by the hiring manager's decision. */
  async function inOfferStage(j: HiringJob = job, by: TestUser = hm, r: TestUser = recruiter) {
    const app = await apply(t, r, j.id);
    const res = await post(by, `/v1/applications/${app.id}/decision`, { decision: 'offer', rationale: RATIONALE });
    if (res.status !== 201) throw new Error(`decision failed ${res.status} ${JSON.stringify(res.body)}`);
    return app;
  }

  async function draft(j: HiringJob = job, body = inBand()) {
    const app = await inOfferStage(j);
    const res = await post(recruiter, `/v1/applications/${app.id}/offers`, body);
    if (res.status !== 201) throw new Error(`offer failed ${res.status} ${JSON.stringify(res.body)}`);
    return { app, offer: res.body };
  }

  /** Drafted, submitted and approved along the default chain (hiring manager, then an admin). */
  async function approved(j: HiringJob = job) {
    const { app, offer } = await draft(j);
    expect((await post(recruiter, `/v1/offers/${offer.id}/submit`)).status).toBe(200);
    expect((await post(hm, `/v1/offers/${offer.id}/approve`)).status).toBe(200);
    const res = await post(admin, `/v1/offers/${offer.id}/approve`, { comment: 'ok' });
    expect(res.body.status).toBe('approved');
    return { app, offer: res.body };
  }

  async function sent(j: HiringJob = job) {
    const { app, offer } = await approved(j);
    const res = await post(recruiter, `/v1/offers/${offer.id}/send`);
    expect(res.status).toBe(200);
    return { app, offer: res.body };
  }

  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- a supertest response, whose body is any
  async function expectUnchanged(request: () => Promise<{ status: number; body: any; headers: Record<string, string> }>, status: number, orgId = org.id) {
    const before = await settledOfferWrites(orgId);
    const res = await request();
    expect(res.status).toBe(status);
    expect(res.headers['content-type']).toMatch(PROBLEM);
    expect(await offerWrites(orgId)).toEqual(before);
    return res;
  }

  it('documents every offers route in the OpenAPI document', async () => {
    const doc = (await t.http().get('/docs-json')).body;
    for (const path of [
      '/v1/applications/{id}/decision-packet',
      '/v1/applications/{id}/decision',
      '/v1/applications/{id}/offers',
      '/v1/offers/{id}',
      '/v1/offers/{id}/approve',
      '/v1/offers/{id}/accept',
      '/v1/offer-settings',
      '/v1/reports/hiring',
    ]) {
      expect(doc.paths[path]).toBeDefined();
    }
    expect(doc.components.schemas.OfferDto.properties.status.enum).toEqual([
      'draft',
      'pending_approval',
      'approved',
      'sent',
      'accepted',
      'declined',
      'withdrawn',
      'expired',
    ]);
  });

  // --- settings -----------------------------------------------------------------------------

  describe('GET/PUT /v1/offer-settings', () => {
    it('defaults to the hiring manager then an admin, with the built-in template and its variables', async () => {
      const o = await makeOrg(t);
      const res = await get(o.admin, '/v1/offer-settings');
      expect(res.status).toBe(200);
      expect(res.body.approvalChain).toEqual([{ role: 'hiring_manager' }, { role: 'admin' }]);
      expect(res.body.offerTemplate).toContain('{{candidate_first_name}}');
      expect(res.body.offerTemplateVariables).toEqual(expect.arrayContaining(['candidate_name', 'base_salary', 'start_date']));
    });

    it('lets admins replace the chain and template, audited; others get 403', async () => {
      const o = await makeOrg(t);
      const rec = await makeUser(t, o, ['recruiter']);
      const vp = await makeUser(t, o, ['hiring_manager'], 'Vera VP');
      const body = {
        approvalChain: [{ userId: vp.id }, { role: 'admin' }],
        offerTemplate: '# Welcome {{candidate_name}}\n\n{{base_salary}} {{base_currency}}',
      };
      expect((await t.http().put('/v1/offer-settings').set(bearer(rec)).send(body)).status).toBe(403);
      const res = await t.http().put('/v1/offer-settings').set(bearer(o.admin)).send(body);
      expect(res.status).toBe(200);
      expect(res.body.approvalChain).toEqual(body.approvalChain);
      expect((await get(rec, '/v1/offer-settings')).body.offerTemplate).toBe(body.offerTemplate);
      expect(await count('audit_log', "entity_type = 'offer_settings' AND organization_id = $1", [o.id])).toBe(1);
    });

    it.each([
      ['unknown placeholder', { approvalChain: [], offerTemplate: 'Hi {{salary}}' }, 422, 'offerTemplate'],
      ['unknown user', { approvalChain: [{ userId: '00000000-0000-4000-8000-000000000000' }] }, 422, 'approvalChain.0.userId'],
      ['unknown role', { approvalChain: [{ role: 'ceo' }] }, 400, 'approvalChain.0.role'],
      ['unknown field', { approvalChain: [], extra: 1 }, 400, 'extra'],
    ])('refuses %s naming the field', async (_label, body, status, field) => {
      const o = await makeOrg(t);
      const res = await t.http().put('/v1/offer-settings').set(bearer(o.admin)).send(body);
      expect(res.status).toBe(status);
      expect(res.body.errors.map((e: { field: string }) => e.field)).toContain(field);
      expect((await get(o.admin, '/v1/offer-settings')).body.approvalChain).toEqual([{ role: 'hiring_manager' }, { role: 'admin' }]);
    });
  });

  // --- decision -----------------------------------------------------------------------------

  describe('decision packet and decision', () => {
    it('gives the packet to the hiring manager, recruiters and admins: candidate, job band, history with time in stage, missing items', async () => {
      const app = await apply(t, recruiter, job.id);
      expect((await post(recruiter, `/v1/applications/${app.id}/move`, { toStageId: job.stages.technical, expectedVersion: 1 })).status).toBe(200);
      for (const user of [hm, recruiter, admin]) {
        const res = await get(user, `/v1/applications/${app.id}/decision-packet`);
        expect(res.status).toBe(200);
        expect(res.body.candidate).toMatchObject({ id: app.candidateId, firstName: 'Ada' });
        expect(res.body.job).toMatchObject({ id: job.id, salaryBand: { min: 100000, max: 140000, currency: 'EUR', period: 'YEAR' } });
        expect(res.body.application).toMatchObject({ id: app.id, stageName: 'Technical interview' });
        expect(res.body.stageHistory.map((m: { kind: string }) => m.kind)).toEqual(['created', 'moved']);
        expect(res.body.timeInStages.map((s: { stageName: string }) => s.stageName)).toEqual(['Application review', 'Technical interview']);
        expect(res.body.missing).toEqual({ owedScorecards: [], skippedStages: [] });
        expect(res.body.scorecards).toHaveProperty('summary');
      }
    });

    it('names skipped stages', async () => {
      const app = await apply(t, recruiter, job.id);
      expect((await post(recruiter, `/v1/applications/${app.id}/move`, { toStageId: job.stages.offer, expectedVersion: 1 })).status).toBe(200);
      const res = await get(hm, `/v1/applications/${app.id}/decision-packet`);
      expect(res.body.missing.skippedStages.map((s: { stageName: string }) => s.stageName)).toEqual(['Technical interview']);
    });

    it('answers 403 to a hiring manager of another job and 404 across organizations', async () => {
      const app = await apply(t, recruiter, job.id);
      expect((await get(otherHm, `/v1/applications/${app.id}/decision-packet`)).status).toBe(403);
      const foreign = await makeOrg(t);
      expect((await get(foreign.admin, `/v1/applications/${app.id}/decision-packet`)).status).toBe(404);
      expect((await get(admin, `/v1/applications/not-a-uuid/decision-packet`)).status).toBe(404);
    });

    it('offer: moves the application to the offer stage through pipelines, records, audits and timelines the decision', async () => {
      const app = await apply(t, recruiter, job.id);
      const res = await post(hm, `/v1/applications/${app.id}/decision`, { decision: 'offer', rationale: RATIONALE });
      expect(res.status).toBe(201);
      expect(res.body).toMatchObject({
        decision: 'offer',
        rationale: RATIONALE,
        reasonId: null,
        acknowledgedMissingFeedback: false,
        application: { id: app.id, status: 'active', stageId: job.stages.offer, stageName: 'Offer' },
      });
      const db = await testDb();
      const [row] = await db.query(`SELECT stage_id, status FROM applications WHERE id = $1`, [app.id]);
      expect(row).toEqual({ stage_id: job.stages.offer, status: 'active' });
      expect(await count('application_moves', "application_id = $1 AND kind = 'moved' AND to_stage_id = $2", [app.id, job.stages.offer])).toBe(1);
      expect(await count('audit_log', "entity_type = 'hiring_decision' AND entity_id = $1", [res.body.id])).toBe(1);
      expect(await count('activity_events', "application_id = $1 AND kind = 'hiring_decision.made' AND private", [app.id])).toBe(1);
    });

    it('reject: rejects with the reason through pipelines', async () => {
      const app = await apply(t, recruiter, job.id);
      const reasons = await get(recruiter, '/v1/rejection-reasons');
      const reasonId = reasons.body.data?.[0]?.id ?? reasons.body[0]?.id;
      const res = await post(admin, `/v1/applications/${app.id}/decision`, {
        decision: 'reject',
        rationale: 'The take-home showed gaps in the fundamentals we need.',
        reasonId,
      });
      expect(res.status).toBe(201);
      expect(res.body.application.status).toBe('rejected');
      const db = await testDb();
      const [row] = await db.query(`SELECT status, rejection_reason_id FROM applications WHERE id = $1`, [app.id]);
      expect(row).toEqual({ status: 'rejected', rejection_reason_id: reasonId });
      // Nothing left to decide.
      await expectUnchanged(() => post(admin, `/v1/applications/${app.id}/decision`, { decision: 'offer', rationale: RATIONALE }), 409);
    });

    it.each([
      ['no rationale', { decision: 'offer' }, 'rationale'],
      ['a one-word rationale', { decision: 'offer', rationale: 'Great' }, 'rationale'],
      ['reject without reason', { decision: 'reject', rationale: RATIONALE }, 'reasonId'],
      ['an unknown decision', { decision: 'maybe', rationale: RATIONALE }, 'decision'],
      ['an unknown field', { decision: 'offer', rationale: RATIONALE, salary: 1 }, 'salary'],
    ])('refuses %s with 400 and changes nothing', async (_label, body, field) => {
      const app = await apply(t, recruiter, job.id);
      const res = await expectUnchanged(() => post(hm, `/v1/applications/${app.id}/decision`, body), 400);
      expect(res.body.errors.map((e: { field: string }) => e.field)).toContain(field);
    });

    it('refuses an unknown rejection reason with 422 naming reasonId', async () => {
      const app = await apply(t, recruiter, job.id);
      const res = await expectUnchanged(
        () => post(hm, `/v1/applications/${app.id}/decision`, { decision: 'reject', rationale: RATIONALE, reasonId: '00000000-0000-4000-8000-000000000000' }),
        422,
      );
      expect(res.body.errors[0].field).toBe('reasonId');
    });

    it('lets only a hiring manager of the job or an admin decide (403 for recruiters, other managers, interviewers)', async () => {
      const app = await apply(t, recruiter, job.id);
      for (const user of [recruiter, otherHm, interviewer]) {
        await expectUnchanged(() => post(user, `/v1/applications/${app.id}/decision`, { decision: 'offer', rationale: RATIONALE }), 403);
      }
    });

    it('answers 422 naming who owes a scorecard, and records the acknowledgement when given', async () => {
      const app = await apply(t, recruiter, job.id);
      const scheduled = await post(recruiter, `/v1/applications/${app.id}/interviews`, {
        stageId: job.stages.technical,
        startsAt: daysFromNow(-1),
        durationMinutes: 60,
        interviewerIds: [interviewer.id],
        videoUrl: 'https://meet.example.test/x',
      });
      expect(scheduled.status).toBe(201);
      const refused = await expectUnchanged(() => post(hm, `/v1/applications/${app.id}/decision`, { decision: 'offer', rationale: RATIONALE }), 422);
      expect(refused.body.detail).toContain('Ivan Interviewer');
      expect(refused.body.owedBy).toEqual([expect.objectContaining({ interviewerId: interviewer.id, interviewerName: 'Ivan Interviewer' })]);
      expect((await get(hm, `/v1/applications/${app.id}/decision-packet`)).body.missing.owedScorecards).toEqual([
        expect.objectContaining({ interviewerId: interviewer.id }),
      ]);

      const res = await post(hm, `/v1/applications/${app.id}/decision`, { decision: 'offer', rationale: RATIONALE, acknowledgeMissingFeedback: true });
      expect(res.status).toBe(201);
      expect(res.body).toMatchObject({ acknowledgedMissingFeedback: true, missingFeedback: [expect.objectContaining({ interviewerId: interviewer.id })] });
    });
  });

  // --- drafting -----------------------------------------------------------------------------

  describe('POST /v1/applications/:id/offers and PATCH /v1/offers/:id', () => {
    it('drafts an offer in the offer stage: audited, on the (private) timeline, expiry scheduled through the outbox', async () => {
      const { app, offer } = await draft();
      expect(offer).toMatchObject({
        applicationId: app.id,
        jobId: job.id,
        status: 'draft',
        base: { amount: 120000, currency: 'EUR', period: 'YEAR' },
        bonus: { amount: 10000, currency: 'EUR', kind: 'signing' },
        outOfBand: false,
        approvals: [],
        version: 1,
        letter: null,
      });
      expect(await count('audit_log', "entity_type = 'offer' AND entity_id = $1 AND action = 'create'", [offer.id])).toBe(1);
      expect(await count('activity_events', "subject_id = $1 AND kind = 'offer.created' AND private", [offer.id])).toBe(1);
      const db = await testDb();
      const [event] = await db.query(`SELECT run_at, job_id FROM outbox_events WHERE aggregate_id = $1 AND event_type = 'offers.expire'`, [offer.id]);
      expect(new Date(event.run_at).toISOString()).toBe(offer.expiresAt);
    });

    it("lets the job's hiring manager draft and read offers; a hiring manager of another job gets 403", async () => {
      const app = await inOfferStage();
      const res = await post(hm, `/v1/applications/${app.id}/offers`, inBand());
      expect(res.status).toBe(201);
      expect((await get(hm, `/v1/applications/${app.id}/offers`)).body.data.map((o: { id: string }) => o.id)).toEqual([res.body.id]);
      await expectUnchanged(() => get(otherHm, `/v1/offers/${res.body.id}`), 403);
      await expectUnchanged(() => patch(otherHm, `/v1/offers/${res.body.id}`, { version: 1, notes: 'x' }), 403);
      const other = await inOfferStage();
      await expectUnchanged(() => post(otherHm, `/v1/applications/${other.id}/offers`, inBand()), 403);
      const foreign = await makeOrg(t);
      expect((await get(foreign.admin, `/v1/offers/${res.body.id}`)).status).toBe(404);
    });

    it('answers 409 for an application not in the offer stage, and for a second open offer', async () => {
      const app = await apply(t, recruiter, job.id);
      const res = await expectUnchanged(() => post(recruiter, `/v1/applications/${app.id}/offers`, inBand()), 409);
      expect(res.body.code).toBe('offers.not_in_offer_stage');
      const { app: withOffer } = await draft();
      const again = await expectUnchanged(() => post(recruiter, `/v1/applications/${withOffer.id}/offers`, inBand()), 409);
      expect(again.body.code).toBe('offers.open_offer_exists');
    });

    it.each([
      ['below the band', { base: { amount: 90000, currency: 'EUR', period: 'YEAR' } }],
      ['above the band', { base: { amount: 150000, currency: 'EUR', period: 'YEAR' } }],
      ['another currency', { base: { amount: 120000, currency: 'USD', period: 'YEAR' } }],
      ['above the band monthly', { base: { amount: 12500, currency: 'EUR', period: 'MONTH' } }],
    ])('band rule: %s needs a justification (422 naming it, nothing written), then is marked out of band', async (_label, change) => {
      const app = await inOfferStage();
      const res = await expectUnchanged(() => post(recruiter, `/v1/applications/${app.id}/offers`, inBand(change)), 422);
      expect(res.body.errors[0].field).toBe('justification');
      const ok = await post(recruiter, `/v1/applications/${app.id}/offers`, inBand({ ...change, justification: 'Competing offer from a larger company.' }));
      expect(ok.status).toBe(201);
      expect(ok.body.outOfBand).toBe(true);
    });

    it.each([
      ['a past expiry', { expiresAt: daysFromNow(-1) }, 422, 'expiresAt'],
      ['a zero amount', { base: { amount: 0, currency: 'EUR', period: 'YEAR' } }, 400, 'base.amount'],
      ['a bad currency', { base: { amount: 1, currency: 'EURO', period: 'YEAR' } }, 400, 'base.currency'],
      ['a bad start date', { startDate: '2026-13-45' }, 400, 'startDate'],
      ['an unknown field', { salary: 1 }, 400, 'salary'],
    ])('refuses %s', async (_label, change, status, field) => {
      const app = await inOfferStage();
      const res = await expectUnchanged(() => post(recruiter, `/v1/applications/${app.id}/offers`, inBand(change)), status);
      expect(res.body.errors.map((e: { field: string }) => e.field)).toContain(field);
    });

    it('edits a draft with the version read; a stale version is 409 and changes nothing', async () => {
      const { offer } = await draft();
      const ok = await patch(recruiter, `/v1/offers/${offer.id}`, { version: 1, notes: 'Updated', base: { amount: 125000, currency: 'EUR', period: 'YEAR' } });
      expect(ok.status).toBe(200);
      expect(ok.body).toMatchObject({ version: 2, notes: 'Updated', base: { amount: 125000 }, status: 'draft' });
      const stale = await expectUnchanged(() => patch(recruiter, `/v1/offers/${offer.id}`, { version: 1, notes: 'Lost update' }), 409);
      expect(stale.body.errors[0].field).toBe('version');
      expect((await expectUnchanged(() => patch(recruiter, `/v1/offers/${offer.id}`, { notes: 'no version' }), 400)).body.errors[0].field).toBe('version');
    });

    it('two edits of the same version at once: one wins, the other gets 409', async () => {
      const { offer } = await draft();
      const results = await Promise.all([
        patch(recruiter, `/v1/offers/${offer.id}`, { version: 1, notes: 'first' }),
        patch(hm, `/v1/offers/${offer.id}`, { version: 1, notes: 'second' }),
      ]);
      expect(results.map((r) => r.status).sort()).toEqual([200, 409]);
      const winner = results.find((r) => r.status === 200)!;
      expect((await get(recruiter, `/v1/offers/${offer.id}`)).body).toMatchObject({ version: 2, notes: winner.body.notes });
    });

    it('keeps the band rule on edits', async () => {
      const { offer } = await draft();
      const res = await expectUnchanged(
        () => patch(recruiter, `/v1/offers/${offer.id}`, { version: 1, base: { amount: 200000, currency: 'EUR', period: 'YEAR' } }),
        422,
      );
      expect(res.body.errors[0].field).toBe('justification');
    });
  });

  // --- approval -----------------------------------------------------------------------------

  describe('approval chain', () => {
    it('goes through the chain in order: hiring manager, then admin; out of turn is 409, outsiders 403, nothing changed', async () => {
      const { offer } = await draft();
      const submitted = await post(recruiter, `/v1/offers/${offer.id}/submit`, { version: 1 });
      expect(submitted.status).toBe(200);
      expect(submitted.body).toMatchObject({
        status: 'pending_approval',
        currentStep: 0,
        approvals: [
          { step: 0, role: 'hiring_manager', state: 'current' },
          { step: 1, role: 'admin', state: 'waiting' },
        ],
      });

      const early = await expectUnchanged(() => post(admin, `/v1/offers/${offer.id}/approve`), 409);
      expect(early.body.code).toBe('offers.out_of_turn');
      for (const outsider of [recruiter, otherHm]) await expectUnchanged(() => post(outsider, `/v1/offers/${offer.id}/approve`), 403);
      await expectUnchanged(() => post(interviewer, `/v1/offers/${offer.id}/approve`), 403);

      const first = await post(hm, `/v1/offers/${offer.id}/approve`, { comment: 'Fits the team' });
      expect(first.status).toBe(200);
      expect(first.body).toMatchObject({
        status: 'pending_approval',
        currentStep: 1,
        approvals: [{ state: 'approved', decidedBy: hm.id, comment: 'Fits the team' }, { state: 'current' }],
      });
      await expectUnchanged(() => post(hm, `/v1/offers/${offer.id}/approve`), 409);

      const last = await post(admin, `/v1/offers/${offer.id}/approve`);
      expect(last.body).toMatchObject({ status: 'approved', currentStep: null });
      expect(last.body.approvedAt).toEqual(expect.any(String));
      const done = await expectUnchanged(() => post(admin, `/v1/offers/${offer.id}/approve`), 409);
      expect(done.body.code).toBe('offers.illegal_transition');
      expect(await count('offer_approvals', 'offer_id = $1', [offer.id])).toBe(2);
      expect(await count('audit_log', "entity_id = $1 AND action = 'approve'", [offer.id])).toBe(2);
    });

    it('approving or rejecting a draft is 409 for an approver', async () => {
      const { offer } = await draft();
      await expectUnchanged(() => post(hm, `/v1/offers/${offer.id}/approve`), 409);
      await expectUnchanged(() => post(hm, `/v1/offers/${offer.id}/reject`, { comment: 'no' }), 409);
    });

    it('a rejection returns the offer to draft with the comment; resubmitting starts a fresh round', async () => {
      const { offer } = await draft();
      await post(recruiter, `/v1/offers/${offer.id}/submit`);
      expect((await post(hm, `/v1/offers/${offer.id}/reject`, {})).status).toBe(400);
      const rejected = await post(hm, `/v1/offers/${offer.id}/reject`, { comment: 'Equity is too high for the level' });
      expect(rejected.status).toBe(200);
      expect(rejected.body).toMatchObject({ status: 'draft', lastRejectionComment: 'Equity is too high for the level' });
      const again = await post(recruiter, `/v1/offers/${offer.id}/submit`);
      expect(again.body).toMatchObject({ status: 'pending_approval', currentStep: 0, approvals: [{ state: 'current' }, { state: 'waiting' }] });
    });

    it('a compensation change after an approval clears the approvals and returns to draft; a notes change keeps them', async () => {
      const { offer } = await draft();
      await post(recruiter, `/v1/offers/${offer.id}/submit`);
      const afterHm = await post(hm, `/v1/offers/${offer.id}/approve`);
      const notesOnly = await patch(recruiter, `/v1/offers/${offer.id}`, { version: afterHm.body.version, notes: 'Add relocation budget note' });
      expect(notesOnly.body).toMatchObject({ status: 'pending_approval', currentStep: 1 });
      const changed = await patch(recruiter, `/v1/offers/${offer.id}`, { version: notesOnly.body.version, bonus: { amount: 15000, currency: 'EUR' } });
      expect(changed.status).toBe(200);
      expect(changed.body).toMatchObject({ status: 'draft', approvals: [], currentStep: null });
      expect(await count('audit_log', "entity_id = $1 AND action = 'update_clears_approvals'", [offer.id])).toBe(1);
      // The approval of the earlier round stays as history but no longer counts.
      const resubmitted = await post(recruiter, `/v1/offers/${offer.id}/submit`);
      expect(resubmitted.body.approvals.map((s: { state: string }) => s.state)).toEqual(['current', 'waiting']);
    });

    it('an out-of-band offer gets an admin step appended to a chain that has none', async () => {
      const o = await makeOrg(t);
      const [rec, mgr] = await Promise.all([makeUser(t, o, ['recruiter']), makeUser(t, o, ['hiring_manager'])]);
      await t
        .http()
        .put('/v1/offer-settings')
        .set(bearer(o.admin))
        .send({ approvalChain: [{ role: 'hiring_manager' }] });
      const j = await newJob(1, undefined, o, [mgr, rec]);
      const app = await apply(t, rec, j.id);
      await post(mgr, `/v1/applications/${app.id}/decision`, { decision: 'offer', rationale: RATIONALE });
      const within = await post(rec, `/v1/applications/${app.id}/offers`, inBand());
      expect((await post(rec, `/v1/offers/${within.body.id}/submit`)).body.approvals).toEqual([expect.objectContaining({ step: 0, role: 'hiring_manager' })]);
      await post(rec, `/v1/offers/${within.body.id}/withdraw`);

      const out = await post(
        rec,
        `/v1/applications/${app.id}/offers`,
        inBand({ base: { amount: 180000, currency: 'EUR', period: 'YEAR' }, justification: 'Staff-level scope' }),
      );
      const submitted = await post(rec, `/v1/offers/${out.body.id}/submit`);
      expect(submitted.body.approvals).toEqual([
        expect.objectContaining({ step: 0, role: 'hiring_manager', state: 'current' }),
        expect.objectContaining({ step: 1, role: 'admin', reason: 'out_of_band', state: 'waiting' }),
      ]);
      expect((await post(mgr, `/v1/offers/${out.body.id}/approve`)).body.status).toBe('pending_approval');
      expect((await post(o.admin, `/v1/offers/${out.body.id}/approve`)).body.status).toBe('approved');
    });

    it('a named approver acts on their own step only', async () => {
      const o = await makeOrg(t);
      const [rec, mgr, vp] = await Promise.all([
        makeUser(t, o, ['recruiter']),
        makeUser(t, o, ['hiring_manager']),
        makeUser(t, o, ['hiring_manager'], 'Vera VP'),
      ]);
      await t
        .http()
        .put('/v1/offer-settings')
        .set(bearer(o.admin))
        .send({ approvalChain: [{ userId: vp.id }, { role: 'hiring_manager' }] });
      const j = await newJob(1, undefined, o, [mgr, rec]);
      const app = await apply(t, rec, j.id);
      await post(mgr, `/v1/applications/${app.id}/decision`, { decision: 'offer', rationale: RATIONALE });
      const offer = (await post(rec, `/v1/applications/${app.id}/offers`, inBand())).body;
      await post(rec, `/v1/offers/${offer.id}/submit`);
      expect((await post(mgr, `/v1/offers/${offer.id}/approve`)).status).toBe(409);
      expect((await post(vp, `/v1/offers/${offer.id}/approve`)).body.currentStep).toBe(1);
      expect((await post(mgr, `/v1/offers/${offer.id}/approve`)).body.status).toBe('approved');
    });

    it('submitting with a step nobody can approve is 422 (the job has no hiring manager)', async () => {
      const j = await newJob(1, undefined, org, [admin, recruiter]); // admin listed as "hiring manager" slot holder only through the team below
      const db = await testDb();
      await db.query(`DELETE FROM job_hiring_team WHERE job_id = $1 AND role = 'hiring_manager'`, [j.id]);
      const app = await inOfferStage(j, admin);
      const offer = (await post(recruiter, `/v1/applications/${app.id}/offers`, inBand())).body;
      const res = await expectUnchanged(() => post(recruiter, `/v1/offers/${offer.id}/submit`), 422);
      expect(res.body.steps).toEqual([{ step: 0, role: 'hiring_manager' }]);
    });

    it('two approvers acting at once: exactly one lands, the other gets 409', async () => {
      const o = await makeOrg(t);
      const [rec, mgr, admin2] = await Promise.all([makeUser(t, o, ['recruiter']), makeUser(t, o, ['hiring_manager']), makeUser(t, o, ['admin'])]);
      await t
        .http()
        .put('/v1/offer-settings')
        .set(bearer(o.admin))
        .send({ approvalChain: [{ role: 'admin' }, { role: 'hiring_manager' }] });
      const j = await newJob(1, undefined, o, [mgr, rec]);
      for (let round = 0; round < 3; round++) {
        const app = await apply(t, rec, j.id);
        await post(mgr, `/v1/applications/${app.id}/decision`, { decision: 'offer', rationale: RATIONALE });
        const offer = (await post(rec, `/v1/applications/${app.id}/offers`, inBand())).body;
        await post(rec, `/v1/offers/${offer.id}/submit`);
        const results = await Promise.all([post(o.admin, `/v1/offers/${offer.id}/approve`), post(admin2, `/v1/offers/${offer.id}/approve`)]);
        expect(results.map((r) => r.status).sort()).toEqual([200, 409]);
        expect(await count('offer_approvals', 'offer_id = $1', [offer.id])).toBe(1);
        const current = await get(rec, `/v1/offers/${offer.id}`);
        expect(current.body).toMatchObject({ status: 'pending_approval', currentStep: 1 });
        await post(rec, `/v1/offers/${offer.id}/withdraw`);
      }
    });
  });

  // --- after approval -----------------------------------------------------------------------

  describe('send, accept, decline, withdraw, expire', () => {
    it('send renders the letter from the organization template (Markdown and sanitised HTML)', async () => {
      const { offer, app } = await sent();
      expect(offer.status).toBe('sent');
      expect(offer.sentAt).toEqual(expect.any(String));
      expect(offer.letter.markdown).toContain('Senior Backend Engineer');
      expect(offer.letter.markdown).toContain('120,000 EUR per year');
      expect(offer.letter.html).toContain('<h1>Offer of employment: Senior Backend Engineer</h1>');
      expect(offer.letter.html).not.toMatch(/<script/);
      const db = await testDb();
      const [candidate] = await db.query(`SELECT first_name FROM candidates WHERE id = $1`, [app.candidateId]);
      expect(offer.letter.markdown).toContain(`Dear ${candidate.first_name},`);
    });

    it('send before approval, accept or decline before sending are 409 and change nothing', async () => {
      const { offer } = await draft();
      await expectUnchanged(() => post(recruiter, `/v1/offers/${offer.id}/send`), 409);
      await expectUnchanged(() => post(recruiter, `/v1/offers/${offer.id}/accept`), 409);
      await expectUnchanged(() => post(recruiter, `/v1/offers/${offer.id}/decline`, { reason: 'x' }), 409);
      await post(recruiter, `/v1/offers/${offer.id}/submit`);
      await expectUnchanged(() => post(recruiter, `/v1/offers/${offer.id}/send`), 409);
      await expectUnchanged(() => patch(recruiter, `/v1/offers/${offer.id}`, { version: 1, notes: 'stale' }), 409);
    });

    it('a sent offer cannot be edited (409)', async () => {
      const { offer } = await sent();
      await expectUnchanged(() => patch(recruiter, `/v1/offers/${offer.id}`, { version: offer.version, notes: 'late change' }), 409);
    });

    it('accept: hires the application into the hired stage, fills the opening, closes the job and its postings, in one transaction plus outbox events', async () => {
      const j = await newJob(1);
      const postingId = await makeLivePosting(org.id, j.id);
      const { offer, app } = await sent(j);
      const res = await post(recruiter, `/v1/offers/${offer.id}/accept`, { version: offer.version });
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ status: 'accepted', acceptedAt: expect.any(String) });
      const db = await testDb();
      const [application] = await db.query(`SELECT status, stage_id, closed_at FROM applications WHERE id = $1`, [app.id]);
      expect(application).toMatchObject({ status: 'hired', stage_id: j.stages.hired });
      expect(application.closed_at).not.toBeNull();
      const [jobRow] = await db.query(`SELECT filled, status, close_reason FROM jobs WHERE id = $1`, [j.id]);
      expect(jobRow).toEqual({ filled: 1, status: 'closed', close_reason: 'filled' });
      const [posting] = await db.query(`SELECT status FROM postings WHERE id = $1`, [postingId]);
      expect(['closing', 'closed']).toContain(posting.status);
      expect(await count('outbox_events', "aggregate_id = $1 AND event_type = 'offers.accepted'", [offer.id])).toBe(1);
      expect(await count('outbox_events', "aggregate_id = $1 AND event_type = 'postings.job-changed'", [j.id])).toBe(1);
      expect(await count('outbox_events', "aggregate_id = $1 AND event_type = 'pipelines.application-moved'", [app.id])).toBeGreaterThanOrEqual(2);
      expect(await count('application_moves', "application_id = $1 AND kind = 'hired' AND to_stage_id = $2", [app.id, j.stages.hired])).toBe(1);
      expect(await count('audit_log', "entity_id = $1 AND action = 'fill' AND changes->'status'->>'to' = 'closed'", [j.id])).toBe(1);
      // Accepting again is 409 and changes nothing.
      await expectUnchanged(() => post(recruiter, `/v1/offers/${offer.id}/accept`), 409);
    });

    it('accept when the application was rejected meanwhile is 409 and nothing is hired', async () => {
      const j = await newJob(1);
      const { offer, app } = await sent(j);
      const reasons = await get(recruiter, '/v1/rejection-reasons');
      const reasonId = reasons.body.data?.[0]?.id ?? reasons.body[0]?.id;
      const db = await testDb();
      const [{ version }] = await db.query(`SELECT version FROM applications WHERE id = $1`, [app.id]);
      expect((await post(recruiter, `/v1/applications/${app.id}/reject`, { reasonId, expectedVersion: version })).status).toBe(200);
      const res = await expectUnchanged(() => post(recruiter, `/v1/offers/${offer.id}/accept`), 409);
      expect(res.body.code).toBe('offers.application_closed');
    });

    it("send uses the organization's own template, with values escaped", async () => {
      const o = await makeOrg(t);
      const [rec, mgr] = await Promise.all([makeUser(t, o, ['recruiter'], 'Rick <b>Sender</b>'), makeUser(t, o, ['hiring_manager'], 'Mia Manager')]);
      await t
        .http()
        .put('/v1/offer-settings')
        .set(bearer(o.admin))
        .send({
          approvalChain: [{ role: 'hiring_manager' }],
          offerTemplate:
            '## {{organization_name}} offer\n\n{{candidate_name}}: **{{base_salary}} {{base_currency}}** from {{start_date}}. Manager: {{hiring_manager_name}}. From {{sender_name}}.',
        });
      const j = await newJob(1, undefined, o, [mgr, rec]);
      const app = await apply(t, rec, j.id);
      await post(mgr, `/v1/applications/${app.id}/decision`, { decision: 'offer', rationale: RATIONALE });
      const offer = (await post(rec, `/v1/applications/${app.id}/offers`, inBand({ startDate: '2031-02-03' }))).body;
      await post(rec, `/v1/offers/${offer.id}/submit`);
      await post(mgr, `/v1/offers/${offer.id}/approve`);
      const res = await post(rec, `/v1/offers/${offer.id}/send`);
      expect(res.status).toBe(200);
      expect(res.body.letter.html).toContain(`<h2>${o.name} offer</h2>`);
      expect(res.body.letter.html).toContain('<strong>120,000 EUR</strong> from 2031-02-03. Manager: Mia Manager.');
      expect(res.body.letter.html).not.toContain('<b>');
      expect(res.body.letter.markdown).toContain('Rick \\<b\\>Sender\\</b\\>');
    });

    it('accept with openings left: filled rises, the job stays open', async () => {
      const j = await newJob(2);
      const { offer } = await sent(j);
      expect((await post(recruiter, `/v1/offers/${offer.id}/accept`)).status).toBe(200);
      const db = await testDb();
      expect((await db.query(`SELECT filled, status FROM jobs WHERE id = $1`, [j.id]))[0]).toEqual({ filled: 1, status: 'open' });
    });

    it('accept a stale version is 409 with nothing hired', async () => {
      const j = await newJob(1);
      const { offer } = await sent(j);
      await expectUnchanged(() => post(recruiter, `/v1/offers/${offer.id}/accept`, { version: offer.version - 1 }), 409);
    });

    it('decline records the reason (400 without one); declined is final', async () => {
      const { offer } = await sent();
      await expectUnchanged(() => post(recruiter, `/v1/offers/${offer.id}/decline`, {}), 400);
      const res = await post(recruiter, `/v1/offers/${offer.id}/decline`, { reason: 'Accepted a competing offer' });
      expect(res.body).toMatchObject({ status: 'declined', declineReason: 'Accepted a competing offer' });
      await expectUnchanged(() => post(recruiter, `/v1/offers/${offer.id}/decline`, { reason: 'again' }), 409);
      await expectUnchanged(() => post(recruiter, `/v1/offers/${offer.id}/withdraw`), 409);
      await expectUnchanged(() => post(recruiter, `/v1/offers/${offer.id}/accept`), 409);
    });

    it("decline may name one of the organization's decline reasons (reasonId of kind 'declined'), with or without free text; the report groups by it", async () => {
      const reasons = await get(recruiter, '/v1/rejection-reasons');
      expect(reasons.status).toBe(200);
      const list: Array<{ id: string; label: string; kind: string }> = reasons.body.data ?? reasons.body;
      const declined = list.find((r) => r.kind === 'declined')!;
      const rejected = list.find((r) => r.kind === 'rejected')!;
      expect(declined && rejected).toBeTruthy();
      const j = await newJob(3);
      const { offer: a } = await sent(j);
      const { offer: b } = await sent(j);

      // Bad reason ids: another kind, unknown, another organization's, not a uuid — nothing written.
      const wrongKind = await expectUnchanged(() => post(recruiter, `/v1/offers/${a.id}/decline`, { reasonId: rejected.id }), 422);
      expect(wrongKind.body.errors).toEqual([expect.objectContaining({ field: 'reasonId' })]);
      const unknown = await expectUnchanged(
        () => post(recruiter, `/v1/offers/${a.id}/decline`, { reasonId: '00000000-0000-4000-8000-000000000000', reason: 'Other' }),
        422,
      );
      expect(unknown.body.errors).toEqual([expect.objectContaining({ field: 'reasonId' })]);
      const foreign = await makeOrg(t);
      const foreignReasons = await get(foreign.admin, '/v1/rejection-reasons');
      const foreignDeclined = (foreignReasons.body.data ?? foreignReasons.body).find((r: { kind: string }) => r.kind === 'declined');
      await expectUnchanged(() => post(recruiter, `/v1/offers/${a.id}/decline`, { reasonId: foreignDeclined.id }), 422);
      const notUuid = await expectUnchanged(() => post(recruiter, `/v1/offers/${a.id}/decline`, { reasonId: 'compensation' }), 400);
      expect(notUuid.body.errors.map((e: { field: string }) => e.field)).toContain('reasonId');
      const emptyText = await expectUnchanged(() => post(recruiter, `/v1/offers/${a.id}/decline`, { reasonId: declined.id, reason: '' }), 400);
      expect(emptyText.body.errors.map((e: { field: string }) => e.field)).toContain('reason');

      const onlyId = await post(recruiter, `/v1/offers/${a.id}/decline`, { reasonId: declined.id });
      expect(onlyId.status).toBe(200);
      expect(onlyId.body).toMatchObject({ status: 'declined', declineReasonId: declined.id, declineReason: declined.label });
      const both = await post(recruiter, `/v1/offers/${b.id}/decline`, { reasonId: declined.id, reason: 'Could not relocate in time' });
      expect(both.body).toMatchObject({ status: 'declined', declineReasonId: declined.id, declineReason: 'Could not relocate in time' });
      expect(await count('audit_log', "entity_id = $1 AND action = 'decline' AND changes->'declineReasonId'->>'to' = $2", [b.id, declined.id])).toBe(1);

      const report = await get(admin, `/v1/reports/hiring?jobId=${j.id}`);
      expect(report.body.declineReasons).toEqual([{ reason: declined.label, reasonId: declined.id, count: 2 }]);
    });

    it('withdraw from draft, pending, approved and sent; a new offer may then be drafted', async () => {
      const { offer: d, app } = await draft();
      expect((await post(recruiter, `/v1/offers/${d.id}/withdraw`, { reason: 'Role re-scoped' })).body).toMatchObject({
        status: 'withdrawn',
        withdrawReason: 'Role re-scoped',
      });
      expect((await post(recruiter, `/v1/applications/${app.id}/offers`, inBand())).status).toBe(201);
      const { offer: s } = await sent();
      expect((await post(hm, `/v1/offers/${s.id}/withdraw`)).body.status).toBe('withdrawn');
    });

    it('expiry: the processor method expires an open offer whose expiresAt passed, once; a later expiresAt is left alone', async () => {
      const service = t.app.get(OfferExpiry);
      const offers = { expireIfDue: (id: string) => TenantContext.run(org.id, () => service.expireIfDue(id)) };
      const { offer } = await sent();
      expect(await offers.expireIfDue(offer.id)).toBe('not_due');
      const db = await testDb();
      await db.query(`UPDATE offers SET expires_at = now() - interval '1 minute' WHERE id = $1`, [offer.id]);
      expect(await offers.expireIfDue(offer.id)).toBe('expired');
      const res = await get(recruiter, `/v1/offers/${offer.id}`);
      expect(res.body).toMatchObject({ status: 'expired', expiredAt: expect.any(String) });
      expect(await offers.expireIfDue(offer.id)).toBe('closed');
      expect(await count('audit_log', "entity_id = $1 AND action = 'expire'", [offer.id])).toBe(1);
      await expectUnchanged(() => post(recruiter, `/v1/offers/${offer.id}/accept`), 409);
    });

    it('expiry leaves accepted offers alone', async () => {
      const j = await newJob(2);
      const { offer } = await sent(j);
      await post(recruiter, `/v1/offers/${offer.id}/accept`);
      const db = await testDb();
      await db.query(`UPDATE offers SET expires_at = now() - interval '1 minute' WHERE id = $1`, [offer.id]);
      expect(await TenantContext.run(org.id, () => t.app.get(OfferExpiry).expireIfDue(offer.id))).toBe('closed');
      expect((await get(recruiter, `/v1/offers/${offer.id}`)).body.status).toBe('accepted');
    });
  });

  // --- access -------------------------------------------------------------------------------

  describe('interviewers never see offers, compensation or decision packets', () => {
    it('403 on every offers and decision endpoint, nothing changed', async () => {
      const { offer, app } = await draft();
      const id = offer.id;
      const calls: Array<[string, string, Record<string, unknown>?]> = [
        ['get', `/v1/applications/${app.id}/decision-packet`],
        ['post', `/v1/applications/${app.id}/decision`, { decision: 'offer', rationale: RATIONALE }],
        ['post', `/v1/applications/${app.id}/offers`, inBand()],
        ['get', `/v1/applications/${app.id}/offers`],
        ['get', `/v1/offers/${id}`],
        ['patch', `/v1/offers/${id}`, { version: 1, notes: 'x' }],
        ['post', `/v1/offers/${id}/submit`, {}],
        ['post', `/v1/offers/${id}/approve`, {}],
        ['post', `/v1/offers/${id}/reject`, { comment: 'x' }],
        ['post', `/v1/offers/${id}/send`, {}],
        ['post', `/v1/offers/${id}/accept`, {}],
        ['post', `/v1/offers/${id}/decline`, { reason: 'x' }],
        ['post', `/v1/offers/${id}/withdraw`, {}],
        ['get', '/v1/offer-settings'],
        ['put', '/v1/offer-settings', { approvalChain: [] }],
        ['get', '/v1/reports/hiring'],
        ['get', '/v1/decision-queue'],
        ['get', '/v1/offers/awaiting-my-approval'],
      ];
      for (const [method, path, body] of calls) {
        const res = await expectUnchanged(() => {
          const http = t.http() as unknown as Record<string, (p: string) => { set: (h: Record<string, string>) => { send: (b?: unknown) => Promise<never> } }>;
          const req = http[method](path).set(bearer(interviewer));
          return body ? req.send(body) : req.send();
        }, 403);
        expect(JSON.stringify(res.body)).not.toMatch(/120000|EUR|salary/i);
      }
    });

    it('nothing about offers or compensation in the timeline or notifications an interviewer can read', async () => {
      const app = await apply(t, recruiter, job.id);
      await post(recruiter, `/v1/applications/${app.id}/interviews`, {
        stageId: job.stages.technical,
        startsAt: daysFromNow(1),
        durationMinutes: 60,
        interviewerIds: [interviewer.id],
        videoUrl: 'https://meet.example.test/y',
      });
      await post(hm, `/v1/applications/${app.id}/decision`, { decision: 'offer', rationale: RATIONALE, acknowledgeMissingFeedback: true });
      const offer = (await post(recruiter, `/v1/applications/${app.id}/offers`, inBand())).body;
      await post(recruiter, `/v1/offers/${offer.id}/submit`);

      const timeline = await get(interviewer, `/v1/candidates/${app.candidateId}/activity`);
      expect(timeline.status).toBe(200);
      const text = JSON.stringify(timeline.body);
      expect(text).not.toMatch(/offer\.|hiring_decision|120000|10000|4000|EUR/);
      const notifications = await get(interviewer, '/v1/notifications');
      expect(JSON.stringify(notifications.body)).not.toMatch(/offer|120000|EUR/i);
      // Nor in the application, candidate and interview reads an interviewer on the panel is allowed.
      const reads = await Promise.all([
        get(interviewer, `/v1/applications/${app.id}`),
        get(interviewer, `/v1/candidates/${app.candidateId}`),
        get(interviewer, '/v1/interviews?mine=true'),
        get(interviewer, `/v1/applications/${app.id}/scorecards`),
        get(interviewer, `/v1/applications/${app.id}/scorecard-summary`),
      ]);
      expect(reads[0].status).toBe(200);
      expect(JSON.stringify(reads.map((r) => r.body))).not.toMatch(
        /120000|"EUR"|salary|"base":|"bonus":|"equity":|hiring_decision|rationale|Remote within the EU/i,
      );
      // The hiring manager does see them.
      expect(JSON.stringify((await get(hm, `/v1/candidates/${app.candidateId}/activity`)).body)).toMatch(/offer\.created/);
    });
  });

  // --- report -------------------------------------------------------------------------------

  describe('GET /v1/reports/hiring', () => {
    it('reports time to hire, time in stage, acceptance, decline reasons, sources and pass-through', async () => {
      const o = await makeOrg(t);
      const [rec, mgr] = await Promise.all([makeUser(t, o, ['recruiter']), makeUser(t, o, ['hiring_manager'])]);
      const j = await newJob(5, undefined, o, [mgr, rec]);
      const flow = async (source: string) => {
        const app = await apply(t, rec, j.id, source);
        await post(mgr, `/v1/applications/${app.id}/decision`, { decision: 'offer', rationale: RATIONALE });
        const offer = (await post(rec, `/v1/applications/${app.id}/offers`, inBand())).body;
        await post(rec, `/v1/offers/${offer.id}/submit`);
        await post(mgr, `/v1/offers/${offer.id}/approve`);
        await post(o.admin, `/v1/offers/${offer.id}/approve`);
        return (await post(rec, `/v1/offers/${offer.id}/send`)).body;
      };
      const a = await flow('referral');
      const b = await flow('linkedin');
      await apply(t, rec, j.id, 'linkedin');
      expect((await post(rec, `/v1/offers/${a.id}/accept`)).status).toBe(200);
      expect((await post(rec, `/v1/offers/${b.id}/decline`, { reason: 'Compensation' })).status).toBe(200);

      const res = await get(o.admin, `/v1/reports/hiring?jobId=${j.id}&from=${dateIn(-1)}&to=${dateIn(1)}`);
      expect(res.status).toBe(200);
      expect(res.body.timeToHire).toMatchObject({ hires: 1, medianDays: expect.any(Number), p90Days: expect.any(Number) });
      expect(res.body.offers).toMatchObject({ made: 2, accepted: 1, declined: 1, acceptanceRate: 0.5 });
      expect(res.body.declineReasons).toEqual([{ reason: 'Compensation', reasonId: null, count: 1 }]);
      expect(res.body.sourceEffectiveness).toEqual(
        expect.arrayContaining([
          expect.objectContaining({ source: 'linkedin', applications: 2, offers: 1, hires: 0 }),
          expect.objectContaining({ source: 'referral', applications: 1, offers: 1, hires: 1 }),
        ]),
      );
      const review = res.body.passThrough.find((s: { kind: string }) => s.kind === 'application_review');
      expect(review).toMatchObject({ reached: 3, passed: 2 });
      expect(res.body.timeInStage.map((s: { kind: string }) => s.kind)).toContain('application_review');

      const empty = await get(o.admin, `/v1/reports/hiring?from=2000-01-01&to=2000-01-02`);
      expect(empty.body.timeToHire.hires).toBe(0);
      expect((await get(o.admin, '/v1/reports/hiring?from=yesterday')).status).toBe(400);
      expect((await get(o.admin, '/v1/reports/hiring?jobId=00000000-0000-4000-8000-000000000000')).status).toBe(422);
      // A hiring manager of another job sees nothing of this one.
      const stranger = await makeUser(t, o, ['hiring_manager']);
      expect((await get(stranger, `/v1/reports/hiring?jobId=${j.id}`)).status).toBe(403);
      expect((await get(stranger, '/v1/reports/hiring')).body.timeToHire.hires).toBe(0);
    });
  });
});
