import { Body, Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Authenticated, CurrentUser, Role } from '../../identity/src/index.js';
import type { AuthUser } from '../../identity/src/index.js';
import { ApiProblems, IdPipe } from '../../platform/src/index.js';
import { AccessPolicy } from '../../jobs/src/index.js';
import { ApplicationIntake } from './application-intake.service.js';
import { ApplicationMoves } from './application-moves.service.js';
import { ApplicationsService } from './applications.service.js';
import { CandidateNotes } from './candidate-notes.service.js';
import { NoteDto } from './dto/candidate.dto.js';
import { BoardItemPageDto } from './dto/board.dto.js';
import { PipelineBoardService } from './pipeline-board.service.js';
import {
  ApplicationDetailDto,
  ApplicationDto,
  ApplicationNoteDto,
  BulkApplicationsDto,
  BulkResultDto,
  ChangeApplicationStatusDto,
  CreateApplicationDto,
  ListApplicationsQueryDto,
  MoveApplicationDto,
  RejectApplicationDto,
} from './dto/application.dto.js';

const ALL = [Role.Admin, Role.Recruiter, Role.HiringManager, Role.Interviewer];

@ApiTags('applications')
@Controller('v1/applications')
export class ApplicationsController {
  constructor(
    private readonly applications: ApplicationsService,
    private readonly intake: ApplicationIntake,
    private readonly moves: ApplicationMoves,
    private readonly notes: CandidateNotes,
    private readonly board: PipelineBoardService,
    private readonly access: AccessPolicy,
  ) {}

  @Get()
  @Authenticated({ roles: ALL })
  @ApiOperation({ summary: "A job's applications (keyset pages), by applied_at or stage_entered_at: the same pages as GET /v1/jobs/{id}/applications" })
  @ApiOkResponse({ type: BoardItemPageDto })
  @ApiProblems(400, 404)
  async list(@CurrentUser() actor: AuthUser, @Query() { jobId, ...page }: ListApplicationsQueryDto): Promise<BoardItemPageDto> {
    return this.board.applications(await this.access.scope(actor), jobId.toLowerCase(), page);
  }

  @Post()
  @Authenticated({ roles: [Role.Admin, Role.Recruiter, Role.HiringManager] })
  @ApiOperation({ summary: "Add a candidate (existing or new) to a job's first stage; one active application per candidate and job" })
  @ApiCreatedResponse({ type: ApplicationDto })
  @ApiProblems(400, 403, 404, 409, 422)
  async create(@CurrentUser() actor: AuthUser, @Body() body: CreateApplicationDto): Promise<ApplicationDto> {
    return this.intake.create(actor, await this.access.scope(actor), body);
  }

  @Post('bulk')
  @HttpCode(200)
  @Authenticated({ roles: [Role.Admin, Role.Recruiter, Role.HiringManager] })
  @ApiOperation({ summary: 'Move or reject up to 100 applications; each item is atomic and reported on its own' })
  @ApiOkResponse({ type: BulkResultDto })
  @ApiProblems(400, 422)
  async bulk(@CurrentUser() actor: AuthUser, @Body() body: BulkApplicationsDto): Promise<BulkResultDto> {
    return this.moves.bulk(actor, await this.access.scope(actor), body);
  }

  @Get(':id')
  @Authenticated({ roles: ALL })
  @ApiOperation({ summary: 'An application with its move history' })
  @ApiOkResponse({ type: ApplicationDetailDto })
  @ApiProblems(404)
  async get(@CurrentUser() actor: AuthUser, @Param('id', IdPipe) id: string): Promise<ApplicationDetailDto> {
    return this.applications.get(await this.access.scope(actor), id);
  }

  @Post(':id/move')
  @HttpCode(200)
  @Authenticated({ roles: ALL })
  @ApiOperation({ summary: 'Move to another stage of the same job; a stale expectedVersion is 409' })
  @ApiOkResponse({ type: ApplicationDto })
  @ApiProblems(400, 403, 404, 409, 422)
  async move(@CurrentUser() actor: AuthUser, @Param('id', IdPipe) id: string, @Body() body: MoveApplicationDto): Promise<ApplicationDto> {
    return this.moves.move(actor, await this.access.scope(actor), id, { ...body, toStageId: body.toStageId.toLowerCase() });
  }

  @Post(':id/reject')
  @HttpCode(200)
  @Authenticated({ roles: ALL })
  @ApiOperation({ summary: "Reject with one of the organization's rejection reasons" })
  @ApiOkResponse({ type: ApplicationDto })
  @ApiProblems(400, 403, 404, 409, 422)
  async reject(@CurrentUser() actor: AuthUser, @Param('id', IdPipe) id: string, @Body() body: RejectApplicationDto): Promise<ApplicationDto> {
    return this.moves.reject(actor, await this.access.scope(actor), id, { ...body, reasonId: body.reasonId.toLowerCase() });
  }

  @Post(':id/withdraw')
  @HttpCode(200)
  @Authenticated({ roles: ALL })
  @ApiOperation({ summary: 'The candidate withdrew' })
  @ApiOkResponse({ type: ApplicationDto })
  @ApiProblems(400, 403, 404, 409)
  async withdraw(@CurrentUser() actor: AuthUser, @Param('id', IdPipe) id: string, @Body() body: ChangeApplicationStatusDto): Promise<ApplicationDto> {
    return this.moves.withdraw(actor, await this.access.scope(actor), id, body);
  }

  @Post(':id/reopen')
  @HttpCode(200)
  @Authenticated({ roles: ALL })
  @ApiOperation({ summary: 'Reopen a rejected or withdrawn application in the stage it left' })
  @ApiOkResponse({ type: ApplicationDto })
  @ApiProblems(400, 403, 404, 409)
  async reopen(@CurrentUser() actor: AuthUser, @Param('id', IdPipe) id: string, @Body() body: ChangeApplicationStatusDto): Promise<ApplicationDto> {
    return this.moves.reopen(actor, await this.access.scope(actor), id, body);
  }

  @Post(':id/notes')
  @Authenticated({ roles: ALL })
  @ApiOperation({ summary: 'Add a note on the application' })
  @ApiCreatedResponse({ type: NoteDto })
  @ApiProblems(400, 403, 404)
  async addNote(@CurrentUser() actor: AuthUser, @Param('id', IdPipe) id: string, @Body() body: ApplicationNoteDto): Promise<NoteDto> {
    return this.notes.addApplicationNote(actor, await this.access.scope(actor), id, body);
  }
}
