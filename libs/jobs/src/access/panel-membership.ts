import { Injectable } from '@nestjs/common';
import { RequiredPort } from '../../../platform/src/index.js';

/**
 * Which applications a user sits on an interview panel for. Interviews sit above jobs, so this is
 * a port the access policy reads: the interviews module plugs in the real answer at start with
 * `registry.use(impl)` (inject `INTERVIEW_ACCESS`); there is no default answer.
 */
export interface InterviewAccess {
  /** Ids of the applications of the organization this user is on an active interview panel for (every one: for list filters). */
  applicationIdsFor(organizationId: string, userId: string): Promise<string[]>;
  /** Which of the given applications this user is on an active interview panel for (one resource's check: bounded by the ids given). */
  panelApplicationsAmong(organizationId: string, userId: string, applicationIds: readonly string[]): Promise<string[]>;
}

/** Injection token of the interview-access port (resolves to the `InterviewAccessRegistry`). */
export const INTERVIEW_ACCESS = Symbol('INTERVIEW_ACCESS');

/** Holder of the interview-access port, exported by JobsModule. Required: a process holding JobsModule without InterviewsModule refuses to start. */
@Injectable()
export class InterviewAccessRegistry extends RequiredPort<InterviewAccess> implements InterviewAccess {
  constructor() {
    super('INTERVIEW_ACCESS', 'InterviewsModule');
  }

  applicationIdsFor(organizationId: string, userId: string): Promise<string[]> {
    return this.bound.applicationIdsFor(organizationId, userId);
  }

  panelApplicationsAmong(organizationId: string, userId: string, applicationIds: readonly string[]): Promise<string[]> {
    return this.bound.panelApplicationsAmong(organizationId, userId, applicationIds);
  }
}
