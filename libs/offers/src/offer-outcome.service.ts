import { TransactionHost } from '@nestjs-cls/transactional';
import type { TransactionalAdapterTypeOrm } from '@nestjs-cls/transactional-adapter-typeorm';
import { Injectable, Logger } from '@nestjs/common';
import type { AuthUser } from '../../identity/src/index.js';
import { AccessPolicy, JobLifecycle, StageKind } from '../../jobs/src/index.js';
import { AuditService, DomainEventType, JobName, OutboxService } from '../../platform/src/index.js';
import { PostingsService } from '../../postings/src/index.js';
import { DeclineOfferDto, OfferTransitionDto, WithdrawOfferDto } from './dto/offer.dto.js';
import { OfferDto } from './dto/offer-response.dto.js';
import { Offer } from './offer.entity.js';
import { OfferStatus } from './offer.types.js';
import { OffersErrorCode, OffersException } from './offers.exception.js';
import { ApplicationMoves } from '../../pipelines/src/index.js';
import { ApplicationRow, PipelineGateway } from './pipeline.gateway.js';
import { OFFER_TRANSITIONS } from './rules/offer-state.js';
import { OffersService } from './offers.service.js';

/** Who ends an offer: a signed-in user, or the candidate through the signed link of the offer email (no user). */
interface Responder {
  organizationId: string;
  actor: AuthUser | null;
}

/** What the audit entry adds when the candidate answered themselves. */
const BY_CANDIDATE_CHANGE = { respondedBy: { to: 'candidate' } };

/** How a sent offer ends: accepted (the hire cascade), declined or withdrawn. */
@Injectable()
export class OfferOutcome {
  private readonly logger = new Logger(OfferOutcome.name);

  constructor(
    private readonly offers: OffersService,
    private readonly txHost: TransactionHost<TransactionalAdapterTypeOrm>,
    private readonly jobLifecycle: JobLifecycle,
    private readonly pipeline: PipelineGateway,
    private readonly applicationMoves: ApplicationMoves,
    private readonly access: AccessPolicy,
    private readonly postings: PostingsService,
    private readonly audit: AuditService,
    private readonly outbox: OutboxService,
  ) {}

  /**
   * The candidate accepted: in one transaction the offer is accepted, the application hired and
   * moved to the hired stage, the job's filled count rises (closing the job when every opening is
   * filled, which closes its postings through the postings module), plus outbox events.
   */
  async accept(actor: AuthUser, id: string, input: OfferTransitionDto): Promise<OfferDto> {
    return this.txHost.withTransaction(async () => {
      const offer = await this.offers.lock(actor, id, input.version);
      return this.acceptLocked({ organizationId: actor.organizationId, actor }, offer);
    });
  }

  /**
   * The candidate accepted through the signed link of their offer email: the same cascade, audit, timeline and events
   * (`offer.accepted`) as `accept`, recorded as the candidate's (no user; `respondedBy: candidate`). An offer whose
   * expiry has passed cannot be accepted any more, even before the expiry job ran.
   */
  async acceptAsCandidate(organizationId: string, id: string): Promise<OfferDto> {
    return this.txHost.withTransaction(async () => {
      const offer = await this.offers.lockIn(organizationId, id);
      this.assertOpenForCandidate(offer);
      return this.acceptLocked({ organizationId, actor: null }, offer);
    });
  }

  /** The candidate declined through the signed link, optionally saying why (free text, bounded by the page). */
  async declineAsCandidate(organizationId: string, id: string, reason: string | null): Promise<OfferDto> {
    return this.close({ organizationId, actor: null }, id, 'decline', undefined, (offer) => {
      this.assertOpenForCandidate(offer);
      offer.declineReason = reason;
      offer.declineReasonId = null;
      offer.declinedAt = new Date();
    });
  }

  private assertOpenForCandidate(offer: Offer): void {
    if (offer.status === OfferStatus.Sent && offer.expiresAt.getTime() <= Date.now()) {
      throw new OffersException(OffersErrorCode.IllegalTransition, 'The offer has expired.', { extensions: { status: OfferStatus.Expired } });
    }
  }

  private async acceptLocked(by: Responder, offer: Offer): Promise<OfferDto> {
    const { organizationId, actor } = by;
    const actorId = actor?.id ?? null;
    this.offers.assertTransition(offer, 'accept');
    const app = (await this.pipeline.application(organizationId, offer.applicationId, true)) as ApplicationRow;
    if (app.status !== 'active') {
      throw new OffersException(OffersErrorCode.ApplicationClosed, `The application is ${app.status}; it cannot be hired.`, {
        extensions: { applicationStatus: app.status },
      });
    }
    const hired = await this.pipeline.stageOfKind(organizationId, offer.jobId, StageKind.Hired);
    if (!hired)
      throw new OffersException(OffersErrorCode.NoStageOfKind, "The job's interview plan has no hired stage.", { extensions: { kind: StageKind.Hired } });
    offer.status = OfferStatus.Accepted;
    offer.acceptedAt = new Date();
    offer.version += 1;
    await this.txHost.tx.save(Offer, offer);
    // Pipelines records the move (history, timeline, audit, outbox) and jobs counts the hire, in this transaction.
    if (actor) {
      await this.applicationMoves.moveWithin(actor, await this.access.scope(actor), app.id, { toStageId: hired.id, note: `Offer ${offer.id} accepted` });
    } else {
      await this.applicationMoves.moveAsCandidate(organizationId, app.id, { toStageId: hired.id, note: `Offer ${offer.id} accepted by the candidate` });
    }
    const job = await this.jobLifecycle.fillOpening(organizationId, offer.jobId, actorId);
    let postingsClosing = 0;
    if (job.closed) postingsClosing = await this.postings.onJobChanged(organizationId, offer.jobId, actorId);
    await this.audit.record({
      organizationId,
      actorId,
      entityType: 'offer',
      entityId: offer.id,
      action: 'accept',
      changes: { status: { from: OfferStatus.Sent, to: OfferStatus.Accepted }, ...(actor ? {} : BY_CANDIDATE_CHANGE) },
    });
    await this.offers.timeline(actor, offer, 'offer.accepted', actor ? {} : { byCandidate: true });
    await this.outbox.publishMany([
      {
        jobName: JobName.OfferAccepted,
        organizationId,
        aggregateType: 'offer',
        aggregateId: offer.id,
        payload: {
          offerId: offer.id,
          applicationId: app.id,
          jobId: offer.jobId,
          candidateId: offer.candidateId,
          jobFilled: job.filled,
          jobOpenings: job.openings,
          jobClosed: job.closed,
          byCandidate: !actor,
        },
      },
      // Postings re-check the job from the worker as well (idempotent: already-closing postings are skipped).
      ...(job.closed
        ? [
            {
              jobName: JobName.PostingsJobChanged,
              organizationId,
              aggregateType: 'job',
              aggregateId: offer.jobId,
              payload: { jobId: offer.jobId, actorId, reason: 'filled' },
            },
          ]
        : []),
    ]);
    this.logger.log({ offerId: offer.id, jobClosed: job.closed, postingsClosing, byCandidate: !actor }, 'Offer accepted');
    return this.offers.announce(DomainEventType.OfferAccepted, offer);
  }

  /**
   * sent → declined, with the candidate's reason: free text, one of the organization's rejection
   * reasons of kind 'declined' (reasonId), or both. With only a reasonId, its label is the text.
   */
  async decline(actor: AuthUser, id: string, input: DeclineOfferDto): Promise<OfferDto> {
    let reason: { id: string; label: string } | null = null;
    if (input.reasonId !== undefined) {
      const found = await this.pipeline.rejectionReason(actor.organizationId, input.reasonId);
      if (!found || found.kind !== 'declined') {
        throw new OffersException(OffersErrorCode.InvalidOffer, 'No such decline reason.', {
          errors: [
            { field: 'reasonId', message: found ? `is a reason of kind '${found.kind}', not 'declined'` : 'is not a rejection reason of your organization' },
          ],
        });
      }
      reason = found;
    }
    return this.close({ organizationId: actor.organizationId, actor }, id, 'decline', input.version, (offer) => {
      offer.declineReason = input.reason ?? reason?.label ?? null;
      offer.declineReasonId = reason?.id ?? null;
      offer.declinedAt = new Date();
    });
  }

  async withdraw(actor: AuthUser, id: string, input: WithdrawOfferDto): Promise<OfferDto> {
    return this.close({ organizationId: actor.organizationId, actor }, id, 'withdraw', input.version, (offer) => {
      offer.withdrawReason = input.reason ?? null;
      offer.withdrawnAt = new Date();
    });
  }

  private async close(
    by: Responder,
    id: string,
    action: 'decline' | 'withdraw',
    version: number | undefined,
    apply: (offer: Offer) => void,
  ): Promise<OfferDto> {
    const { organizationId, actor } = by;
    return this.txHost.withTransaction(async () => {
      const offer = actor ? await this.offers.lock(actor, id, version) : await this.offers.lockIn(organizationId, id);
      this.offers.assertTransition(offer, action);
      const from = offer.status;
      offer.status = OFFER_TRANSITIONS[action].to as OfferStatus;
      apply(offer);
      offer.version += 1;
      await this.txHost.tx.save(Offer, offer);
      await this.audit.record({
        organizationId,
        actorId: actor?.id ?? null,
        entityType: 'offer',
        entityId: id,
        action,
        changes: {
          status: { from, to: offer.status },
          ...(offer.declineReason && action === 'decline'
            ? { declineReason: { to: offer.declineReason }, declineReasonId: { to: offer.declineReasonId } }
            : {}),
          ...(actor ? {} : BY_CANDIDATE_CHANGE),
        },
      });
      await this.offers.timeline(actor, offer, action === 'decline' ? 'offer.declined' : 'offer.withdrawn', actor ? {} : { byCandidate: true });
      return this.offers.announce(action === 'decline' ? DomainEventType.OfferDeclined : DomainEventType.OfferWithdrawn, offer);
    });
  }
}
