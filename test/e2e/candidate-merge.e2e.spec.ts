import { Module, type INestApplicationContext } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { Queue } from 'bullmq';
import { InterviewsProcessor } from '../../apps/worker/src/interviews.processor.js';
import { MailEventsProcessor } from '../../apps/worker/src/mail.processor.js';
import { NotificationsProcessor } from '../../apps/worker/src/notifications.processor.js';
import { OffersProcessor } from '../../apps/worker/src/offers.processor.js';
import { MERGE_FOLLOWERS, PipelinesProcessor } from '../../apps/worker/src/pipelines.processor.js';
import { ScorecardsProcessor } from '../../apps/worker/src/scorecards.processor.js';
import { AppConfigModule, loadConfig } from '../../libs/config/src/index.js';
import { DbModule } from '../../libs/db/src/index.js';
import { InterviewsModule } from '../../libs/interviews/src/index.js';
import { OffersWorkerModule } from '../../libs/offers/src/index.js';
import { MailWorkerModule } from '../../libs/mail/src/index.js';
import { MERGE_FAN_OUT_CONSUMER, PipelinesModule } from '../../libs/pipelines/src/index.js';
import { AppLoggerModule, JOB_QUEUE, JobName, OutboxRelayRunner, PlatformModule } from '../../libs/platform/src/index.js';
import { ScorecardsModule } from '../../libs/scorecards/src/index.js';
import { startTestApp, TestApp } from '../support/app.js';
import { closeTestDb, count, testDb } from '../support/db.js';
import { bearer, makeOrg, makeUser, TestOrg, TestUser } from '../support/factories.js';
import { apply, dateIn, daysFromNow, HiringJob, makeHiringJob } from '../support/offers-fixtures.js';
import { waitFor } from '../support/postings-fixtures.js';

/** The worker's processors that take part in a merge (the merge fan-out and every follower), with the outbox relay, as apps/worker wires them. */
@Module({
  imports: [
    AppConfigModule,
    AppLoggerModule,
    DbModule,
    PlatformModule,
    PipelinesModule,
    InterviewsModule,
    ScorecardsModule,
    OffersWorkerModule,
    MailWorkerModule,
  ],
  providers: [OutboxRelayRunner, PipelinesProcessor, InterviewsProcessor, ScorecardsProcessor, OffersProcessor, NotificationsProcessor, MailEventsProcessor],
})
class MergeWorkerModule {}

const RATIONALE = 'Clear system design and good judgement in every interview.';
const OFFER = () => ({ base: { amount: 120000, currency: 'EUR', period: 'YEAR' }, startDate: dateIn(30), expiresAt: daysFromNow(7) });

describe('candidate merge: every module follows the survivor through one outbox event', () => {
  let t: TestApp;
  let worker: INestApplicationContext;
  let org: TestOrg;
  let recruiter: TestUser;
  let hm: TestUser;
  let ann: TestUser;
  let jobJ: HiringJob;
  let jobK: HiringJob;

  beforeAll(async () => {
    t = await startTestApp();
    worker = await NestFactory.createApplicationContext(MergeWorkerModule, { logger: false });
    await worker.init();
    org = await makeOrg(t);
    [recruiter, hm, ann] = await Promise.all([
      makeUser(t, org, ['recruiter'], 'Rita'),
      makeUser(t, org, ['hiring_manager'], 'Hal'),
      makeUser(t, org, ['interviewer'], 'Ann'),
    ]);
    const team = [
      { userId: hm.id, role: 'hiring_manager' },
      { userId: recruiter.id, role: 'recruiter' },
      { userId: ann.id, role: 'interviewer' },
    ];
    [jobJ, jobK] = [await makeHiringJob(org.id, { team }), await makeHiringJob(org.id, { team })];
  });
  afterAll(async () => {
    await worker?.close();
    await t.close();
    await closeTestDb();
  });

  const post = (user: TestUser, path: string, body: object = {}) => t.http().post(path).set(bearer(user)).send(body);
  const get = (user: TestUser, path: string) => t.http().get(path).set(bearer(user));
  async function ok<T = Record<string, unknown>>(request: PromiseLike<{ status: number; body: unknown }>, status: number): Promise<T> {
    const res = await request;
    if (res.status !== status) throw new Error(`expected ${status}, got ${res.status}: ${JSON.stringify(res.body)}`);
    return res.body as T;
  }

  /** An interview by Ann with her submitted scorecard, a hiring decision to offer, and a drafted offer on the application. */
  async function interviewedAndOffered(applicationId: string, job: HiringJob, hoursAgo: number): Promise<{ interviewId: string; offerId: string }> {
    const interview = await ok<{ id: string }>(
      post(recruiter, `/v1/applications/${applicationId}/interviews`, {
        stageId: job.stages.technical,
        startsAt: new Date(Date.now() - hoursAgo * 3_600_000).toISOString(),
        durationMinutes: 60,
        interviewerIds: [ann.id],
        location: 'Room 1',
      }),
      201,
    );
    await ok(
      t
        .http()
        .put(`/v1/interviews/${interview.id}/scorecard`)
        .set(bearer(ann))
        .send({ overall: 'yes', keyTakeaways: 'Strong design.', ratings: [{ competency: 'system_design', rating: 3 }] }),
      200,
    );
    await ok(post(ann, `/v1/interviews/${interview.id}/scorecard/submit`), 200);
    await ok(post(hm, `/v1/applications/${applicationId}/decision`, { decision: 'offer', rationale: RATIONALE, acknowledgeMissingFeedback: true }), 201);
    const offer = await ok<{ id: string }>(post(recruiter, `/v1/applications/${applicationId}/offers`, OFFER()), 201);
    return { interviewId: interview.id, offerId: offer.id };
  }

  /** Every row of the organization a merge may touch, as one comparable value. */
  async function snapshot(): Promise<Record<string, unknown[]>> {
    const db = await testDb();
    const rows = (sql: string) => db.query<unknown[]>(sql, [org.id]);
    return {
      interviews: await rows(`SELECT id, candidate_id, application_id, version, updated_at FROM interviews WHERE organization_id = $1 ORDER BY id`),
      panels: await rows(`SELECT interview_id, user_id, application_id FROM interview_interviewers WHERE organization_id = $1 ORDER BY interview_id, user_id`),
      scorecards: await rows(`SELECT id, application_id, status, updated_at FROM scorecards WHERE organization_id = $1 ORDER BY id`),
      offers: await rows(`SELECT id, candidate_id, application_id, status, version, updated_at FROM offers WHERE organization_id = $1 ORDER BY id`),
      decisions: await rows(`SELECT id, application_id FROM hiring_decisions WHERE organization_id = $1 ORDER BY id`),
      notifications: await rows(`SELECT id, payload FROM notifications WHERE organization_id = $1 ORDER BY id`),
      notes: await rows(`SELECT id, candidate_id, application_id FROM notes WHERE organization_id = $1 ORDER BY id`),
      activity: await rows(`SELECT id, candidate_id, application_id FROM activity_events WHERE organization_id = $1 ORDER BY id`),
      files: await rows(`SELECT id, candidate_id FROM candidate_files WHERE organization_id = $1 ORDER BY id`),
      applications: await rows(`SELECT id, candidate_id, merged_into_id, status, version FROM applications WHERE organization_id = $1 ORDER BY id`),
      outbox: await rows(`SELECT id, event_type FROM outbox_events WHERE organization_id = $1 ORDER BY id`),
    };
  }

  it('interviews, scorecards, offers, decisions, files, notes, activity and notifications follow the survivor; redelivering the events changes nothing', async () => {
    const db = await testDb();
    // The survivor applied to job J; the duplicate applied to J (folded into the survivor's) and to K (moves as it is).
    const survivorJ = await apply(t, recruiter, jobJ.id);
    const mergedJ = await apply(t, recruiter, jobJ.id);
    const survivorId = survivorJ.candidateId;
    const mergedId = mergedJ.candidateId;
    const mergedK = await ok<{ id: string }>(post(recruiter, '/v1/applications', { jobId: jobK.id, candidateId: mergedId, source: 'referral' }), 201);
    const onJ = await interviewedAndOffered(mergedJ.id, jobJ, 5);
    const onK = await interviewedAndOffered(mergedK.id, jobK, 3);
    const note = await ok<{ id: string }>(post(recruiter, `/v1/candidates/${mergedId}/notes`, { body: 'Prefers remote.', applicationId: mergedJ.id }), 201);
    const file = await ok<{ id: string }>(
      t.http().post(`/v1/candidates/${mergedId}/resume`).set(bearer(recruiter)).attach('resume', Buffer.from('Ada Lovelace, analytical engines'), 'cv.txt'),
      201,
    );
    // Ann's in-app notifications about the duplicate's interviews (sent by the worker).
    await waitFor(
      () => count('notifications', `organization_id = $1 AND user_id = $2 AND payload->>'applicationId' = ANY($3)`, [org.id, ann.id, [mergedJ.id, mergedK.id]]),
      (n) => n === 2,
      30_000,
      "Ann's interview notifications",
    );

    const merged = await ok<{ applications: { id: string }[] }>(post(recruiter, `/v1/candidates/${survivorId}/merge`, { otherId: mergedId }), 200);
    expect(merged.applications.map((a) => a.id).sort()).toEqual([survivorJ.id, mergedK.id].sort());

    // One event, published in the merge's transaction, names the folded application and where it went.
    const [event]: { id: string; payload: Record<string, unknown> }[] = await db.query(
      `SELECT id, payload FROM outbox_events WHERE organization_id = $1 AND event_type = $2 AND aggregate_id = $3`,
      [org.id, JobName.PipelinesCandidatesMerged, survivorId],
    );
    expect(event.payload).toEqual({ organizationId: org.id, survivorId, mergedId, applicationMap: { [mergedJ.id]: survivorJ.id } });

    // Pipelines' own rows moved with the merge itself.
    expect(await count('notes', 'id = $1 AND candidate_id = $2 AND application_id = $3', [note.id, survivorId, survivorJ.id])).toBe(1);
    expect(await count('candidate_files', 'id = $1 AND candidate_id = $2', [file.id, survivorId])).toBe(1);
    expect(await count('activity_events', 'organization_id = $1 AND candidate_id = $2', [org.id, mergedId])).toBe(0);

    // Every other module follows the event in the worker.
    const consumers = ['interviews.follow-merge', 'scorecards.follow-merge', 'offers.follow-merge', 'notifications.follow-merge', 'mail.follow-merge'];
    await waitFor(
      () => count('processed_events', 'event_id = $1 AND consumer = ANY($2)', [event.id, consumers]),
      (n) => n === consumers.length,
      30_000,
      'every merge follower',
    );
    expect(await count('processed_events', 'event_id = $1 AND consumer = $2', [event.id, MERGE_FAN_OUT_CONSUMER])).toBe(1);
    const leftBehind = {
      interviews: await count('interviews', 'organization_id = $1 AND (candidate_id = $2 OR application_id = $3)', [org.id, mergedId, mergedJ.id]),
      panels: await count('interview_interviewers', 'organization_id = $1 AND application_id = $2', [org.id, mergedJ.id]),
      scorecards: await count('scorecards', 'organization_id = $1 AND application_id = $2', [org.id, mergedJ.id]),
      offers: await count('offers', 'organization_id = $1 AND (candidate_id = $2 OR application_id = $3)', [org.id, mergedId, mergedJ.id]),
      decisions: await count('hiring_decisions', 'organization_id = $1 AND application_id = $2', [org.id, mergedJ.id]),
      notifications: await count('notifications', `organization_id = $1 AND (payload->>'candidateId' = $2 OR payload->>'applicationId' = $3)`, [
        org.id,
        mergedId,
        mergedJ.id,
      ]),
      notes: await count('notes', 'organization_id = $1 AND (candidate_id = $2 OR application_id = $3)', [org.id, mergedId, mergedJ.id]),
      files: await count('candidate_files', 'organization_id = $1 AND candidate_id = $2', [org.id, mergedId]),
    };
    expect(leftBehind).toEqual({ interviews: 0, panels: 0, scorecards: 0, offers: 0, decisions: 0, notifications: 0, notes: 0, files: 0 });

    // What people read: the survivor's application shows the duplicate's interview, scorecard, decision and offer.
    const interviews = await ok<{ data: { id: string }[] }>(get(recruiter, `/v1/interviews?applicationId=${survivorJ.id}`), 200);
    expect(interviews.data.map((i) => i.id)).toContain(onJ.interviewId);
    const scorecards = await ok<{ data: { interviewId: string; status: string }[] }>(get(recruiter, `/v1/applications/${survivorJ.id}/scorecards`), 200);
    expect(scorecards.data).toEqual(expect.arrayContaining([expect.objectContaining({ interviewId: onJ.interviewId, status: 'submitted' })]));
    const offers = await ok<{ data: { id: string; candidateId: string }[] }>(get(recruiter, `/v1/applications/${survivorJ.id}/offers`), 200);
    expect(offers.data.map((o) => o.id)).toEqual([onJ.offerId]);
    expect(await count('offers', 'id = ANY($1) AND candidate_id = $2', [[onJ.offerId, onK.offerId], survivorId])).toBe(2);
    expect(await count('interviews', 'id = ANY($1) AND candidate_id = $2', [[onJ.interviewId, onK.interviewId], survivorId])).toBe(2);
    expect(await count('hiring_decisions', 'organization_id = $1 AND application_id = $2', [org.id, survivorJ.id])).toBe(1);
    const notifications = await ok<{ data: { payload: { applicationId?: string } }[] }>(get(ann, '/v1/notifications'), 200);
    expect(notifications.data.map((n) => n.payload.applicationId).sort()).toEqual([survivorJ.id, mergedK.id].sort());

    // Redelivery (at-least-once): the merge event and every follow-up job again, under new BullMQ job ids.
    const before = await snapshot();
    const processed = await count('processed_events', 'event_id = $1', [event.id]);
    const followUps: { id: string; event_type: string; payload: Record<string, unknown>; aggregate_id: string }[] = await db.query(
      `SELECT id, event_type, payload, aggregate_id FROM outbox_events WHERE organization_id = $1 AND event_type = ANY($2) ORDER BY id`,
      [org.id, MERGE_FOLLOWERS],
    );
    expect(followUps.map((f) => f.event_type).sort()).toEqual([...MERGE_FOLLOWERS].sort());
    const config = loadConfig(process.env);
    const queues = new Map<string, Queue>();
    try {
      const redelivered = [];
      for (const row of [{ ...event, event_type: JobName.PipelinesCandidatesMerged, aggregate_id: survivorId }, ...followUps]) {
        const name = JOB_QUEUE[row.event_type as JobName];
        if (!queues.has(name)) queues.set(name, new Queue(name, { connection: { url: config.redisUrl }, prefix: config.queuePrefix }));
        const data = { eventId: String(row.id), organizationId: org.id, aggregateType: 'candidate', aggregateId: row.aggregate_id, payload: row.payload };
        redelivered.push(await queues.get(name)!.add(row.event_type, data, { jobId: `redelivery-${row.id}` }));
      }
      for (const job of redelivered)
        await waitFor(
          () => job.getState(),
          (state) => state === 'completed',
          30_000,
          `redelivered ${job.name}`,
        );
    } finally {
      await Promise.all([...queues.values()].map((q) => q.close()));
    }
    expect(await snapshot()).toEqual(before);
    expect(await count('processed_events', 'event_id = $1', [event.id])).toBe(processed);
  });

  it("when both applications to a job hold an open offer, the duplicate's is withdrawn saying why, and both end on the kept application", async () => {
    const survivor = await apply(t, recruiter, jobJ.id);
    const duplicate = await apply(t, recruiter, jobJ.id);
    const kept = await interviewedAndOffered(survivor.id, jobJ, 9);
    const folded = await interviewedAndOffered(duplicate.id, jobJ, 7);
    await ok(post(recruiter, `/v1/candidates/${survivor.candidateId}/merge`, { otherId: duplicate.candidateId }), 200);
    await waitFor(
      () => count('offers', 'id = $1 AND application_id = $2', [folded.offerId, survivor.id]),
      (n) => n === 1,
      30_000,
      "the duplicate's offer following the survivor",
    );
    const offers = await ok<{ data: { id: string; status: string; candidateId: string }[] }>(get(recruiter, `/v1/applications/${survivor.id}/offers`), 200);
    expect(Object.fromEntries(offers.data.map((o) => [o.id, o.status]))).toEqual({ [kept.offerId]: 'draft', [folded.offerId]: 'withdrawn' });
    const [withdrawn]: { withdraw_reason: string; candidate_id: string }[] = await (
      await testDb()
    ).query(`SELECT withdraw_reason, candidate_id FROM offers WHERE id = $1`, [folded.offerId]);
    expect(withdrawn).toEqual({ withdraw_reason: expect.stringMatching(/merged/) as unknown, candidate_id: survivor.candidateId });
  });
});
