import { Body, Controller, Get, HttpCode, Param, Patch, Post, Put, Query } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { AuthUser } from '../../identity/src/index.js';
import { Authenticated, CurrentUser, Role } from '../../identity/src/index.js';
import { ApiProblems, IdPipe, mapPage } from '../../platform/src/index.js';
import { toJobDto, toJobSummaryDto } from './dto/job-response.js';
import { CloseJobDto, CreateJobDto, JobDto, JobPageDto, ListJobsQueryDto, ReplaceStagesDto, TransitionJobDto, UpdateJobDto } from './dto/job.dto.js';
import { JobDrafting } from './job-drafting.service.js';
import { JobInterviewPlan } from './job-interview-plan.service.js';
import { JobLifecycle } from './job-lifecycle.service.js';
import { JobsService } from './jobs.service.js';

const WRITERS = [Role.Admin, Role.Recruiter];
const READERS = [Role.Admin, Role.Recruiter, Role.HiringManager];

@ApiTags('jobs')
@Controller('v1/jobs')
export class JobsController {
  constructor(
    private readonly jobs: JobsService,
    private readonly drafting: JobDrafting,
    private readonly lifecycle: JobLifecycle,
    private readonly plan: JobInterviewPlan,
  ) {}

  @Post()
  @Authenticated({ roles: WRITERS })
  @ApiOperation({ summary: 'Create a draft job from a template (latest revision) or an exact template revision; default interview plan unless given' })
  @ApiCreatedResponse({ type: JobDto })
  @ApiProblems(400, 404, 413, 422)
  async create(@CurrentUser() actor: AuthUser, @Body() body: CreateJobDto): Promise<JobDto> {
    return toJobDto(await this.drafting.create(actor, body));
  }

  @Get()
  @Authenticated({ roles: READERS })
  @ApiOperation({ summary: 'Jobs, newest first (keyset pages); hiring managers see only jobs on whose hiring team they are' })
  @ApiOkResponse({ type: JobPageDto })
  @ApiProblems(400)
  async list(@CurrentUser() actor: AuthUser, @Query() query: ListJobsQueryDto): Promise<JobPageDto> {
    return mapPage(await this.jobs.list(actor, query), toJobSummaryDto);
  }

  @Get(':id')
  @Authenticated({ roles: READERS })
  @ApiOperation({ summary: 'A job with description, findings, hiring team and interview plan' })
  @ApiOkResponse({ type: JobDto })
  @ApiProblems(404)
  async get(@CurrentUser() actor: AuthUser, @Param('id', IdPipe) id: string): Promise<JobDto> {
    return toJobDto(await this.jobs.getForActor(actor, id));
  }

  @Patch(':id')
  @Authenticated({ roles: WRITERS })
  @ApiOperation({ summary: 'Change a job (audited); send the version you read — a stale version → 409' })
  @ApiOkResponse({ type: JobDto })
  @ApiProblems(400, 404, 409, 413, 422)
  async update(@CurrentUser() actor: AuthUser, @Param('id', IdPipe) id: string, @Body() body: UpdateJobDto): Promise<JobDto> {
    return toJobDto(await this.drafting.update(actor, id, body));
  }

  @Put(':id/stages')
  @Authenticated({ roles: WRITERS })
  @ApiOperation({
    summary: 'Replace the interview plan with the full ordered list (add, rename, reorder, remove stages)',
    description:
      'Existing stages are referred to by id; stages without id are added; stages left out are removed. A stage with applications in it cannot be removed, renamed or moved (409).',
  })
  @ApiOkResponse({ type: JobDto })
  @ApiProblems(400, 404, 409, 422)
  async replaceStages(@CurrentUser() actor: AuthUser, @Param('id', IdPipe) id: string, @Body() body: ReplaceStagesDto): Promise<JobDto> {
    return toJobDto(await this.plan.replaceStages(actor, id, body));
  }

  @Post(':id/open')
  @HttpCode(200)
  @Authenticated({ roles: WRITERS })
  @ApiOperation({ summary: 'Open a draft or on-hold job; error-level lint findings → 422 with `findings`' })
  @ApiOkResponse({ type: JobDto })
  @ApiProblems(400, 404, 409, 422)
  async open(@CurrentUser() actor: AuthUser, @Param('id', IdPipe) id: string, @Body() body: TransitionJobDto): Promise<JobDto> {
    return toJobDto(await this.lifecycle.open(actor, id, body));
  }

  @Post(':id/hold')
  @HttpCode(200)
  @Authenticated({ roles: WRITERS })
  @ApiOperation({ summary: 'Put an open job on hold' })
  @ApiOkResponse({ type: JobDto })
  @ApiProblems(400, 404, 409)
  async hold(@CurrentUser() actor: AuthUser, @Param('id', IdPipe) id: string, @Body() body: TransitionJobDto): Promise<JobDto> {
    return toJobDto(await this.lifecycle.hold(actor, id, body));
  }

  @Post(':id/close')
  @HttpCode(200)
  @Authenticated({ roles: WRITERS })
  @ApiOperation({ summary: 'Close a job (needs a reason); closed is final' })
  @ApiOkResponse({ type: JobDto })
  @ApiProblems(400, 404, 409)
  async close(@CurrentUser() actor: AuthUser, @Param('id', IdPipe) id: string, @Body() body: CloseJobDto): Promise<JobDto> {
    return toJobDto(await this.lifecycle.close(actor, id, body));
  }
}
