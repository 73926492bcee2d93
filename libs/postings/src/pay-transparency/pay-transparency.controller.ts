import { Body, Controller, Get, Param, Put } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Authenticated, CurrentUser, Role } from '../../../identity/src/index.js';
import type { AuthUser } from '../../../identity/src/index.js';
import { ApiProblems, IdPipe } from '../../../platform/src/index.js';
import { OverridePayRuleDto, PayRuleDto, PayRuleListDto } from './pay-rule.dto.js';
import { PayTransparency } from './pay-transparency.service.js';

@ApiTags('pay-transparency')
@Controller('v1/pay-transparency/rules')
export class PayTransparencyController {
  constructor(private readonly rules: PayTransparency) {}

  @Get()
  @Authenticated({ roles: [Role.Admin, Role.Recruiter] })
  @ApiOperation({ summary: 'Pay transparency rules by jurisdiction (EU member states, US states), as they apply to your organization' })
  @ApiOkResponse({ type: PayRuleListDto })
  async list(@CurrentUser() actor: AuthUser): Promise<PayRuleListDto> {
    return { data: await this.rules.list(actor) };
  }

  @Put(':id')
  @Authenticated({ roles: [Role.Admin] })
  @ApiOperation({ summary: "Set your organization's own version of a rule (built-in rules are shared; this changes them for you only)" })
  @ApiOkResponse({ type: PayRuleDto })
  @ApiProblems(400, 404)
  override(@CurrentUser() actor: AuthUser, @Param('id', IdPipe) id: string, @Body() body: OverridePayRuleDto): Promise<PayRuleDto> {
    return this.rules.override(actor, id, body);
  }
}
