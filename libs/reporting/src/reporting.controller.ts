import { Controller, Get, Query } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { AuthUser } from '../../identity/src/index.js';
import { Authenticated, CurrentUser, Role } from '../../identity/src/index.js';
import { ApiProblems, PageQueryDto } from '../../platform/src/index.js';
import { AdverseImpactService } from './adverse-impact.service.js';
import { DecisionQueueService } from './decision-queue.service.js';
import { AdverseImpactQueryDto, AdverseImpactReportDto } from './dto/adverse-impact.dto.js';
import { DecisionQueuePageDto, HiringReportDto, HiringReportQueryDto, InterviewerReportDto, ReportQueryDto } from './dto/report.dto.js';
import { HiringReportService } from './hiring-report.service.js';
import { InterviewerCalibrationService } from './interviewer-calibration.service.js';

/** Interviewers are refused (403): they never see decisions, offers or reports. */
// Operation ids are those the routes had before they moved here (offers' ReportsController, ScorecardsController),
// so clients generated from the OpenAPI document keep working.
const DECIDERS = [Role.Admin, Role.Recruiter, Role.HiringManager];

@ApiTags('reports')
@Controller('v1/reports')
export class HiringReportController {
  constructor(private readonly reports: HiringReportService) {}

  @Get('hiring')
  @Authenticated({ roles: DECIDERS })
  @ApiOperation({
    operationId: 'ReportsController_hiring',
    summary: 'Time to hire, time in stage, offer acceptance, decline reasons, source effectiveness, pass-through',
  })
  @ApiOkResponse({ type: HiringReportDto })
  @ApiProblems(400, 403, 422)
  hiring(@CurrentUser() actor: AuthUser, @Query() query: HiringReportQueryDto): Promise<HiringReportDto> {
    return this.reports.hiring(actor, query);
  }
}

@ApiTags('scorecards')
@Controller('v1/reports')
export class InterviewerCalibrationController {
  constructor(private readonly calibration: InterviewerCalibrationService) {}

  @Get('interviewers')
  @Authenticated({ roles: [Role.Admin, Role.Recruiter] })
  @ApiOperation({ operationId: 'ScorecardsController_report', summary: 'Interviewer calibration over a period (default: last 90 days)' })
  @ApiOkResponse({ type: InterviewerReportDto })
  @ApiProblems(400, 403)
  report(@CurrentUser() actor: AuthUser, @Query() query: ReportQueryDto): Promise<InterviewerReportDto> {
    return this.calibration.report(actor, query);
  }
}

@ApiTags('decisions')
@Controller('v1/decision-queue')
export class DecisionQueueController {
  constructor(private readonly queue: DecisionQueueService) {}

  @Get()
  @Authenticated({ roles: DECIDERS })
  @ApiOperation({
    summary:
      "Active applications waiting for a hiring decision (in the hiring-manager stage, or the stage before the offer stage when the plan has none), oldest in stage first: the caller's jobs as hiring manager (admins and recruiters: every job)",
  })
  @ApiOkResponse({ type: DecisionQueuePageDto })
  @ApiProblems(400, 403)
  list(@CurrentUser() actor: AuthUser, @Query() query: PageQueryDto): Promise<DecisionQueuePageDto> {
    return this.queue.list(actor, query);
  }
}

@ApiTags('reports')
@Controller('v1/reports')
export class AdverseImpactController {
  constructor(private readonly adverseImpact: AdverseImpactService) {}

  @Get('adverse-impact')
  @Authenticated({ roles: [Role.Admin] })
  @ApiOperation({
    summary:
      "Adverse impact (admins): per self-identification question and stage, each group's selection rate and impact ratio against the most selected group, flagged under 0.8; groups under 5 people are too few to report",
  })
  @ApiOkResponse({ type: AdverseImpactReportDto })
  @ApiProblems(400, 403, 422)
  report(@CurrentUser() actor: AuthUser, @Query() query: AdverseImpactQueryDto): Promise<AdverseImpactReportDto> {
    return this.adverseImpact.report(actor, query);
  }
}
