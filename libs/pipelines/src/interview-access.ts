import { Injectable } from '@nestjs/common';

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
  private impl: ScorecardStatusProvider = { statusByApplication: async () => new Map() };

  use(impl: ScorecardStatusProvider): void {
    this.impl = impl;
  }

  statusByApplication(organizationId: string, applicationIds: string[]): Promise<Map<string, string>> {
    if (applicationIds.length === 0) return Promise.resolve(new Map());
    return this.impl.statusByApplication(organizationId, applicationIds);
  }
}
