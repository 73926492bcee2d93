import { TransactionHost } from '@nestjs-cls/transactional';
import type { TransactionalAdapterTypeOrm } from '@nestjs-cls/transactional-adapter-typeorm';
import { Injectable } from '@nestjs/common';
import type { AuthUser } from '../../identity/src/index.js';
import { hasRole, Role, UsersService } from '../../identity/src/index.js';
import { AccessPolicy, Action, JobsService, Resource, StageKind } from '../../jobs/src/index.js';
import { DomainEvents, DomainEventType, JobName, OutboxService } from '../../platform/src/index.js';
import { OfferDto } from './dto/offer-response.dto.js';
import { OfferApproval } from './offer-approval.entity.js';
import { Offer } from './offer.entity.js';
import { OfferStatus } from './offer.types.js';
import { OffersErrorCode, OffersException } from './offers.exception.js';
import { ApplicationRow, PipelineGateway } from './pipeline.gateway.js';
import { ApproverContext, eligibleApprovers } from './rules/approval-chain.js';
import { canTransition, OFFER_TRANSITIONS, OfferAction } from './rules/offer-state.js';
import { applicationNotFound, notFound, OFFER_DENIED } from './offers.shared.js';

/** An offer as the offer email and the candidate's page see it. */
export interface OfferLetterFacts {
  id: string;
  organizationId: string;
  applicationId: string;
  candidateId: string;
  jobId: string;
  status: OfferStatus;
  startDate: string;
  expiresAt: Date;
  sentAt: Date | null;
  acceptedAt: Date | null;
  declinedAt: Date | null;
  withdrawnAt: Date | null;
  expiredAt: Date | null;
  letterMarkdown: string | null;
  letterHtml: string | null;
}

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
    private readonly txHost: TransactionHost<TransactionalAdapterTypeOrm>,
    private readonly jobs: JobsService,
    private readonly pipeline: PipelineGateway,
    private readonly access: AccessPolicy,
    private readonly outbox: OutboxService,
    private readonly events: DomainEvents,
    private readonly users: UsersService,
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
    const offer = await this.txHost.tx.getRepository(Offer).findOneBy({ id, organizationId: actor.organizationId });
    if (!offer) throw notFound();
    await this.assertCanManage(actor, offer.jobId, Action.Read);
    return this.view(offer);
  }

  async listForApplication(actor: AuthUser, applicationId: string): Promise<OfferDto[]> {
    const app = await this.pipeline.application(actor.organizationId, applicationId);
    if (!app) throw applicationNotFound();
    await this.assertCanManage(actor, app.jobId, Action.Read);
    const offers = await this.txHost.tx.getRepository(Offer).find({
      where: { organizationId: actor.organizationId, applicationId },
      order: { createdAt: 'DESC', id: 'DESC' },
      take: 100,
    });
    if (!offers.length) return [];
    const approvals = await this.txHost.tx.find(OfferApproval, { where: offers.map((o) => ({ offerId: o.id, round: o.approvalRound })) });
    const [candidate, job, team, admins] = await Promise.all([
      this.pipeline.candidate(actor.organizationId, app.candidateId),
      this.jobs.findJob(actor.organizationId, app.jobId),
      this.jobs.getHiringTeam(actor.organizationId, app.jobId),
      this.users.activeWithRole(actor.organizationId, Role.Admin),
    ]);
    const names = await this.namesOf(actor.organizationId, offers, approvals, team, admins);
    return offers.map((o) =>
      this.describe(
        o,
        approvals.filter((a) => a.offerId === o.id),
        { candidate, job, team, admins, names },
      ),
    );
  }

  /** The offer as the API returns it, announced as a domain event in the caller's transaction. */
  async announce(type: DomainEventType, offer: Offer): Promise<OfferDto> {
    const dto = await this.view(offer);
    await this.events.publish({ type, organizationId: offer.organizationId, aggregateType: 'offer', aggregateId: offer.id, data: dto });
    return dto;
  }

  /** The offer as the offer routes answer it: with the candidate, the job and its band, and approvers by name. */
  async view(offer: Offer): Promise<OfferDto> {
    const [approvals, candidate, job, team, admins] = await Promise.all([
      this.txHost.tx.find(OfferApproval, { where: { offerId: offer.id, round: offer.approvalRound }, order: { step: 'ASC' } }),
      this.pipeline.candidate(offer.organizationId, offer.candidateId),
      this.jobs.findJob(offer.organizationId, offer.jobId),
      this.jobs.getHiringTeam(offer.organizationId, offer.jobId),
      this.users.activeWithRole(offer.organizationId, Role.Admin),
    ]);
    const names = await this.namesOf(offer.organizationId, [offer], approvals, team, admins);
    return this.describe(offer, approvals, { candidate, job, team, admins, names });
  }

  private async namesOf(
    organizationId: string,
    offers: Offer[],
    approvals: OfferApproval[],
    team: { hiringManagerIds: string[]; recruiterIds: string[] },
    admins: Array<{ id: string; name: string }>,
  ): Promise<Map<string, string>> {
    const names = new Map<string, string>(admins.map((u) => [u.id, u.name]));
    const ids = [
      ...team.hiringManagerIds,
      ...team.recruiterIds,
      ...approvals.flatMap((a) => (a.decidedBy ? [a.decidedBy] : [])),
      ...offers.flatMap((o) => [...(o.createdBy ? [o.createdBy] : []), ...o.approvalChain.flatMap((s) => (s.userId ? [s.userId] : []))]),
    ].filter((id) => !names.has(id));
    if (ids.length) for (const u of await this.users.findInOrganization(organizationId, [...new Set(ids)])) names.set(u.id, u.name);
    return names;
  }

  private describe(
    offer: Offer,
    approvals: OfferApproval[],
    facts: {
      candidate: { id: string; fullName: string } | null;
      job: { id: string; title: string; salaryMin: number | null; salaryMax: number | null; salaryCurrency: string | null; salaryPeriod: string | null } | null;
      team: { hiringManagerIds: string[]; recruiterIds: string[] };
      admins: Array<{ id: string; name: string }>;
      names: Map<string, string>;
    },
  ): OfferDto {
    const dto = OfferDto.from(offer, approvals);
    const { names, team, admins, job } = facts;
    const person = (id: string) => ({ id, name: names.get(id) ?? 'A former user' });
    const context = { hiringManagerIds: team.hiringManagerIds, recruiterIds: team.recruiterIds, adminIds: admins.map((a) => a.id) };
    return {
      ...dto,
      candidate: { id: offer.candidateId, name: facts.candidate?.fullName ?? '' },
      job: { id: offer.jobId, title: job?.title ?? '' },
      band: {
        min: job?.salaryMin === null || job?.salaryMin === undefined ? null : Number(job.salaryMin),
        max: job?.salaryMax === null || job?.salaryMax === undefined ? null : Number(job.salaryMax),
        currency: job?.salaryCurrency ?? null,
        period: job?.salaryPeriod ?? null,
      },
      drafter: offer.createdBy ? person(offer.createdBy) : null,
      approvals: dto.approvals.map((a, i) => ({
        ...a,
        approvers: eligibleApprovers(offer.approvalChain[i], context)
          .filter((id) => id !== offer.createdBy)
          .map(person),
        decidedByName: a.decidedBy ? person(a.decidedBy).name : null,
      })),
    };
  }

  /**
   * What the offer email and the candidate's page show of an offer (the mail module's read; offers' tables stay here):
   * its state, dates and the letter as sent. Null when it is not the organization's.
   */
  async letterFacts(organizationId: string, offerId: string): Promise<OfferLetterFacts | null> {
    const offer = await this.txHost.tx.findOne(Offer, { where: { id: offerId, organizationId } });
    if (!offer) return null;
    return {
      id: offer.id,
      organizationId: offer.organizationId,
      applicationId: offer.applicationId,
      candidateId: offer.candidateId,
      jobId: offer.jobId,
      status: offer.status,
      startDate: offer.startDate,
      expiresAt: offer.expiresAt,
      sentAt: offer.sentAt,
      acceptedAt: offer.acceptedAt,
      declinedAt: offer.declinedAt,
      withdrawnAt: offer.withdrawnAt,
      expiredAt: offer.expiredAt,
      letterMarkdown: offer.letterMarkdown,
      letterHtml: offer.letterHtml,
    };
  }

  // --- helpers ----------------------------------------------------------------------------------

  /** The offer row locked, without an access check: for the candidate's own answer through the signed link. */
  async lockIn(organizationId: string, id: string): Promise<Offer> {
    const offer = await this.txHost.tx.findOne(Offer, { where: { id, organizationId }, lock: { mode: 'pessimistic_write' } });
    if (!offer) throw notFound();
    return offer;
  }

  async lock(actor: AuthUser, id: string, version?: number, checkAccess = true): Promise<Offer> {
    const offer = await this.txHost.tx.findOne(Offer, { where: { id, organizationId: actor.organizationId }, lock: { mode: 'pessimistic_write' } });
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

  async scheduleExpiry(offer: Offer): Promise<void> {
    await this.outbox.publish({
      jobName: JobName.OfferExpire,
      organizationId: offer.organizationId,
      aggregateType: 'offer',
      aggregateId: offer.id,
      payload: { offerId: offer.id, expiresAt: offer.expiresAt.toISOString() },
      runAt: offer.expiresAt,
      jobId: `offer-expire-${offer.id}-${offer.expiresAt.getTime()}`,
    });
  }

  async timeline(actor: AuthUser | null, offer: Offer, kind: string, payload: Record<string, unknown> = {}): Promise<void> {
    // No compensation in the timeline: the event says what happened; the offer itself holds the figures.
    await this.pipeline.activity({
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
