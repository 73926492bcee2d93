import { Body, Controller, Get, Param, Post, Query } from '@nestjs/common';
import { ApiBody, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { AuthUser } from '../../identity/src/index.js';
import { Authenticated, CurrentUser, Role } from '../../identity/src/index.js';
import { ApiProblems, IdPipe, mapPage } from '../../platform/src/index.js';
import {
  ForkKitDto,
  GetKitQueryDto,
  InterviewKitDetailDto,
  InterviewKitDto,
  InterviewKitPageDto,
  KitContentDto,
  ListKitsQueryDto,
} from './dto/interview-kit.dto.js';
import { InterviewKitsService } from './interview-kits.service.js';

const READERS = [Role.Admin, Role.Recruiter, Role.HiringManager, Role.Interviewer];
const WRITERS = [Role.Admin, Role.Recruiter];

@ApiTags('interview-kits')
@Controller('v1/interview-kits')
export class InterviewKitsController {
  constructor(private readonly kits: InterviewKitsService) {}

  @Get()
  @Authenticated({ roles: READERS })
  @ApiOperation({ summary: 'Built-in kits and your organization’s own, newest first (keyset pages)' })
  @ApiOkResponse({ type: InterviewKitPageDto })
  @ApiProblems(400)
  async list(@CurrentUser() actor: AuthUser, @Query() query: ListKitsQueryDto): Promise<InterviewKitPageDto> {
    return mapPage(await this.kits.list(actor, query), (kit) => InterviewKitDto.from(kit));
  }

  @Post()
  @Authenticated({ roles: WRITERS })
  @ApiOperation({ summary: 'Create an organization kit (revision 1); invalid content → 422 naming each field path' })
  @ApiBody({ type: KitContentDto })
  @ApiCreatedResponse({ type: InterviewKitDetailDto })
  @ApiProblems(400, 409, 413, 422)
  async create(@CurrentUser() actor: AuthUser, @Body() body: Record<string, unknown>): Promise<InterviewKitDetailDto> {
    const { kit, revision } = await this.kits.create(actor, body);
    return InterviewKitDetailDto.detail(kit, revision);
  }

  @Get(':id')
  @Authenticated({ roles: READERS })
  @ApiOperation({ summary: 'A kit with its latest revision (or ?revision=N), including the minutes plan' })
  @ApiOkResponse({ type: InterviewKitDetailDto })
  @ApiProblems(400, 404)
  async get(@CurrentUser() actor: AuthUser, @Param('id', IdPipe) id: string, @Query() query: GetKitQueryDto): Promise<InterviewKitDetailDto> {
    const { kit, revision } = await this.kits.get(actor, id, query.revision);
    return InterviewKitDetailDto.detail(kit, revision);
  }

  @Post(':id/revisions')
  @Authenticated({ roles: WRITERS })
  @ApiOperation({ summary: 'Edit a kit: adds a new immutable revision (built-ins are read-only: 403)' })
  @ApiBody({ type: KitContentDto })
  @ApiCreatedResponse({ type: InterviewKitDetailDto })
  @ApiProblems(400, 403, 404, 413, 422)
  async addRevision(@CurrentUser() actor: AuthUser, @Param('id', IdPipe) id: string, @Body() body: Record<string, unknown>): Promise<InterviewKitDetailDto> {
    const { kit, revision } = await this.kits.addRevision(actor, id, body);
    return InterviewKitDetailDto.detail(kit, revision);
  }

  @Post(':id/fork')
  @Authenticated({ roles: WRITERS })
  @ApiOperation({ summary: 'Copy a kit (typically a built-in) into your organization' })
  @ApiCreatedResponse({ type: InterviewKitDetailDto })
  @ApiProblems(400, 404, 409)
  async fork(@CurrentUser() actor: AuthUser, @Param('id', IdPipe) id: string, @Body() body: ForkKitDto): Promise<InterviewKitDetailDto> {
    const { kit, revision } = await this.kits.fork(actor, id, body);
    return InterviewKitDetailDto.detail(kit, revision);
  }
}
