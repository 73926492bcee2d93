import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { IdentityModule } from '../../identity/src/index.js';
import { TemplatesModule } from '../../templates/src/index.js';
import { Department } from './department.entity.js';
import { JobHiringTeamMember } from './job-hiring-team-member.entity.js';
import { JobOffice } from './job-office.entity.js';
import { JobStage } from './job-stage.entity.js';
import { Job } from './job.entity.js';
import { JobsController } from './jobs.controller.js';
import { JobReadsService } from './job-reads.service.js';
import { JobsService } from './jobs.service.js';
import { JobDescriptionRenderer } from './job-description.service.js';
import { JobDrafting } from './job-drafting.service.js';
import { JobInterviewPlan } from './job-interview-plan.service.js';
import { JobLifecycle } from './job-lifecycle.service.js';
import { Office } from './office.entity.js';
import { DepartmentsController, OfficesController } from './org-units.controller.js';
import { OrgUnitsService } from './org-units.service.js';
import { STAGE_OCCUPANCY, StageOccupancyRegistry } from './stage-occupancy.js';
import { AccessPolicy } from './access/access-policy.js';
import { HiringTeamsService } from './access/hiring-teams.service.js';
import { INTERVIEW_ACCESS, InterviewAccessRegistry } from './access/panel-membership.js';

/** Jobs (requisitions) with hiring teams and interview plans; departments and offices; the access policy (`AccessPolicy`) every module asks. */
@Module({
  imports: [TypeOrmModule.forFeature([Job, JobStage, JobHiringTeamMember, JobOffice, Department, Office]), IdentityModule, TemplatesModule],
  controllers: [JobsController, DepartmentsController, OfficesController],
  providers: [
    JobsService,
    JobDescriptionRenderer,
    JobDrafting,
    JobLifecycle,
    JobInterviewPlan,
    JobReadsService,
    OrgUnitsService,
    StageOccupancyRegistry,
    { provide: STAGE_OCCUPANCY, useExisting: StageOccupancyRegistry },
    HiringTeamsService,
    InterviewAccessRegistry,
    { provide: INTERVIEW_ACCESS, useExisting: InterviewAccessRegistry },
    AccessPolicy,
  ],
  exports: [
    JobsService,
    JobLifecycle,
    JobReadsService,
    OrgUnitsService,
    StageOccupancyRegistry,
    STAGE_OCCUPANCY,
    HiringTeamsService,
    InterviewAccessRegistry,
    INTERVIEW_ACCESS,
    AccessPolicy,
  ],
})
export class JobsModule {}
