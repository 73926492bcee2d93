import { TenantContext } from '../../libs/platform/src/index.js';
import { Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { INestApplicationContext } from '@nestjs/common';
import { InterviewsProcessor } from '../../apps/worker/src/interviews.processor.js';
import { ScorecardsProcessor } from '../../apps/worker/src/scorecards.processor.js';
import { AppConfigModule } from '../../libs/config/src/index.js';
import { DbModule } from '../../libs/db/src/index.js';
import { InterviewsModule } from '../../libs/interviews/src/index.js';
import { PipelinesModule } from '../../libs/pipelines/src/index.js';
import { MailWorkerModule } from '../../libs/mail/src/index.js';
import { AppLoggerModule, OutboxRelayRunner, PlatformModule } from '../../libs/platform/src/index.js';
import { type ReminderPayload, ScorecardRemindersService, ScorecardsModule } from '../../libs/scorecards/src/index.js';
import { startTestApp, TestApp } from '../support/app.js';
import { closeTestDb, count, testDb } from '../support/db.js';
import { bearer, makeOrg, makeUser, TestOrg, TestUser } from '../support/factories.js';
import { makePipeline, Pipeline } from './interviews-fixtures.js';

/** The worker's parts this module owns: the outbox relay and the interviews/scorecards processors. */
@Module({
  imports: [AppConfigModule, AppLoggerModule, DbModule, PlatformModule, PipelinesModule, InterviewsModule, ScorecardsModule, MailWorkerModule],
  providers: [OutboxRelayRunner, InterviewsProcessor, ScorecardsProcessor],
})
class ReminderWorkerModule {}

const startWorker = () => NestFactory.createApplicationContext(ReminderWorkerModule, { logger: false });
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
async function waitFor(check: () => Promise<boolean>, timeoutMs: number): Promise<boolean> {
  const until = Date.now() + timeoutMs;
  while (Date.now() < until) {
    if (await check()) return true;
    await sleep(200);
  }
  return check();
}

const DEADLINE_SECONDS = 3;

describe('scorecards: reminders and escalations through delayed outbox jobs', () => {
  let t: TestApp;
  let org: TestOrg;
  let recruiter: TestUser;
  let ann: TestUser;
  let p: Pipeline;

  beforeAll(async () => {
    t = await startTestApp();
    org = await makeOrg(t);
    [recruiter, ann] = await Promise.all([makeUser(t, org, ['recruiter']), makeUser(t, org, ['interviewer'], 'Ann')]);
    p = await makePipeline(org, { recruiters: [recruiter.id] });
    // A deadline of a few seconds, set the way an admin's setting is stored.
    await (
      await testDb()
    ).query(`UPDATE organizations SET settings = settings || jsonb_build_object('scorecardDeadlineHours', $2::float8) WHERE id = $1`, [
      org.id,
      DEADLINE_SECONDS / 3600,
    ]);
  });
  afterAll(async () => {
    await t.close();
    await closeTestDb();
  });

  /** An interview ending `endsInSeconds` from now, for Ann. */
  async function scheduleEndingIn(endsInSeconds: number): Promise<{ id: string; version: number }> {
    const startsAt = new Date(Date.now() + endsInSeconds * 1000 - 60 * 60_000).toISOString();
    const res = await t
      .http()
      .post(`/v1/applications/${p.applicationId}/interviews`)
      .set(bearer(recruiter))
      .send({ stageId: p.stageId, startsAt, durationMinutes: 60, interviewerIds: [ann.id], location: 'Room 3', allowOverlap: true });
    expect(res.status).toBe(201);
    return res.body;
  }
  const notifications = (userId: string, kind: string, interviewId: string) =>
    count('notifications', "user_id = $1 AND kind = $2 AND payload->>'interviewId' = $3", [userId, kind, interviewId]);

  it('survives a worker restart: reminder and escalation fire once; submitted, cancelled and rescheduled interviews get no stale reminder', async () => {
    // Due times leave worker 1 a wide margin to relay and stop first, even on a loaded CI machine.
    const owed = await scheduleEndingIn(8);
    const submitted = await scheduleEndingIn(8);
    const cancelled = await scheduleEndingIn(8);
    const moved = await scheduleEndingIn(8);
    expect(
      (
        await t
          .http()
          .post(`/v1/interviews/${submitted.id}/scorecard/submit`)
          .set(bearer(ann))
          .send({ ratings: [{ competency: 'failure_modes', rating: 3 }], overall: 'yes' })
      ).status,
    ).toBe(200);
    expect((await t.http().post(`/v1/interviews/${cancelled.id}/cancel`).set(bearer(recruiter)).send({ reason: 'Candidate withdrew' })).status).toBe(200);
    const newEnd = new Date(Date.now() + 12_000 - 60 * 60_000).toISOString();
    expect(
      (await t.http().patch(`/v1/interviews/${moved.id}`).set(bearer(recruiter)).send({ version: moved.version, startsAt: newEnd, allowOverlap: true })).status,
    ).toBe(200);

    // Worker 1 relays the outbox into delayed BullMQ jobs, then stops before any is due.
    let worker: INestApplicationContext = await startWorker();
    expect(await waitFor(async () => (await count('outbox_events', 'organization_id = $1 AND dispatched_at IS NULL', [org.id])) === 0, 30_000)).toBe(true);
    await worker.close();
    expect(await notifications(ann.id, 'scorecard_reminder', owed.id)).toBe(0);

    // Worker 2 starts later and finds the delayed jobs in Redis.
    worker = await startWorker();
    try {
      expect(await waitFor(async () => (await notifications(recruiter.id, 'scorecard_escalation', moved.id)) === 1, 60_000)).toBe(true);
      await sleep(500);
      expect(await notifications(ann.id, 'scorecard_reminder', owed.id)).toBe(1);
      expect(await notifications(recruiter.id, 'scorecard_escalation', owed.id)).toBe(1);
      expect(await notifications(ann.id, 'scorecard_reminder', submitted.id)).toBe(0);
      expect(await notifications(recruiter.id, 'scorecard_escalation', submitted.id)).toBe(0);
      expect(await notifications(ann.id, 'scorecard_reminder', cancelled.id)).toBe(0);
      // The rescheduled interview: one reminder, for the new due time only (the old job found the time moved).
      expect(await notifications(ann.id, 'scorecard_reminder', moved.id)).toBe(1);
      const [row] = await (
        await testDb()
      ).query(`SELECT payload->>'dueAt' AS due FROM notifications WHERE user_id = $1 AND kind = 'scorecard_reminder' AND payload->>'interviewId' = $2`, [
        ann.id,
        moved.id,
      ]);
      const [interview] = await (await testDb()).query(`SELECT reminder_due_at FROM interviews WHERE id = $1`, [moved.id]);
      expect(new Date(row.due).getTime()).toBe(new Date(interview.reminder_due_at).getTime());
      // The panel was told about scheduling, rescheduling and cancelling.
      expect(await notifications(ann.id, 'interview_scheduled', owed.id)).toBe(1);
      expect(await notifications(ann.id, 'interview_rescheduled', moved.id)).toBe(1);
      expect(await notifications(ann.id, 'interview_cancelled', cancelled.id)).toBe(1);
      // Reminders carry no scorecard content.
      const payloads = await (await testDb()).query(`SELECT payload::text AS p FROM notifications WHERE organization_id = $1`, [org.id]);
      expect(payloads.map((r: { p: string }) => r.p).join(' ')).not.toMatch(/"overall"|"ratings"/);
    } finally {
      await worker.close();
    }
  }, 120_000);

  it('a redelivered reminder job notifies nobody twice', async () => {
    const service = t.app.get(ScorecardRemindersService);
    const reminders = { remind: (payload: ReminderPayload) => TenantContext.run(org.id, () => service.remind(payload)) };
    const interview = await scheduleEndingIn(-10);
    const [row] = await (await testDb()).query(`SELECT reminder_due_at FROM interviews WHERE id = $1`, [interview.id]);
    const payload = { interviewId: interview.id, dueAt: new Date(row.reminder_due_at).toISOString() };
    expect(await reminders.remind(payload)).toEqual({ outcome: 'notified', notified: 1 });
    expect(await reminders.remind(payload)).toEqual({ outcome: 'notified', notified: 0 });
    expect(await reminders.remind({ ...payload, dueAt: new Date(0).toISOString() })).toEqual({ outcome: 'stale', notified: 0 });
  });
});
