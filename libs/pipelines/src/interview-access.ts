import { Injectable } from '@nestjs/common';

/**
 * Which applications an interviewer may read: those they are scheduled to interview. Interviews
 * sit above pipelines, so this is a port: the default grants nothing, and the interviews module
 * plugs in the real answer at start with `registry.use(impl)` (inject `INTERVIEW_ACCESS`).
 */
export interface InterviewAccess {
  /** Ids of the applications of the organization this user is on an interview panel for. */
  applicationIdsFor(organizationId: string, userId: string): Promise<string[]>;
}

/** Injection token of the interview-access port (resolves to the `InterviewAccessRegistry`). */
export const INTERVIEW_ACCESS = Symbol('INTERVIEW_ACCESS');

export const NO_INTERVIEW_ACCESS: InterviewAccess = { applicationIdsFor: () => Promise.resolve([]) };

/** Holder of the interview-access port, exported by PipelinesModule. */
@Injectable()
export class InterviewAccessRegistry implements InterviewAccess {
  private impl: InterviewAccess = NO_INTERVIEW_ACCESS;

  use(impl: InterviewAccess): void {
    this.impl = impl;
  }

  applicationIdsFor(organizationId: string, userId: string): Promise<string[]> {
    return this.impl.applicationIdsFor(organizationId, userId);
  }
}

/**
 * Scorecard status of applications, shown on the pipeline list. Scorecards sit above pipelines:
 * the default answers nothing (status null); the scorecards module plugs in the real answer.
 */
export interface ScorecardStatusProvider {
  /** e.g. `{ submitted: 2, pending: 1 }` or a short status string, per application id. */
  statusByApplication(organizationId: string, applicationIds: string[]): Promise<Map<string, string>>;
}

export const SCORECARD_STATUS = Symbol('SCORECARD_STATUS');

@Injectable()
export class ScorecardStatusRegistry implements ScorecardStatusProvider {
  private impl: ScorecardStatusProvider = { statusByApplication: () => Promise.resolve(new Map<string, string>()) };

  use(impl: ScorecardStatusProvider): void {
    this.impl = impl;
  }

  statusByApplication(organizationId: string, applicationIds: string[]): Promise<Map<string, string>> {
    if (applicationIds.length === 0) return Promise.resolve(new Map<string, string>());
    return this.impl.statusByApplication(organizationId, applicationIds);
  }
}
