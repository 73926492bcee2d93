import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { IdentityModule } from '../../identity/src/index.js';
import { JobsModule } from '../../jobs/src/index.js';
import { PipelinesModule } from '../../pipelines/src/index.js';
import { PostingsModule, PostingsWorkerModule } from '../../postings/src/index.js';
import { ScorecardsModule } from '../../scorecards/src/index.js';
import { DecisionsService } from './decisions.service.js';
import { FeedbackGateway } from './feedback.gateway.js';
import { HiringDecision } from './hiring-decision.entity.js';
import { OfferApproval } from './offer-approval.entity.js';
import { OfferMergeFollower } from './offer-merge.follower.js';
import { OfferSettingsService } from './offer-settings.service.js';
import { Offer } from './offer.entity.js';
import { DecisionsController, OfferSettingsController, OffersController } from './offers.controller.js';
import { QueuesService } from './queues.service.js';
import { OffersService } from './offers.service.js';
import { OfferApprovalFlow } from './offer-approval-flow.service.js';
import { OfferDrafting } from './offer-drafting.service.js';
import { OfferExpiry } from './offer-expiry.service.js';
import { OfferOutcome } from './offer-outcome.service.js';
import { OfferSending } from './offer-sending.service.js';
import { PipelineGateway } from './pipeline.gateway.js';
import { OfferCandidateResponse } from './offer-candidate-response.service.js';
import { OfferResponseController } from './offer-response.controller.js';

/** Hiring decisions, offers and their approval chain, the offer letter, the approvals inbox. */
@Module({
  imports: [TypeOrmModule.forFeature([Offer, OfferApproval, HiringDecision]), IdentityModule, JobsModule, PipelinesModule, PostingsModule, ScorecardsModule],
  controllers: [DecisionsController, OffersController, OfferSettingsController, OfferResponseController],
  providers: [
    OffersService,
    OfferDrafting,
    OfferApprovalFlow,
    OfferSending,
    OfferOutcome,
    OfferExpiry,
    DecisionsService,
    OfferSettingsService,
    QueuesService,
    PipelineGateway,
    FeedbackGateway,
    OfferMergeFollower,
    OfferCandidateResponse,
  ],
  exports: [OffersService, OfferExpiry, OfferMergeFollower],
})
export class OffersModule {}

/** The worker's view of offers: the services the expiry and merge jobs need, no HTTP controllers (ScorecardsModule binds the ports pipelines declares). */
@Module({
  imports: [
    TypeOrmModule.forFeature([Offer, OfferApproval, HiringDecision]),
    IdentityModule,
    JobsModule,
    PipelinesModule,
    PostingsWorkerModule,
    ScorecardsModule,
  ],
  providers: [OffersService, OfferExpiry, OfferSettingsService, PipelineGateway, OfferMergeFollower],
  exports: [OffersService, OfferExpiry, OfferMergeFollower],
})
export class OffersWorkerModule {}
