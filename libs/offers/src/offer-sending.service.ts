import { TransactionHost } from '@nestjs-cls/transactional';
import type { TransactionalAdapterTypeOrm } from '@nestjs-cls/transactional-adapter-typeorm';
import { Injectable } from '@nestjs/common';
import type { AuthUser } from '../../identity/src/index.js';
import { OrganizationsService, UsersService } from '../../identity/src/index.js';
import { Action, JobsService } from '../../jobs/src/index.js';
import { AuditService, DomainEventType, JobName, OutboxService } from '../../platform/src/index.js';
import { OfferTransitionDto } from './dto/offer.dto.js';
import { OfferDto, OfferLetterDto } from './dto/offer-response.dto.js';
import { OfferSettingsService } from './offer-settings.service.js';
import { Offer } from './offer.entity.js';
import { OfferStatus } from './offer.types.js';
import { PipelineGateway } from './pipeline.gateway.js';
import { renderOfferLetter } from './rules/offer-letter.js';
import { OffersService } from './offers.service.js';
import { notFound } from './offers.shared.js';

/** Sending an approved offer with its rendered letter. */
@Injectable()
export class OfferSending {
  constructor(
    private readonly offers: OffersService,
    private readonly txHost: TransactionHost<TransactionalAdapterTypeOrm>,
    private readonly jobs: JobsService,
    private readonly users: UsersService,
    private readonly organizations: OrganizationsService,
    private readonly settings: OfferSettingsService,
    private readonly pipeline: PipelineGateway,
    private readonly audit: AuditService,
    private readonly outbox: OutboxService,
  ) {}

  async send(actor: AuthUser, id: string, input: OfferTransitionDto): Promise<OfferDto> {
    return this.txHost.withTransaction(async () => {
      const offer = await this.offers.lock(actor, id, input.version);
      this.offers.assertTransition(offer, 'send');
      this.offers.assertFuture(offer.expiresAt.toISOString(), 'The offer has already expired.');
      const letter = await this.renderLetter(actor, offer);
      offer.status = OfferStatus.Sent;
      offer.letterMarkdown = letter.markdown;
      offer.letterHtml = letter.html;
      offer.sentAt = new Date();
      offer.version += 1;
      await this.txHost.tx.save(Offer, offer);
      await this.audit.record({
        organizationId: actor.organizationId,
        actorId: actor.id,
        entityType: 'offer',
        entityId: id,
        action: 'send',
        changes: { status: { from: OfferStatus.Approved, to: OfferStatus.Sent } },
      });
      await this.offers.timeline(actor, offer, 'offer.sent');
      // The mail module follows it: the candidate gets the letter and the link to answer it.
      await this.outbox.publish({
        jobName: JobName.OfferSent,
        organizationId: actor.organizationId,
        aggregateType: 'offer',
        aggregateId: offer.id,
        payload: { offerId: offer.id, applicationId: offer.applicationId, candidateId: offer.candidateId },
      });
      return this.offers.announce(DomainEventType.OfferSent, offer);
    });
  }

  /** The letter as the candidate would receive it (the letter sent, once sent); nothing is written. */
  async preview(actor: AuthUser, id: string): Promise<OfferLetterDto> {
    const offer = await this.txHost.tx.findOne(Offer, { where: { id, organizationId: actor.organizationId } });
    if (!offer) throw notFound();
    await this.offers.assertCanManage(actor, offer.jobId, Action.Read);
    if (offer.letterMarkdown !== null && offer.letterHtml !== null) return { markdown: offer.letterMarkdown, html: offer.letterHtml };
    return this.renderLetter(actor, offer);
  }

  private async renderLetter(actor: AuthUser, offer: Offer) {
    const [settings, job, candidate, organization, team] = await Promise.all([
      this.settings.get(actor.organizationId),
      this.jobs.findJob(actor.organizationId, offer.jobId),
      this.pipeline.candidate(actor.organizationId, offer.candidateId),
      this.organizations.findById(actor.organizationId),
      this.jobs.getHiringTeam(actor.organizationId, offer.jobId),
    ]);
    const [manager] = team.hiringManagerIds.length ? await this.users.findInOrganization(actor.organizationId, team.hiringManagerIds.slice(0, 1)) : [];
    const money = (n: number) => new Intl.NumberFormat('en-US', { maximumFractionDigits: 2 }).format(Number(n));
    return renderOfferLetter(settings.offerTemplate, {
      candidate_name: candidate?.fullName ?? '',
      candidate_first_name: candidate?.firstName ?? '',
      job_title: job?.title ?? '',
      organization_name: organization?.name ?? '',
      base_salary: money(offer.baseAmount),
      base_currency: offer.baseCurrency,
      base_period: { YEAR: 'year', MONTH: 'month', HOUR: 'hour' }[offer.basePeriod] ?? offer.basePeriod,
      bonus: offer.bonus ? `${money(offer.bonus.amount)} ${offer.bonus.currency}${offer.bonus.kind ? ` (${offer.bonus.kind})` : ''}` : 'none',
      equity: offer.equity
        ? `${money(offer.equity.amount)} ${offer.equity.type === 'percent' ? '%' : offer.equity.type}${offer.equity.vestingYears ? `, vesting over ${offer.equity.vestingYears} years` : ''}`
        : 'none',
      start_date: offer.startDate,
      expires_at: offer.expiresAt.toISOString().slice(0, 10),
      hiring_manager_name: manager?.name ?? '',
      sender_name: actor.name,
    });
  }
}
