import { Inject, Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { randomUUID } from 'node:crypto';
import { DataSource, EntityManager, Repository } from 'typeorm';
import type { AuthUser } from '../../identity/src/index.js';
import { hasRole, OrganizationsService, Role, UsersService } from '../../identity/src/index.js';
import { AccessPolicy, Action, Resource } from '../../jobs/src/index.js';
import { AuditService, decodeCursor, diffFields, encodeCursor, JobName, OutboxService, Page } from '../../platform/src/index.js';
import { JobReadsService } from '../../jobs/src/index.js';
import { ActivityService, PipelineReadsService } from '../../pipelines/src/index.js';
import type { ActivityRecord } from '../../pipelines/src/index.js';
import { CancelInterviewDto, InterviewDto, ListInterviewsQueryDto, RescheduleInterviewDto, ScheduleInterviewDto } from './dto/interview.dto.js';
import { renderCalendar } from './interview-calendar.js';
import { ApplicationRef, InterviewPanels } from './interview-panels.js';
import { InterviewKitsService } from './interview-kits.service.js';
import { INTERVIEW_SCORECARD_STATUS, type InterviewScorecardStatus } from './interview-scorecard-status.js';
import { Interview, InterviewInterviewer, InterviewStatus } from './interview.entity.js';
import { InterviewsErrorCode, InterviewsException } from './interviews.exception.js';

const HOUR_MS = 3_600_000;

/**
 * Reminder and escalation times of an interview: end + deadline, end + twice the deadline. Computed
 * when the interview is scheduled or rescheduled, with the deadline in force then; a later change of
 * the organization's deadline does not move them (documented limit, see ScorecardRemindersService).
 */
export function scorecardDueTimes(endsAt: Date, deadlineHours: number): { reminderDueAt: Date; escalationDueAt: Date } {
  const ms = Math.max(0, deadlineHours) * HOUR_MS;
  return { reminderDueAt: new Date(endsAt.getTime() + ms), escalationDueAt: new Date(endsAt.getTime() + 2 * ms) };
}

/** Stable BullMQ job ids: one per interview and due time, so a moved interview gets new jobs and the old ones find a moved due time. */
export const reminderJobId = (interviewId: string, dueAt: Date) => `scorecard-reminder-${interviewId}-${dueAt.getTime()}`;
export const escalationJobId = (interviewId: string, dueAt: Date) => `scorecard-escalation-${interviewId}-${dueAt.getTime()}`;

interface InterviewRow {
  id: string;
  application_id: string;
  candidate_id: string;
  candidate_name: string;
  job_id: string;
  job_title: string;
  stage_id: string;
  stage_name: string;
  kit_id: string | null;
  kit_revision_id: string | null;
  kit_key: string | null;
  kit_title: string | null;
  starts_at: Date;
  ends_at: Date;
  duration_minutes: number;
  location: string | null;
  video_url: string | null;
  status: InterviewStatus;
  cancel_reason: string | null;
  reminder_due_at: Date;
  version: number;
  created_at: Date;
  interviewers: Array<{ id: string; name: string; email: string }>;
  my_status: 'draft' | 'submitted' | null;
  on_panel: boolean;
  starts_key: string;
}

/** An interview as its own tables hold it: names come from their owners (`withNames`). */
type InterviewBaseRow = Omit<InterviewRow, 'candidate_name' | 'job_title' | 'stage_name' | 'interviewers' | 'my_status'> & { panel: string[] };

/** Scheduled interviews: panels, double-booking, reschedule and cancel (audited, notified), "my interviews", calendar files. */
@Injectable()
export class InterviewsService {
  constructor(
    @InjectRepository(Interview) private readonly interviews: Repository<Interview>,
    private readonly dataSource: DataSource,
    private readonly kits: InterviewKitsService,
    private readonly panels: InterviewPanels,
    private readonly access: AccessPolicy,
    private readonly users: UsersService,
    private readonly organizations: OrganizationsService,
    private readonly audit: AuditService,
    private readonly outbox: OutboxService,
    private readonly activity: ActivityService,
    private readonly pipelineReads: PipelineReadsService,
    private readonly jobReads: JobReadsService,
    @Inject(INTERVIEW_SCORECARD_STATUS) private readonly scorecardStatus: InterviewScorecardStatus,
  ) {}

  async schedule(actor: AuthUser, applicationId: string, input: ScheduleInterviewDto): Promise<InterviewDto> {
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

    const id = await this.dataSource.transaction(async (manager) => {
      await this.lockInterviewers(manager, input.interviewerIds);
      if (!input.allowOverlap) await this.assertFree(manager, actor.organizationId, input.interviewerIds, startsAt, endsAt, null);
      const interview = manager.create(Interview, {
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
      await manager.insert(Interview, interview);
      await manager.insert(
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
      await this.audit.record(manager, {
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
        },
      });
      await this.recordActivity(manager, app, actor, 'interview.scheduled', interview.id, {
        startsAt: startsAt.toISOString(),
        interviewerIds: input.interviewerIds,
      });
      await this.publishSideEffects(manager, interview, 'scheduled', input.interviewerIds, true);
      return interview.id;
    });
    return this.get(actor, id);
  }

  async reschedule(actor: AuthUser, id: string, input: RescheduleInterviewDto): Promise<InterviewDto> {
    const current = await this.findManageable(actor, id);
    if (current.status === InterviewStatus.Cancelled) throw new InterviewsException(InterviewsErrorCode.InterviewCancelled, 'This interview is cancelled.');
    if (input.interviewerIds) await this.assertInterviewers(actor.organizationId, input.interviewerIds, 'interviewerIds');
    const settings = await this.organizations.settings(actor.organizationId);
    await this.dataSource.transaction(async (manager) => {
      const interview = await manager.findOne(Interview, { where: { id, organizationId: actor.organizationId }, lock: { mode: 'pessimistic_write' } });
      if (!interview) throw new InterviewsException(InterviewsErrorCode.InterviewNotFound, 'No such interview.');
      if (interview.version !== input.version) {
        throw new InterviewsException(InterviewsErrorCode.StaleVersion, 'The interview changed since you read it.', {
          errors: [{ field: 'version', message: `current version is ${interview.version}` }],
          extensions: { currentVersion: interview.version },
        });
      }
      if (interview.status === InterviewStatus.Cancelled) throw new InterviewsException(InterviewsErrorCode.InterviewCancelled, 'This interview is cancelled.');
      const panelBefore: string[] = (await manager.find(InterviewInterviewer, { where: { interviewId: id, active: true } })).map((p) => p.userId);
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
      await this.lockInterviewers(manager, panel);
      if (!input.allowOverlap) await this.assertFree(manager, actor.organizationId, panel, startsAt, endsAt, id);
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
      await manager.save(interview);
      // Removed members stay as inactive rows (their drafts stay theirs); new members are added.
      await manager.query(`UPDATE interview_interviewers SET active = (user_id = ANY($2::uuid[])), starts_at = $3, ends_at = $4 WHERE interview_id = $1`, [
        id,
        panel,
        startsAt,
        endsAt,
      ]);
      const added = panel.filter((u) => !panelBefore.includes(u));
      const known: string[] = (await manager.find(InterviewInterviewer, { where: { interviewId: id } })).map((p) => p.userId);
      const fresh = added.filter((u) => !known.includes(u));
      if (fresh.length) {
        await manager.insert(
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
      await this.audit.record(manager, {
        organizationId: actor.organizationId,
        actorId: actor.id,
        entityType: 'interview',
        entityId: id,
        action: 'reschedule',
        changes,
      });
      const app = (await this.panels.loadApplication(actor.organizationId, interview.applicationId, manager)) as ApplicationRef;
      await this.recordActivity(manager, app, actor, 'interview.rescheduled', id, { startsAt: startsAt.toISOString() });
      const notify = [...new Set([...panelBefore, ...panel])];
      await this.publishSideEffects(manager, interview, 'rescheduled', notify, true);
    });
    return this.get(actor, id);
  }

  async cancel(actor: AuthUser, id: string, input: CancelInterviewDto): Promise<InterviewDto> {
    await this.findManageable(actor, id);
    await this.dataSource.transaction(async (manager) => {
      const interview = await manager.findOne(Interview, { where: { id, organizationId: actor.organizationId }, lock: { mode: 'pessimistic_write' } });
      if (!interview) throw new InterviewsException(InterviewsErrorCode.InterviewNotFound, 'No such interview.');
      if (input.version !== undefined && interview.version !== input.version) {
        throw new InterviewsException(InterviewsErrorCode.StaleVersion, 'The interview changed since you read it.', {
          errors: [{ field: 'version', message: `current version is ${interview.version}` }],
          extensions: { currentVersion: interview.version },
        });
      }
      if (interview.status === InterviewStatus.Cancelled)
        throw new InterviewsException(InterviewsErrorCode.InterviewCancelled, 'This interview is already cancelled.');
      const panel = (await manager.find(InterviewInterviewer, { where: { interviewId: id, active: true } })).map((p) => p.userId);
      interview.status = InterviewStatus.Cancelled;
      interview.cancelReason = input.reason;
      interview.cancelledAt = new Date();
      interview.version += 1;
      await manager.save(interview);
      await manager.update(InterviewInterviewer, { interviewId: id }, { active: false });
      await this.audit.record(manager, {
        organizationId: actor.organizationId,
        actorId: actor.id,
        entityType: 'interview',
        entityId: id,
        action: 'cancel',
        changes: { status: { from: InterviewStatus.Scheduled, to: InterviewStatus.Cancelled }, cancelReason: { to: input.reason } },
      });
      const app = (await this.panels.loadApplication(actor.organizationId, interview.applicationId, manager)) as ApplicationRef;
      await this.recordActivity(manager, app, actor, 'interview.cancelled', id, { reason: input.reason });
      // No Redis call: pending reminders find the interview cancelled and do nothing.
      await this.publishSideEffects(manager, interview, 'cancelled', panel, false);
    });
    return this.get(actor, id);
  }

  /** One interview, for its panel and for those who manage its job; 404 for anyone else. */
  async get(actor: AuthUser, id: string): Promise<InterviewDto> {
    const [row] = await this.query(actor, { ids: [id] });
    if (!row) throw interviewNotFound();
    await this.access.assertCan(actor, Action.Read, { resource: Resource.Interview, jobId: row.job_id, onPanel: row.on_panel }, { hidden: interviewNotFound });
    return this.toDto(row);
  }

  async list(actor: AuthUser, query: ListInterviewsQueryDto): Promise<Page<InterviewDto>> {
    const mine = query.mine === true || !hasRole(actor, Role.Admin, Role.Recruiter, Role.HiringManager);
    const jobIds = mine ? null : this.access.managedJobIds(await this.access.scope(actor));
    const rows = await this.query(actor, {
      mine,
      jobIds,
      from: query.from,
      to: query.to,
      applicationId: query.applicationId,
      cursor: query.cursor,
      limit: query.limit,
    });
    const more = rows.length > query.limit;
    const data = rows.slice(0, query.limit);
    const last = data[data.length - 1];
    return { data: data.map((r) => this.toDto(r)), nextCursor: more && last ? encodeCursor([last.starts_key, last.id]) : null };
  }

  async calendar(actor: AuthUser, id: string): Promise<string> {
    const dto = await this.get(actor, id);
    const [row] = await this.query(actor, { ids: [id] });
    return renderCalendar({
      uid: `interview-${dto.id}@hireloop`,
      sequence: dto.version - 1,
      stamp: new Date(),
      start: new Date(dto.startsAt),
      end: new Date(dto.endsAt),
      summary: `Interview: ${dto.candidate.name} — ${dto.job.title} (${dto.stage.name})`,
      description: [
        `Candidate: ${dto.candidate.name}`,
        `Job: ${dto.job.title}`,
        `Stage: ${dto.stage.name}`,
        ...(dto.kit ? [`Interview kit: ${dto.kit.title}`] : []),
        ...(dto.videoUrl ? [`Video: ${dto.videoUrl}`] : []),
      ],
      location: dto.location ?? dto.videoUrl,
      url: dto.videoUrl,
      cancelled: dto.status === InterviewStatus.Cancelled,
      attendees: row.interviewers.map((i) => ({ name: i.name, email: i.email })),
    });
  }

  // --- internals -----------------------------------------------------------------------------

  private async findManageable(actor: AuthUser, id: string): Promise<Interview> {
    const interview = await this.interviews.findOneBy({ id, organizationId: actor.organizationId });
    if (!interview) throw interviewNotFound();
    const panel: unknown[] = await this.dataSource.query(`SELECT 1 FROM interview_interviewers WHERE interview_id = $1 AND user_id = $2`, [id, actor.id]);
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
  private async lockInterviewers(manager: EntityManager, ids: string[]): Promise<void> {
    for (const uid of [...ids].sort()) await manager.query(`SELECT pg_advisory_xact_lock(hashtext('hireloop.interviewer'), hashtext($1))`, [uid]);
  }

  private async assertFree(
    manager: EntityManager,
    organizationId: string,
    ids: string[],
    startsAt: Date,
    endsAt: Date,
    exceptId: string | null,
  ): Promise<void> {
    const rows: { user_id: string; interview_id: string }[] = await manager.query(
      `SELECT ii.user_id, ii.interview_id FROM interview_interviewers ii
        WHERE ii.user_id = ANY($1::uuid[]) AND ii.organization_id = $2 AND ii.active AND ii.starts_at < $4 AND ii.ends_at > $3 AND ($5::uuid IS NULL OR ii.interview_id <> $5)`,
      [ids, organizationId, startsAt, endsAt, exceptId],
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

  private async publishSideEffects(
    manager: EntityManager,
    interview: Interview,
    change: 'scheduled' | 'rescheduled' | 'cancelled',
    notify: string[],
    reminders: boolean,
  ): Promise<void> {
    const base = { organizationId: interview.organizationId, aggregateType: 'interview', aggregateId: interview.id };
    await this.outbox.publishMany(manager, [
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

  private async recordActivity(
    manager: EntityManager,
    app: ApplicationRef,
    actor: AuthUser,
    kind: string,
    interviewId: string,
    payload: Record<string, unknown>,
  ): Promise<void> {
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
    await this.activity.record(manager, event);
  }

  private async query(
    actor: AuthUser,
    f: { ids?: string[]; mine?: boolean; jobIds?: string[] | null; from?: string; to?: string; applicationId?: string; cursor?: string; limit?: number },
  ): Promise<InterviewRow[]> {
    const params: unknown[] = [actor.organizationId, actor.id];
    const where = ['i.organization_id = $1'];
    if (f.ids) where.push(`i.id = ANY($${params.push(f.ids)}::uuid[])`);
    if (f.mine) where.push(`EXISTS (SELECT 1 FROM interview_interviewers m WHERE m.interview_id = i.id AND m.user_id = $2)`);
    if (f.jobIds) where.push(`i.job_id = ANY($${params.push(f.jobIds)}::uuid[])`);
    if (f.from) where.push(`i.starts_at >= $${params.push(f.from)}::timestamptz`);
    if (f.to) where.push(`i.starts_at < $${params.push(f.to)}::timestamptz`);
    if (f.applicationId) where.push(`i.application_id = $${params.push(f.applicationId)}::uuid`);
    if (f.cursor) {
      const [at, cid] = decodeCursor(f.cursor, ['timestamp', 'uuid']);
      where.push(`(i.starts_at, i.id) > ($${params.push(at)}::timestamptz, $${params.push(cid)}::uuid)`);
    }
    const limit = f.limit !== undefined ? `LIMIT ${Number(f.limit) + 1}` : '';
    const rows: InterviewBaseRow[] = await this.dataSource.query(
      `SELECT i.id, i.application_id, i.candidate_id, i.job_id, i.stage_id,
                i.kit_id, i.kit_revision_id, k.key AS kit_key, k.title AS kit_title, i.starts_at, i.ends_at, i.duration_minutes, i.location, i.video_url,
                i.status, i.cancel_reason, i.reminder_due_at, i.version, i.created_at, i.starts_at::text AS starts_key,
                ARRAY(SELECT p.user_id FROM interview_interviewers p WHERE p.interview_id = i.id AND (p.active OR i.status = 'cancelled')) AS panel,
                EXISTS (SELECT 1 FROM interview_interviewers m WHERE m.interview_id = i.id AND m.user_id = $2 AND (m.active OR i.status = 'cancelled')) AS on_panel
           FROM interviews i
           LEFT JOIN interview_kits k ON k.id = i.kit_id
          WHERE ${where.join(' AND ')}
          ORDER BY i.starts_at, i.id ${limit}`,
      params,
    );
    return this.withNames(actor, rows);
  }

  /**
   * Names from their owners, one batch per page: candidates (pipelines), jobs and stages (jobs), the
   * panel (identity), and the caller's own scorecard status (scorecards, through its port).
   */
  private async withNames(actor: AuthUser, rows: InterviewBaseRow[]): Promise<InterviewRow[]> {
    const org = actor.organizationId;
    const [candidates, jobs, stages, users, mine] = await Promise.all([
      this.pipelineReads.candidateNames(
        org,
        rows.map((r) => r.candidate_id),
      ),
      this.jobReads.titles(
        org,
        rows.map((r) => r.job_id),
      ),
      this.jobReads.stagesByIds(
        org,
        rows.map((r) => r.stage_id),
      ),
      this.users.findInOrganization(org, [...new Set(rows.flatMap((r) => r.panel))]),
      this.scorecardStatus.statusFor(
        org,
        actor.id,
        rows.filter((r) => r.on_panel).map((r) => r.id),
      ),
    ]);
    const byId = new Map(users.map((u) => [u.id, { id: u.id, name: u.name, email: u.email }]));
    const byName = (a: { id: string; name: string }, b: { id: string; name: string }) =>
      a.name < b.name ? -1 : a.name > b.name ? 1 : a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
    return rows.map(({ panel, ...r }) => ({
      ...r,
      candidate_name: candidates.get(r.candidate_id) ?? '',
      job_title: jobs.get(r.job_id) ?? '',
      stage_name: stages.get(r.stage_id)?.name ?? '',
      interviewers: panel.flatMap((id) => byId.get(id) ?? []).sort(byName),
      my_status: (mine.get(r.id) as InterviewRow['my_status'] | undefined) ?? null,
    }));
  }

  private toDto(r: InterviewRow): InterviewDto {
    const now = Date.now();
    const ended = new Date(r.ends_at).getTime() <= now;
    const scheduled = r.status === InterviewStatus.Scheduled;
    const submitted = r.my_status === 'submitted';
    return {
      id: r.id,
      applicationId: r.application_id,
      candidate: { id: r.candidate_id, name: r.candidate_name },
      job: { id: r.job_id, title: r.job_title },
      stage: { id: r.stage_id, name: r.stage_name },
      kit: r.kit_id ? { id: r.kit_id, revisionId: r.kit_revision_id as string, key: r.kit_key as string, title: r.kit_title as string } : null,
      startsAt: new Date(r.starts_at).toISOString(),
      endsAt: new Date(r.ends_at).toISOString(),
      durationMinutes: r.duration_minutes,
      location: r.location,
      videoUrl: r.video_url,
      status: r.status,
      cancelReason: r.cancel_reason,
      interviewers: r.interviewers.map((i) => ({ id: i.id, name: i.name })),
      myScorecard:
        r.on_panel && scheduled
          ? {
              status: r.my_status ?? 'none',
              due: ended && !submitted,
              dueAt: new Date(r.reminder_due_at).toISOString(),
              overdue: !submitted && new Date(r.reminder_due_at).getTime() <= now,
            }
          : null,
      version: r.version,
      createdAt: new Date(r.created_at).toISOString(),
    };
  }
}

function interviewNotFound(): InterviewsException {
  return new InterviewsException(InterviewsErrorCode.InterviewNotFound, 'No such interview.');
}
