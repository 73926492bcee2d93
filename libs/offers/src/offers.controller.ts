import { Body, Controller, Get, HttpCode, Param, Patch, Post, Put, Query } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { AuthUser } from '../../identity/src/index.js';
import { Authenticated, CurrentUser, Role } from '../../identity/src/index.js';
import { ApiProblems, IdPipe, PageQueryDto } from '../../platform/src/index.js';
import { DecisionsService } from './decisions.service.js';
import { OfferSettingsDto, UpdateOfferSettingsDto } from './dto/offer-settings.dto.js';
import {
  ApproveOfferDto,
  CreateOfferDto,
  DecisionDto,
  DeclineOfferDto,
  OfferTransitionDto,
  RejectOfferDto,
  UpdateOfferDto,
  WithdrawOfferDto,
} from './dto/offer.dto.js';
import { DecisionPacketDto, HiringDecisionDto, OfferDto, OfferLetterDto, OfferListDto } from './dto/offer-response.dto.js';
import { OfferSettingsService } from './offer-settings.service.js';
import { OfferApprovalFlow } from './offer-approval-flow.service.js';
import { OfferDrafting } from './offer-drafting.service.js';
import { OfferOutcome } from './offer-outcome.service.js';
import { OfferSending } from './offer-sending.service.js';
import { OffersService } from './offers.service.js';
import { AwaitingApprovalPageDto } from './dto/queue.dto.js';
import { QueuesService } from './queues.service.js';
import { OFFER_TEMPLATE_VARIABLES } from './rules/offer-letter.js';

/** Interviewers are refused (403) on every route here: they never see offers, compensation or packets. */
const DECIDERS = [Role.Admin, Role.Recruiter, Role.HiringManager];

@ApiTags('decisions')
@Controller('v1/applications')
export class DecisionsController {
  constructor(
    private readonly decisions: DecisionsService,
    private readonly offers: OffersService,
    private readonly drafting: OfferDrafting,
  ) {}

  @Get(':id/decision-packet')
  @Authenticated({ roles: DECIDERS })
  @ApiOperation({
    summary:
      "Everything needed to decide: candidate, job and band, stage history, scorecards, notes, what is missing (the job's hiring managers, recruiters, admins)",
  })
  @ApiOkResponse({ type: DecisionPacketDto })
  @ApiProblems(403, 404)
  packet(@CurrentUser() actor: AuthUser, @Param('id', IdPipe) id: string): Promise<DecisionPacketDto> {
    return this.decisions.packet(actor, id);
  }

  @Post(':id/decision')
  @Authenticated({ roles: [Role.Admin, Role.HiringManager] })
  @ApiOperation({ summary: 'Decide: offer (moves to the offer stage) or reject (with a reason); 422 while scorecards are owed unless acknowledged' })
  @ApiCreatedResponse({ type: HiringDecisionDto })
  @ApiProblems(400, 403, 404, 409, 422)
  decide(@CurrentUser() actor: AuthUser, @Param('id', IdPipe) id: string, @Body() body: DecisionDto): Promise<HiringDecisionDto> {
    return this.decisions.decide(actor, id, body);
  }

  @Post(':id/offers')
  @Authenticated({ roles: DECIDERS })
  @ApiOperation({ summary: 'Draft an offer for an application in the offer stage' })
  @ApiCreatedResponse({ type: OfferDto })
  @ApiProblems(400, 403, 404, 409, 422)
  createOffer(@CurrentUser() actor: AuthUser, @Param('id', IdPipe) id: string, @Body() body: CreateOfferDto): Promise<OfferDto> {
    return this.drafting.create(actor, id, body);
  }

  @Get(':id/offers')
  @Authenticated({ roles: DECIDERS })
  @ApiOperation({ summary: "The application's offers, newest first" })
  @ApiOkResponse({ type: OfferListDto })
  @ApiProblems(403, 404)
  async listOffers(@CurrentUser() actor: AuthUser, @Param('id', IdPipe) id: string): Promise<OfferListDto> {
    return { data: await this.offers.listForApplication(actor, id) };
  }
}

@ApiTags('offers')
@Controller('v1/offers')
export class OffersController {
  constructor(
    private readonly offers: OffersService,
    private readonly drafting: OfferDrafting,
    private readonly approval: OfferApprovalFlow,
    private readonly sending: OfferSending,
    private readonly outcome: OfferOutcome,
    private readonly queues: QueuesService,
  ) {}

  // Declared before ':id' so the literal path wins.
  @Get('awaiting-my-approval')
  @Authenticated({ roles: DECIDERS })
  @ApiOperation({ summary: 'Offers pending approval whose current step the caller may approve or reject, oldest submission first' })
  @ApiOkResponse({ type: AwaitingApprovalPageDto })
  @ApiProblems(400, 403)
  awaitingMyApproval(@CurrentUser() actor: AuthUser, @Query() query: PageQueryDto): Promise<AwaitingApprovalPageDto> {
    return this.queues.awaitingMyApproval(actor, query);
  }

  @Get(':id')
  @Authenticated({ roles: DECIDERS })
  @ApiOkResponse({ type: OfferDto })
  @ApiProblems(403, 404)
  get(@CurrentUser() actor: AuthUser, @Param('id', IdPipe) id: string): Promise<OfferDto> {
    return this.offers.get(actor, id);
  }

  @Get(':id/letter-preview')
  @Authenticated({ roles: DECIDERS })
  @ApiOperation({
    summary: 'The offer letter as the candidate would receive it, rendered from the organization template (the letter sent, once sent); writes nothing',
  })
  @ApiOkResponse({ type: OfferLetterDto })
  @ApiProblems(403, 404)
  letterPreview(@CurrentUser() actor: AuthUser, @Param('id', IdPipe) id: string): Promise<OfferLetterDto> {
    return this.sending.preview(actor, id);
  }

  @Patch(':id')
  @Authenticated({ roles: DECIDERS })
  @ApiOperation({ summary: 'Edit an offer (version required); changing compensation after approvals began clears them and returns it to draft' })
  @ApiOkResponse({ type: OfferDto })
  @ApiProblems(400, 403, 404, 409, 422)
  update(@CurrentUser() actor: AuthUser, @Param('id', IdPipe) id: string, @Body() body: UpdateOfferDto): Promise<OfferDto> {
    return this.drafting.update(actor, id, body);
  }

  @Post(':id/submit')
  @HttpCode(200)
  @Authenticated({ roles: DECIDERS })
  @ApiOperation({
    summary:
      'draft → pending_approval along the organization chain (plus an admin when out of band); a step only the drafter could approve goes to the next approver; 409 when nobody but the drafter can approve',
  })
  @ApiOkResponse({ type: OfferDto })
  @ApiProblems(400, 403, 404, 409, 422)
  submit(@CurrentUser() actor: AuthUser, @Param('id', IdPipe) id: string, @Body() body: OfferTransitionDto): Promise<OfferDto> {
    return this.approval.submit(actor, id, body);
  }

  @Post(':id/approve')
  @HttpCode(200)
  @Authenticated({ roles: DECIDERS })
  @ApiOperation({ summary: 'The current approver approves (403 for non-approvers and for the drafter, 409 out of turn or not pending)' })
  @ApiOkResponse({ type: OfferDto })
  @ApiProblems(400, 403, 404, 409)
  approve(@CurrentUser() actor: AuthUser, @Param('id', IdPipe) id: string, @Body() body: ApproveOfferDto): Promise<OfferDto> {
    return this.approval.approve(actor, id, body);
  }

  @Post(':id/reject')
  @HttpCode(200)
  @Authenticated({ roles: DECIDERS })
  @ApiOperation({ summary: 'The current approver rejects with a comment; the offer returns to draft' })
  @ApiOkResponse({ type: OfferDto })
  @ApiProblems(400, 403, 404, 409)
  reject(@CurrentUser() actor: AuthUser, @Param('id', IdPipe) id: string, @Body() body: RejectOfferDto): Promise<OfferDto> {
    return this.approval.reject(actor, id, body);
  }

  @Post(':id/send')
  @HttpCode(200)
  @Authenticated({ roles: DECIDERS })
  @ApiOperation({ summary: 'approved → sent, with the letter rendered from the organization offer template' })
  @ApiOkResponse({ type: OfferDto })
  @ApiProblems(400, 403, 404, 409, 422)
  send(@CurrentUser() actor: AuthUser, @Param('id', IdPipe) id: string, @Body() body: OfferTransitionDto): Promise<OfferDto> {
    return this.sending.send(actor, id, body);
  }

  @Post(':id/accept')
  @HttpCode(200)
  @Authenticated({ roles: DECIDERS })
  @ApiOperation({ summary: 'sent → accepted: hires the application, fills an opening, closes the job and its postings when full' })
  @ApiOkResponse({ type: OfferDto })
  @ApiProblems(400, 403, 404, 409, 422)
  accept(@CurrentUser() actor: AuthUser, @Param('id', IdPipe) id: string, @Body() body: OfferTransitionDto): Promise<OfferDto> {
    return this.outcome.accept(actor, id, body);
  }

  @Post(':id/decline')
  @HttpCode(200)
  @Authenticated({ roles: DECIDERS })
  @ApiOperation({ summary: 'sent → declined, with the reason the candidate gave' })
  @ApiOkResponse({ type: OfferDto })
  @ApiProblems(400, 403, 404, 409)
  decline(@CurrentUser() actor: AuthUser, @Param('id', IdPipe) id: string, @Body() body: DeclineOfferDto): Promise<OfferDto> {
    return this.outcome.decline(actor, id, body);
  }

  @Post(':id/withdraw')
  @HttpCode(200)
  @Authenticated({ roles: DECIDERS })
  @ApiOperation({ summary: 'Withdraw an open offer' })
  @ApiOkResponse({ type: OfferDto })
  @ApiProblems(400, 403, 404, 409)
  withdraw(@CurrentUser() actor: AuthUser, @Param('id', IdPipe) id: string, @Body() body: WithdrawOfferDto): Promise<OfferDto> {
    return this.outcome.withdraw(actor, id, body);
  }
}

@ApiTags('offers')
@Controller('v1/offer-settings')
export class OfferSettingsController {
  constructor(private readonly settings: OfferSettingsService) {}

  @Get()
  @Authenticated({ roles: DECIDERS })
  @ApiOkResponse({ type: OfferSettingsDto })
  @ApiProblems()
  async get(@CurrentUser() actor: AuthUser): Promise<OfferSettingsDto> {
    return { ...(await this.settings.get(actor.organizationId)), offerTemplateVariables: [...OFFER_TEMPLATE_VARIABLES] };
  }

  @Put()
  @Authenticated({ roles: [Role.Admin] })
  @ApiOperation({ summary: 'Replace the approval chain and offer template (admins)' })
  @ApiOkResponse({ type: OfferSettingsDto })
  @ApiProblems(400, 422)
  async put(@CurrentUser() actor: AuthUser, @Body() body: UpdateOfferSettingsDto): Promise<OfferSettingsDto> {
    return { ...(await this.settings.update(actor, body)), offerTemplateVariables: [...OFFER_TEMPLATE_VARIABLES] };
  }
}
