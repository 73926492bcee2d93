import { Injectable } from '@nestjs/common';
import type { AuthUser } from '../../identity/src/index.js';
import { ScorecardsService } from '../../scorecards/src/index.js';
import type { MissingFeedback } from './hiring-decision.entity.js';

type Owed = Array<{ interviewId: string; interviewerId: string; interviewerName: string }>;
const toMissing = (owed: Owed): MissingFeedback[] => owed.map((o) => ({ interviewerId: o.interviewerId, interviewerName: o.interviewerName || undefined, interviewId: o.interviewId }));

export interface FeedbackSnapshot {
  /** Interviewers who still owe a scorecard for the application. */
  owed: MissingFeedback[];
  /** The scorecards module's summary of the submitted scorecards. */
  summary: Record<string, unknown> | null;
  /** Every submitted scorecard the reader may see (hiring managers, recruiters and admins: all). */
  scorecards: unknown[];
}

/** What the scorecards module knows about an application's feedback, through its service. */
@Injectable()
export class FeedbackGateway {
  constructor(private readonly scorecards: ScorecardsService) {}

  async owed(organizationId: string, applicationId: string): Promise<MissingFeedback[]> {
    const summary = await this.scorecards.summaryOf(organizationId, applicationId, null);
    return toMissing(summary.owed as Owed);
  }

  async snapshot(actor: AuthUser, applicationId: string): Promise<FeedbackSnapshot> {
    const [{ owed, ...summary }, list] = await Promise.all([
      this.scorecards.summaryOf(actor.organizationId, applicationId, null),
      this.scorecards.listForApplication(actor, applicationId),
    ]);
    return {
      owed: toMissing(owed as Owed),
      summary: summary as unknown as Record<string, unknown>,
      scorecards: list.data.filter((s) => s.status === 'submitted'),
    };
  }
}
