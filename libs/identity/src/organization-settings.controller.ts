import { Body, Controller, Get, Patch } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ApiProblems } from '../../platform/src/index.js';
import type { AuthUser } from './auth/auth-user.js';
import { Authenticated, CurrentUser } from './auth/authenticated.decorator.js';
import { OrganizationSettingsDto, UpdateOrganizationSettingsDto } from './dto/organization-settings.dto.js';
import { OrganizationsService } from './organizations.service.js';
import { RateLimitService } from './api-keys/rate-limit.service.js';
import { Role } from './role.js';

@ApiTags('organization')
@Controller('v1/organization/settings')
export class OrganizationSettingsController {
  constructor(
    private readonly organizations: OrganizationsService,
    private readonly rateLimits: RateLimitService,
  ) {}

  @Get()
  @Authenticated({ roles: [Role.Admin, Role.Recruiter, Role.HiringManager] })
  @ApiOperation({
    summary:
      'Organization settings (pay-range requirement, scorecard deadline and amendment window, careers logo and accent colour, request rate limits), defaults applied',
  })
  @ApiOkResponse({ type: OrganizationSettingsDto })
  async get(@CurrentUser() actor: AuthUser): Promise<OrganizationSettingsDto> {
    return settingsDto(await this.organizations.settings(actor.organizationId));
  }

  @Patch()
  @Authenticated({ roles: [Role.Admin] })
  @ApiOperation({ summary: 'Change organization settings (admins); audited' })
  @ApiOkResponse({ type: OrganizationSettingsDto })
  @ApiProblems(400, 422)
  async update(@CurrentUser() actor: AuthUser, @Body() body: UpdateOrganizationSettingsDto): Promise<OrganizationSettingsDto> {
    const settings = await this.organizations.updateSettings(actor, body);
    this.rateLimits.forget(actor.organizationId);
    return settingsDto(settings);
  }
}

function settingsDto(settings: OrganizationSettingsDto): OrganizationSettingsDto {
  const { requirePayRange, scorecardDeadlineHours, scorecardAmendmentHours, rejectionEmailDelayHours, logoUrl, accentColor } = settings;
  const { apiKeyRequestsPerSecond, apiKeyBurst, userRequestsPerSecond, userBurst, selfIdentificationSurvey, selfIdentificationQuestions } = settings;
  return {
    requirePayRange,
    scorecardDeadlineHours,
    scorecardAmendmentHours,
    rejectionEmailDelayHours,
    logoUrl,
    accentColor,
    apiKeyRequestsPerSecond,
    apiKeyBurst,
    userRequestsPerSecond,
    userBurst,
    selfIdentificationSurvey,
    selfIdentificationQuestions,
  };
}
