import { TransactionHost } from '@nestjs-cls/transactional';
import type { TransactionalAdapterTypeOrm } from '@nestjs-cls/transactional-adapter-typeorm';
import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import type { AuthUser } from '../../identity/src/index.js';
import { OrganizationsService, UsersService } from '../../identity/src/index.js';
import { AccessPolicy, Action, Resource } from '../../jobs/src/index.js';
import { AuditService, diffFields, DomainEvents, DomainEventType, JobName, OutboxService } from '../../platform/src/index.js';
import { JobReadsService } from '../../jobs/src/index.js';
import { ActivityService } from '../../pipelines/src/index.js';
import type { ActivityRecord } from '../../pipelines/src/index.js';
import { CancelInterviewDto, InterviewDto, RescheduleInterviewDto, ScheduleInterviewDto } from './dto/interview.dto.js';
import { ApplicationRef, InterviewPanels } from './interview-panels.js';
import { InterviewKitsService } from './interview-kits.service.js';
import { Interview, InterviewInterviewer, InterviewStatus } from './interview.entity.js';
import { interviewNotFound, InterviewsErrorCode, InterviewsException } from './interviews.exception.js';
import { escalationJobId, InterviewsService, reminderJobId, scorecardDueTimes } from './interviews.service.js';

/** How a booking made for someone else is recorded (self-scheduling: the candidate picked the time on the recruiter's request). */
export interface SchedulingOptions {
  /** Minutes kept free before and after the interview on each interviewer's calendar (checked under the interviewers' locks). */
  bufferMinutes?: number;
  /** Who actually chose the time, when not the actor: written on the audit entry and the timeline event. */
  bookedBy?: 'candidate';
}

/** Scheduling interviews: schedule, reschedule and cancel, with the panel and double-booking checks (audited, notified, on the timeline). */
@Injectable()
export class InterviewScheduling {
  constructor(
    private readonly views: InterviewsService,
    private readonly txHost: TransactionHost<TransactionalAdapterTypeOrm>,
    private readonly kits: InterviewKitsService,
    private readonly panels: InterviewPanels,
    private readonly access: AccessPolicy,
    private readonly users: UsersService,
    private readonly organizations: OrganizationsService,
    private readonly audit: AuditService,
    private readonly outbox: OutboxService,
    private readonly activity: ActivityService,
    private readonly jobReads: JobReadsService,
    private readonly events: DomainEvents,
  ) {}

  async schedule(actor: AuthUser, applicationId: string, input: ScheduleInterviewDto, options: SchedulingOptions = {}): Promise<InterviewDto> {
    const app = await this.panels.loadApplication(actor.organizationId, applicationId);
    const noSuchApplication = () => new InterviewsException(InterviewsErrorCode.ApplicationNotFound, 'No such application.');
    if (!app) throw noSuchApplication();
    await this.access.assertCan(actor, Action.Write, { resource: Resource.Interview, jobId: app.jobId, onPanel: false }, { hidden: noSuchApplication });
    if (!input.location && !input.videoUrl) {
      throw new InterviewsException(InterviewsErrorCode.InvalidSchedule, 'Give a location or a video link.', {
        errors: [{ field: 'location', message: 'location or videoUrl is required' }],
      });
    }
    const found = (await this.jobReads.stagesByIds(actor.organizationId, [input.stageId])).get(input.stageId);
    const stage = found && found.jobId === app.jobId ? { id: found.id, kit_key: found.kitKey } : null;
    if (!stage)
      throw new InterviewsException(InterviewsErrorCode.StageNotFound, 'The stage is not a stage of this job.', {
        errors: [{ field: 'stageId', message: 'not a stage of this application’s job' }],
      });
    const kit = input.kitId
      ? await this.kits.resolveLatest(actor.organizationId, { id: input.kitId })
      : stage.kit_key
        ? await this.kits.resolveLatest(actor.organizationId, { key: stage.kit_key })
        : null;
    if (input.kitId && !kit)
      throw new InterviewsException(InterviewsErrorCode.KitNotFound, 'No such interview kit.', { errors: [{ field: 'kitId', message: 'no such kit' }] });
    await this.assertInterviewers(actor.organizationId, input.interviewerIds, 'interviewerIds');
    const startsAt = new Date(input.startsAt);
    const endsAt = new Date(startsAt.getTime() + input.durationMinutes * 60_000);
    const settings = await this.organizations.settings(actor.organizationId);
    const due = scorecardDueTimes(endsAt, settings.scorecardDeadlineHours);

    const id = await this.txHost.withTransaction(async () => {
      await this.lockInterviewers(input.interviewerIds);
      if (!input.allowOverlap) await this.assertFree(actor.organizationId, input.interviewerIds, startsAt, endsAt, null, options.bufferMinutes);
      const interview = this.txHost.tx.create(Interview, {
        id: randomUUID(),
        organizationId: actor.organizationId,
        applicationId: app.id,
        candidateId: app.candidateId,
        jobId: app.jobId,
        stageId: stage.id,
        kitId: kit?.kit.id ?? null,
        kitRevisionId: kit?.revision.id ?? null,
        startsAt,
        endsAt,
        durationMinutes: input.durationMinutes,
        location: input.location ?? null,
        videoUrl: input.videoUrl ?? null,
        status: InterviewStatus.Scheduled,
        ...due,
        createdBy: actor.id,
      });
      await this.txHost.tx.insert(Interview, interview);
      await this.txHost.tx.insert(
        InterviewInterviewer,
        input.interviewerIds.map((userId) => ({
          interviewId: interview.id,
          userId,
          organizationId: actor.organizationId,
          applicationId: app.id,
          startsAt,
          endsAt,
          active: true,
        })),
      );
      await this.audit.record({
        organizationId: actor.organizationId,
        actorId: actor.id,
        entityType: 'interview',
        entityId: interview.id,
        action: 'create',
        changes: {
          applicationId: { to: app.id },
          startsAt: { to: startsAt.toISOString() },
          durationMinutes: { to: input.durationMinutes },
          interviewerIds: { to: input.interviewerIds },
          ...(options.bookedBy ? { bookedBy: { to: options.bookedBy } } : {}),
        },
      });
      await this.recordActivity(app, actor, 'interview.scheduled', interview.id, {
        startsAt: startsAt.toISOString(),
        interviewerIds: input.interviewerIds,
        ...(options.bookedBy ? { bookedBy: options.bookedBy } : {}),
      });
      await this.publishSideEffects(interview, 'scheduled', input.interviewerIds, true);
      await this.announce(actor, interview.id, DomainEventType.InterviewScheduled);
      return interview.id;
    });
    return this.views.get(actor, id);
  }

  async reschedule(actor: AuthUser, id: string, input: RescheduleInterviewDto, options: SchedulingOptions = {}): Promise<InterviewDto> {
    const current = await this.findManageable(actor, id);
    if (current.status === InterviewStatus.Cancelled) throw new InterviewsException(InterviewsErrorCode.InterviewCancelled, 'This interview is cancelled.');
    if (input.interviewerIds) await this.assertInterviewers(actor.organizationId, input.interviewerIds, 'interviewerIds');
    const settings = await this.organizations.settings(actor.organizationId);
    await this.txHost.withTransaction(async () => {
      const interview = await this.txHost.tx.findOne(Interview, { where: { id, organizationId: actor.organizationId }, lock: { mode: 'pessimistic_write' } });
      if (!interview) throw new InterviewsException(InterviewsErrorCode.InterviewNotFound, 'No such interview.');
      if (interview.version !== input.version) {
        throw new InterviewsException(InterviewsErrorCode.StaleVersion, 'The interview changed since you read it.', {
          errors: [{ field: 'version', message: `current version is ${interview.version}` }],
          extensions: { currentVersion: interview.version },
        });
      }
      if (interview.status === InterviewStatus.Cancelled) throw new InterviewsException(InterviewsErrorCode.InterviewCancelled, 'This interview is cancelled.');
      const panelBefore: string[] = (await this.txHost.tx.find(InterviewInterviewer, { where: { interviewId: id, active: true } })).map((p) => p.userId);
      const panel = input.interviewerIds ?? panelBefore;
      const before = {
        startsAt: interview.startsAt.toISOString(),
        durationMinutes: interview.durationMinutes,
        location: interview.location,
        videoUrl: interview.videoUrl,
        interviewerIds: [...panelBefore].sort(),
      };
      const startsAt = input.startsAt ? new Date(input.startsAt) : interview.startsAt;
      const durationMinutes = input.durationMinutes ?? interview.durationMinutes;
      const endsAt = new Date(startsAt.getTime() + durationMinutes * 60_000);
      await this.lockInterviewers(panel);
      if (!input.allowOverlap) await this.assertFree(actor.organizationId, panel, startsAt, endsAt, id, options.bufferMinutes);
      Object.assign(interview, {
        startsAt,
        endsAt,
        durationMinutes,
        location: input.location ?? interview.location,
        videoUrl: input.videoUrl ?? interview.videoUrl,
        ...scorecardDueTimes(endsAt, settings.scorecardDeadlineHours),
        version: interview.version + 1,
      });
      const after = {
        startsAt: startsAt.toISOString(),
        durationMinutes,
        location: interview.location,
        videoUrl: interview.videoUrl,
        interviewerIds: [...panel].sort(),
      };
      const changes = diffFields(before, after, ['startsAt', 'durationMinutes', 'location', 'videoUrl', 'interviewerIds']);
      if (options.bookedBy) changes.bookedBy = { to: options.bookedBy };
      await this.txHost.tx.save(interview);
      // Removed members stay as inactive rows (their drafts stay theirs); new members are added.
      await this.txHost.tx.query(
        `UPDATE interview_interviewers SET active = (user_id = ANY($2::uuid[])), starts_at = $3, ends_at = $4 WHERE interview_id = $1`,
        [id, panel, startsAt, endsAt],
      );
      const added = panel.filter((u) => !panelBefore.includes(u));
      const known: string[] = (await this.txHost.tx.find(InterviewInterviewer, { where: { interviewId: id } })).map((p) => p.userId);
      const fresh = added.filter((u) => !known.includes(u));
      if (fresh.length) {
        await this.txHost.tx.insert(
          InterviewInterviewer,
          fresh.map((userId) => ({
            interviewId: id,
            userId,
            organizationId: actor.organizationId,
            applicationId: interview.applicationId,
            startsAt,
            endsAt,
            active: true,
          })),
        );
      }
      await this.audit.record({
        organizationId: actor.organizationId,
        actorId: actor.id,
        entityType: 'interview',
        entityId: id,
        action: 'reschedule',
        changes,
      });
      const app = (await this.panels.loadApplication(actor.organizationId, interview.applicationId)) as ApplicationRef;
      await this.recordActivity(app, actor, 'interview.rescheduled', id, {
        startsAt: startsAt.toISOString(),
        ...(options.bookedBy ? { bookedBy: options.bookedBy } : {}),
      });
      const notify = [...new Set([...panelBefore, ...panel])];
      await this.publishSideEffects(interview, 'rescheduled', notify, true);
      await this.announce(actor, interview.id, DomainEventType.InterviewRescheduled);
    });
    return this.views.get(actor, id);
  }

  async cancel(actor: AuthUser, id: string, input: CancelInterviewDto, options: SchedulingOptions = {}): Promise<InterviewDto> {
    await this.findManageable(actor, id);
    await this.txHost.withTransaction(async () => {
      const interview = await this.txHost.tx.findOne(Interview, { where: { id, organizationId: actor.organizationId }, lock: { mode: 'pessimistic_write' } });
      if (!interview) throw new InterviewsException(InterviewsErrorCode.InterviewNotFound, 'No such interview.');
      if (input.version !== undefined && interview.version !== input.version) {
        throw new InterviewsException(InterviewsErrorCode.StaleVersion, 'The interview changed since you read it.', {
          errors: [{ field: 'version', message: `current version is ${interview.version}` }],
          extensions: { currentVersion: interview.version },
        });
      }
      if (interview.status === InterviewStatus.Cancelled)
        throw new InterviewsException(InterviewsErrorCode.InterviewCancelled, 'This interview is already cancelled.');
      const panel = (await this.txHost.tx.find(InterviewInterviewer, { where: { interviewId: id, active: true } })).map((p) => p.userId);
      interview.status = InterviewStatus.Cancelled;
      interview.cancelReason = input.reason;
      interview.cancelledAt = new Date();
      interview.version += 1;
      await this.txHost.tx.save(interview);
      await this.txHost.tx.update(InterviewInterviewer, { interviewId: id }, { active: false });
      await this.audit.record({
        organizationId: actor.organizationId,
        actorId: actor.id,
        entityType: 'interview',
        entityId: id,
        action: 'cancel',
        changes: {
          status: { from: InterviewStatus.Scheduled, to: InterviewStatus.Cancelled },
          cancelReason: { to: input.reason },
          ...(options.bookedBy ? { cancelledBy: { to: options.bookedBy } } : {}),
        },
      });
      const app = (await this.panels.loadApplication(actor.organizationId, interview.applicationId)) as ApplicationRef;
      await this.recordActivity(app, actor, 'interview.cancelled', id, {
        reason: input.reason,
        ...(options.bookedBy ? { cancelledBy: options.bookedBy } : {}),
      });
      // No Redis call: pending reminders find the interview cancelled and do nothing.
      await this.publishSideEffects(interview, 'cancelled', panel, false);
      await this.announce(actor, interview.id, DomainEventType.InterviewCancelled);
    });
    return this.views.get(actor, id);
  }

  // --- internals -----------------------------------------------------------------------------

  private async findManageable(actor: AuthUser, id: string): Promise<Interview> {
    const interview = await this.txHost.tx.getRepository(Interview).findOneBy({ id, organizationId: actor.organizationId });
    if (!interview) throw interviewNotFound();
    const panel: unknown[] = await this.txHost.tx.query(`SELECT 1 FROM interview_interviewers WHERE interview_id = $1 AND user_id = $2`, [id, actor.id]);
    await this.access.assertCan(
      actor,
      Action.Write,
      { resource: Resource.Interview, jobId: interview.jobId, onPanel: panel.length > 0 },
      {
        hidden: interviewNotFound,
        forbidden: () => new InterviewsException(InterviewsErrorCode.NotAllowed, 'Only recruiters and the job’s hiring managers change interviews.'),
      },
    );
    return interview;
  }

  private async assertInterviewers(organizationId: string, ids: string[], field: string): Promise<void> {
    const users = await this.users.findInOrganization(organizationId, ids);
    const ok = new Set(users.filter((u) => u.active).map((u) => u.id));
    const errors = ids.flatMap((uid, i) => (ok.has(uid) ? [] : [{ field: `${field}.${i}`, message: 'not an active user of your organization' }]));
    if (errors.length)
      throw new InterviewsException(InterviewsErrorCode.InvalidInterviewers, 'Some interviewers are not active users of your organization.', { errors });
  }

  /** Serialises bookings of the same people, so two concurrent bookings cannot both pass the overlap check. */
  private async lockInterviewers(ids: string[]): Promise<void> {
    for (const uid of [...ids].sort()) await this.txHost.tx.query(`SELECT pg_advisory_xact_lock(hashtext('hireloop.interviewer'), hashtext($1))`, [uid]);
  }

  private async assertFree(organizationId: string, ids: string[], startsAt: Date, endsAt: Date, exceptId: string | null, bufferMinutes = 0): Promise<void> {
    const rows: { user_id: string; interview_id: string }[] = await this.txHost.tx.query(
      `SELECT ii.user_id, ii.interview_id FROM interview_interviewers ii
        WHERE ii.user_id = ANY($1::uuid[]) AND ii.organization_id = $2 AND ii.active
          AND ii.starts_at < $4::timestamptz + make_interval(mins => $6) AND ii.ends_at > $3::timestamptz - make_interval(mins => $6)
          AND ($5::uuid IS NULL OR ii.interview_id <> $5)`,
      [ids, organizationId, startsAt, endsAt, exceptId, bufferMinutes],
    );
    if (rows.length === 0) return;
    throw new InterviewsException(InterviewsErrorCode.DoubleBooked, 'An interviewer is already booked at that time; pass allowOverlap to book anyway.', {
      errors: [...new Set(rows.map((r) => r.user_id))].map((uid) => ({
        field: `interviewerIds.${ids.indexOf(uid)}`,
        message: 'already interviewing at that time',
      })),
      extensions: { conflicts: rows.map((r) => ({ interviewerId: r.user_id, interviewId: r.interview_id })) },
    });
  }

  private async announce(actor: AuthUser, id: string, type: DomainEventType): Promise<void> {
    const data = await this.views.viewWithin(actor, id);
    await this.events.publish({ type, organizationId: actor.organizationId, aggregateType: 'interview', aggregateId: id, data });
  }

  private async publishSideEffects(
    interview: Interview,
    change: 'scheduled' | 'rescheduled' | 'cancelled',
    notify: string[],
    reminders: boolean,
  ): Promise<void> {
    const base = { organizationId: interview.organizationId, aggregateType: 'interview', aggregateId: interview.id };
    await this.outbox.publishMany([
      { ...base, jobName: JobName.InterviewsNotifyInterviewers, payload: { interviewId: interview.id, change, userIds: notify, version: interview.version } },
      ...(reminders
        ? [
            {
              ...base,
              jobName: JobName.ScorecardsReminder,
              runAt: interview.reminderDueAt,
              jobId: reminderJobId(interview.id, interview.reminderDueAt),
              payload: { interviewId: interview.id, dueAt: interview.reminderDueAt.toISOString() },
            },
            {
              ...base,
              jobName: JobName.ScorecardsEscalation,
              runAt: interview.escalationDueAt,
              jobId: escalationJobId(interview.id, interview.escalationDueAt),
              payload: { interviewId: interview.id, dueAt: interview.escalationDueAt.toISOString() },
            },
          ]
        : []),
    ]);
  }

  private async recordActivity(app: ApplicationRef, actor: AuthUser, kind: string, interviewId: string, payload: Record<string, unknown>): Promise<void> {
    const event: ActivityRecord = {
      organizationId: app.organizationId,
      candidateId: app.candidateId,
      applicationId: app.id,
      jobId: app.jobId,
      kind,
      actorId: actor.id,
      subjectType: 'interview',
      subjectId: interviewId,
      payload,
    };
    await this.activity.record(event);
  }
}
