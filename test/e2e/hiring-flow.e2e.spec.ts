/**
 * The hiring flow's API for the web app: interviewers' busy times for the scheduling form, scorecard amendments
 * within the organization's window, the decision packet's competency names and raters, and offers that name
 * their candidate, job, band and approvers, never approved by their drafter, with a letter preview.
 */
import { startTestApp, TestApp } from '../support/app.js';
import { closeTestDb, count, testDb } from '../support/db.js';
import { bearer, makeOrg, makeUser, TestOrg, TestUser } from '../support/factories.js';
import { apply, dateIn, daysFromNow, makeHiringJob, offerWrites, settledOfferWrites } from '../support/offers-fixtures.js';
import { hoursFromNow, makePipeline, Pipeline } from './interviews-fixtures.js';

const PROBLEM = /application\/problem\+json/;
const RATIONALE = 'Strong system design and clear communication across every interview.';

describe('hiring flow API for the web app', () => {
  let t: TestApp;
  let org: TestOrg;
  let recruiter: TestUser;
  let ann: TestUser;
  let bob: TestUser;
  let hm: TestUser;
  let p: Pipeline;

  beforeAll(async () => {
    t = await startTestApp();
    org = await makeOrg(t);
    [recruiter, ann, bob, hm] = await Promise.all([
      makeUser(t, org, ['recruiter'], 'Rita Recruiter'),
      makeUser(t, org, ['interviewer'], 'Ann Panel'),
      makeUser(t, org, ['interviewer'], 'Bob Panel'),
      makeUser(t, org, ['hiring_manager'], 'Hana Manager'),
    ]);
    p = await makePipeline(org, { recruiters: [recruiter.id], hiringManagers: [hm.id] });
  });
  afterAll(async () => {
    await t.close();
    await closeTestDb();
  });

  const post = (user: TestUser, path: string, body: object = {}) => t.http().post(path).set(bearer(user)).send(body);
  const get = (user: TestUser, path: string) => t.http().get(path).set(bearer(user));
  const scorecardRows = async () => ({
    cards: await count('scorecards', 'organization_id = $1', [org.id]),
    audit: await count('audit_log', "organization_id = $1 AND entity_type = 'scorecard'", [org.id]),
  });

  async function interview(startsInHours: number, interviewerIds: string[]) {
    const res = await post(recruiter, `/v1/applications/${p.applicationId}/interviews`, {
      stageId: p.stageId,
      startsAt: hoursFromNow(startsInHours),
      durationMinutes: 60,
      interviewerIds,
      videoUrl: 'https://meet.example.test/room',
    });
    expect(res.status).toBe(201);
    return res.body.id as string;
  }

  // --- busy times ------------------------------------------------------------------------------

  describe('GET /v1/interviews/busy', () => {
    it("lists each asked interviewer's interviews in the window, times only, and nothing for people outside the organization", async () => {
      const other = await makeOrg(t);
      const stranger = await makeUser(t, other, ['interviewer'], 'Stranger');
      const at = 24 * 10;
      const id = await interview(at, [ann.id]);
      const from = hoursFromNow(at - 2);
      const to = hoursFromNow(at + 6);
      const res = await get(recruiter, `/v1/interviews/busy?interviewerIds=${ann.id},${bob.id},${stranger.id}&from=${from}&to=${to}`);
      expect(res.status).toBe(200);
      expect(res.body.data.map((d: { name: string }) => d.name).sort()).toEqual(['Ann Panel', 'Bob Panel']);
      const annBusy = res.body.data.find((d: { interviewerId: string }) => d.interviewerId === ann.id);
      expect(new Date(annBusy.interviews[0].endsAt).getTime() - new Date(annBusy.interviews[0].startsAt).getTime()).toBe(60 * 60_000);
      expect(new Date(annBusy.interviews[0].startsAt).getTime()).toBeGreaterThan(new Date(from).getTime());
      expect(annBusy.interviews).toHaveLength(1);
      expect(annBusy.interviews[0].interviewId).toBe(id);
      expect(Object.keys(annBusy.interviews[0]).sort()).toEqual(['endsAt', 'interviewId', 'startsAt']);
      expect(res.body.data.find((d: { interviewerId: string }) => d.interviewerId === bob.id).interviews).toEqual([]);
      // Outside the window: nothing.
      const later = await get(recruiter, `/v1/interviews/busy?interviewerIds=${ann.id}&from=${hoursFromNow(at + 2)}&to=${hoursFromNow(at + 20)}`);
      expect(later.body.data[0].interviews).toEqual([]);
    });

    it.each([
      ['no interviewer', '', 'interviewerIds'],
      ['an id that is not a uuid', 'interviewerIds=nope', 'interviewerIds'],
      ['a date that is not a date', 'interviewerIds=00000000-0000-4000-8000-000000000000&from=tomorrow', 'from'],
    ])('answers 400 for %s, naming the field', async (_, query, field) => {
      const res = await get(recruiter, `/v1/interviews/busy?${query}`);
      expect(res.status).toBe(400);
      expect(res.headers['content-type']).toMatch(PROBLEM);
      expect(res.body.errors.map((e: { field: string }) => e.field).join(' ')).toContain(field);
    });

    it('answers 422 for a window longer than 48 hours or ending before it starts', async () => {
      for (const [from, to] of [
        [hoursFromNow(0), hoursFromNow(49)],
        [hoursFromNow(5), hoursFromNow(1)],
      ]) {
        const res = await get(recruiter, `/v1/interviews/busy?interviewerIds=${ann.id}&from=${from}&to=${to}`);
        expect(res.status).toBe(422);
        expect(res.body.errors[0].field).toBe('to');
      }
    });

    it('is refused to interviewers (403)', async () => {
      const res = await get(ann, `/v1/interviews/busy?interviewerIds=${bob.id}`);
      expect(res.status).toBe(403);
    });
  });

  // --- scorecard amendments --------------------------------------------------------------------

  describe('amending a submitted scorecard', () => {
    const content = (rating: number, overall: string) => ({
      ratings: [
        { competency: 'algorithm_and_concurrency', rating, evidence: 'Explained the sliding window with numbers.' },
        { competency: 'failure_modes', rating: 3 },
      ],
      keyTakeaways: 'Clear thinker.',
      overall,
    });

    it('within the window: a new version marked amended with when and why, audited, shown to readers and in "mine" with the deadline', async () => {
      const id = await interview(-3, [ann.id, bob.id]);
      expect((await post(ann, `/v1/interviews/${id}/scorecard/submit`, content(4, 'yes'))).status).toBe(200);
      const mine = await get(ann, `/v1/interviews/${id}/scorecard`);
      expect(mine.body.current.amended).toBe(false);
      const until = new Date(mine.body.amendableUntil).getTime() - new Date(mine.body.current.submittedAt).getTime();
      expect(until).toBe(48 * 3_600_000);
      const res = await post(ann, `/v1/interviews/${id}/scorecard/corrections`, { reason: 'Rated the wrong competency', overall: 'strong_yes' });
      expect(res.status).toBe(201);
      expect(res.body).toMatchObject({ version: 2, amended: true, correctionReason: 'Rated the wrong competency', overall: 'strong_yes' });
      expect(res.body.amendedAt).toBe(res.body.submittedAt);
      expect(
        await count('audit_log', "organization_id = $1 AND entity_type = 'scorecard' AND entity_id = $2 AND action = 'correct'", [org.id, res.body.id]),
      ).toBe(1);
      // Bob submits and then reads Ann's scorecard marked amended.
      expect((await post(bob, `/v1/interviews/${id}/scorecard/submit`, content(3, 'yes'))).status).toBe(200);
      const list = await get(bob, `/v1/applications/${p.applicationId}/scorecards`);
      const annCurrent = list.body.data.find((s: { interviewerId: string; current: boolean }) => s.interviewerId === ann.id && s.current);
      expect(annCurrent).toMatchObject({ amended: true, correctionReason: 'Rated the wrong competency' });
    });

    it('outside the window: 409 in plain words, nothing written', async () => {
      const id = await interview(-5, [ann.id]);
      expect((await post(ann, `/v1/interviews/${id}/scorecard/submit`, content(3, 'no'))).status).toBe(200);
      // Submitted 49 hours ago (the immutability trigger is bypassed for this test's own row only).
      await (
        await testDb()
      ).transaction(async (m) => {
        await m.query(`SET LOCAL session_replication_role = replica`);
        await m.query(`UPDATE scorecards SET submitted_at = now() - interval '49 hours' WHERE interview_id = $1`, [id]);
      });
      const before = await scorecardRows();
      const res = await post(ann, `/v1/interviews/${id}/scorecard/corrections`, { reason: 'Second thoughts', overall: 'yes' });
      expect(res.status).toBe(409);
      expect(res.headers['content-type']).toMatch(PROBLEM);
      expect(res.body.code).toBe('scorecards.amendment_window_closed');
      expect(res.body.detail).toMatch(/can be amended for 48 hours after submitting/);
      expect(await scorecardRows()).toEqual(before);
    });

    it("follows the organization's window: 0 turns amendments off", async () => {
      const o = await makeOrg(t);
      const r = await makeUser(t, o, ['recruiter']);
      const i = await makeUser(t, o, ['interviewer']);
      const pipe = await makePipeline(o, { recruiters: [r.id] });
      expect((await t.http().patch('/v1/organization/settings').set(bearer(o.admin)).send({ scorecardAmendmentHours: 0 })).status).toBe(200);
      const created = await post(r, `/v1/applications/${pipe.applicationId}/interviews`, {
        stageId: pipe.stageId,
        startsAt: hoursFromNow(-2),
        durationMinutes: 30,
        interviewerIds: [i.id],
        location: 'Room 3',
      });
      expect((await post(i, `/v1/interviews/${created.body.id}/scorecard/submit`, content(3, 'yes'))).status).toBe(200);
      const res = await post(i, `/v1/interviews/${created.body.id}/scorecard/corrections`, { reason: 'Typo', overall: 'no' });
      expect(res.status).toBe(409);
      expect(res.body.detail).toMatch(/does not allow amending/);
      expect(await count('scorecards', 'organization_id = $1', [o.id])).toBe(1);
    });

    it('refuses an amendment without a reason (400) and writes nothing', async () => {
      const id = await interview(-7, [bob.id]);
      expect((await post(bob, `/v1/interviews/${id}/scorecard/submit`, content(3, 'yes'))).status).toBe(200);
      const before = await scorecardRows();
      for (const body of [{ overall: 'no' }, { reason: '   ', overall: 'no' }, { reason: 'x'.repeat(1001) }]) {
        const res = await post(bob, `/v1/interviews/${id}/scorecard/corrections`, body);
        expect(res.status).toBe(400);
        expect(res.body.errors.map((e: { field: string }) => e.field)).toContain('reason');
      }
      expect(await scorecardRows()).toEqual(before);
    });
  });

  // --- the decision packet ---------------------------------------------------------------------

  it('the decision packet names the competencies with their rubric, and the raters whose scorecards the reader sees', async () => {
    const pipe = await makePipeline(org, { recruiters: [recruiter.id], hiringManagers: [hm.id] });
    const res = await post(recruiter, `/v1/applications/${pipe.applicationId}/interviews`, {
      stageId: pipe.stageId,
      startsAt: hoursFromNow(-30),
      durationMinutes: 60,
      interviewerIds: [ann.id, bob.id],
      location: 'Room 1',
    });
    expect(res.status).toBe(201);
    expect(
      (
        await post(ann, `/v1/interviews/${res.body.id}/scorecard/submit`, {
          ratings: [{ competency: 'failure_modes', rating: 3 }],
          overall: 'yes',
        })
      ).status,
    ).toBe(200);
    const packet = await get(hm, `/v1/applications/${pipe.applicationId}/decision-packet`);
    expect(packet.status).toBe(200);
    const summary = packet.body.scorecards.summary;
    const failureModes = summary.kitCompetencies.find((c: { key: string }) => c.key === 'failure_modes');
    expect(failureModes.name).not.toBe('failure_modes');
    expect(failureModes.rubric).toHaveLength(4);
    expect(summary.raters).toEqual([{ id: ann.id, name: 'Ann Panel' }]);
    // Bob is blind until he submits: no rater, no rating of Ann's.
    const blind = await get(bob, `/v1/applications/${pipe.applicationId}/scorecard-summary`);
    expect(blind.body.raters).toEqual([]);
    // Deciding while Bob owes his scorecard: the refusal is a sentence, not a field name.
    const decide = await post(hm, `/v1/applications/${pipe.applicationId}/decision`, { decision: 'offer', rationale: RATIONALE });
    expect(decide.status).toBe(422);
    expect(decide.body.detail).toBe('Bob Panel has not sent their scorecard yet. Wait for it, or confirm that you decide without it.');
    expect(decide.body.detail).not.toMatch(/acknowledgeMissingFeedback/);
  });

  // --- offers ----------------------------------------------------------------------------------

  describe('offers: the drafter never approves, names, letter preview', () => {
    const body = {
      base: { amount: 120000, currency: 'EUR', period: 'YEAR' },
      bonus: { amount: 15000, currency: 'EUR', kind: 'signing' },
      startDate: dateIn(40),
      expiresAt: daysFromNow(10),
    };

    async function setChain(approvalChain: object[]) {
      const res = await t.http().put('/v1/offer-settings').set(bearer(org.admin)).send({ approvalChain });
      expect(res.status).toBe(200);
    }

    async function drafted(by: TestUser, team: { userId: string; role: string }[]) {
      const job = await makeHiringJob(org.id, { team });
      const app = await apply(t, recruiter, job.id);
      expect((await post(hm, `/v1/applications/${app.id}/decision`, { decision: 'offer', rationale: RATIONALE })).status).toBe(201);
      const res = await post(by, `/v1/applications/${app.id}/offers`, body);
      expect(res.status).toBe(201);
      return res.body;
    }

    it("a hiring manager's own offer goes to the admin step; the offer names candidate, job, band, drafter and approvers", async () => {
      const offer = await drafted(hm, [
        { userId: hm.id, role: 'hiring_manager' },
        { userId: recruiter.id, role: 'recruiter' },
      ]);
      expect(offer.candidate.name).toMatch(/^Ada /);
      expect(offer.job.title).toBe('Senior Backend Engineer');
      expect(offer.band).toEqual({ min: 100000, max: 140000, currency: 'EUR', period: 'YEAR' });
      expect(offer.drafter).toEqual({ id: hm.id, name: 'Hana Manager' });
      expect(offer.bonus).toEqual({ amount: 15000, currency: 'EUR', kind: 'signing' });
      const submitted = await post(hm, `/v1/offers/${offer.id}/submit`);
      expect(submitted.status).toBe(200);
      expect(submitted.body.approvals).toHaveLength(1);
      expect(submitted.body.approvals[0]).toMatchObject({ step: 0, role: 'admin', state: 'current' });
      expect(submitted.body.approvals[0].approvers.map((a: { id: string }) => a.id)).toContain(org.admin.id);
      // Not in the drafter's inbox; in the admin's.
      const hmInbox = await get(hm, '/v1/offers/awaiting-my-approval');
      expect(hmInbox.body.data.map((o: { id: string }) => o.id)).not.toContain(offer.id);
      const adminInbox = await get(org.admin, '/v1/offers/awaiting-my-approval?limit=100');
      expect(adminInbox.body.data.map((o: { id: string }) => o.id)).toContain(offer.id);
      const approved = await post(org.admin, `/v1/offers/${offer.id}/approve`, { comment: 'Fine' });
      expect(approved.status).toBe(200);
      expect(approved.body.status).toBe('approved');
      expect(approved.body.approvals[0].decidedByName).toBe('Org Admin');
    });

    it('the drafter trying to approve their own offer gets 403 and nothing is written', async () => {
      await setChain([{ role: 'recruiter' }, { role: 'admin' }]);
      try {
        const second = await makeUser(t, org, ['recruiter'], 'Second Recruiter');
        const offer = await drafted(recruiter, [
          { userId: hm.id, role: 'hiring_manager' },
          { userId: recruiter.id, role: 'recruiter' },
          { userId: second.id, role: 'recruiter' },
        ]);
        const submitted = await post(recruiter, `/v1/offers/${offer.id}/submit`);
        expect(submitted.status).toBe(200);
        // The recruiter step stays (another recruiter can act), named without the drafter.
        expect(submitted.body.approvals[0].approvers).toEqual([{ id: second.id, name: 'Second Recruiter' }]);
        const before = await settledOfferWrites(org.id);
        const res = await post(recruiter, `/v1/offers/${offer.id}/approve`);
        expect(res.status).toBe(403);
        expect(res.headers['content-type']).toMatch(PROBLEM);
        expect(res.body.detail).toBe('You drafted this offer, so another approver decides on it.');
        expect(await offerWrites(org.id)).toEqual(before);
        expect((await post(second, `/v1/offers/${offer.id}/approve`)).status).toBe(200);
      } finally {
        await setChain([{ role: 'hiring_manager' }, { role: 'admin' }]);
      }
    });

    it('nobody but the drafter can approve: 409 with a clear message, nothing written', async () => {
      await setChain([{ role: 'hiring_manager' }]);
      try {
        const offer = await drafted(hm, [{ userId: hm.id, role: 'hiring_manager' }]);
        const before = await settledOfferWrites(org.id);
        const res = await post(hm, `/v1/offers/${offer.id}/submit`);
        expect(res.status).toBe(409);
        expect(res.body.code).toBe('offers.no_other_approver');
        expect(res.body.detail).toMatch(/^You drafted this offer, and nobody else can approve it\./);
        expect(await offerWrites(org.id)).toEqual(before);
      } finally {
        await setChain([{ role: 'hiring_manager' }, { role: 'admin' }]);
      }
    });

    it('previews the letter with the bonus before sending, writing nothing; refused to interviewers (403) and other organizations (404)', async () => {
      const offer = await drafted(hm, [{ userId: hm.id, role: 'hiring_manager' }]);
      const before = await offerWrites(org.id);
      const preview = await get(recruiter, `/v1/offers/${offer.id}/letter-preview`);
      expect(preview.status).toBe(200);
      expect(preview.body.markdown).toContain('Senior Backend Engineer');
      expect(preview.body.markdown).toContain('15,000 EUR (signing)');
      expect(preview.body.html).toContain('<h1');
      expect(await offerWrites(org.id)).toEqual(before);
      expect((await get(ann, `/v1/offers/${offer.id}/letter-preview`)).status).toBe(403);
      const other = await makeOrg(t);
      expect((await get(other.admin, `/v1/offers/${offer.id}/letter-preview`)).status).toBe(404);
    });

    it('refuses a bonus or equity that is not valid (400) and writes nothing', async () => {
      const job = await makeHiringJob(org.id, { team: [{ userId: hm.id, role: 'hiring_manager' }] });
      const app = await apply(t, recruiter, job.id);
      expect((await post(hm, `/v1/applications/${app.id}/decision`, { decision: 'offer', rationale: RATIONALE })).status).toBe(201);
      for (const [bad, field] of [
        [{ bonus: { amount: -5, currency: 'EUR' } }, 'bonus.amount'],
        [{ bonus: { amount: 5000, currency: 'EURO' } }, 'bonus.currency'],
        [{ equity: { amount: 100, type: 'shares' } }, 'equity.type'],
        [{ equity: { amount: 100, type: 'options', vestingYears: 20 } }, 'equity.vestingYears'],
      ] as const) {
        const before = await settledOfferWrites(org.id);
        const res = await post(recruiter, `/v1/applications/${app.id}/offers`, { ...body, ...bad });
        expect(res.status).toBe(400);
        expect(res.body.errors.map((e: { field: string }) => e.field)).toContain(field);
        expect(await offerWrites(org.id)).toEqual(before);
      }
    });
  });
});
