import { TransactionHost } from '@nestjs-cls/transactional';
import type { TransactionalAdapterTypeOrm } from '@nestjs-cls/transactional-adapter-typeorm';
import { Injectable } from '@nestjs/common';
import type { AuthUser } from '../../identity/src/index.js';
import { assertReportFilters, inDepartment, type ReportFilters } from './report-filters.js';
import { calibrateInterviewers, type CalibrationScorecard, type InterviewerCalibration } from '../../scorecards/src/index.js';

const DAY_MS = 86_400_000;

/**
 * Interviewer calibration over a period (admins and recruiters): speed, lateness, leniency, agreement, no-signal share.
 *
 * "The final decision" is the latest hiring decision recorded for the application (`offer` → hire,
 * `reject` → no hire). Scorecards, interviews, applications, users and hiring decisions belong to five
 * modules; reporting reads them in one SELECT (its exception to table ownership) and leaves the
 * arithmetic to scorecards' `calibrateInterviewers`. An application closed without a recorded
 * decision (rejected or hired straight through pipelines) counts by its status: hired → hire,
 * rejected → no hire. Applications still undecided are left out of the agreement share.
 */
@Injectable()
export class InterviewerCalibrationService {
  constructor(private readonly txHost: TransactionHost<TransactionalAdapterTypeOrm>) {}

  async report(
    actor: AuthUser,
    range: ReportFilters,
  ): Promise<{ from: string; to: string; data: Array<InterviewerCalibration & { interviewerName: string }> }> {
    await assertReportFilters(this.txHost.tx, actor.organizationId, range);
    const to = range.to ? new Date(range.to) : new Date();
    const from = range.from ? new Date(range.from) : new Date(to.getTime() - 90 * DAY_MS);
    // Applications with at least one scorecard in the period; all their current submitted scorecards are the panel to compare with.
    const rows: Array<{
      interviewer_id: string;
      name: string;
      application_id: string;
      overall: CalibrationScorecard['overall'];
      ratings: CalibrationScorecard['ratings'];
      ends_at: Date;
      submitted_at: Date;
      reminder_due_at: Date;
      app_status: string;
      decision: 'offer' | 'reject' | null;
      in_period: boolean;
    }> = await this.txHost.tx.query(
      `WITH apps AS (
           SELECT DISTINCT application_id FROM scorecards
            WHERE organization_id = $1 AND status = 'submitted' AND current AND submitted_at >= $2 AND submitted_at < $3
              AND ($4::uuid IS NULL OR job_id = $4) AND ($5::uuid IS NULL OR ${inDepartment('job_id', 5)}))
         SELECT s.interviewer_id, u.name, s.application_id, s.overall, s.ratings, i.ends_at, s.submitted_at, i.reminder_due_at, a.status AS app_status, d.decision,
                (s.submitted_at >= $2 AND s.submitted_at < $3) AS in_period
           FROM scorecards s JOIN apps ON apps.application_id = s.application_id
           JOIN interviews i ON i.id = s.interview_id JOIN applications a ON a.id = s.application_id JOIN users u ON u.id = s.interviewer_id
           LEFT JOIN LATERAL (
             SELECT hd.decision FROM hiring_decisions hd
              WHERE hd.application_id = s.application_id AND hd.organization_id = $1
              ORDER BY hd.decided_at DESC, hd.id DESC LIMIT 1) d ON true
          WHERE s.organization_id = $1 AND s.status = 'submitted' AND s.current`,
      [actor.organizationId, from, to, range.jobId ?? null, range.departmentId ?? null],
    );
    const names = new Map(rows.map((r) => [r.interviewer_id, r.name]));
    const cards: Array<CalibrationScorecard & { inPeriod: boolean }> = rows.map((r) => ({
      interviewerId: r.interviewer_id,
      applicationId: r.application_id,
      overall: r.overall,
      ratings: r.ratings,
      endedAt: new Date(r.ends_at),
      submittedAt: new Date(r.submitted_at),
      dueAt: new Date(r.reminder_due_at),
      decision: r.decision === 'offer' ? true : r.decision === 'reject' ? false : r.app_status === 'hired' ? true : r.app_status === 'rejected' ? false : null,
      inPeriod: r.in_period,
    }));
    // Everyone's scorecards on those applications form the comparison panel; only in-period authors are reported.
    const inPeriod = new Set(cards.filter((c) => c.inPeriod).map((c) => c.interviewerId));
    const data = calibrateInterviewers(cards)
      .filter((c) => inPeriod.has(c.interviewerId))
      .map((c) => ({ ...c, interviewerName: names.get(c.interviewerId) ?? '' }));
    return { from: from.toISOString(), to: to.toISOString(), data };
  }
}
