import { TransactionHost } from '@nestjs-cls/transactional';
import type { TransactionalAdapterTypeOrm } from '@nestjs-cls/transactional-adapter-typeorm';
import { Injectable } from '@nestjs/common';
import type { AuthUser } from '../../identity/src/index.js';
import { JobsService } from '../../jobs/src/index.js';
import { AuditService, diffFields, DomainEventType, isUniqueViolation } from '../../platform/src/index.js';
import { CreateOfferDto, UpdateOfferDto } from './dto/offer.dto.js';
import { OfferDto } from './dto/offer-response.dto.js';
import { OfferSettingsService } from './offer-settings.service.js';
import { Offer } from './offer.entity.js';
import { OfferStatus, PayPeriod } from './offer.types.js';
import { OffersErrorCode, OffersException } from './offers.exception.js';
import { ApplicationRow, PipelineGateway } from './pipeline.gateway.js';
import { checkBand } from './rules/band-check.js';
import { applyEdit, compensationChanged } from './rules/offer-state.js';
import { OffersService } from './offers.service.js';
import { AUDITED, applicationNotFound, compensation, snapshot } from './offers.shared.js';

/** Drafting an offer: create one for an application in the offer stage, edit it, both checked against the job's band. */
@Injectable()
export class OfferDrafting {
  constructor(
    private readonly offers: OffersService,
    private readonly txHost: TransactionHost<TransactionalAdapterTypeOrm>,
    private readonly jobs: JobsService,
    private readonly settings: OfferSettingsService,
    private readonly pipeline: PipelineGateway,
    private readonly audit: AuditService,
  ) {}

  async create(actor: AuthUser, applicationId: string, input: CreateOfferDto): Promise<OfferDto> {
    const app = await this.pipeline.application(actor.organizationId, applicationId);
    if (!app) throw applicationNotFound();
    await this.offers.assertCanManage(actor, app.jobId);
    this.offers.assertFuture(input.expiresAt);
    try {
      return await this.txHost.withTransaction(async () => {
        const locked = (await this.pipeline.application(actor.organizationId, applicationId, true)) as ApplicationRow;
        this.offers.assertApplicationInOfferStage(locked);
        const open: { id: string }[] = await this.txHost.tx.query(
          `SELECT id FROM offers WHERE application_id = $1 AND status IN ('draft','pending_approval','approved','sent','accepted') LIMIT 1`,
          [applicationId],
        );
        if (open.length) throw this.offers.openOfferExists(open[0].id);
        const band = await this.bandFor(actor.organizationId, app.jobId, input.base, input.justification ?? null);
        const offer = this.txHost.tx.create(Offer, {
          organizationId: actor.organizationId,
          applicationId,
          jobId: app.jobId,
          candidateId: app.candidateId,
          status: OfferStatus.Draft,
          baseAmount: input.base.amount,
          baseCurrency: input.base.currency,
          basePeriod: input.base.period,
          bonus: input.bonus ?? null,
          equity: input.equity ?? null,
          startDate: input.startDate,
          expiresAt: new Date(input.expiresAt),
          notes: input.notes ?? null,
          justification: input.justification ?? null,
          outOfBand: band.outOfBand,
          approvalChain: [],
          approvalRound: 0,
          createdBy: actor.id,
        });
        await this.txHost.tx.save(Offer, offer);
        await this.audit.record({
          organizationId: actor.organizationId,
          actorId: actor.id,
          entityType: 'offer',
          entityId: offer.id,
          action: 'create',
          changes: diffFields({}, snapshot(offer), AUDITED),
        });
        await this.offers.timeline(actor, offer, 'offer.created');
        await this.offers.scheduleExpiry(offer);
        return this.offers.announce(DomainEventType.OfferCreated, offer);
      });
    } catch (error) {
      if (isUniqueViolation(error, 'offers_one_open_key')) throw this.offers.openOfferExists(null);
      throw error;
    }
  }

  async update(actor: AuthUser, id: string, input: UpdateOfferDto): Promise<OfferDto> {
    return this.txHost.withTransaction(async () => {
      const offer = await this.offers.lock(actor, id, input.version);
      this.offers.assertTransition(offer, 'edit');
      const before = snapshot(offer);
      const beforeComp = compensation(offer);
      if (input.base) {
        offer.baseAmount = input.base.amount;
        offer.baseCurrency = input.base.currency;
        offer.basePeriod = input.base.period;
      }
      if (input.bonus !== undefined) offer.bonus = input.bonus;
      if (input.equity !== undefined) offer.equity = input.equity;
      if (input.startDate !== undefined) offer.startDate = input.startDate;
      if (input.expiresAt !== undefined) {
        this.offers.assertFuture(input.expiresAt);
        offer.expiresAt = new Date(input.expiresAt);
      }
      if (input.notes !== undefined) offer.notes = input.notes;
      if (input.justification !== undefined) offer.justification = input.justification;
      const band = await this.bandFor(actor.organizationId, offer.jobId, compensation(offer).base, offer.justification);
      offer.outOfBand = band.outOfBand;
      const outcome = applyEdit(offer.status, compensationChanged(beforeComp, compensation(offer)));
      const approvalsCleared = outcome.clearApprovals;
      if (approvalsCleared) {
        offer.status = outcome.status;
        offer.approvalChain = [];
        offer.submittedAt = null;
        offer.approvedAt = null;
      }
      offer.version += 1;
      await this.txHost.tx.save(Offer, offer);
      const changes = diffFields(before, snapshot(offer), AUDITED);
      await this.audit.record({
        organizationId: actor.organizationId,
        actorId: actor.id,
        entityType: 'offer',
        entityId: id,
        action: approvalsCleared ? 'update_clears_approvals' : 'update',
        changes,
      });
      await this.offers.timeline(actor, offer, approvalsCleared ? 'offer.approvals_cleared' : 'offer.updated');
      if ('expiresAt' in changes) await this.offers.scheduleExpiry(offer);
      return this.offers.view(offer);
    });
  }

  private async bandFor(organizationId: string, jobId: string, base: { amount: number; currency: string; period: PayPeriod }, justification: string | null) {
    const job = await this.jobs.findJob(organizationId, jobId);
    const band = checkBand(base, {
      min: job?.salaryMin ?? null,
      max: job?.salaryMax ?? null,
      currency: job?.salaryCurrency ?? null,
      period: job?.salaryPeriod ?? null,
    });
    if (band.outOfBand && !justification?.trim()) {
      throw new OffersException(
        OffersErrorCode.JustificationRequired,
        'The offer is outside the job band: give a justification (an admin will have to approve it).',
        {
          errors: [{ field: 'justification', message: `required: ${band.reasons.join('; ')}` }],
          extensions: {
            band: { min: job?.salaryMin ?? null, max: job?.salaryMax ?? null, currency: job?.salaryCurrency ?? null, period: job?.salaryPeriod ?? null },
            reasons: band.reasons,
          },
        },
      );
    }
    return band;
  }
}
