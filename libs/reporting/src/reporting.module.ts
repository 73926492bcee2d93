import { Module } from '@nestjs/common';
import { IdentityModule } from '../../identity/src/index.js';
import { JobsModule } from '../../jobs/src/index.js';
import { AdverseImpactService } from './adverse-impact.service.js';
import { DecisionQueueService } from './decision-queue.service.js';
import { HiringReportService } from './hiring-report.service.js';
import { InterviewerCalibrationService } from './interviewer-calibration.service.js';
import { AdverseImpactController, DecisionQueueController, HiringReportController, InterviewerCalibrationController } from './reporting.controller.js';

/**
 * Read-only views across modules: the hiring report, interviewer calibration and the decision queue.
 * The top of the layering: it may read every module's tables (SELECT only) and nothing imports it.
 */
@Module({
  imports: [IdentityModule, JobsModule],
  controllers: [HiringReportController, InterviewerCalibrationController, DecisionQueueController, AdverseImpactController],
  providers: [HiringReportService, InterviewerCalibrationService, DecisionQueueService, AdverseImpactService],
})
export class ReportingModule {}
