import { Test } from '@nestjs/testing';
import type { ModuleMetadata } from '@nestjs/common';
import { AppConfigModule } from '../../libs/config/src/index.js';
import { DbModule } from '../../libs/db/src/index.js';
import { InterviewsModule } from '../../libs/interviews/src/index.js';
import { InterviewAccessRegistry, JobsModule, StageOccupancyRegistry } from '../../libs/jobs/src/index.js';
import { OffersWorkerModule } from '../../libs/offers/src/index.js';
import { CandidateDeletionModule, PersonalDataErasureRegistry, PipelinesModule, ScorecardStatusRegistry } from '../../libs/pipelines/src/index.js';
import { ScorecardsModule } from '../../libs/scorecards/src/index.js';
import { AppLoggerModule, PlatformModule } from '../../libs/platform/src/index.js';
import { startTestApp } from '../support/app.js';

const BASE = [AppConfigModule, AppLoggerModule, DbModule, PlatformModule];

/** Builds and starts a module set as a process would; returns the start-up error, or null when it started. */
async function bootError(imports: ModuleMetadata['imports']): Promise<Error | null> {
  const moduleRef = await Test.createTestingModule({ imports: [...BASE, ...(imports ?? [])] }).compile();
  moduleRef.useLogger(false);
  try {
    await moduleRef.init();
    return null;
  } catch (error) {
    return error as Error;
  } finally {
    await moduleRef.close();
  }
}

describe('ports are required providers: a process with an unbound port refuses to start', () => {
  it('JobsModule without PipelinesModule: STAGE_OCCUPANCY is not bound (the stage-in-use guard cannot fail open)', async () => {
    const error = await bootError([JobsModule]);
    expect(error?.message).toMatch(/^Port STAGE_OCCUPANCY is not bound: import PipelinesModule in this process/);
  });

  it('PipelinesModule without the modules above it: the ports they bind (INTERVIEW_ACCESS, SCORECARD_STATUS) are unbound', async () => {
    const error = await bootError([PipelinesModule]);
    expect(error?.message).toMatch(
      /^Port (INTERVIEW_ACCESS is not bound: import InterviewsModule|SCORECARD_STATUS is not bound: import ScorecardsModule) in this process/,
    );
  });

  it('PipelinesModule with InterviewsModule but without ScorecardsModule: SCORECARD_STATUS is not bound', async () => {
    const error = await bootError([PipelinesModule, InterviewsModule]);
    expect(error?.message).toMatch(/^Port SCORECARD_STATUS is not bound: import ScorecardsModule in this process/);
  });

  it('CandidateDeletionModule without PrivacyModule: PERSONAL_DATA_ERASURE is not bound (a deletion cannot leave personal data behind)', async () => {
    const error = await bootError([CandidateDeletionModule, InterviewsModule, ScorecardsModule]);
    expect(error?.message).toMatch(/^Port PERSONAL_DATA_ERASURE is not bound: import PrivacyModule in this process/);
  });

  it("the worker's module set (offers with everything below it) starts with every port bound", async () => {
    expect(await bootError([OffersWorkerModule])).toBeNull();
  });

  it('the whole API starts, every port bound to its real implementation', async () => {
    const t = await startTestApp();
    try {
      for (const port of [StageOccupancyRegistry, InterviewAccessRegistry, ScorecardStatusRegistry, PersonalDataErasureRegistry])
        expect(t.app.get(port).isBound).toBe(true);
    } finally {
      await t.close();
    }
  });
});
