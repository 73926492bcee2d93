import { InterviewDataExport } from './interview-export.service.js';
import { InterviewErasure } from './interview-erasure.service.js';
import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { IdentityModule } from '../../identity/src/index.js';
import { JobsModule } from '../../jobs/src/index.js';
import { PipelinesModule } from '../../pipelines/src/index.js';
import { BuiltInKitsLoader } from './built-in-kits.loader.js';
import { InterviewKitRevision } from './interview-kit-revision.entity.js';
import { InterviewKit } from './interview-kit.entity.js';
import { InterviewKitsController } from './interview-kits.controller.js';
import { InterviewKitsService } from './interview-kits.service.js';
import { InterviewNotifierService } from './interview-notifier.service.js';
import { InterviewMergeFollower } from './interview-merge.follower.js';
import { InterviewReadsService } from './interview-reads.service.js';
import { INTERVIEW_SCORECARD_STATUS, InterviewScorecardStatusRegistry } from './interview-scorecard-status.js';
import { InterviewPanels } from './interview-panels.js';
import { Interview, InterviewInterviewer } from './interview.entity.js';
import { InterviewsController } from './interviews.controller.js';
import { InterviewsService } from './interviews.service.js';
import { InterviewScheduling } from './interview-scheduling.service.js';

/** Interview kits (built-in library + organization kits with immutable revisions) and scheduled interviews. */
@Module({
  imports: [TypeOrmModule.forFeature([InterviewKit, InterviewKitRevision, Interview, InterviewInterviewer]), IdentityModule, JobsModule, PipelinesModule],
  controllers: [InterviewKitsController, InterviewsController],
  providers: [
    InterviewDataExport,
    InterviewKitsService,
    BuiltInKitsLoader,
    InterviewsService,
    InterviewScheduling,
    InterviewPanels,
    InterviewReadsService,
    InterviewNotifierService,
    InterviewMergeFollower,
    InterviewErasure,
    InterviewScorecardStatusRegistry,
    { provide: INTERVIEW_SCORECARD_STATUS, useExisting: InterviewScorecardStatusRegistry },
  ],
  exports: [
    InterviewDataExport,
    InterviewKitsService,
    InterviewScheduling,
    InterviewNotifierService,
    InterviewsService,
    InterviewPanels,
    InterviewReadsService,
    InterviewMergeFollower,
    InterviewErasure,
    InterviewScorecardStatusRegistry,
    INTERVIEW_SCORECARD_STATUS,
  ],
})
export class InterviewsModule {}
