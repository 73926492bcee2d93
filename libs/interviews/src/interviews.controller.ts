import { Body, Controller, Get, Header, HttpCode, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { AuthUser } from '../../identity/src/index.js';
import { Authenticated, CurrentUser, Role } from '../../identity/src/index.js';
import { ApiProblems, IdPipe } from '../../platform/src/index.js';
import {
  CancelInterviewDto,
  InterviewDto,
  InterviewerBusyListDto,
  InterviewerBusyQueryDto,
  InterviewPageDto,
  ListInterviewsQueryDto,
  RescheduleInterviewDto,
  ScheduleInterviewDto,
} from './dto/interview.dto.js';
import { InterviewScheduling } from './interview-scheduling.service.js';
import { InterviewsService } from './interviews.service.js';

const SCHEDULERS = [Role.Admin, Role.Recruiter, Role.HiringManager];
const EVERYONE = [Role.Admin, Role.Recruiter, Role.HiringManager, Role.Interviewer];

@ApiTags('interviews')
@Controller('v1')
export class InterviewsController {
  constructor(
    private readonly interviews: InterviewsService,
    private readonly scheduling: InterviewScheduling,
  ) {}

  @Post('applications/:id/interviews')
  @Authenticated({ roles: SCHEDULERS })
  @ApiOperation({ summary: 'Schedule an interview; an interviewer busy at that time → 409 unless allowOverlap' })
  @ApiCreatedResponse({ type: InterviewDto })
  @ApiProblems(400, 403, 404, 409, 422)
  schedule(@CurrentUser() actor: AuthUser, @Param('id', IdPipe) applicationId: string, @Body() body: ScheduleInterviewDto): Promise<InterviewDto> {
    return this.scheduling.schedule(actor, applicationId, body);
  }

  @Get('interviews')
  @Authenticated({ roles: EVERYONE })
  @ApiOperation({ summary: 'Interviews by start time (keyset pages); ?mine=true for yours, with whether your scorecard is due' })
  @ApiOkResponse({ type: InterviewPageDto })
  @ApiProblems(400)
  list(@CurrentUser() actor: AuthUser, @Query() query: ListInterviewsQueryDto): Promise<InterviewPageDto> {
    return this.interviews.list(actor, query);
  }

  @Get('interviews/busy')
  @Authenticated({ roles: SCHEDULERS })
  @ApiOperation({ summary: 'When the given interviewers already interview in a window (default: the next 24 hours; at most 48): times only' })
  @ApiOkResponse({ type: InterviewerBusyListDto })
  @ApiProblems(400, 422)
  busy(@CurrentUser() actor: AuthUser, @Query() query: InterviewerBusyQueryDto): Promise<InterviewerBusyListDto> {
    return this.interviews.busy(actor, query);
  }

  @Get('interviews/:id')
  @Authenticated({ roles: EVERYONE })
  @ApiOperation({ summary: 'One interview' })
  @ApiOkResponse({ type: InterviewDto })
  @ApiProblems(404)
  get(@CurrentUser() actor: AuthUser, @Param('id', IdPipe) id: string): Promise<InterviewDto> {
    return this.interviews.get(actor, id);
  }

  @Patch('interviews/:id')
  @Authenticated({ roles: SCHEDULERS })
  @ApiOperation({ summary: 'Reschedule (time, duration, panel, place) with the version you read; audited; the panel is notified and reminders move' })
  @ApiOkResponse({ type: InterviewDto })
  @ApiProblems(400, 403, 404, 409, 422)
  reschedule(@CurrentUser() actor: AuthUser, @Param('id', IdPipe) id: string, @Body() body: RescheduleInterviewDto): Promise<InterviewDto> {
    return this.scheduling.reschedule(actor, id, body);
  }

  @Post('interviews/:id/cancel')
  @HttpCode(200)
  @Authenticated({ roles: SCHEDULERS })
  @ApiOperation({ summary: 'Cancel with a reason; audited; the panel is notified' })
  @ApiOkResponse({ type: InterviewDto })
  @ApiProblems(400, 403, 404, 409)
  cancel(@CurrentUser() actor: AuthUser, @Param('id', IdPipe) id: string, @Body() body: CancelInterviewDto): Promise<InterviewDto> {
    return this.scheduling.cancel(actor, id, body);
  }

  @Get('interviews/:id/calendar.ics')
  @Authenticated({ roles: EVERYONE })
  @Header('content-type', 'text/calendar; charset=utf-8')
  @Header('content-disposition', 'attachment; filename="interview.ics"')
  @ApiProduces('text/calendar')
  @ApiOperation({ summary: 'The interview as an iCalendar (RFC 5545) event' })
  @ApiOkResponse({ description: 'text/calendar', schema: { type: 'string' } })
  @ApiProblems(404)
  calendar(@CurrentUser() actor: AuthUser, @Param('id', IdPipe) id: string): Promise<string> {
    return this.interviews.calendar(actor, id);
  }
}
