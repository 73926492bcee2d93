import { Injectable } from '@nestjs/common';

/**
 * The status of a user's own current scorecard per interview ("draft", "submitted"), shown on their
 * interviews. Scorecards sit above interviews, so this is a port: the scorecards module binds the real
 * answer at start with `registry.use(impl)`. Unbound, it refuses to answer rather than guess "none".
 */
export interface InterviewScorecardStatus {
  /** The user's current scorecard status per interview id (interviews without one are absent). */
  statusFor(organizationId: string, userId: string, interviewIds: string[]): Promise<Map<string, string>>;
}

/** Injection token of the port (resolves to the `InterviewScorecardStatusRegistry`). */
export const INTERVIEW_SCORECARD_STATUS = Symbol('INTERVIEW_SCORECARD_STATUS');

/** Holder of the interview-scorecard-status port, exported by InterviewsModule. */
@Injectable()
export class InterviewScorecardStatusRegistry implements InterviewScorecardStatus {
  private impl: InterviewScorecardStatus | null = null;

  use(impl: InterviewScorecardStatus): void {
    this.impl = impl;
  }

  statusFor(organizationId: string, userId: string, interviewIds: string[]): Promise<Map<string, string>> {
    if (interviewIds.length === 0) return Promise.resolve(new Map<string, string>());
    if (!this.impl) throw new Error('INTERVIEW_SCORECARD_STATUS is not bound: import ScorecardsModule alongside InterviewsModule.');
    return this.impl.statusFor(organizationId, userId, interviewIds);
  }
}
