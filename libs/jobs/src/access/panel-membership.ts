import { Injectable } from '@nestjs/common';

/**
 * Which applications a user sits on an interview panel for. Interviews sit above jobs, so this is
 * a port the access policy reads: the default grants nothing (an unbound port fails closed: no
 * one gains access through panels), and the interviews module plugs in the real answer at start
 * with `registry.use(impl)` (inject `INTERVIEW_ACCESS`).
 */
export interface InterviewAccess {
  /** Ids of the applications of the organization this user is on an active interview panel for. */
  applicationIdsFor(organizationId: string, userId: string): Promise<string[]>;
}

/** Injection token of the interview-access port (resolves to the `InterviewAccessRegistry`). */
export const INTERVIEW_ACCESS = Symbol('INTERVIEW_ACCESS');

export const NO_INTERVIEW_ACCESS: InterviewAccess = { applicationIdsFor: () => Promise.resolve([]) };

/** Holder of the interview-access port, exported by JobsModule. */
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
