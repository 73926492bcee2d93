import { CandidateDataExport } from './candidate-export.service.js';
import { Inject, Module, OnModuleInit } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { IdentityModule } from '../../identity/src/index.js';
import { JobsModule, STAGE_OCCUPANCY, StageOccupancyRegistry } from '../../jobs/src/index.js';
import { ActivityService } from './activity.service.js';
import { Application } from './application.entity.js';
import { ApplicationsController } from './applications.controller.js';
import { ApplicationsService } from './applications.service.js';
import { ApplicationIntake } from './application-intake.service.js';
import { ApplicationBulkMoves } from './application-bulk-moves.service.js';
import { ApplicationMoves } from './application-moves.service.js';
import { ApplicationHistory } from './application-history.service.js';
import { Candidate } from './candidate.entity.js';
import { CandidateFilesService } from './candidate-files.service.js';
import { CandidatesController } from './candidates.controller.js';
import { CandidatesService } from './candidates.service.js';
import { CandidateNotes } from './candidate-notes.service.js';
import { CandidateSearch } from './candidate-search.service.js';
import { CandidateMergeService } from './candidate-merge.service.js';
import { CandidateErasure } from './candidate-erasure.service.js';
import { CandidateRetention } from './candidate-retention.service.js';
import { SCORECARD_STATUS, ScorecardStatusRegistry } from './interview-access.js';
import { NotificationsController } from './notifications.controller.js';
import { NotificationsService } from './notifications.service.js';
import { PipelineBoardController } from './pipeline-board.controller.js';
import { PipelineBoardService } from './pipeline-board.service.js';
import { PipelineReadsService } from './pipeline-reads.service.js';
import { RejectionReasonsController } from './rejection-reasons.controller.js';
import { RejectionReasonsService } from './rejection-reasons.service.js';
import { StageSlaService } from './stage-sla.service.js';
import { resumeSandboxLimitsProvider, ResumeTextService } from './resume-text.service.js';

/**
 * Candidates, applications, moves, rejections, search, the pipeline board, stage SLAs and in-app
 * notifications. Plugs the real stage occupancy into the jobs module's port at start, and offers
 * a port of its own (`SCORECARD_STATUS`) for the modules above it.
 */
@Module({
  imports: [TypeOrmModule.forFeature([Candidate, Application]), IdentityModule, JobsModule],
  controllers: [CandidatesController, ApplicationsController, RejectionReasonsController, PipelineBoardController, NotificationsController],
  providers: [
    CandidateDataExport,
    ActivityService,
    CandidatesService,
    CandidateSearch,
    CandidateNotes,
    CandidateMergeService,
    CandidateErasure,
    CandidateRetention,
    CandidateFilesService,
    ApplicationsService,
    ApplicationIntake,
    ApplicationMoves,
    ApplicationHistory,
    ApplicationBulkMoves,
    RejectionReasonsService,
    PipelineBoardService,
    PipelineReadsService,
    NotificationsService,
    StageSlaService,
    ResumeTextService,
    resumeSandboxLimitsProvider,
    ScorecardStatusRegistry,
    { provide: SCORECARD_STATUS, useExisting: ScorecardStatusRegistry },
  ],
  exports: [
    // Re-exported: whoever builds on pipelines also asks the access policy and reads hiring teams.
    JobsModule,
    CandidateDataExport,
    ApplicationsService,
    ApplicationIntake,
    ApplicationMoves,
    ApplicationHistory,
    PipelineReadsService,
    CandidatesService,
    CandidateSearch,
    CandidateNotes,
    CandidateMergeService,
    CandidateErasure,
    CandidateRetention,
    CandidateFilesService,
    ActivityService,
    NotificationsService,
    StageSlaService,
    ResumeTextService,
    ScorecardStatusRegistry,
    SCORECARD_STATUS,
  ],
})
export class PipelinesModule implements OnModuleInit {
  constructor(
    @Inject(STAGE_OCCUPANCY) private readonly occupancy: StageOccupancyRegistry,
    private readonly applications: ApplicationsService,
  ) {}

  onModuleInit(): void {
    this.occupancy.use({
      countByStage: (organizationId, jobId, stageIds) => this.applications.countByStage(organizationId, jobId, stageIds),
      countByJobs: (organizationId, jobIds) => this.applications.countByJobs(organizationId, jobIds),
    });
  }
}
