import { TransactionHost } from '@nestjs-cls/transactional';
import type { TransactionalAdapterTypeOrm } from '@nestjs-cls/transactional-adapter-typeorm';
import { Injectable, Logger } from '@nestjs/common';
import { Role, UsersService } from '../../identity/src/index.js';
import { InterviewReadsService } from '../../interviews/src/index.js';
import { HiringTeamRole, JobReadsService } from '../../jobs/src/index.js';
import { NotificationsService, PipelineReadsService } from '../../pipelines/src/index.js';
import { TenantContext } from '../../platform/src/index.js';

export interface ReminderPayload {
  interviewId: string;
  /** The due time this job was created for; a rescheduled interview has moved it and the job does nothing. */
  dueAt: string;
}

export type ReminderOutcome = 'notified' | 'stale' | 'cancelled' | 'nothing_owed' | 'missing';

/** A due time older than this that was never handled is left alone by the sweep (bounds its index range). */
export const REMINDER_SWEEP_HORIZON_MS = 7 * 24 * 3600 * 1000;
const SWEEP_BATCH = 100;
const NO_ID = '00000000-0000-0000-0000-000000000000';

export interface ReminderSweepResult {
  reminders: number;
  escalations: number;
  notified: number;
}

/**
 * Runs a delayed scorecard reminder or escalation. It re-reads the state rather than trusting the
 * job: a cancelled interview, a moved due time (rescheduled) or all scorecards submitted make it a
 * no-op, so cancelling or submitting needs no Redis call and a restart loses nothing. Notifications
 * are deduplicated per interview and due time, so a redelivered job notifies once.
 *
 * Known limit: the due times are fixed when the interview is scheduled (or rescheduled), from the
 * organization's `scorecardDeadlineHours` at that moment (`scorecardDueTimes` in the interviews
 * module). A later change of that setting does not move reminders already scheduled; only
 * interviews scheduled or rescheduled afterwards use the new deadline. Moving them would need the
 * settings change to publish a re-plan event, which lives in the identity module.
 *
 * Redis is only for punctuality: `sweepDue` (a repeatable job every minute) runs the reminders and
 * escalations whose delayed job was lost, from the interviews' due times in the database.
 */

@Injectable()
export class ScorecardRemindersService {
  private readonly logger = new Logger(ScorecardRemindersService.name);

  constructor(
    private readonly txHost: TransactionHost<TransactionalAdapterTypeOrm>,
    private readonly notifications: NotificationsService,
    private readonly interviews: InterviewReadsService,
    private readonly pipelineReads: PipelineReadsService,
    private readonly jobReads: JobReadsService,
    private readonly users: UsersService,
  ) {}

  remind(payload: ReminderPayload): Promise<{ outcome: ReminderOutcome; notified: number }> {
    return this.run(payload, 'reminder');
  }

  escalate(payload: ReminderPayload): Promise<{ outcome: ReminderOutcome; notified: number }> {
    return this.run(payload, 'escalation');
  }

  /**
   * The database-driven catch-up for the delayed jobs (Redis may have lost them): every scheduled
   * interview whose reminder or escalation time has passed (within the horizon) and that has not
   * been handled for that due time runs through the same `remind` / `escalate` as the delayed job,
   * so a sweep, a second sweep and a late delayed job notify once (dedupe key per interview and
   * due time). `organizationId` scopes the sweep (tests); the worker sweeps everything.
   */
  async sweepDue(options: { now?: Date; organizationId?: string } = {}): Promise<ReminderSweepResult> {
    const now = options.now ?? new Date();
    const result: ReminderSweepResult = { reminders: 0, escalations: 0, notified: 0 };
    for (const kind of ['reminder', 'escalation'] as const) {
      let cursor: [Date, string] = [new Date(now.getTime() - REMINDER_SWEEP_HORIZON_MS), NO_ID];
      for (;;) {
        const due = await TenantContext.crossTenant('the reminder sweep finds due interviews of every organization', () =>
          this.interviews.dueForReminder(kind, cursor, now, options.organizationId ?? null, SWEEP_BATCH),
        );
        const handled = await TenantContext.crossTenant('the reminder sweep skips what every organization already handled', () =>
          this.handledAlready(
            kind,
            due.map((d) => d.id),
          ),
        );
        const rows = due.filter((d) => !handled.has(`${d.id}:${new Date(d.dueAt).getTime()}`));
        for (const row of rows) {
          const payload = { interviewId: row.id, dueAt: new Date(row.dueAt).toISOString() };
          try {
            const outcome = await TenantContext.run(row.organizationId, () => this.run(payload, kind));
            if (kind === 'reminder') result.reminders += 1;
            else result.escalations += 1;
            result.notified += outcome.notified;
          } catch (error: unknown) {
            // Left unmarked: the next sweep tries it again.
            this.logger.warn({ interviewId: row.id, kind, err: error }, 'Scorecard reminder sweep failed for one interview');
          }
        }
        if (due.length < SWEEP_BATCH) break;
        const last = due[due.length - 1];
        cursor = [new Date(last.dueAt), last.id];
      }
    }
    if (result.reminders + result.escalations > 0) this.logger.log(result, 'Scorecard reminder sweep caught up');
    return result;
  }

  /** "interviewId:dueMs" of the given interviews' reminders (or escalations) already handled. */
  private async handledAlready(kind: 'reminder' | 'escalation', interviewIds: string[]): Promise<Set<string>> {
    if (!interviewIds.length) return new Set();
    const rows: { interview_id: string; due_at: Date }[] = await this.txHost.tx.query(
      `SELECT interview_id, due_at FROM scorecard_reminder_runs WHERE interview_id = ANY($1::uuid[]) AND kind = $2`,
      [interviewIds, kind],
    );
    return new Set(rows.map((r) => `${r.interview_id}:${new Date(r.due_at).getTime()}`));
  }

  /** Records that this interview's reminder or escalation for this due time was handled (the sweep skips it). */
  private async markHandled(
    interview: { id: string; organizationId: string },
    kind: 'reminder' | 'escalation',
    due: Date,
    outcome: ReminderOutcome,
  ): Promise<void> {
    await this.txHost.tx.query(
      `INSERT INTO scorecard_reminder_runs (interview_id, kind, due_at, organization_id, outcome) VALUES ($1, $2, $3, $4, $5) ON CONFLICT DO NOTHING`,
      [interview.id, kind, new Date(due), interview.organizationId, outcome],
    );
  }

  private async run(payload: ReminderPayload, kind: 'reminder' | 'escalation'): Promise<{ outcome: ReminderOutcome; notified: number }> {
    const interview = await this.interviews.forReminder(payload.interviewId);
    if (!interview) return { outcome: 'missing', notified: 0 };
    if (interview.status === 'cancelled') return { outcome: 'cancelled', notified: 0 };
    const org = interview.organizationId;
    const due: Date = kind === 'reminder' ? interview.reminderDueAt : interview.escalationDueAt;
    if (new Date(due).getTime() !== new Date(payload.dueAt).getTime()) return { outcome: 'stale', notified: 0 };
    const panel = await this.interviews.activePanelUserIds(org, interview.id);
    const submitted: { interviewer_id: string }[] = await this.txHost.tx.query(
      `SELECT DISTINCT interviewer_id FROM scorecards WHERE interview_id = $1 AND organization_id = $2 AND status = 'submitted'`,
      [interview.id, org],
    );
    const done = new Set(submitted.map((r) => r.interviewer_id));
    const owing = (
      await this.users.findInOrganization(
        org,
        panel.filter((id) => !done.has(id)),
      )
    )
      .map((u) => ({ id: u.id, name: u.name }))
      .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
    if (owing.length === 0) {
      await this.markHandled(interview, kind, due, 'nothing_owed');
      return { outcome: 'nothing_owed', notified: 0 };
    }

    let recipients: string[];
    if (kind === 'reminder') {
      recipients = owing.map((o) => o.id);
    } else {
      const team = (await this.jobReads.hiringTeamUserIds(org, [interview.jobId], [HiringTeamRole.Recruiter])).get(interview.jobId) ?? [];
      recipients = (await this.users.findInOrganization(org, team)).filter((u) => u.active).map((u) => u.id);
      if (recipients.length === 0) {
        // A job without a recruiter on its team: the organization's recruiters are told instead.
        recipients = (await this.users.activeWithRole(org, Role.Recruiter)).map((u) => u.id);
      }
    }
    const dueMs = new Date(due).getTime();
    const [candidateNames, jobTitles] = await Promise.all([
      this.pipelineReads.candidateNames(org, [interview.candidateId]),
      this.jobReads.titles(org, [interview.jobId]),
    ]);
    const body = {
      interviewId: interview.id,
      applicationId: interview.applicationId,
      candidateName: candidateNames.get(interview.candidateId) ?? '',
      jobTitle: jobTitles.get(interview.jobId) ?? '',
      dueAt: new Date(due).toISOString(),
      ...(kind === 'escalation' ? { owedBy: owing } : {}),
    };
    const notified = await this.notifications.notify({
      organizationId: org,
      userIds: recipients,
      kind: kind === 'reminder' ? 'scorecard_reminder' : 'scorecard_escalation',
      payload: body,
      dedupeKey: `scorecard-${kind}:${interview.id}:${dueMs}`,
    });
    await this.markHandled(interview, kind, due, 'notified');
    this.logger.log({ interviewId: interview.id, kind, notified }, 'Scorecard reminder sent');
    return { outcome: 'notified', notified };
  }
}
