import { Injectable } from '@nestjs/common';

/**
 * How many applications sit in given stages of a job. Jobs cannot see applications (pipelines
 * sits above jobs), so this is a port: the default answers 0 for every stage, and the pipelines
 * module plugs in the real count at start with `StageOccupancyRegistry.use(impl)`.
 */
export interface StageOccupancy {
  /** Count of applications per stage id (stages without applications may be omitted). */
  countByStage(organizationId: string, jobId: string, stageIds: string[]): Promise<Map<string, number>>;
}

/** Injection token of the stage-occupancy port (resolves to the `StageOccupancyRegistry`). */
export const STAGE_OCCUPANCY = Symbol('STAGE_OCCUPANCY');

export const NO_APPLICATIONS: StageOccupancy = {
  countByStage: () => Promise.resolve(new Map<string, number>()),
};

/**
 * The port's holder, exported by JobsModule. Pipelines calls
 * `registry.use({ countByStage: ... })` in its `onModuleInit`; until then no stage is occupied.
 */
@Injectable()
export class StageOccupancyRegistry implements StageOccupancy {
  private impl: StageOccupancy = NO_APPLICATIONS;

  use(impl: StageOccupancy): void {
    this.impl = impl;
  }

  countByStage(organizationId: string, jobId: string, stageIds: string[]): Promise<Map<string, number>> {
    if (stageIds.length === 0) return Promise.resolve(new Map<string, number>());
    return this.impl.countByStage(organizationId, jobId, stageIds);
  }
}
