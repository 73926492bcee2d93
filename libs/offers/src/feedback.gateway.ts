import { Injectable } from '@nestjs/common';
import type { AuthUser } from '../../identity/src/index.js';
import { ScorecardDto, ScorecardStatus, ScorecardsService } from '../../scorecards/src/index.js';
import type { MissingFeedback } from './hiring-decision.entity.js';

type Owed = Array<{ interviewId: string; interviewerId: string; interviewerName: string }>;
const toMissing = (owed: Owed): MissingFeedback[] =>
  owed.map((o) => ({ interviewerId: o.interviewerId, interviewerName: o.interviewerName || undefined, interviewId: o.interviewId }));

export interface FeedbackSnapshot {
  /** Interviewers who still owe a scorecard for the application. */
  owed: MissingFeedback[];
  /** The scorecards module's summary of the submitted scorecards the reader may see (blind rule applied). */
  summary: Record<string, unknown> | null;
  /**
   * Every submitted scorecard the reader may see: all of them for recruiters, admins and hiring
   * managers who are not on a panel of the application; only their own while they are on a panel
   * and have not submitted theirs (blind until submitted).
   */
  scorecards: unknown[];
  /** Whether the reader is blind on this application. */
  blind: boolean;
}

/** What the scorecards module knows about an application's feedback, through its service. */
@Injectable()
export class FeedbackGateway {
  constructor(private readonly scorecards: ScorecardsService) {}

  async owed(organizationId: string, applicationId: string): Promise<MissingFeedback[]> {
    const summary = await this.scorecards.summaryOf(organizationId, applicationId, null);
    return toMissing(summary.owed);
  }

  async snapshot(actor: AuthUser, applicationId: string): Promise<FeedbackSnapshot> {
    // The summary and the list both go through the scorecards module's visibility rule, so a
    // recruiter or hiring manager on the panel who has not submitted sees nothing of the others'
    // scorecards here either. Who still owes one is not scorecard content and is always complete.
    const [{ owed: _ownOnly, blind, ...summary }, list, all] = await Promise.all([
      this.scorecards.summary(actor, applicationId),
      this.scorecards.listForApplication(actor, applicationId),
      this.scorecards.summaryOf(actor.organizationId, applicationId, null),
    ]);
    void _ownOnly;
    return {
      owed: toMissing(all.owed),
      summary: summary as unknown as Record<string, unknown>,
      // As the scorecards routes answer them (with the amended mark), never the raw rows.
      scorecards: list.data.filter((s) => s.status === ScorecardStatus.Submitted).map((s) => ScorecardDto.from(s)),
      blind,
    };
  }
}
