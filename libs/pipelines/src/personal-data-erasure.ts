import { Injectable } from '@nestjs/common';
import { RequiredPort } from '../../platform/src/index.js';
import type { ErasureSubject } from './candidate-erasure.service.js';

/**
 * Erases a candidate's personal data in every module, as anonymisation does: their rows' words, and what outlives the
 * rows themselves (the values of audit entries about them, webhook events kept for replay, outbox payloads naming them,
 * the address of a privacy request). Privacy is the one module that knows every module's erasure (it sits above them
 * all), so it binds this port; `CandidateDeletion` calls it inside its transaction before the rows go, so a deleted
 * candidate leaves nothing personal behind. Required, like every port.
 */
export interface PersonalDataEraser {
  /** Joins the caller's unit of work. */
  eraseEverywhere(organizationId: string, subject: ErasureSubject): Promise<void>;
  /**
   * Interviews of these applications still ahead. Deleting is refused while there are any: their rows would go, and
   * with them what the cancellation emails are built from, so the panel and the candidate would keep invitations nobody
   * cancels. Joins the caller's unit of work.
   */
  upcomingInterviews(organizationId: string, applicationIds: string[]): Promise<number>;
}

export const PERSONAL_DATA_ERASURE = Symbol('PERSONAL_DATA_ERASURE');

@Injectable()
export class PersonalDataErasureRegistry extends RequiredPort<PersonalDataEraser> implements PersonalDataEraser {
  constructor() {
    super('PERSONAL_DATA_ERASURE', 'PrivacyModule');
  }

  eraseEverywhere(organizationId: string, subject: ErasureSubject): Promise<void> {
    return this.bound.eraseEverywhere(organizationId, subject);
  }

  upcomingInterviews(organizationId: string, applicationIds: string[]): Promise<number> {
    return this.bound.upcomingInterviews(organizationId, applicationIds);
  }
}
