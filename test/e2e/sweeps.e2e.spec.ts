import { TenantContext } from '../../libs/platform/src/index.js';
import { randomUUID } from 'node:crypto';
import { Module, type INestApplicationContext } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { DUE_SWEEPS } from '../../apps/worker/src/due-sweeps.js';
import type { JobProcessor } from '../../apps/worker/src/job-handler.js';
import { OffersProcessor } from '../../apps/worker/src/offers.processor.js';
import { PlatformProcessor } from '../../apps/worker/src/platform.processor.js';
import { PostingsProcessor } from '../../apps/worker/src/postings.processor.js';
import { PrivacyProcessor } from '../../apps/worker/src/privacy.processor.js';
import { ExportBuilder, ExportsSweep, PrivacyWorkerModule, RetentionSweep } from '../../libs/privacy/src/index.js';
import { ScorecardsProcessor } from '../../apps/worker/src/scorecards.processor.js';
import { WebhooksProcessor } from '../../apps/worker/src/webhooks.processor.js';
import { WebhookDeliveryService, WebhookFanOutService, WebhookSweepsService, WebhooksWorkerModule } from '../../libs/webhooks/src/index.js';
import { AppConfigModule } from '../../libs/config/src/index.js';
import { DbModule } from '../../libs/db/src/index.js';
import { OfferExpiry, OfferMergeFollower, OffersWorkerModule } from '../../libs/offers/src/index.js';
import { PipelinesModule } from '../../libs/pipelines/src/index.js';
import { AppLoggerModule, JOB_QUEUE, OutboxRetentionService, PlatformModule } from '../../libs/platform/src/index.js';
import { PostingDelivery, PostingsService, PostingsWorkerModule } from '../../libs/postings/src/index.js';
import { ScorecardMergeFollower, ScorecardRemindersService } from '../../libs/scorecards/src/index.js';
import { startTestApp, TestApp } from '../support/app.js';
import { closeTestDb, count, testDb } from '../support/db.js';
import { bearer, makeOrg, makeUser, TestOrg, TestUser } from '../support/factories.js';
import { apply, dateIn, makeHiringJob, makeLivePosting } from '../support/offers-fixtures.js';
import { makePipeline } from './interviews-fixtures.js';

/** The services the worker's sweeps call; no processors, so this test consumes no queue. */
@Module({
  imports: [
    AppConfigModule,
    AppLoggerModule,
    DbModule,
    PlatformModule,
    PipelinesModule,
    OffersWorkerModule,
    PostingsWorkerModule,
    WebhooksWorkerModule,
    PrivacyWorkerModule,
  ],
})
class SweepServicesModule {}

const minutesAgo = (m: number) => new Date(Date.now() - m * 60_000);

describe('database-driven sweeps: a delayed job Redis lost still happens, exactly once', () => {
  let t: TestApp;
  let ctx: INestApplicationContext;
  let org: TestOrg;
  let recruiter: TestUser;
  let ann: TestUser;
  let hm: TestUser;

  beforeAll(async () => {
    t = await startTestApp();
    ctx = await NestFactory.createApplicationContext(SweepServicesModule, { logger: false });
    await ctx.init();
    org = await makeOrg(t);
    [recruiter, ann, hm] = await Promise.all([makeUser(t, org, ['recruiter']), makeUser(t, org, ['interviewer'], 'Ann'), makeUser(t, org, ['hiring_manager'])]);
  });
  afterAll(async () => {
    await ctx?.close();
    await t.close();
    await closeTestDb();
  });

  it('each sweep job has a handler in the processor of its queue', () => {
    const processors: Record<string, JobProcessor> = {
      scorecards: new ScorecardsProcessor(ctx.get(ScorecardRemindersService), ctx.get(ScorecardMergeFollower)),
      offers: new OffersProcessor(ctx.get(OfferExpiry), ctx.get(OfferMergeFollower)),
      postings: new PostingsProcessor(ctx.get(PostingsService), ctx.get(PostingDelivery)),
      platform: new PlatformProcessor(ctx.get(OutboxRetentionService)),
      webhooks: new WebhooksProcessor(ctx.get(WebhookFanOutService), ctx.get(WebhookDeliveryService), ctx.get(WebhookSweepsService)),
      privacy: new PrivacyProcessor(ctx.get(ExportBuilder), ctx.get(ExportsSweep), ctx.get(RetentionSweep)),
    };
    for (const sweep of DUE_SWEEPS) {
      expect(JOB_QUEUE[sweep.job]).toBe(sweep.queue);
      expect(Object.keys(processors[sweep.queue].handlers)).toContain(sweep.job);
    }
  });

  it('scorecards: an interview past its reminder and escalation times with a scorecard owed (no delayed job) is reminded and escalated once', async () => {
    const db = await testDb();
    const reminders = ctx.get(ScorecardRemindersService);
    const p = await makePipeline(org, { recruiters: [recruiter.id] });
    // Written directly, without the outbox: no delayed job exists, as after a Redis that lost its data.
    const endsAt = minutesAgo(180);
    const startsAt = new Date(endsAt.getTime() - 60 * 60_000);
    const interview = async (reminderDueAt: Date, escalationDueAt: Date, status = 'scheduled') => {
      const id = randomUUID();
      await db.query(
        `INSERT INTO interviews (id, organization_id, application_id, candidate_id, job_id, stage_id, starts_at, ends_at, duration_minutes, status, cancel_reason, cancelled_at, reminder_due_at, escalation_due_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, 60, $9, $10, $11, $12, $13)`,
        [
          id,
          org.id,
          p.applicationId,
          p.candidateId,
          p.jobId,
          p.stageId,
          startsAt,
          endsAt,
          status,
          status === 'cancelled' ? 'x' : null,
          status === 'cancelled' ? new Date() : null,
          reminderDueAt,
          escalationDueAt,
        ],
      );
      await db.query(
        `INSERT INTO interview_interviewers (interview_id, user_id, organization_id, application_id, starts_at, ends_at) VALUES ($1, $2, $3, $4, $5, $6)`,
        [id, ann.id, org.id, p.applicationId, startsAt, endsAt],
      );
      return id;
    };
    const overdue = await interview(minutesAgo(120), minutesAgo(60));
    const reminderOnly = await interview(minutesAgo(30), new Date(Date.now() + 3_600_000));
    const cancelled = await interview(minutesAgo(120), minutesAgo(60), 'cancelled');
    const notes = (kind: string, id: string) =>
      count('notifications', `organization_id = $1 AND kind = $2 AND payload->>'interviewId' = $3`, [org.id, kind, id]);

    const first = await reminders.sweepDue({ organizationId: org.id });
    expect(first).toEqual({ reminders: 2, escalations: 1, notified: 3 });
    expect(await notes('scorecard_reminder', overdue)).toBe(1);
    expect(await notes('scorecard_escalation', overdue)).toBe(1);
    expect(await notes('scorecard_reminder', reminderOnly)).toBe(1);
    expect(await notes('scorecard_escalation', reminderOnly)).toBe(0);
    expect(await notes('scorecard_reminder', cancelled)).toBe(0);
    const [{ user_id: escalatedTo }] = await db.query(
      `SELECT user_id FROM notifications WHERE kind = 'scorecard_escalation' AND payload->>'interviewId' = $1`,
      [overdue],
    );
    expect(escalatedTo).toBe(recruiter.id);

    // A second sweep finds nothing left to do.
    expect(await reminders.sweepDue({ organizationId: org.id })).toEqual({ reminders: 0, escalations: 0, notified: 0 });
    // The original delayed jobs fire late after all: the same service method, deduplicated.
    const [row] = await db.query(`SELECT reminder_due_at, escalation_due_at FROM interviews WHERE id = $1`, [overdue]);
    // The delayed jobs carry their interview's organization, so the worker runs them as it.
    const asOrg = <T>(fn: () => Promise<T>) => TenantContext.run(org.id, fn);
    expect(await asOrg(() => reminders.remind({ interviewId: overdue, dueAt: new Date(row.reminder_due_at).toISOString() }))).toEqual({
      outcome: 'notified',
      notified: 0,
    });
    expect(await asOrg(() => reminders.escalate({ interviewId: overdue, dueAt: new Date(row.escalation_due_at).toISOString() }))).toEqual({
      outcome: 'notified',
      notified: 0,
    });
    expect(await notes('scorecard_reminder', overdue)).toBe(1);
    expect(await notes('scorecard_escalation', overdue)).toBe(1);

    // Rescheduled (new due time, its delayed job lost as well): the sweep reminds for the new time.
    await db.query(`UPDATE interviews SET reminder_due_at = $2 WHERE id = $1`, [reminderOnly, minutesAgo(5)]);
    expect(await reminders.sweepDue({ organizationId: org.id })).toEqual({ reminders: 1, escalations: 0, notified: 1 });
    expect(await notes('scorecard_reminder', reminderOnly)).toBe(2);

    // Nothing owed: the sweep handles it once and notifies no one.
    const submitted = await interview(minutesAgo(10), minutesAgo(5));
    await db.query(
      `INSERT INTO scorecards (organization_id, interview_id, application_id, job_id, interviewer_id, status, submitted_at, overall) VALUES ($1, $2, $3, $4, $5, 'submitted', now(), 'yes')`,
      [org.id, submitted, p.applicationId, p.jobId, ann.id],
    );
    expect(await reminders.sweepDue({ organizationId: org.id })).toEqual({ reminders: 1, escalations: 1, notified: 0 });
    expect(await reminders.sweepDue({ organizationId: org.id })).toEqual({ reminders: 0, escalations: 0, notified: 0 });
    expect(await count('notifications', `organization_id = $1 AND payload->>'interviewId' = $2`, [org.id, submitted])).toBe(0);
  });

  it('offers: an open offer past its expiresAt whose delayed job was lost is expired once', async () => {
    const db = await testDb();
    const offers = ctx.get(OfferExpiry);
    const job = await makeHiringJob(org.id, {
      team: [
        { userId: hm.id, role: 'hiring_manager' },
        { userId: recruiter.id, role: 'recruiter' },
      ],
    });
    const app = await apply(t, recruiter, job.id);
    await t
      .http()
      .post(`/v1/applications/${app.id}/decision`)
      .set(bearer(hm))
      .send({ decision: 'offer', rationale: 'Clear strengths in design and delivery across the loop.' });
    const res = await t
      .http()
      .post(`/v1/applications/${app.id}/offers`)
      .set(bearer(recruiter))
      .send({ base: { amount: 120000, currency: 'EUR', period: 'YEAR' }, startDate: dateIn(30), expiresAt: new Date(Date.now() + 3_600_000).toISOString() });
    expect(res.status).toBe(201);
    const offerId: string = res.body.id;
    // Redis lost the delayed job, and the expiry date has passed meanwhile.
    await db.query(`DELETE FROM outbox_events WHERE aggregate_id = $1 AND event_type = 'offers.expire' AND dispatched_at IS NULL`, [offerId]);
    await db.query(`UPDATE offers SET expires_at = $2 WHERE id = $1`, [offerId, minutesAgo(2)]);

    expect(await offers.expireDue({ organizationId: org.id })).toEqual({ expired: 1 });
    expect(await offers.expireDue({ organizationId: org.id })).toEqual({ expired: 0 });
    expect(await TenantContext.run(org.id, () => offers.expireIfDue(offerId))).toBe('closed');
    const [offer] = await db.query(`SELECT status, expired_at FROM offers WHERE id = $1`, [offerId]);
    expect(offer.status).toBe('expired');
    expect(offer.expired_at).not.toBeNull();
    expect(await count('audit_log', `organization_id = $1 AND entity_id = $2 AND action = 'expire'`, [org.id, offerId])).toBe(1);
  });

  it('postings: a live posting past its validThrough whose delayed job was lost is expired once', async () => {
    const db = await testDb();
    const postings = ctx.get(PostingDelivery);
    const job = await makeHiringJob(org.id);
    const postingId = await makeLivePosting(org.id, job.id);
    const validThrough = minutesAgo(3);
    // Written directly: no postings.expire job was ever published.
    await db.query(`UPDATE postings SET valid_through = $2 WHERE id = $1`, [postingId, validThrough]);
    const future = await makeLivePosting(org.id, (await makeHiringJob(org.id)).id);
    await db.query(`UPDATE postings SET valid_through = $2 WHERE id = $1`, [future, new Date(Date.now() + 3_600_000)]);

    expect(await postings.expireDue({ organizationId: org.id })).toEqual({ expired: 1 });
    expect(await postings.expireDue({ organizationId: org.id })).toEqual({ expired: 0 });
    expect(await TenantContext.run(org.id, () => postings.expire(postingId, validThrough.toISOString()))).toBe('skipped');
    const statuses = await db.query(`SELECT id, status FROM postings WHERE id = ANY($1)`, [[postingId, future]]);
    expect(Object.fromEntries(statuses.map((r: { id: string; status: string }) => [r.id, r.status]))).toEqual({ [postingId]: 'expired', [future]: 'live' });
    expect(await count('posting_events', `organization_id = $1 AND posting_id = $2 AND to_status = 'expired'`, [org.id, postingId])).toBe(1);
  });
});
