import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post } from '@nestjs/common';
import { ApiAcceptedResponse, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Authenticated, CurrentUser, Role } from '../../identity/src/index.js';
import type { AuthUser } from '../../identity/src/index.js';
import { ApiProblems, IdPipe } from '../../platform/src/index.js';
import { CreatePartnerBoardDto, PartnerBoardDto, PartnerBoardListDto, UpdatePartnerBoardDto } from './dto/partner-board.dto.js';
import { CreatePostingsDto, PostingDto, PostingListDto } from './dto/posting.dto.js';
import { PartnerBoardsService } from './partner-boards.service.js';
import { PostingsService } from './postings.service.js';

@ApiTags('postings')
@Controller('v1')
export class PostingsController {
  constructor(
    private readonly postings: PostingsService,
    private readonly partnerBoards: PartnerBoardsService,
  ) {}

  @Post('jobs/:id/postings')
  @HttpCode(202)
  @Authenticated({ roles: [Role.Admin, Role.Recruiter] })
  @ApiOperation({ summary: 'Post an open job to several boards; publishing happens in the worker' })
  @ApiAcceptedResponse({ type: PostingListDto })
  @ApiProblems(400, 404, 409, 422)
  async create(@CurrentUser() actor: AuthUser, @Param('id', IdPipe) jobId: string, @Body() body: CreatePostingsDto): Promise<PostingListDto> {
    return { data: await this.postings.create(actor, jobId, body) };
  }

  @Get('jobs/:id/postings')
  @Authenticated({ roles: [Role.Admin, Role.Recruiter, Role.HiringManager] })
  @ApiOperation({ summary: 'The postings of a job with their status and history' })
  @ApiOkResponse({ type: PostingListDto })
  @ApiProblems(404)
  async list(@CurrentUser() actor: AuthUser, @Param('id', IdPipe) jobId: string): Promise<PostingListDto> {
    return { data: await this.postings.list(actor, jobId) };
  }

  @Get('postings/:id')
  @Authenticated({ roles: [Role.Admin, Role.Recruiter, Role.HiringManager] })
  @ApiOperation({ summary: 'One posting with its history' })
  @ApiOkResponse({ type: PostingDto })
  @ApiProblems(404)
  get(@CurrentUser() actor: AuthUser, @Param('id', IdPipe) id: string): Promise<PostingDto> {
    return this.postings.get(actor, id);
  }

  @Post('postings/:id/retry')
  @HttpCode(202)
  @Authenticated({ roles: [Role.Admin, Role.Recruiter] })
  @ApiOperation({ summary: 'Queue a failed posting again' })
  @ApiAcceptedResponse({ type: PostingDto })
  @ApiProblems(404, 409)
  retry(@CurrentUser() actor: AuthUser, @Param('id', IdPipe) id: string): Promise<PostingDto> {
    return this.postings.retry(actor, id);
  }

  @Delete('postings/:id')
  @HttpCode(202)
  @Authenticated({ roles: [Role.Admin, Role.Recruiter] })
  @ApiOperation({ summary: 'Unpublish: removed from every page and feed; push boards get a close event' })
  @ApiAcceptedResponse({ type: PostingDto })
  @ApiProblems(404)
  unpublish(@CurrentUser() actor: AuthUser, @Param('id', IdPipe) id: string): Promise<PostingDto> {
    return this.postings.unpublish(actor, id);
  }

  @Post('partner-boards')
  @Authenticated({ roles: [Role.Admin] })
  @ApiOperation({ summary: 'Register a push board (its id is then usable in `boards`); a private or internal address is a 422 on `url`' })
  @ApiCreatedResponse({ type: PartnerBoardDto })
  @ApiProblems(400, 409, 422)
  async createPartnerBoard(@CurrentUser() actor: AuthUser, @Body() body: CreatePartnerBoardDto): Promise<PartnerBoardDto> {
    return PartnerBoardDto.from(await this.partnerBoards.create(actor, body));
  }

  @Patch('partner-boards/:id')
  @Authenticated({ roles: [Role.Admin] })
  @ApiOperation({ summary: 'Change a push board’s name, URL (checked as on registration), secret or active flag' })
  @ApiOkResponse({ type: PartnerBoardDto })
  @ApiProblems(400, 404, 409, 422)
  async updatePartnerBoard(@CurrentUser() actor: AuthUser, @Param('id', IdPipe) id: string, @Body() body: UpdatePartnerBoardDto): Promise<PartnerBoardDto> {
    return PartnerBoardDto.from(await this.partnerBoards.update(actor, id, body));
  }

  @Get('partner-boards')
  @Authenticated({ roles: [Role.Admin, Role.Recruiter] })
  @ApiOperation({ summary: 'Partner boards of the organization (never their secrets)' })
  @ApiOkResponse({ type: PartnerBoardListDto })
  async listPartnerBoards(@CurrentUser() actor: AuthUser): Promise<PartnerBoardListDto> {
    return { data: (await this.partnerBoards.list(actor)).map((b) => PartnerBoardDto.from(b)) };
  }
}
