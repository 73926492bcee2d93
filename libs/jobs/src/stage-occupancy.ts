import { Injectable } from '@nestjs/common';
import { RequiredPort } from '../../platform/src/index.js';

/**
 * How many applications sit in given stages of a job. Jobs cannot see applications (pipelines
 * sits above jobs), so this is a port: the pipelines module plugs in the real count at start with
 * `StageOccupancyRegistry.use(impl)`. It is required: a process with JobsModule but without
 * PipelinesModule refuses to start, so the "stage in use" guard can never fail open.
 */
export interface StageOccupancy {
  /** Count of applications per stage id (stages without applications may be omitted). */
  countByStage(organizationId: string, jobId: string, stageIds: string[]): Promise<Map<string, number>>;
  /** Applicants per job, all of them and those still in process, in one query (jobs without any may be omitted). */
  countByJobs(organizationId: string, jobIds: string[]): Promise<Map<string, ApplicantCounts>>;
}

export interface ApplicantCounts {
  /** Every application (merged duplicates not counted). */
  total: number;
  /** Applications still in process (neither hired, rejected nor withdrawn). */
  active: number;
}

/** Injection token of the stage-occupancy port (resolves to the `StageOccupancyRegistry`). */
export const STAGE_OCCUPANCY = Symbol('STAGE_OCCUPANCY');

/** The port's holder, exported by JobsModule. Pipelines calls `registry.use({ countByStage: ... })` in its `onModuleInit`. */
@Injectable()
export class StageOccupancyRegistry extends RequiredPort<StageOccupancy> implements StageOccupancy {
  constructor() {
    super('STAGE_OCCUPANCY', 'PipelinesModule');
  }

  countByStage(organizationId: string, jobId: string, stageIds: string[]): Promise<Map<string, number>> {
    const impl = this.bound;
    if (stageIds.length === 0) return Promise.resolve(new Map<string, number>());
    return impl.countByStage(organizationId, jobId, stageIds);
  }

  countByJobs(organizationId: string, jobIds: string[]): Promise<Map<string, ApplicantCounts>> {
    const impl = this.bound;
    if (jobIds.length === 0) return Promise.resolve(new Map<string, ApplicantCounts>());
    return impl.countByJobs(organizationId, jobIds);
  }
}
