import { Injectable } from '@nestjs/common';
import { RequiredPort } from '../../platform/src/index.js';

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
