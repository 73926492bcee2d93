import { Controller, Get, Param, Query } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Authenticated, CurrentUser, Role } from '../../identity/src/index.js';
import type { AuthUser } from '../../identity/src/index.js';
import { ApiProblems, IdPipe } from '../../platform/src/index.js';
import { AccessPolicy } from '../../jobs/src/index.js';
import { ListJobApplicationsQueryDto } from './dto/application.dto.js';
import { BoardDto, BoardItemPageDto, FunnelDto } from './dto/board.dto.js';
import { PipelineBoardService } from './pipeline-board.service.js';

@ApiTags('pipeline')
@Controller('v1/jobs')
export class PipelineBoardController {
  constructor(
    private readonly board: PipelineBoardService,
    private readonly access: AccessPolicy,
  ) {}

  @Get(':id/pipeline')
  @Authenticated({ roles: [Role.Admin, Role.Recruiter, Role.HiringManager] })
  @ApiOperation({ summary: 'Stages in plan order with active count, over-SLA count and oldest entry' })
  @ApiOkResponse({ type: BoardDto })
  @ApiProblems(404)
  async pipeline(@CurrentUser() actor: AuthUser, @Param('id', IdPipe) id: string): Promise<BoardDto> {
    return this.board.board(await this.access.scope(actor), id);
  }

  @Get(':id/applications')
  @Authenticated({ roles: [Role.Admin, Role.Recruiter, Role.HiringManager, Role.Interviewer] })
  @ApiOperation({ summary: "A job's applications (keyset pages), by applied_at or stage_entered_at" })
  @ApiOkResponse({ type: BoardItemPageDto })
  @ApiProblems(400, 404)
  async applications(@CurrentUser() actor: AuthUser, @Param('id', IdPipe) id: string, @Query() query: ListJobApplicationsQueryDto): Promise<BoardItemPageDto> {
    return this.board.applications(await this.access.scope(actor), id, query);
  }

  @Get(':id/funnel')
  @Authenticated({ roles: [Role.Admin, Role.Recruiter, Role.HiringManager] })
  @ApiOperation({ summary: 'Per stage: reached, passed through, rejected, conversion rate, median days' })
  @ApiOkResponse({ type: FunnelDto })
  @ApiProblems(404)
  async funnel(@CurrentUser() actor: AuthUser, @Param('id', IdPipe) id: string): Promise<FunnelDto> {
    return this.board.funnel(await this.access.scope(actor), id);
  }
}
