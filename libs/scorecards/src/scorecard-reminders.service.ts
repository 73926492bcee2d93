import { Injectable, Logger } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { NotificationsService } from '../../pipelines/src/index.js';

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
/** The interview a reminder is about, as `run` reads it. */
interface ReminderInterviewRow {
  id: string;
  organization_id: string;
  application_id: string;
  job_id: string;
  status: string;
  reminder_due_at: Date;
  escalation_due_at: Date;
  candidate_name: string;
  job_title: string;
}

@Injectable()
export class ScorecardRemindersService {
  private readonly logger = new Logger(ScorecardRemindersService.name);

  constructor(
    private readonly dataSource: DataSource,
    private readonly notifications: NotificationsService,
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
      const column = kind === 'reminder' ? 'reminder_due_at' : 'escalation_due_at';
      let cursor: [Date, string] = [new Date(now.getTime() - REMINDER_SWEEP_HORIZON_MS), NO_ID];
      for (;;) {
        const rows: { id: string; due_at: Date }[] = await this.dataSource.query(
          `SELECT i.id, i.${column} AS due_at FROM interviews i
            WHERE i.status = 'scheduled' AND (i.${column}, i.id) > ($1::timestamptz, $2::uuid) AND i.${column} <= $3
              AND ($4::uuid IS NULL OR i.organization_id = $4)
              AND NOT EXISTS (SELECT 1 FROM scorecard_reminder_runs r WHERE r.interview_id = i.id AND r.kind = $5 AND r.due_at = i.${column})
            ORDER BY i.${column}, i.id LIMIT ${SWEEP_BATCH}`,
          [cursor[0], cursor[1], now, options.organizationId ?? null, kind],
        );
        for (const row of rows) {
          const payload = { interviewId: row.id, dueAt: new Date(row.due_at).toISOString() };
          try {
            const outcome = await this.run(payload, kind);
            if (kind === 'reminder') result.reminders += 1;
            else result.escalations += 1;
            result.notified += outcome.notified;
          } catch (error: unknown) {
            // Left unmarked: the next sweep tries it again.
            this.logger.warn({ interviewId: row.id, kind, err: error }, 'Scorecard reminder sweep failed for one interview');
          }
        }
        if (rows.length < SWEEP_BATCH) break;
        const last = rows[rows.length - 1];
        cursor = [new Date(last.due_at), last.id];
      }
    }
    if (result.reminders + result.escalations > 0) this.logger.log(result, 'Scorecard reminder sweep caught up');
    return result;
  }

  /** Records that this interview's reminder or escalation for this due time was handled (the sweep skips it). */
  private async markHandled(
    interview: { id: string; organization_id: string },
    kind: 'reminder' | 'escalation',
    due: Date,
    outcome: ReminderOutcome,
  ): Promise<void> {
    await this.dataSource.query(
      `INSERT INTO scorecard_reminder_runs (interview_id, kind, due_at, organization_id, outcome) VALUES ($1, $2, $3, $4, $5) ON CONFLICT DO NOTHING`,
      [interview.id, kind, new Date(due), interview.organization_id, outcome],
    );
  }

  private async run(payload: ReminderPayload, kind: 'reminder' | 'escalation'): Promise<{ outcome: ReminderOutcome; notified: number }> {
    const [interview] = await this.dataSource.query<ReminderInterviewRow[]>(
      `SELECT i.id, i.organization_id, i.application_id, i.job_id, i.status, i.reminder_due_at, i.escalation_due_at, c.full_name AS candidate_name, j.title AS job_title
         FROM interviews i JOIN candidates c ON c.id = i.candidate_id JOIN jobs j ON j.id = i.job_id WHERE i.id = $1`,
      [payload.interviewId],
    );
    if (!interview) return { outcome: 'missing', notified: 0 };
    if (interview.status === 'cancelled') return { outcome: 'cancelled', notified: 0 };
    const due: Date = kind === 'reminder' ? interview.reminder_due_at : interview.escalation_due_at;
    if (new Date(due).getTime() !== new Date(payload.dueAt).getTime()) return { outcome: 'stale', notified: 0 };
    const owing: { id: string; name: string }[] = await this.dataSource.query(
      `SELECT u.id, u.name FROM interview_interviewers p JOIN users u ON u.id = p.user_id
        WHERE p.interview_id = $1 AND p.active
          AND NOT EXISTS (SELECT 1 FROM scorecards s WHERE s.interview_id = p.interview_id AND s.interviewer_id = p.user_id AND s.status = 'submitted')
        ORDER BY u.name, u.id`,
      [payload.interviewId],
    );
    if (owing.length === 0) {
      await this.markHandled(interview, kind, due, 'nothing_owed');
      return { outcome: 'nothing_owed', notified: 0 };
    }

    let recipients: string[];
    if (kind === 'reminder') {
      recipients = owing.map((o) => o.id);
    } else {
      const recruiters: { user_id: string }[] = await this.dataSource.query(
        `SELECT t.user_id FROM job_hiring_team t JOIN users u ON u.id = t.user_id AND u.active WHERE t.job_id = $1 AND t.role = 'recruiter'`,
        [interview.job_id],
      );
      recipients = recruiters.map((r) => r.user_id);
      if (recipients.length === 0) {
        // A job without a recruiter on its team: the organization's recruiters are told instead.
        const fallback: { id: string }[] = await this.dataSource.query(
          `SELECT id FROM users WHERE organization_id = $1 AND active AND 'recruiter' = ANY(roles)`,
          [interview.organization_id],
        );
        recipients = fallback.map((r) => r.id);
      }
    }
    const dueMs = new Date(due).getTime();
    const body = {
      interviewId: interview.id,
      applicationId: interview.application_id,
      candidateName: interview.candidate_name,
      jobTitle: interview.job_title,
      dueAt: new Date(due).toISOString(),
      ...(kind === 'escalation' ? { owedBy: owing } : {}),
    };
    const notified = await this.notifications.notify({
      organizationId: interview.organization_id,
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
