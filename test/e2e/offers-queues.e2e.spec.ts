import { randomUUID } from 'node:crypto';
import { approvalTurn, ApprovalStep, ApproverRole } from '../../libs/offers/src/index.js';
import { startTestApp, TestApp } from '../support/app.js';
import { closeTestDb, count, testDb } from '../support/db.js';
import { bearer, makeOrg, makeUser, TestOrg, TestUser } from '../support/factories.js';
import { apply, dateIn, daysFromNow, HiringJob, makeHiringJob } from '../support/offers-fixtures.js';

const RATIONALE = 'Strong system design and clear communication across every interview.';
const OFFER = { base: { amount: 120000, currency: 'EUR', period: 'YEAR' }, startDate: dateIn(30), expiresAt: daysFromNow(7) };

describe('hiring manager work lists: GET /v1/decision-queue and GET /v1/offers/awaiting-my-approval', () => {
  let t: TestApp;
  let org: TestOrg;
  let admin: TestUser;
  let recruiter: TestUser;
  let hm: TestUser;
  let otherHm: TestUser;
  let interviewer: TestUser;

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
  });
  afterAll(async () => {
    await t.close();
    await closeTestDb();
  });

  const get = (user: TestUser, path: string) => t.http().get(path).set(bearer(user));
  const post = (user: TestUser, path: string, body: Record<string, unknown> = {}) => t.http().post(path).set(bearer(user)).send(body);

  function jobFor(o: TestOrg, manager: TestUser, rec: TestUser = recruiter) {
    return makeHiringJob(o.id, {
      team: [
        { userId: manager.id, role: 'hiring_manager' },
        { userId: rec.id, role: 'recruiter' },
      ],
    });
  }

  /** Puts an application in a stage, having entered it `minutesAgo` minutes ago (so the order is deterministic). */
  async function placeIn(applicationId: string, stageId: string, minutesAgo: number) {
    const db = await testDb();
    await db.query(`UPDATE applications SET stage_id = $1, stage_entered_at = now() - make_interval(mins => $2) WHERE id = $3`, [
      stageId,
      minutesAgo,
      applicationId,
    ]);
  }

  /** Adds a stage of kind hiring_manager right before the offer stage. */
  async function addHiringManagerStage(job: HiringJob): Promise<string> {
    const db = await testDb();
    const id = randomUUID();
    await db.transaction(async (m) => {
      await m.query(`UPDATE job_stages SET position = position + 1 WHERE job_id = $1 AND position >= 2`, [job.id]);
      const [{ organization_id }] = await m.query(`SELECT organization_id FROM jobs WHERE id = $1`, [job.id]);
      await m.query(
        `INSERT INTO job_stages (id, organization_id, job_id, position, name, kind) VALUES ($1, $2, $3, 2, 'Hiring manager chat', 'hiring_manager')`,
        [id, organization_id, job.id],
      );
    });
    return id;
  }

  /** Application ids of a decision-queue page. */
  const ids = (body: { data: Array<{ applicationId: string }> }) => body.data.map((i) => i.applicationId);
  /** Offer ids of an approvals-inbox page. */
  const offerIds = (body: { data: Array<{ id: string }> }) => body.data.map((i) => i.id);

  it('documents both routes in the OpenAPI document', async () => {
    const doc = (await t.http().get('/docs-json')).body;
    expect(doc.paths['/v1/decision-queue'].get).toBeDefined();
    expect(doc.paths['/v1/offers/awaiting-my-approval'].get).toBeDefined();
    expect(Object.keys(doc.components.schemas.DecisionQueueItemDto.properties)).toEqual(
      expect.arrayContaining([
        'applicationId',
        'candidateId',
        'candidateName',
        'jobId',
        'jobTitle',
        'stageId',
        'stageName',
        'stageEnteredAt',
        'secondsInStage',
        'owedScorecards',
      ]),
    );
    expect(Object.keys(doc.components.schemas.AwaitingApprovalItemDto.properties)).toEqual(
      expect.arrayContaining(['id', 'applicationId', 'candidateName', 'jobTitle', 'base', 'submittedAt', 'step']),
    );
  });

  describe('GET /v1/decision-queue', () => {
    it("shows the waiting applications of the caller's jobs, oldest in stage first; another manager sees only theirs; admins and recruiters see all", async () => {
      const o = await makeOrg(t);
      const [rec, mgr, other, intv] = await Promise.all([
        makeUser(t, o, ['recruiter']),
        makeUser(t, o, ['hiring_manager'], 'Mona Manager'),
        makeUser(t, o, ['hiring_manager'], 'Otto Other'),
        makeUser(t, o, ['interviewer']),
      ]);
      const mine = await jobFor(o, mgr, rec); // plan without a hiring-manager stage: the stage before offer (technical) waits
      const theirs = await jobFor(o, other, rec);
      const [newer, older, stillInReview, inOffer, rejected, foreign] = await Promise.all([
        apply(t, rec, mine.id),
        apply(t, rec, mine.id),
        apply(t, rec, mine.id),
        apply(t, rec, mine.id),
        apply(t, rec, mine.id),
        apply(t, rec, theirs.id),
      ]);
      await placeIn(newer.id, mine.stages.technical, 10);
      await placeIn(older.id, mine.stages.technical, 60);
      await placeIn(inOffer.id, mine.stages.offer, 120);
      await placeIn(rejected.id, mine.stages.technical, 200);
      await placeIn(foreign.id, theirs.stages.technical, 30);
      const reasons = await get(rec, '/v1/rejection-reasons');
      const reasonId = reasons.body.data?.[0]?.id ?? reasons.body[0]?.id;
      expect((await post(rec, `/v1/applications/${rejected.id}/reject`, { reasonId })).status).toBe(200);

      const res = await get(mgr, '/v1/decision-queue');
      expect(res.status).toBe(200);
      expect(ids(res.body)).toEqual([older.id, newer.id]);
      expect(res.body.nextCursor).toBeNull();
      expect(res.body.data[0]).toMatchObject({
        applicationId: older.id,
        candidateId: older.candidateId,
        candidateName: expect.stringMatching(/^Ada /),
        jobId: mine.id,
        jobTitle: 'Senior Backend Engineer',
        stageId: mine.stages.technical,
        stageName: 'Technical interview',
        owedScorecards: 0,
      });
      expect(res.body.data[0].secondsInStage).toBeGreaterThanOrEqual(3590);
      expect(new Date(res.body.data[0].stageEnteredAt).getTime()).toBeLessThan(new Date(res.body.data[1].stageEnteredAt).getTime());
      expect(ids(res.body)).not.toContain(stillInReview.id);

      expect(ids((await get(other, '/v1/decision-queue')).body)).toEqual([foreign.id]);
      expect(ids((await get(o.admin, '/v1/decision-queue')).body)).toEqual([older.id, foreign.id, newer.id]);
      expect(ids((await get(rec, '/v1/decision-queue')).body)).toEqual([older.id, foreign.id, newer.id]);
      // Nothing of another organization.
      expect(ids((await get(admin, '/v1/decision-queue')).body)).not.toContain(older.id);

      const denied = await get(intv, '/v1/decision-queue');
      expect(denied.status).toBe(403);
      expect(denied.headers['content-type']).toMatch(/application\/problem\+json/);
    });

    it('an application disappears from the queue once decided', async () => {
      const o = await makeOrg(t);
      const [rec, mgr] = await Promise.all([makeUser(t, o, ['recruiter']), makeUser(t, o, ['hiring_manager'])]);
      const job = await jobFor(o, mgr, rec);
      const [a, b] = await Promise.all([apply(t, rec, job.id), apply(t, rec, job.id)]);
      await placeIn(a.id, job.stages.technical, 50);
      await placeIn(b.id, job.stages.technical, 40);
      expect(ids((await get(mgr, '/v1/decision-queue')).body)).toEqual([a.id, b.id]);
      expect((await post(mgr, `/v1/applications/${a.id}/decision`, { decision: 'offer', rationale: RATIONALE })).status).toBe(201);
      expect(ids((await get(mgr, '/v1/decision-queue')).body)).toEqual([b.id]);
      // A decision recorded while the application stays in the stage (e.g. moved back) also takes it off the queue.
      await (
        await testDb()
      ).query(`INSERT INTO hiring_decisions (organization_id, application_id, job_id, decision, rationale, decided_by) VALUES ($1, $2, $3, 'offer', $4, $5)`, [
        o.id,
        b.id,
        job.id,
        RATIONALE,
        mgr.id,
      ]);
      expect(ids((await get(mgr, '/v1/decision-queue')).body)).toEqual([]);
      expect(await count('hiring_decisions', 'organization_id = $1', [o.id])).toBe(2);
    });

    it('on a plan with a hiring-manager stage, only that stage waits (not the stage before offer)', async () => {
      const o = await makeOrg(t);
      const [rec, mgr] = await Promise.all([makeUser(t, o, ['recruiter']), makeUser(t, o, ['hiring_manager'])]);
      const job = await jobFor(o, mgr, rec);
      const hmStage = await addHiringManagerStage(job);
      const [inTechnical, inHm] = await Promise.all([apply(t, rec, job.id), apply(t, rec, job.id)]);
      await placeIn(inTechnical.id, job.stages.technical, 90);
      await placeIn(inHm.id, hmStage, 5);
      const res = await get(mgr, '/v1/decision-queue');
      expect(ids(res.body)).toEqual([inHm.id]);
      expect(res.body.data[0]).toMatchObject({ stageId: hmStage, stageName: 'Hiring manager chat', stageKind: 'hiring_manager' });
    });

    it('pages with the keyset cursor; limit over 100 and a forged cursor are 400', async () => {
      const o = await makeOrg(t);
      const [rec, mgr] = await Promise.all([makeUser(t, o, ['recruiter']), makeUser(t, o, ['hiring_manager'])]);
      const job = await jobFor(o, mgr, rec);
      const apps = await Promise.all([0, 1, 2].map(() => apply(t, rec, job.id)));
      // Two share the same stage_entered_at: the id breaks the tie.
      const db = await testDb();
      await db.query(`UPDATE applications SET stage_id = $1, stage_entered_at = '2024-01-01T00:00:00.123456Z' WHERE id = ANY($2::uuid[])`, [
        job.stages.technical,
        [apps[0].id, apps[1].id],
      ]);
      await placeIn(apps[2].id, job.stages.technical, 1);
      const expected = [...[apps[0].id, apps[1].id].sort(), apps[2].id];
      const seen: string[] = [];
      let cursor: string | null = null;
      do {
        const res: { status: number; body: { data: Array<{ applicationId: string }>; nextCursor: string | null } } = await get(
          mgr,
          `/v1/decision-queue?limit=1${cursor ? `&cursor=${cursor}` : ''}`,
        );
        expect(res.status).toBe(200);
        expect(res.body.data.length).toBeLessThanOrEqual(1);
        seen.push(...res.body.data.map((i) => i.applicationId));
        cursor = res.body.nextCursor;
      } while (cursor);
      expect(seen).toEqual(expected);
      expect((await get(mgr, '/v1/decision-queue?limit=101')).status).toBe(400);
      expect((await get(mgr, '/v1/decision-queue?limit=0')).status).toBe(400);
      expect((await get(mgr, '/v1/decision-queue?cursor=bm9wZQ')).status).toBe(400);
    });
  });

  describe('GET /v1/offers/awaiting-my-approval', () => {
    async function submittedOffer(job: HiringJob, by: TestUser = hm, rec: TestUser = recruiter) {
      const app = await apply(t, rec, job.id);
      const decided = await post(by, `/v1/applications/${app.id}/decision`, { decision: 'offer', rationale: RATIONALE });
      if (decided.status !== 201) throw new Error(`decision failed ${decided.status} ${JSON.stringify(decided.body)}`);
      const created = await post(rec, `/v1/applications/${app.id}/offers`, OFFER);
      if (created.status !== 201) throw new Error(`offer failed ${created.status} ${JSON.stringify(created.body)}`);
      const submitted = await post(rec, `/v1/offers/${created.body.id}/submit`);
      if (submitted.status !== 200) throw new Error(`submit failed ${submitted.status} ${JSON.stringify(submitted.body)}`);
      return { app, offer: submitted.body };
    }

    it('shows the offer only to the current approver: the hiring manager first, then the admin; never out of turn', async () => {
      const job = await jobFor(org, hm);
      const { app, offer } = await submittedOffer(job);
      const inbox = async (u: TestUser) => offerIds((await get(u, '/v1/offers/awaiting-my-approval')).body);

      const first = await get(hm, '/v1/offers/awaiting-my-approval');
      expect(first.status).toBe(200);
      expect(first.body.data).toEqual([
        expect.objectContaining({
          id: offer.id,
          applicationId: app.id,
          jobId: job.id,
          candidateName: expect.stringMatching(/^Ada /),
          jobTitle: 'Senior Backend Engineer',
          base: { amount: 120000, currency: 'EUR', period: 'YEAR' },
          submittedAt: offer.submittedAt,
          step: { step: 0, role: 'hiring_manager' },
        }),
      ]);
      expect(await inbox(admin)).not.toContain(offer.id);
      expect(await inbox(recruiter)).not.toContain(offer.id);
      expect(await inbox(otherHm)).not.toContain(offer.id);
      // Out of turn: the admin cannot act yet, as the inbox says.
      expect((await post(admin, `/v1/offers/${offer.id}/approve`)).status).toBe(409);

      expect((await post(hm, `/v1/offers/${offer.id}/approve`)).status).toBe(200);
      expect(await inbox(hm)).not.toContain(offer.id);
      const second = await get(admin, '/v1/offers/awaiting-my-approval');
      expect(second.body.data.find((i: { id: string }) => i.id === offer.id)).toMatchObject({ step: { step: 1, role: 'admin' } });

      expect((await post(admin, `/v1/offers/${offer.id}/approve`)).status).toBe(200);
      for (const u of [hm, admin, recruiter, otherHm]) expect(await inbox(u)).not.toContain(offer.id);
    });

    it('a rejected approval takes the offer off every inbox; resubmitting starts again with the hiring manager', async () => {
      const job = await jobFor(org, hm);
      const { offer } = await submittedOffer(job);
      expect((await post(hm, `/v1/offers/${offer.id}/approve`)).status).toBe(200);
      expect((await post(admin, `/v1/offers/${offer.id}/reject`, { comment: 'Too early in the quarter.' })).status).toBe(200);
      for (const u of [hm, admin]) expect(offerIds((await get(u, '/v1/offers/awaiting-my-approval')).body)).not.toContain(offer.id);
      expect((await post(recruiter, `/v1/offers/${offer.id}/submit`)).status).toBe(200);
      expect(offerIds((await get(hm, '/v1/offers/awaiting-my-approval')).body)).toContain(offer.id);
      expect(offerIds((await get(admin, '/v1/offers/awaiting-my-approval')).body)).not.toContain(offer.id);
    });

    it('refuses interviewers (403) and validates paging (limit over 100 is 400)', async () => {
      const denied = await get(interviewer, '/v1/offers/awaiting-my-approval');
      expect(denied.status).toBe(403);
      expect(JSON.stringify(denied.body)).not.toMatch(/120000|EUR/);
      expect((await get(hm, '/v1/offers/awaiting-my-approval?limit=101')).status).toBe(400);
      expect((await get(hm, '/v1/offers/awaiting-my-approval?cursor=%5B%5D')).status).toBe(400);
    });

    it('pages oldest submission first with the keyset cursor', async () => {
      const o = await makeOrg(t);
      const [rec, mgr] = await Promise.all([makeUser(t, o, ['recruiter']), makeUser(t, o, ['hiring_manager'])]);
      const job = await jobFor(o, mgr, rec);
      const made = [];
      for (let i = 0; i < 3; i++) made.push((await submittedOffer(job, mgr, rec)).offer.id);
      const seen: string[] = [];
      let cursor: string | null = null;
      let pages = 0;
      do {
        const res: { status: number; body: { data: Array<{ id: string }>; nextCursor: string | null } } = await get(
          mgr,
          `/v1/offers/awaiting-my-approval?limit=2${cursor ? `&cursor=${cursor}` : ''}`,
        );
        expect(res.status).toBe(200);
        seen.push(...res.body.data.map((i) => i.id));
        cursor = res.body.nextCursor;
        pages++;
      } while (cursor);
      expect(pages).toBe(2);
      expect(seen).toEqual(made);
      expect(await count('offers', "organization_id = $1 AND status = 'pending_approval'", [o.id])).toBe(3);
    });

    it('agrees with approvalTurn on many chains, rounds and approvers', async () => {
      const o = await makeOrg(t);
      const [rec, mgr, otherMgr, named, adminMgr] = await Promise.all([
        makeUser(t, o, ['recruiter'], 'R'),
        makeUser(t, o, ['hiring_manager'], 'M'),
        makeUser(t, o, ['hiring_manager'], 'N'),
        makeUser(t, o, ['hiring_manager'], 'Named'),
        makeUser(t, o, ['admin', 'hiring_manager'], 'AM'),
      ]);
      const job = await makeHiringJob(o.id, {
        team: [
          { userId: mgr.id, role: 'hiring_manager' },
          { userId: adminMgr.id, role: 'hiring_manager' },
          { userId: rec.id, role: 'recruiter' },
        ],
      });
      const HM = { role: ApproverRole.HiringManager };
      const AD = { role: ApproverRole.Admin };
      const RE = { role: ApproverRole.Recruiter };
      const cases: Array<{
        chain: Array<{ userId?: string; role?: ApproverRole; reason?: 'out_of_band' }>;
        approved: number;
        round?: number;
        olderRoundApproved?: number;
      }> = [
        { chain: [HM, AD], approved: 0 },
        { chain: [HM, AD], approved: 1 },
        { chain: [HM, AD], approved: 2 },
        { chain: [{ userId: named.id }, RE], approved: 0 },
        { chain: [{ userId: named.id }, RE], approved: 1 },
        { chain: [RE, HM, { ...AD, reason: 'out_of_band' }], approved: 2 },
        { chain: [{ userId: o.admin.id }, HM], approved: 0 },
        { chain: [{ userId: otherMgr.id }], approved: 0 },
        { chain: [HM, AD], approved: 0, round: 2, olderRoundApproved: 1 },
        { chain: [RE, AD], approved: 1, round: 3, olderRoundApproved: 2 },
      ];
      const db = await testDb();
      const made: string[] = [];
      for (const [i, c] of cases.entries()) {
        const app = await apply(t, rec, job.id);
        const chain: ApprovalStep[] = c.chain.map((s, step) => ({ step, ...s }));
        const round = c.round ?? 1;
        const [{ id }] = await db.query(
          `INSERT INTO offers (organization_id, application_id, job_id, candidate_id, status, base_amount, base_currency, base_period, start_date, expires_at,
                              approval_chain, approval_round, submitted_at)
           VALUES ($1, $2, $3, $4, 'pending_approval', 120000, 'EUR', 'YEAR', $5, $6, $7, $8, now() - make_interval(mins => $9)) RETURNING id`,
          [o.id, app.id, job.id, app.candidateId, dateIn(30), daysFromNow(7), JSON.stringify(chain), round, 100 - i],
        );
        made.push(id);
        const approvals = [
          ...Array.from({ length: c.approved }, (_, step) => ({ round, step })),
          ...Array.from({ length: c.olderRoundApproved ?? 0 }, (_, step) => ({ round: round - 1, step })),
        ];
        for (const a of approvals) {
          const s = chain[a.step];
          await db.query(
            `INSERT INTO offer_approvals (organization_id, offer_id, round, step, approver_user_id, approver_role, decided_by, decision) VALUES ($1, $2, $3, $4, $5, $6, $7, 'approved')`,
            [o.id, id, a.round, a.step, s.userId ?? null, s.role ?? null, o.admin.id],
          );
        }
      }
      const users = [o.admin, rec, mgr, otherMgr, named, adminMgr];
      let shown = 0;
      for (const user of users) {
        const isAdmin = user === o.admin || user === adminMgr;
        const context = { hiringManagerIds: [mgr.id, adminMgr.id], recruiterIds: [rec.id], adminIds: isAdmin ? [user.id] : [] };
        const expected = cases
          .map((c, i) => ({
            id: made[i],
            turn: approvalTurn(
              c.chain.map((s, step) => ({ step, ...s })),
              c.approved,
              user.id,
              context,
            ),
          }))
          .filter((x) => x.turn.kind === 'current')
          .map((x) => x.id);
        const res = await get(user, '/v1/offers/awaiting-my-approval?limit=100');
        expect(res.status).toBe(200);
        expect({ user: user.roles.join('+') + ':' + user.id, ids: offerIds(res.body) }).toEqual({ user: user.roles.join('+') + ':' + user.id, ids: expected });
        shown += expected.length;
      }
      expect(shown).toBeGreaterThanOrEqual(8);
    });
  });
});
