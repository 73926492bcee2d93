import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { DataSource, EntityManager, Repository } from 'typeorm';
import type { AuthUser } from '../../identity/src/index.js';
import { hasRole, Role } from '../../identity/src/index.js';
import { AccessPolicy, Action, JobsService, Resource, StageKind } from '../../jobs/src/index.js';
import { DomainEvents, DomainEventType, JobName, OutboxService } from '../../platform/src/index.js';
import { OfferDto } from './dto/offer-response.dto.js';
import { OfferApproval } from './offer-approval.entity.js';
import { Offer } from './offer.entity.js';
import { OffersErrorCode, OffersException } from './offers.exception.js';
import { ApplicationRow, PipelineGateway } from './pipeline.gateway.js';
import { ApproverContext } from './rules/approval-chain.js';
import { canTransition, OFFER_TRANSITIONS, OfferAction } from './rules/offer-state.js';
import { applicationNotFound, notFound, OFFER_DENIED } from './offers.shared.js';

/**
 * Offers: drafted for an application in the offer stage, checked against the job's band, approved
 * along the organization's chain (one step at a time, the offer row locked for each decision),
 * sent with a rendered letter, then accepted (the hire cascade), declined, withdrawn or expired.
 * This service keeps the reads and the checks the use cases share: OfferDrafting, OfferApprovalFlow,
 * OfferSending, OfferOutcome, OfferExpiry.
 */
@Injectable()
export class OffersService {
  constructor(
    @InjectRepository(Offer) private readonly offers: Repository<Offer>,
    private readonly dataSource: DataSource,
    private readonly jobs: JobsService,
    private readonly pipeline: PipelineGateway,
    private readonly access: AccessPolicy,
    private readonly outbox: OutboxService,
    private readonly events: DomainEvents,
  ) {}

  // --- access -----------------------------------------------------------------------------------

  /** The access policy's offer rule (admins, recruiters, the job's hiring managers), answered with this module's 403. */
  async assertCanManage(actor: AuthUser, jobId: string, action = Action.Write): Promise<void> {
    await this.access.assertCan(actor, action, { resource: Resource.Offer, jobId }, OFFER_DENIED);
  }

  async approverContext(actor: AuthUser, jobId: string): Promise<ApproverContext> {
    const team = await this.jobs.getHiringTeam(actor.organizationId, jobId);
    return { hiringManagerIds: team.hiringManagerIds, recruiterIds: team.recruiterIds, adminIds: hasRole(actor, Role.Admin) ? [actor.id] : [] };
  }

  // --- reads ------------------------------------------------------------------------------------

  async get(actor: AuthUser, id: string): Promise<OfferDto> {
    const offer = await this.offers.findOneBy({ id, organizationId: actor.organizationId });
    if (!offer) throw notFound();
    await this.assertCanManage(actor, offer.jobId, Action.Read);
    return this.view(offer);
  }

  async listForApplication(actor: AuthUser, applicationId: string): Promise<OfferDto[]> {
    const app = await this.pipeline.application(actor.organizationId, applicationId);
    if (!app) throw applicationNotFound();
    await this.assertCanManage(actor, app.jobId, Action.Read);
    const offers = await this.offers.find({
      where: { organizationId: actor.organizationId, applicationId },
      order: { createdAt: 'DESC', id: 'DESC' },
      take: 100,
    });
    return Promise.all(offers.map((o) => this.view(o)));
  }

  /** The offer as the API returns it, announced as a domain event in the caller's transaction. */
  async announce(manager: EntityManager, type: DomainEventType, offer: Offer): Promise<OfferDto> {
    const dto = await this.view(offer, manager);
    await this.events.publish(manager, { type, organizationId: offer.organizationId, aggregateType: 'offer', aggregateId: offer.id, data: dto });
    return dto;
  }

  async view(offer: Offer, manager?: EntityManager): Promise<OfferDto> {
    const approvals = await (manager ?? this.dataSource.manager).find(OfferApproval, {
      where: { offerId: offer.id, round: offer.approvalRound },
      order: { step: 'ASC' },
    });
    return OfferDto.from(offer, approvals);
  }

  // --- helpers ----------------------------------------------------------------------------------

  async lock(manager: EntityManager, actor: AuthUser, id: string, version?: number, checkAccess = true): Promise<Offer> {
    const offer = await manager.findOne(Offer, { where: { id, organizationId: actor.organizationId }, lock: { mode: 'pessimistic_write' } });
    if (!offer) throw notFound();
    if (checkAccess) await this.assertCanManage(actor, offer.jobId);
    if (version !== undefined && version !== offer.version) throw this.stale(version, offer.version);
    return offer;
  }

  stale(given: number, current: number): OffersException {
    return new OffersException(OffersErrorCode.StaleVersion, 'The offer was changed since you read it; reload and try again.', {
      errors: [{ field: 'version', message: `stale version ${given}; current is ${current}` }],
      extensions: { currentVersion: current },
    });
  }

  assertTransition(offer: Offer, action: OfferAction): void {
    if (canTransition(action, offer.status)) return;
    throw new OffersException(
      OffersErrorCode.IllegalTransition,
      `An offer that is ${offer.status} cannot be ${action === 'edit' ? 'edited' : `moved by "${action}"`}.`,
      {
        extensions: { status: offer.status, allowedFrom: OFFER_TRANSITIONS[action].from },
      },
    );
  }

  assertApplicationInOfferStage(app: ApplicationRow): void {
    if (app.status !== 'active') {
      throw new OffersException(OffersErrorCode.ApplicationClosed, `The application is ${app.status}.`, { extensions: { applicationStatus: app.status } });
    }
    if (app.stageKind !== String(StageKind.Offer)) {
      throw new OffersException(OffersErrorCode.NotInOfferStage, `The application is in stage "${app.stageName}", not in the offer stage.`, {
        extensions: { stageKind: app.stageKind },
      });
    }
  }

  openOfferExists(offerId: string | null): OffersException {
    return new OffersException(OffersErrorCode.OpenOfferExists, 'The application already has an open offer; withdraw it first.', {
      extensions: offerId ? { offerId } : {},
    });
  }

  assertFuture(iso: string, message = 'expiresAt must be in the future.'): void {
    if (new Date(iso).getTime() <= Date.now()) {
      throw new OffersException(OffersErrorCode.InvalidOffer, message, { errors: [{ field: 'expiresAt', message: 'must be in the future' }] });
    }
  }

  async scheduleExpiry(manager: EntityManager, offer: Offer): Promise<void> {
    await this.outbox.publish(manager, {
      jobName: JobName.OfferExpire,
      organizationId: offer.organizationId,
      aggregateType: 'offer',
      aggregateId: offer.id,
      payload: { offerId: offer.id, expiresAt: offer.expiresAt.toISOString() },
      runAt: offer.expiresAt,
      jobId: `offer-expire-${offer.id}-${offer.expiresAt.getTime()}`,
    });
  }

  async timeline(manager: EntityManager, actor: AuthUser | null, offer: Offer, kind: string, payload: Record<string, unknown> = {}): Promise<void> {
    // No compensation in the timeline: the event says what happened; the offer itself holds the figures.
    await this.pipeline.activity(manager, {
      organizationId: offer.organizationId,
      candidateId: offer.candidateId,
      applicationId: offer.applicationId,
      jobId: offer.jobId,
      kind,
      actorId: actor?.id ?? null,
      subjectType: 'offer',
      subjectId: offer.id,
      payload: { offerId: offer.id, status: offer.status, ...payload },
    });
  }
}
