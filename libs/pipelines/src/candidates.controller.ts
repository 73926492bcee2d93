import { Body, Controller, Get, HttpCode, Param, Patch, Post, Query, Req, Res } from '@nestjs/common';
import { ApiBody, ApiConsumes, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Authenticated, CurrentUser, Role } from '../../identity/src/index.js';
import type { AuthUser } from '../../identity/src/index.js';
import { ApiProblems, IdPipe, PageQueryDto } from '../../platform/src/index.js';
import { AccessPolicy } from '../../jobs/src/index.js';
import { ActivityService } from './activity.service.js';
import { CandidateFilesService } from './candidate-files.service.js';
import { CandidateFileDto, UploadResumeDto } from './dto/candidate-file.dto.js';
import { CandidateMergeService } from './candidate-merge.service.js';
import { CandidateNotes } from './candidate-notes.service.js';
import { CandidateSearch } from './candidate-search.service.js';
import { CandidatesService } from './candidates.service.js';
import {
  ActivityPageDto,
  CandidateDto,
  CandidatePageDto,
  CreateCandidateDto,
  CreateNoteDto,
  DuplicateListDto,
  MergeCandidatesDto,
  NoteDto,
  NotePageDto,
  SearchCandidatesQueryDto,
  UpdateCandidateDto,
} from './dto/candidate.dto.js';
import { contentDisposition, readResumeUpload } from './resume-upload.js';

const ALL = [Role.Admin, Role.Recruiter, Role.HiringManager, Role.Interviewer];

@ApiTags('candidates')
@Controller('v1/candidates')
export class CandidatesController {
  constructor(
    private readonly candidates: CandidatesService,
    private readonly candidateSearch: CandidateSearch,
    private readonly candidateNotes: CandidateNotes,
    private readonly activity: ActivityService,
    private readonly access: AccessPolicy,
    private readonly files: CandidateFilesService,
    private readonly merging: CandidateMergeService,
  ) {}

  @Post()
  @Authenticated({ roles: [Role.Admin, Role.Recruiter] })
  @ApiOperation({ summary: 'Add a candidate; an email already used in the organization is 409 naming the existing candidate (existingCandidateId)' })
  @ApiCreatedResponse({ type: CandidateDto })
  @ApiProblems(400, 409, 413)
  async create(@CurrentUser() actor: AuthUser, @Body() body: CreateCandidateDto): Promise<CandidateDto> {
    return this.candidates.create(actor, body);
  }

  @Get()
  @Authenticated({ roles: ALL })
  @ApiOperation({ summary: 'Search candidates: ranked full-text over name, emails, tags and resume, with prefix and typo matching; newest first without q' })
  @ApiOkResponse({ type: CandidatePageDto })
  @ApiProblems(400)
  async search(@CurrentUser() actor: AuthUser, @Query() query: SearchCandidatesQueryDto): Promise<CandidatePageDto> {
    return this.candidateSearch.search(await this.access.scope(actor), query);
  }

  @Get(':id')
  @Authenticated({ roles: ALL })
  @ApiOperation({ summary: 'A candidate with their (visible) applications' })
  @ApiOkResponse({ type: CandidateDto })
  @ApiProblems(404)
  async get(@CurrentUser() actor: AuthUser, @Param('id', IdPipe) id: string): Promise<CandidateDto> {
    return this.candidates.get(await this.access.scope(actor), id);
  }

  @Patch(':id')
  @Authenticated({ roles: ALL })
  @ApiOperation({ summary: 'Edit a candidate (optimistic: send the version you read)' })
  @ApiOkResponse({ type: CandidateDto })
  @ApiProblems(400, 403, 404, 409)
  async update(@CurrentUser() actor: AuthUser, @Param('id', IdPipe) id: string, @Body() body: UpdateCandidateDto): Promise<CandidateDto> {
    return this.candidates.update(actor, await this.access.scope(actor), id, body);
  }

  @Get(':id/duplicates')
  @Authenticated({ roles: [Role.Admin, Role.Recruiter, Role.HiringManager] })
  @ApiOperation({ summary: 'Likely duplicates: same email or phone, or a very similar name with the same phone or link' })
  @ApiOkResponse({ type: DuplicateListDto })
  @ApiProblems(404)
  async duplicates(@CurrentUser() actor: AuthUser, @Param('id', IdPipe) id: string): Promise<DuplicateListDto> {
    return { data: await this.candidateSearch.duplicates(await this.access.scope(actor), id) };
  }

  @Post(':id/merge')
  @HttpCode(200)
  @Authenticated({ roles: [Role.Admin, Role.Recruiter] })
  @ApiOperation({ summary: 'Fold otherId into this candidate in one transaction (applications, notes, files, history)' })
  @ApiOkResponse({ type: CandidateDto })
  @ApiProblems(400, 404, 422)
  async merge(@CurrentUser() actor: AuthUser, @Param('id', IdPipe) id: string, @Body() body: MergeCandidatesDto): Promise<CandidateDto> {
    return this.merging.merge(actor, await this.access.scope(actor), id, body.otherId.toLowerCase());
  }

  @Post(':id/notes')
  @Authenticated({ roles: ALL })
  @ApiOperation({ summary: 'Add a note on the candidate or one of their applications' })
  @ApiCreatedResponse({ type: NoteDto })
  @ApiProblems(400, 403, 404)
  async addNote(@CurrentUser() actor: AuthUser, @Param('id', IdPipe) id: string, @Body() body: CreateNoteDto): Promise<NoteDto> {
    return this.candidateNotes.addNote(actor, await this.access.scope(actor), id, body);
  }

  @Get(':id/notes')
  @Authenticated({ roles: ALL })
  @ApiOperation({ summary: 'Notes on the candidate and their applications, newest first (private notes hidden from interviewers)' })
  @ApiOkResponse({ type: NotePageDto })
  @ApiProblems(400, 404)
  async notes(@CurrentUser() actor: AuthUser, @Param('id', IdPipe) id: string, @Query() query: PageQueryDto): Promise<NotePageDto> {
    return this.candidateNotes.listNotes(await this.access.scope(actor), id, query.limit, query.cursor);
  }

  @Get(':id/activity')
  @Authenticated({ roles: ALL })
  @ApiOperation({ summary: 'Timeline of applications, moves, notes (and interviews and scorecards as those modules add them), newest first' })
  @ApiOkResponse({ type: ActivityPageDto })
  @ApiProblems(400, 404)
  async activityOf(@CurrentUser() actor: AuthUser, @Param('id', IdPipe) id: string, @Query() query: PageQueryDto): Promise<ActivityPageDto> {
    return this.activity.timeline(await this.access.scope(actor), id, query.limit, query.cursor);
  }

  @Post(':id/resume')
  @Authenticated({ roles: ALL })
  @ApiOperation({ summary: 'Upload a resume (multipart field `resume`: PDF, DOCX or TXT, at most 5 MB, type checked by content); its text becomes searchable' })
  @ApiConsumes('multipart/form-data')
  @ApiBody({ type: UploadResumeDto })
  @ApiCreatedResponse({ type: CandidateFileDto })
  @ApiProblems(400, 403, 404, 413, 415)
  async uploadResume(@CurrentUser() actor: AuthUser, @Param('id', IdPipe) id: string, @Req() request: FastifyRequest): Promise<CandidateFileDto> {
    const scope = await this.access.scope(actor);
    const file = await readResumeUpload(request);
    return this.files.upload(actor, scope, id, file);
  }

  @Get(':id/resume')
  @Authenticated({ roles: ALL })
  @ApiOperation({ summary: "Download the candidate's current resume file, as an attachment" })
  @ApiProduces('application/pdf', 'application/vnd.openxmlformats-officedocument.wordprocessingml.document', 'text/plain')
  @ApiOkResponse({ description: 'The file', schema: { type: 'string', format: 'binary' } })
  @ApiProblems(404)
  async downloadResume(@CurrentUser() actor: AuthUser, @Param('id', IdPipe) id: string, @Res() reply: FastifyReply): Promise<void> {
    const file = await this.files.latestResume(await this.access.scope(actor), id);
    await reply
      .status(200)
      .header('content-type', file.contentType)
      .header('content-disposition', contentDisposition(file.fileName))
      .header('x-content-type-options', 'nosniff')
      .header('cache-control', 'private, no-store')
      .send(file.content);
  }
}
