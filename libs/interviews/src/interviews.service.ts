import { TransactionHost } from '@nestjs-cls/transactional';
import type { TransactionalAdapterTypeOrm } from '@nestjs-cls/transactional-adapter-typeorm';
import { Inject, Injectable } from '@nestjs/common';
import type { AuthUser } from '../../identity/src/index.js';
import { hasRole, Role, UsersService } from '../../identity/src/index.js';
import { AccessPolicy, Action, Resource } from '../../jobs/src/index.js';
import { decodeCursor, encodeCursor, Page } from '../../platform/src/index.js';
import { JobReadsService } from '../../jobs/src/index.js';
import { PipelineReadsService } from '../../pipelines/src/index.js';
import { InterviewDto, InterviewerBusyListDto, InterviewerBusyQueryDto, ListInterviewsQueryDto, MAX_BUSY_WINDOW_HOURS } from './dto/interview.dto.js';
import { renderCalendar } from './interview-calendar.js';
import { INTERVIEW_SCORECARD_STATUS, type InterviewScorecardStatus } from './interview-scorecard-status.js';
import { InterviewStatus } from './interview.entity.js';
import { interviewNotFound, InterviewsErrorCode, InterviewsException } from './interviews.exception.js';

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
/** Scheduled interviews, the reads: one interview, "my interviews", calendar files (scheduling, rescheduling and cancelling: `InterviewScheduling`). */
@Injectable()
export class InterviewsService {
  constructor(
    private readonly txHost: TransactionHost<TransactionalAdapterTypeOrm>,
    private readonly access: AccessPolicy,
    private readonly users: UsersService,
    private readonly pipelineReads: PipelineReadsService,
    private readonly jobReads: JobReadsService,
    @Inject(INTERVIEW_SCORECARD_STATUS) private readonly scorecardStatus: InterviewScorecardStatus,
  ) {}

  /** One interview, for its panel and for those who manage its job; 404 for anyone else. */
  async get(actor: AuthUser, id: string): Promise<InterviewDto> {
    const [row] = await this.query(actor, { ids: [id] });
    if (!row) throw interviewNotFound();
    await this.access.assertCan(actor, Action.Read, { resource: Resource.Interview, jobId: row.job_id, onPanel: row.on_panel }, { hidden: interviewNotFound });
    return this.toDto(row);
  }

  /** The interview as GET returns it, read inside the caller's transaction (for the domain event of a change). */
  async viewWithin(actor: AuthUser, id: string): Promise<InterviewDto> {
    const [row] = await this.query(actor, { ids: [id] });
    if (!row) throw interviewNotFound();
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

  /**
   * Who is already interviewing in a window (for the scheduling form): each asked interviewer's
   * scheduled interviews overlapping it, times only (which candidate is not the scheduler's business).
   * One query on `interview_interviewers (user_id, starts_at)`; ids of other organizations find nothing.
   */
  async busy(actor: AuthUser, query: InterviewerBusyQueryDto): Promise<InterviewerBusyListDto> {
    const from = query.from ? new Date(query.from) : new Date();
    const to = query.to ? new Date(query.to) : new Date(from.getTime() + 24 * HOUR_MS);
    if (to.getTime() <= from.getTime() || to.getTime() - from.getTime() > MAX_BUSY_WINDOW_HOURS * HOUR_MS) {
      throw new InterviewsException(
        InterviewsErrorCode.InvalidSchedule,
        `Ask about a window of at most ${MAX_BUSY_WINDOW_HOURS} hours that ends after it starts.`,
        {
          errors: [{ field: 'to', message: `must be after from and at most ${MAX_BUSY_WINDOW_HOURS} hours later` }],
        },
      );
    }
    const users = (await this.users.findInOrganization(actor.organizationId, [...new Set(query.interviewerIds)])).filter((u) => u.active);
    if (!users.length) return { from: from.toISOString(), to: to.toISOString(), data: [] };
    const rows = await this.txHost.tx.query<Array<{ user_id: string; interview_id: string; starts_at: Date; ends_at: Date }>>(
      `SELECT ii.user_id, ii.interview_id, ii.starts_at, ii.ends_at FROM interview_interviewers ii
        WHERE ii.organization_id = $1 AND ii.user_id = ANY($2::uuid[]) AND ii.active AND ii.starts_at < $4 AND ii.ends_at > $3
        ORDER BY ii.starts_at, ii.interview_id LIMIT 500`,
      [actor.organizationId, users.map((u) => u.id), from, to],
    );
    return {
      from: from.toISOString(),
      to: to.toISOString(),
      data: users.map((u) => ({
        interviewerId: u.id,
        name: u.name,
        interviews: rows
          .filter((r) => r.user_id === u.id)
          .map((r) => ({ interviewId: r.interview_id, startsAt: new Date(r.starts_at).toISOString(), endsAt: new Date(r.ends_at).toISOString() })),
      })),
    };
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
    const rows: InterviewBaseRow[] = await this.txHost.tx.query(
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
