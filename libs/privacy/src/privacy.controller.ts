import { Body, Controller, Get, HttpCode, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Authenticated, CurrentUser, Role } from '../../identity/src/index.js';
import type { AuthUser } from '../../identity/src/index.js';
import { ApiProblems, IdPipe } from '../../platform/src/index.js';
import { DueCandidatePageDto, DueListQueryDto, KeepCandidateDto, KeptCandidateDto, PrivacySettingsDto, UpdatePrivacySettingsDto } from './dto/privacy.dto.js';
import { RetentionDueService } from './retention/retention-due.service.js';
import { PrivacySettingsService } from './settings/privacy-settings.service.js';

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
