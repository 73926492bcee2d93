import { Injectable } from '@nestjs/common';
import { RequiredPort } from '../../platform/src/index.js';

/**
 * Which applications an interviewer may read: those they are scheduled to interview. Interviews
 * sit above pipelines, so this is a port: the interviews module plugs in the real answer at start
 * with `registry.use(impl)` (inject `INTERVIEW_ACCESS`). Required: a process holding PipelinesModule
 * without InterviewsModule refuses to start.
 */
export interface InterviewAccess {
  /** Ids of the applications of the organization this user is on an interview panel for. */
  applicationIdsFor(organizationId: string, userId: string): Promise<string[]>;
}

/** Injection token of the interview-access port (resolves to the `InterviewAccessRegistry`). */
export const INTERVIEW_ACCESS = Symbol('INTERVIEW_ACCESS');

/** Holder of the interview-access port, exported by PipelinesModule. */
@Injectable()
export class InterviewAccessRegistry extends RequiredPort<InterviewAccess> implements InterviewAccess {
  constructor() {
    super('INTERVIEW_ACCESS', 'InterviewsModule');
  }

  applicationIdsFor(organizationId: string, userId: string): Promise<string[]> {
    return this.bound.applicationIdsFor(organizationId, userId);
  }
}

/**
 * Scorecard status of applications, shown on the pipeline list. Scorecards sit above pipelines:
 * the scorecards module plugs in the real answer. Required, like every port.
 */
export interface ScorecardStatusProvider {
  /** e.g. `{ submitted: 2, pending: 1 }` or a short status string, per application id. */
  statusByApplication(organizationId: string, applicationIds: string[]): Promise<Map<string, string>>;
}

export const SCORECARD_STATUS = Symbol('SCORECARD_STATUS');

@Injectable()
export class ScorecardStatusRegistry extends RequiredPort<ScorecardStatusProvider> implements ScorecardStatusProvider {
  constructor() {
    super('SCORECARD_STATUS', 'ScorecardsModule');
  }

  statusByApplication(organizationId: string, applicationIds: string[]): Promise<Map<string, string>> {
    const impl = this.bound;
    if (applicationIds.length === 0) return Promise.resolve(new Map<string, string>());
    return impl.statusByApplication(organizationId, applicationIds);
  }
}
