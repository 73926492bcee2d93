import { TransactionHost } from '@nestjs-cls/transactional';
import type { TransactionalAdapterTypeOrm } from '@nestjs-cls/transactional-adapter-typeorm';
import { ACTIVE_SEATS_SQL, INTERVIEW_FOR_PANELIST_SQL, orderPanelSeats, PANEL_OF_SQL, SCHEDULED_KITS_SQL } from './interview-reads-sql.js';
import { Injectable } from '@nestjs/common';
import { UsersService } from '../../identity/src/index.js';
import type { KitContent } from './library/index.js';

/** An interview as scorecards needs it, with the reader's seat on its panel. */
export interface InterviewForPanelist {
  id: string;
  organizationId: string;
  applicationId: string;
  candidateId: string;
  jobId: string;
  status: string;
  kitRevisionId: string | null;
  kit: KitContent | null;
  /** The user's seat: true active, false removed from the panel, null never on it. */
  member: boolean | null;
}

export interface InterviewForInvitation {
  id: string;
  applicationId: string;
  candidateId: string;
  startsAt: Date;
  endsAt: Date;
  location: string | null;
  videoUrl: string | null;
  status: string;
  version: number;
  interviewers: Array<{ userId: string; name: string; email: string }>;
}

/** One active seat on a scheduled interview's panel. */
export interface PanelSeat {
  applicationId: string;
  interviewId: string;
  userId: string;
}

/**
 * The interviews module's published reads for the modules above it (scorecards, reporting excepted):
 * always scoped by organization. Other modules never name interviews' tables.
 */
@Injectable()
export class InterviewReadsService {
  constructor(
    private readonly txHost: TransactionHost<TransactionalAdapterTypeOrm>,
    private readonly users: UsersService,
  ) {}

  /** How many interviews of these applications are still ahead (scheduled, not yet over). Joins the caller's unit of work. */
  async countUpcoming(organizationId: string, applicationIds: string[]): Promise<number> {
    if (applicationIds.length === 0) return 0;
    const [row] = await this.txHost.tx.query<Array<{ n: number }>>(
      `SELECT count(*)::int AS n FROM interviews WHERE organization_id = $1 AND application_id = ANY($2::uuid[]) AND status = 'scheduled' AND ends_at > now()`,
      [organizationId, applicationIds],
    );
    return row.n;
  }

  /** The interview with its kit revision's content and the user's seat, or null. */
  async forPanelist(organizationId: string, interviewId: string, userId: string): Promise<InterviewForPanelist | null> {
    const [row] = await this.txHost.tx.query<Record<string, unknown>[]>(INTERVIEW_FOR_PANELIST_SQL, [interviewId, organizationId, userId]);
    if (!row) return null;
    return {
      id: row.id as string,
      organizationId: row.organization_id as string,
      applicationId: row.application_id as string,
      candidateId: row.candidate_id as string,
      jobId: row.job_id as string,
      status: row.status as string,
      kitRevisionId: row.kit_revision_id as string | null,
      kit: row.kit as KitContent | null,
      member: row.member as boolean | null,
    };
  }

  /** Active seats on the scheduled interviews of the given applications. */
  async activeSeats(organizationId: string, applicationIds: readonly string[]): Promise<PanelSeat[]> {
    if (!applicationIds.length) return [];
    const rows: { application_id: string; interview_id: string; user_id: string }[] = await this.txHost.tx.query(ACTIVE_SEATS_SQL, [
      [...applicationIds],
      organizationId,
    ]);
    return rows.map((r) => ({ applicationId: r.application_id, interviewId: r.interview_id, userId: r.user_id }));
  }

  /** The application's active panel on scheduled interviews with names, by interview start then name. */
  async panelOf(organizationId: string, applicationId: string): Promise<Array<{ interviewId: string; userId: string; name: string }>> {
    const rows: { interview_id: string; user_id: string }[] = await this.txHost.tx.query(PANEL_OF_SQL, [applicationId, organizationId]);
    return orderPanelSeats(
      rows,
      await this.users.namesOf(
        organizationId,
        rows.map((r) => r.user_id),
      ),
    );
  }

  /** The kit contents of the application's scheduled interviews, by start time. */
  async scheduledKits(organizationId: string, applicationId: string): Promise<KitContent[]> {
    const rows: { content: KitContent }[] = await this.txHost.tx.query(SCHEDULED_KITS_SQL, [applicationId, organizationId]);
    return rows.map((r) => r.content);
  }

  /**
   * An interview by id alone, for the scorecard reminder jobs (their payload carries no organization):
   * the caller scopes everything it reads next by the organization returned here.
   */
  async forReminder(interviewId: string): Promise<InterviewForReminder | null> {
    const [row] = await this.txHost.tx.query<InterviewForReminder[]>(
      `SELECT id, organization_id AS "organizationId", application_id AS "applicationId", candidate_id AS "candidateId", job_id AS "jobId", status,
              reminder_due_at AS "reminderDueAt", escalation_due_at AS "escalationDueAt"
         FROM interviews WHERE id = $1`,
      [interviewId],
    );
    return row ?? null;
  }

  /**
   * Scheduled interviews whose reminder (or escalation) time is in (after, now], after the keyset
   * cursor `after` = (due time, id), oldest first; `organizationId` null means every organization (the sweep).
   */
  async dueForReminder(
    kind: 'reminder' | 'escalation',
    after: [Date, string],
    now: Date,
    organizationId: string | null,
    limit: number,
  ): Promise<Array<{ id: string; organizationId: string; dueAt: Date }>> {
    const column = kind === 'reminder' ? 'reminder_due_at' : 'escalation_due_at';
    return this.txHost.tx.query(
      `SELECT i.id, i.organization_id AS "organizationId", i.${column} AS "dueAt" FROM interviews i
        WHERE i.status = 'scheduled' AND (i.${column}, i.id) > ($1::timestamptz, $2::uuid) AND i.${column} <= $3
          AND ($4::uuid IS NULL OR i.organization_id = $4)
        ORDER BY i.${column}, i.id LIMIT $5`,
      [after[0], after[1], now, organizationId, limit],
    );
  }

  /** An interview as its invitation email needs it (times, place, version, status, the panel's names and addresses), or null. */
  async forInvitation(organizationId: string, interviewId: string, panelUserIds?: string[]): Promise<InterviewForInvitation | null> {
    const [row] = await this.txHost.tx.query<Array<Omit<InterviewForInvitation, 'interviewers'>>>(
      `SELECT id, application_id AS "applicationId", candidate_id AS "candidateId", starts_at AS "startsAt", ends_at AS "endsAt", location,
              video_url AS "videoUrl", status, version
         FROM interviews WHERE id = $1 AND organization_id = $2`,
      [interviewId, organizationId],
    );
    if (!row) return null;
    // A cancelled interview's seats are no longer active: the caller names who was on the panel (the event's userIds).
    const users = await this.users.findInOrganization(organizationId, panelUserIds ?? (await this.activePanelUserIds(organizationId, interviewId)));
    return { ...row, interviewers: users.map((u) => ({ userId: u.id, name: u.name, email: u.email })) };
  }

  /**
   * When each of the users is already interviewing between `from` and `to` (active seats of scheduled interviews,
   * any application): self-scheduling subtracts these from their working hours. One query on
   * `interview_interviewers (user_id, starts_at)`, bounded by `limit`.
   */
  async busyIntervals(
    organizationId: string,
    userIds: readonly string[],
    from: Date,
    to: Date,
    limit = 5000,
  ): Promise<Array<{ userId: string; interviewId: string; startsAt: Date; endsAt: Date }>> {
    if (!userIds.length) return [];
    const rows = await this.txHost.tx.query<Array<{ user_id: string; interview_id: string; starts_at: Date; ends_at: Date }>>(
      `SELECT user_id, interview_id, starts_at, ends_at FROM interview_interviewers
        WHERE organization_id = $1 AND user_id = ANY($2::uuid[]) AND active AND starts_at < $4 AND ends_at > $3
        ORDER BY starts_at, interview_id LIMIT $5`,
      [organizationId, [...userIds], from, to, limit],
    );
    return rows.map((r) => ({ userId: r.user_id, interviewId: r.interview_id, startsAt: new Date(r.starts_at), endsAt: new Date(r.ends_at) }));
  }

  /** The users with an active seat on the interview's panel. */
  async activePanelUserIds(organizationId: string, interviewId: string): Promise<string[]> {
    const rows: { user_id: string }[] = await this.txHost.tx.query(
      `SELECT user_id FROM interview_interviewers WHERE interview_id = $1 AND organization_id = $2 AND active`,
      [interviewId, organizationId],
    );
    return rows.map((r) => r.user_id);
  }
}

export interface InterviewForReminder {
  id: string;
  organizationId: string;
  applicationId: string;
  candidateId: string;
  jobId: string;
  status: string;
  reminderDueAt: Date;
  escalationDueAt: Date;
}
