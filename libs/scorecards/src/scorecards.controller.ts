import { Body, Controller, Get, HttpCode, Param, Post, Put } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { AuthUser } from '../../identity/src/index.js';
import { Authenticated, CurrentUser, Role } from '../../identity/src/index.js';
import { ApiProblems, IdPipe } from '../../platform/src/index.js';
import {
  ApplicationScorecardsDto,
  CorrectScorecardDto,
  MyScorecardVersionsDto,
  ScorecardContentDto,
  ScorecardDto,
  ScorecardSummaryDto,
} from './dto/scorecard.dto.js';
import { ScorecardsService } from './scorecards.service.js';

const EVERYONE = [Role.Admin, Role.Recruiter, Role.HiringManager, Role.Interviewer];

@ApiTags('scorecards')
@Controller('v1')
export class ScorecardsController {
  constructor(private readonly scorecards: ScorecardsService) {}

  @Get('interviews/:id/scorecard')
  @Authenticated({ roles: EVERYONE })
  @ApiOperation({ summary: 'Your scorecard for this interview: the current version and every version' })
  @ApiOkResponse({ type: MyScorecardVersionsDto })
  @ApiProblems(403, 404)
  async mine(@CurrentUser() actor: AuthUser, @Param('id', IdPipe) id: string): Promise<MyScorecardVersionsDto> {
    const { versions, amendableUntil } = await this.scorecards.mineWithWindow(actor, id);
    const dtos = versions.map((s) => ScorecardDto.from(s));
    return { current: dtos.find((v) => v.current) ?? null, versions: dtos, amendableUntil: amendableUntil ? amendableUntil.toISOString() : null };
  }

  @Put('interviews/:id/scorecard')
  @Authenticated({ roles: EVERYONE })
  @ApiOperation({ summary: 'Save your draft (any number of times); a submitted scorecard → 409' })
  @ApiOkResponse({ type: ScorecardDto })
  @ApiProblems(400, 403, 404, 409, 422)
  async save(@CurrentUser() actor: AuthUser, @Param('id', IdPipe) id: string, @Body() body: ScorecardContentDto): Promise<ScorecardDto> {
    return ScorecardDto.from(await this.scorecards.saveDraft(actor, id, body));
  }

  @Post('interviews/:id/scorecard/submit')
  @HttpCode(200)
  @Authenticated({ roles: EVERYONE })
  @ApiOperation({ summary: 'Submit your scorecard (optionally with last changes); then immutable; twice → 409' })
  @ApiOkResponse({ type: ScorecardDto })
  @ApiProblems(400, 403, 404, 409, 422)
  async submit(@CurrentUser() actor: AuthUser, @Param('id', IdPipe) id: string, @Body() body: ScorecardContentDto): Promise<ScorecardDto> {
    return ScorecardDto.from(await this.scorecards.submit(actor, id, body));
  }

  @Post('interviews/:id/scorecard/corrections')
  @Authenticated({ roles: EVERYONE })
  @ApiOperation({
    summary:
      "Amend your submitted scorecard within the organization's amendment window (default 48 hours after submitting): a new version with the reason; audited; readers see it marked amended; outside the window → 409",
  })
  @ApiCreatedResponse({ type: ScorecardDto })
  @ApiProblems(400, 403, 404, 409, 422)
  async correct(@CurrentUser() actor: AuthUser, @Param('id', IdPipe) id: string, @Body() body: CorrectScorecardDto): Promise<ScorecardDto> {
    return ScorecardDto.from(await this.scorecards.correct(actor, id, body));
  }

  @Get('applications/:id/scorecards')
  @Authenticated({ roles: EVERYONE })
  @ApiOperation({ summary: 'Scorecards of an application you may see; blind (only your own) while you are on its panel and have not submitted yours' })
  @ApiOkResponse({ type: ApplicationScorecardsDto })
  @ApiProblems(404)
  async list(@CurrentUser() actor: AuthUser, @Param('id', IdPipe) id: string): Promise<ApplicationScorecardsDto> {
    const { blind, data } = await this.scorecards.listForApplication(actor, id);
    return { blind, data: data.map((s) => ScorecardDto.from(s)) };
  }

  @Get('applications/:id/scorecard-summary')
  @Authenticated({ roles: EVERYONE })
  @ApiOperation({ summary: 'Per competency ratings, mean, spread and disagreement; overall tally; who still owes a scorecard (blind rule applies)' })
  @ApiOkResponse({ type: ScorecardSummaryDto })
  @ApiProblems(404)
  async summary(@CurrentUser() actor: AuthUser, @Param('id', IdPipe) id: string): Promise<ScorecardSummaryDto> {
    return { applicationId: id, ...(await this.scorecards.summary(actor, id)) };
  }
}
