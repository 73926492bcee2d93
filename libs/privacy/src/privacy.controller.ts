import { Body, Controller, Get, HttpCode, Param, Patch, Post, Query, Res } from '@nestjs/common';
import { ApiAcceptedResponse, ApiOkResponse, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { Authenticated, CurrentUser, Role } from '../../identity/src/index.js';
import type { AuthUser } from '../../identity/src/index.js';
import { ApiProblems, IdPipe } from '../../platform/src/index.js';
import { DueCandidatePageDto, DueListQueryDto, KeepCandidateDto, KeptCandidateDto, PrivacySettingsDto, UpdatePrivacySettingsDto } from './dto/privacy.dto.js';
import { CandidateExports } from './export/candidate-exports.service.js';
import { CandidateExportDto } from './export/export.dto.js';
import { RetentionDueService } from './retention/retention-due.service.js';
import { ListPrivacyRequestsQueryDto, PrivacyRequestDto, PrivacyRequestPageDto, RejectPrivacyRequestDto } from './self-service/privacy-request.dto.js';
import { PrivacyRequests } from './self-service/privacy-requests.service.js';
import { PrivacySettingsService } from './settings/privacy-settings.service.js';

const ADMINS = { roles: [Role.Admin] };

/** Candidate data exports (admins). */
@ApiTags('privacy')
@Controller('v1')
export class PrivacyExportsController {
  constructor(private readonly exports: CandidateExports) {}

  @Post('candidates/:id/export')
  @HttpCode(202)
  @Authenticated(ADMINS)
  @ApiOperation({ summary: 'Export everything held about a candidate (a zip built in the background, downloadable by admins for 24 hours)' })
  @ApiAcceptedResponse({ type: CandidateExportDto })
  @ApiProblems(404)
  request(@CurrentUser() actor: AuthUser, @Param('id', IdPipe) id: string): Promise<CandidateExportDto> {
    return this.exports.request(actor, id);
  }

  @Get('candidates/:id/exports')
  @Authenticated(ADMINS)
  @ApiOperation({ summary: "The candidate's latest data exports, newest first (at most 5)" })
  @ApiOkResponse({ type: [CandidateExportDto] })
  @ApiProblems(404)
  list(@CurrentUser() actor: AuthUser, @Param('id', IdPipe) id: string): Promise<CandidateExportDto[]> {
    return this.exports.listForCandidate(actor, id);
  }

  @Get('privacy/exports/:id')
  @Authenticated(ADMINS)
  @ApiOperation({ summary: 'A data export: pending, ready (with its expiry), failed or expired' })
  @ApiOkResponse({ type: CandidateExportDto })
  @ApiProblems(404)
  get(@CurrentUser() actor: AuthUser, @Param('id', IdPipe) id: string): Promise<CandidateExportDto> {
    return this.exports.get(actor, id);
  }

  @Get('privacy/exports/:id/download')
  @Authenticated(ADMINS)
  @ApiOperation({ summary: 'The zip of a ready export (409 while it is built, 410 once expired)' })
  @ApiProduces('application/zip')
  @ApiOkResponse({ description: 'The zip', schema: { type: 'string', format: 'binary' } })
  @ApiProblems(404, 409, 410)
  async download(@CurrentUser() actor: AuthUser, @Param('id', IdPipe) id: string, @Res() reply: FastifyReply): Promise<void> {
    const file = await this.exports.downloadAsAdmin(actor, id);
    await reply
      .status(200)
      .header('content-type', 'application/zip')
      .header('content-length', String(file.sizeBytes))
      .header('content-disposition', `attachment; filename="${file.fileName}"`)
      .header('x-content-type-options', 'nosniff')
      .header('cache-control', 'private, no-store')
      .send(file.stream);
  }
}

/** The queue of privacy requests from the careers page (admins). */
@ApiTags('privacy')
@Controller('v1/privacy/requests')
export class PrivacyRequestsController {
  constructor(private readonly requests: PrivacyRequests) {}

  @Get()
  @Authenticated(ADMINS)
  @ApiOperation({ summary: 'Data and deletion requests, newest first (keyset pages), with their status and deadline' })
  @ApiOkResponse({ type: PrivacyRequestPageDto })
  @ApiProblems(400)
  list(@CurrentUser() actor: AuthUser, @Query() query: ListPrivacyRequestsQueryDto): Promise<PrivacyRequestPageDto> {
    return this.requests.list(actor, query);
  }

  @Post(':id/fulfil')
  @HttpCode(200)
  @Authenticated(ADMINS)
  @ApiOperation({ summary: 'Fulfil a request after checking who asked: a data request gets an export, a deletion request anonymises the candidate' })
  @ApiOkResponse({ type: PrivacyRequestDto })
  @ApiProblems(404, 409)
  fulfil(@CurrentUser() actor: AuthUser, @Param('id', IdPipe) id: string): Promise<PrivacyRequestDto> {
    return this.requests.fulfil(actor, id);
  }

  @Post(':id/reject')
  @HttpCode(200)
  @Authenticated(ADMINS)
  @ApiOperation({ summary: 'Reject a request, with the reason' })
  @ApiOkResponse({ type: PrivacyRequestDto })
  @ApiProblems(400, 404, 409)
  reject(@CurrentUser() actor: AuthUser, @Param('id', IdPipe) id: string, @Body() body: RejectPrivacyRequestDto): Promise<PrivacyRequestDto> {
    return this.requests.reject(actor, id, body.reason);
  }
}

/** Privacy settings and the retention due list. */
@ApiTags('privacy')
@Controller('v1/privacy')
export class PrivacyController {
  constructor(
    private readonly settings: PrivacySettingsService,
    private readonly due: RetentionDueService,
  ) {}

  @Get('settings')
  @Authenticated({ roles: [Role.Admin] })
  @ApiOperation({ summary: 'Privacy settings: notice, consent on apply, retention rules and grace period (admins)' })
  @ApiOkResponse({ type: PrivacySettingsDto })
  async getSettings(@CurrentUser() actor: AuthUser): Promise<PrivacySettingsDto> {
    return this.settings.get(actor.organizationId);
  }

  @Patch('settings')
  @Authenticated({ roles: [Role.Admin] })
  @ApiOperation({ summary: 'Change privacy settings (admins); consent needs a notice address; audited' })
  @ApiOkResponse({ type: PrivacySettingsDto })
  @ApiProblems(400, 422)
  async updateSettings(@CurrentUser() actor: AuthUser, @Body() body: UpdatePrivacySettingsDto): Promise<PrivacySettingsDto> {
    return this.settings.update(actor, body);
  }

  @Get('due')
  @Authenticated({ roles: [Role.Admin, Role.Recruiter] })
  @ApiOperation({ summary: 'Candidates due for anonymisation under a retention rule, in their grace period, soonest first' })
  @ApiOkResponse({ type: DueCandidatePageDto })
  @ApiProblems(400)
  async listDue(@CurrentUser() actor: AuthUser, @Query() query: DueListQueryDto): Promise<DueCandidatePageDto> {
    return this.due.list(actor, query.limit, query.cursor);
  }

  @Post('due/:candidateId/keep')
  @HttpCode(200)
  @Authenticated({ roles: [Role.Admin, Role.Recruiter] })
  @ApiOperation({ summary: 'Keep a due candidate (not anonymised) for `days` (default 365), with a reason; audited' })
  @ApiOkResponse({ type: KeptCandidateDto })
  @ApiProblems(400, 404)
  async keep(@CurrentUser() actor: AuthUser, @Param('candidateId', IdPipe) candidateId: string, @Body() body: KeepCandidateDto): Promise<KeptCandidateDto> {
    return this.due.keep(actor, candidateId, body);
  }
}
