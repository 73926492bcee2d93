import { Body, Controller, Get, Put } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Authenticated, CurrentUser, Role } from '../../../identity/src/index.js';
import type { AuthUser } from '../../../identity/src/index.js';
import { ApiProblems } from '../../../platform/src/index.js';
import { OverridePayRuleDto, PayRuleDto, PayRuleListDto } from './pay-rule.dto.js';
import { PayTransparency } from './pay-transparency.service.js';

@ApiTags('pay-transparency')
@Controller('v1/pay-transparency')
export class PayTransparencyController {
  constructor(private readonly rules: PayTransparency) {}

  @Get('rules')
  @Authenticated({ roles: [Role.Admin, Role.Recruiter] })
  @ApiOperation({ summary: 'Pay transparency rules by jurisdiction (EU member states, US states), as they apply to your organization' })
  @ApiOkResponse({ type: PayRuleListDto })
  async list(@CurrentUser() actor: AuthUser): Promise<PayRuleListDto> {
    return { data: await this.rules.list(actor) };
  }

  @Put('overrides')
  @Authenticated({ roles: [Role.Admin] })
  @ApiOperation({
    summary:
      "Set your organization's own version of a rule (`ruleId`): built-in rules are shared by every organization, so an edit is an override for yours only",
  })
  @ApiOkResponse({ type: PayRuleDto })
  @ApiProblems(400, 404)
  override(@CurrentUser() actor: AuthUser, @Body() body: OverridePayRuleDto): Promise<PayRuleDto> {
    return this.rules.override(actor, body.ruleId, body);
  }
}
