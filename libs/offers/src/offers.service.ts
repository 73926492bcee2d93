import { Injectable, Logger } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { DataSource, EntityManager, Repository } from 'typeorm';
import type { AuthUser } from '../../identity/src/index.js';
import { hasRole, OrganizationsService, Role, UsersService } from '../../identity/src/index.js';
import { AccessPolicy, Action, JobLifecycle, JobsService, Resource, StageKind } from '../../jobs/src/index.js';
import { AuditService, diffFields, isUniqueViolation, JobName, OutboxService, TenantContext } from '../../platform/src/index.js';
import { PostingsService } from '../../postings/src/index.js';
import { ApproveOfferDto, CreateOfferDto, DeclineOfferDto, OfferTransitionDto, RejectOfferDto, UpdateOfferDto, WithdrawOfferDto } from './dto/offer.dto.js';
import { OfferDto } from './dto/offer-response.dto.js';
import { OfferApproval } from './offer-approval.entity.js';
import { OfferSettingsService } from './offer-settings.service.js';
import { Offer } from './offer.entity.js';
import { ApprovalDecision, OfferStatus, PayPeriod } from './offer.types.js';
import { OffersErrorCode, OffersException } from './offers.exception.js';
import { ApplicationsService } from '../../pipelines/src/index.js';
import { ApplicationRow, PipelineGateway } from './pipeline.gateway.js';
import { approvalTurn, ApproverContext, resolveChain, unstaffedSteps } from './rules/approval-chain.js';
import { checkBand } from './rules/band-check.js';
import { renderOfferLetter } from './rules/offer-letter.js';
import { applyEdit, canTransition, Compensation, compensationChanged, OFFER_TRANSITIONS, OfferAction, statusAfterApproval } from './rules/offer-state.js';

const AUDITED = ['status', 'base', 'bonus', 'equity', 'startDate', 'expiresAt', 'notes', 'justification', 'outOfBand', 'approvalRound'];

const notFound = () => new OffersException(OffersErrorCode.OfferNotFound, 'No such offer.');
const applicationNotFound = () => new OffersException(OffersErrorCode.ApplicationNotFound, 'No such application.');
/** Offers answer 403 (not 404) to someone who may not work on a job's offers, as they always have. */
const OFFER_DENIED = {
  hidden: () => new OffersException(OffersErrorCode.Forbidden, "Only admins, recruiters and the job's hiring managers may work on its offers."),
};

function snapshot(o: Offer): Record<string, unknown> {
  return {
    status: o.status,
    base: { amount: Number(o.baseAmount), currency: o.baseCurrency, period: o.basePeriod },
    bonus: o.bonus,
    equity: o.equity,
    startDate: o.startDate,
    expiresAt: o.expiresAt.toISOString(),
    notes: o.notes,
    justification: o.justification,
    outOfBand: o.outOfBand,
    approvalRound: o.approvalRound,
  };
}

function compensation(o: Offer): Compensation {
  return { base: { amount: Number(o.baseAmount), currency: o.baseCurrency, period: o.basePeriod }, bonus: o.bonus, equity: o.equity };
}

/**
 * Offers: drafted for an application in the offer stage, checked against the job's band, approved
 * along the organization's chain (one step at a time, the offer row locked for each decision),
 * sent with a rendered letter, then accepted (the hire cascade), declined, withdrawn or expired.
 */
@Injectable()
export class OffersService {
  private readonly logger = new Logger(OffersService.name);

  constructor(
    @InjectRepository(Offer) private readonly offers: Repository<Offer>,
    @InjectRepository(OfferApproval) private readonly approvals: Repository<OfferApproval>,
    private readonly dataSource: DataSource,
    private readonly jobs: JobsService,
    private readonly jobLifecycle: JobLifecycle,
    private readonly users: UsersService,
    private readonly organizations: OrganizationsService,
    private readonly settings: OfferSettingsService,
    private readonly pipeline: PipelineGateway,
    private readonly applications: ApplicationsService,
    private readonly access: AccessPolicy,
    private readonly postings: PostingsService,
    private readonly audit: AuditService,
    private readonly outbox: OutboxService,
  ) {}

  // --- access -----------------------------------------------------------------------------------

  /** The access policy's offer rule (admins, recruiters, the job's hiring managers), answered with this module's 403. */
  async assertCanManage(actor: AuthUser, jobId: string, action = Action.Write): Promise<void> {
    await this.access.assertCan(actor, action, { resource: Resource.Offer, jobId }, OFFER_DENIED);
  }

  private async approverContext(actor: AuthUser, jobId: string): Promise<ApproverContext> {
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

  private async view(offer: Offer, manager?: EntityManager): Promise<OfferDto> {
    const approvals = await (manager ?? this.dataSource.manager).find(OfferApproval, {
      where: { offerId: offer.id, round: offer.approvalRound },
      order: { step: 'ASC' },
    });
    return OfferDto.from(offer, approvals);
  }

  // --- drafting ---------------------------------------------------------------------------------

  async create(actor: AuthUser, applicationId: string, input: CreateOfferDto): Promise<OfferDto> {
    const app = await this.pipeline.application(actor.organizationId, applicationId);
    if (!app) throw applicationNotFound();
    await this.assertCanManage(actor, app.jobId);
    this.assertFuture(input.expiresAt);
    try {
      return await this.dataSource.transaction(async (manager) => {
        const locked = (await this.pipeline.application(actor.organizationId, applicationId, manager, true)) as ApplicationRow;
        this.assertApplicationInOfferStage(locked);
        const open: { id: string }[] = await manager.query(
          `SELECT id FROM offers WHERE application_id = $1 AND status IN ('draft','pending_approval','approved','sent','accepted') LIMIT 1`,
          [applicationId],
        );
        if (open.length) throw this.openOfferExists(open[0].id);
        const band = await this.bandFor(actor.organizationId, app.jobId, input.base, input.justification ?? null);
        const offer = manager.create(Offer, {
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
        await manager.save(Offer, offer);
        await this.audit.record(manager, {
          organizationId: actor.organizationId,
          actorId: actor.id,
          entityType: 'offer',
          entityId: offer.id,
          action: 'create',
          changes: diffFields({}, snapshot(offer), AUDITED),
        });
        await this.timeline(manager, actor, offer, 'offer.created');
        await this.scheduleExpiry(manager, offer);
        return this.view(offer, manager);
      });
    } catch (error) {
      if (isUniqueViolation(error, 'offers_one_open_key')) throw this.openOfferExists(null);
      throw error;
    }
  }

  async update(actor: AuthUser, id: string, input: UpdateOfferDto): Promise<OfferDto> {
    return this.dataSource.transaction(async (manager) => {
      const offer = await this.lock(manager, actor, id, input.version);
      this.assertTransition(offer, 'edit');
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
        this.assertFuture(input.expiresAt);
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
      await manager.save(Offer, offer);
      const changes = diffFields(before, snapshot(offer), AUDITED);
      await this.audit.record(manager, {
        organizationId: actor.organizationId,
        actorId: actor.id,
        entityType: 'offer',
        entityId: id,
        action: approvalsCleared ? 'update_clears_approvals' : 'update',
        changes,
      });
      await this.timeline(manager, actor, offer, approvalsCleared ? 'offer.approvals_cleared' : 'offer.updated');
      if ('expiresAt' in changes) await this.scheduleExpiry(manager, offer);
      return this.view(offer, manager);
    });
  }

  // --- approval ---------------------------------------------------------------------------------

  async submit(actor: AuthUser, id: string, input: OfferTransitionDto): Promise<OfferDto> {
    return this.dataSource.transaction(async (manager) => {
      const offer = await this.lock(manager, actor, id, input.version);
      this.assertTransition(offer, 'submit');
      this.assertFuture(offer.expiresAt.toISOString(), 'The offer has already expired; change expiresAt first.');
      const app = (await this.pipeline.application(actor.organizationId, offer.applicationId, manager)) as ApplicationRow;
      this.assertApplicationInOfferStage(app);
      const settings = await this.settings.get(actor.organizationId);
      const chain = resolveChain(settings.approvalChain, offer.outOfBand);
      const context = await this.approverContext(actor, offer.jobId);
      const unstaffed = unstaffedSteps(chain, { ...context, adminIds: ['any-admin'] });
      const namedUsers = chain.filter((s) => s.userId).map((s) => s.userId as string);
      const active = new Set((await this.users.findInOrganization(actor.organizationId, namedUsers)).filter((u) => u.active).map((u) => u.id));
      const missing = [...unstaffed, ...chain.filter((s) => s.userId && !active.has(s.userId))];
      if (missing.length) {
        throw new OffersException(OffersErrorCode.UnstaffedApprovalStep, 'Some approval steps have nobody who can approve them.', {
          extensions: { steps: missing.map((s) => ({ step: s.step, ...(s.userId ? { userId: s.userId } : { role: s.role }) })) },
        });
      }
      const from = offer.status;
      offer.status = OfferStatus.PendingApproval;
      offer.approvalChain = chain;
      offer.approvalRound += 1;
      offer.submittedAt = new Date();
      offer.version += 1;
      await manager.save(Offer, offer);
      await this.audit.record(manager, {
        organizationId: actor.organizationId,
        actorId: actor.id,
        entityType: 'offer',
        entityId: id,
        action: 'submit',
        changes: { status: { from, to: offer.status }, approvalChain: { to: chain } },
      });
      await this.timeline(manager, actor, offer, 'offer.submitted');
      return this.view(offer, manager);
    });
  }

  async approve(actor: AuthUser, id: string, input: ApproveOfferDto): Promise<OfferDto> {
    return this.decideApproval(actor, id, ApprovalDecision.Approved, input.comment ?? null, input.version);
  }

  async reject(actor: AuthUser, id: string, input: RejectOfferDto): Promise<OfferDto> {
    return this.decideApproval(actor, id, ApprovalDecision.Rejected, input.comment, input.version);
  }

  /**
   * One approver's decision. The offer row is locked (SELECT ... FOR UPDATE), so two approvers
   * acting at once are serialised: the second sees the step already decided and gets 409 (or 403
   * when the next step is not theirs either). The unique (offer, round, step) is the backstop.
   */
  private async decideApproval(actor: AuthUser, id: string, decision: ApprovalDecision, comment: string | null, version?: number): Promise<OfferDto> {
    try {
      return await this.dataSource.transaction(async (manager) => {
        const offer = await this.lock(manager, actor, id, undefined, false);
        const context = await this.approverContext(actor, offer.jobId);
        const chain = offer.approvalChain.length
          ? offer.approvalChain
          : resolveChain((await this.settings.get(actor.organizationId)).approvalChain, offer.outOfBand);
        const approved = await manager.count(OfferApproval, { where: { offerId: id, round: offer.approvalRound, decision: ApprovalDecision.Approved } });
        const turn = approvalTurn(chain, approved, actor.id, context);
        if (turn.kind === 'not_an_approver') {
          throw new OffersException(OffersErrorCode.NotCurrentApprover, 'You are not an approver of this offer.');
        }
        if (offer.status !== OfferStatus.PendingApproval) {
          throw new OffersException(OffersErrorCode.IllegalTransition, `The offer is ${offer.status}, not pending approval.`, {
            extensions: { status: offer.status },
          });
        }
        if (version !== undefined && version !== offer.version) throw this.stale(version, offer.version);
        if (turn.kind !== 'current') {
          const current = turn.kind === 'out_of_turn' ? turn.current : null;
          throw new OffersException(OffersErrorCode.OutOfTurn, 'It is not your turn to approve this offer.', {
            extensions: { currentStep: current ? { step: current.step, ...(current.userId ? { userId: current.userId } : { role: current.role }) } : null },
          });
        }
        const step = turn.step;
        await manager.insert(OfferApproval, {
          organizationId: actor.organizationId,
          offerId: id,
          round: offer.approvalRound,
          step: step.step,
          approverUserId: step.userId ?? null,
          approverRole: step.role ?? null,
          decidedBy: actor.id,
          decision,
          comment,
        });
        const from = offer.status;
        if (decision === ApprovalDecision.Approved) {
          offer.status = statusAfterApproval(chain.length, approved + 1);
          if (offer.status === OfferStatus.Approved) offer.approvedAt = new Date();
        } else {
          offer.status = OfferStatus.Draft;
          offer.lastRejectionComment = comment;
          offer.submittedAt = null;
        }
        offer.version += 1;
        await manager.save(Offer, offer);
        await this.audit.record(manager, {
          organizationId: actor.organizationId,
          actorId: actor.id,
          entityType: 'offer',
          entityId: id,
          action: decision === ApprovalDecision.Approved ? 'approve' : 'reject',
          changes: { status: { from, to: offer.status }, step: { to: step.step }, ...(comment ? { comment: { to: comment } } : {}) },
        });
        await this.timeline(manager, actor, offer, decision === ApprovalDecision.Approved ? 'offer.approved' : 'offer.approval_rejected', { step: step.step });
        return this.view(offer, manager);
      });
    } catch (error) {
      if (isUniqueViolation(error, 'offer_approvals_step_key')) {
        throw new OffersException(OffersErrorCode.ConcurrentChange, 'Another approver decided this step at the same moment.');
      }
      throw error;
    }
  }

  // --- after approval ---------------------------------------------------------------------------

  async send(actor: AuthUser, id: string, input: OfferTransitionDto): Promise<OfferDto> {
    return this.dataSource.transaction(async (manager) => {
      const offer = await this.lock(manager, actor, id, input.version);
      this.assertTransition(offer, 'send');
      this.assertFuture(offer.expiresAt.toISOString(), 'The offer has already expired.');
      const letter = await this.renderLetter(actor, offer);
      offer.status = OfferStatus.Sent;
      offer.letterMarkdown = letter.markdown;
      offer.letterHtml = letter.html;
      offer.sentAt = new Date();
      offer.version += 1;
      await manager.save(Offer, offer);
      await this.audit.record(manager, {
        organizationId: actor.organizationId,
        actorId: actor.id,
        entityType: 'offer',
        entityId: id,
        action: 'send',
        changes: { status: { from: OfferStatus.Approved, to: OfferStatus.Sent } },
      });
      await this.timeline(manager, actor, offer, 'offer.sent');
      return this.view(offer, manager);
    });
  }

  /**
   * The candidate accepted: in one transaction the offer is accepted, the application hired and
   * moved to the hired stage, the job's filled count rises (closing the job when every opening is
   * filled, which closes its postings through the postings module), plus outbox events.
   */
  async accept(actor: AuthUser, id: string, input: OfferTransitionDto): Promise<OfferDto> {
    return this.dataSource.transaction(async (manager) => {
      const offer = await this.lock(manager, actor, id, input.version);
      this.assertTransition(offer, 'accept');
      const app = (await this.pipeline.application(actor.organizationId, offer.applicationId, manager, true)) as ApplicationRow;
      if (app.status !== 'active') {
        throw new OffersException(OffersErrorCode.ApplicationClosed, `The application is ${app.status}; it cannot be hired.`, {
          extensions: { applicationStatus: app.status },
        });
      }
      const hired = await this.pipeline.stageOfKind(actor.organizationId, offer.jobId, StageKind.Hired, manager);
      if (!hired)
        throw new OffersException(OffersErrorCode.NoStageOfKind, "The job's interview plan has no hired stage.", { extensions: { kind: StageKind.Hired } });
      offer.status = OfferStatus.Accepted;
      offer.acceptedAt = new Date();
      offer.version += 1;
      await manager.save(Offer, offer);
      // Pipelines records the move (history, timeline, audit, outbox) and jobs counts the hire, in this transaction.
      await this.applications.moveWithin(manager, actor, await this.access.scope(actor), app.id, { toStageId: hired.id, note: `Offer ${offer.id} accepted` });
      const job = await this.jobLifecycle.fillOpening(manager, actor.organizationId, offer.jobId, actor.id);
      let postingsClosing = 0;
      if (job.closed) postingsClosing = await this.postings.onJobChanged(actor.organizationId, offer.jobId, actor.id, manager);
      await this.audit.record(manager, {
        organizationId: actor.organizationId,
        actorId: actor.id,
        entityType: 'offer',
        entityId: id,
        action: 'accept',
        changes: { status: { from: OfferStatus.Sent, to: OfferStatus.Accepted } },
      });
      await this.timeline(manager, actor, offer, 'offer.accepted');
      await this.outbox.publishMany(manager, [
        {
          jobName: JobName.OfferAccepted,
          organizationId: actor.organizationId,
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
          },
        },
        // Postings re-check the job from the worker as well (idempotent: already-closing postings are skipped).
        ...(job.closed
          ? [
              {
                jobName: JobName.PostingsJobChanged,
                organizationId: actor.organizationId,
                aggregateType: 'job',
                aggregateId: offer.jobId,
                payload: { jobId: offer.jobId, actorId: actor.id, reason: 'filled' },
              },
            ]
          : []),
      ]);
      this.logger.log({ offerId: id, jobClosed: job.closed, postingsClosing }, 'Offer accepted');
      return this.view(offer, manager);
    });
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
    return this.close(actor, id, 'decline', input.version, (offer) => {
      offer.declineReason = input.reason ?? reason?.label ?? null;
      offer.declineReasonId = reason?.id ?? null;
      offer.declinedAt = new Date();
    });
  }

  async withdraw(actor: AuthUser, id: string, input: WithdrawOfferDto): Promise<OfferDto> {
    return this.close(actor, id, 'withdraw', input.version, (offer) => {
      offer.withdrawReason = input.reason ?? null;
      offer.withdrawnAt = new Date();
    });
  }

  private async close(
    actor: AuthUser,
    id: string,
    action: 'decline' | 'withdraw',
    version: number | undefined,
    apply: (offer: Offer) => void,
  ): Promise<OfferDto> {
    return this.dataSource.transaction(async (manager) => {
      const offer = await this.lock(manager, actor, id, version);
      this.assertTransition(offer, action);
      const from = offer.status;
      offer.status = OFFER_TRANSITIONS[action].to as OfferStatus;
      apply(offer);
      offer.version += 1;
      await manager.save(Offer, offer);
      await this.audit.record(manager, {
        organizationId: actor.organizationId,
        actorId: actor.id,
        entityType: 'offer',
        entityId: id,
        action,
        changes: {
          status: { from, to: offer.status },
          ...(offer.declineReason && action === 'decline'
            ? { declineReason: { to: offer.declineReason }, declineReasonId: { to: offer.declineReasonId } }
            : {}),
        },
      });
      await this.timeline(manager, actor, offer, action === 'decline' ? 'offer.declined' : 'offer.withdrawn');
      return this.view(offer, manager);
    });
  }

  /**
   * The database-driven catch-up for `offers.expire` (Redis may have lost the delayed job): every
   * open offer whose expiresAt has passed goes through `expireIfDue`, in batches, along the
   * `offers_open_expiry_idx` range. Idempotent with the delayed job. `organizationId` scopes it (tests).
   */
  async expireDue(options: { now?: Date; organizationId?: string } = {}): Promise<{ expired: number }> {
    const now = options.now ?? new Date();
    const batch = 100;
    let expired = 0;
    let cursor: [Date, string] = [new Date(0), '00000000-0000-0000-0000-000000000000'];
    for (;;) {
      const rows: { id: string; organization_id: string; expires_at: Date }[] = await TenantContext.crossTenant(
        'the offer expiry sweep finds due offers of every organization',
        () =>
          this.dataSource.query(
            `SELECT id, organization_id, expires_at FROM offers
          WHERE status IN (${OFFER_TRANSITIONS.expire.from.map((x) => `'${x}'`).join(',')}) AND expires_at <= $1 AND (expires_at, id) > ($2::timestamptz, $3::uuid)
            AND ($4::uuid IS NULL OR organization_id = $4)
          ORDER BY expires_at, id LIMIT ${batch}`,
            [now, cursor[0], cursor[1], options.organizationId ?? null],
          ),
      );
      for (const row of rows) {
        try {
          if ((await TenantContext.run(row.organization_id, () => this.expireIfDue(row.id, now))) === 'expired') expired += 1;
        } catch (error: unknown) {
          this.logger.warn({ offerId: row.id, err: error }, 'Offer expiry sweep failed for one offer; the next sweep retries');
        }
      }
      if (rows.length < batch) break;
      cursor = [new Date(rows[rows.length - 1].expires_at), rows[rows.length - 1].id];
    }
    if (expired > 0) this.logger.log({ expired }, 'Offer expiry sweep caught up');
    return { expired };
  }

  /**
   * Worker side of `offers.expire`: expires the offer when it is still open and its expiresAt has
   * passed. Idempotent; a job scheduled for an older expiresAt finds the date moved and does nothing.
   */
  async expireIfDue(offerId: string, now = new Date()): Promise<'expired' | 'not_due' | 'closed' | 'missing'> {
    return this.dataSource.transaction(async (manager) => {
      const offer = await manager.findOne(Offer, { where: { id: offerId }, lock: { mode: 'pessimistic_write' } });
      if (!offer) return 'missing';
      if (!canTransition('expire', offer.status)) return 'closed';
      if (offer.expiresAt.getTime() > now.getTime()) return 'not_due';
      const from = offer.status;
      offer.status = OfferStatus.Expired;
      offer.expiredAt = now;
      offer.version += 1;
      await manager.save(Offer, offer);
      await this.audit.record(manager, {
        organizationId: offer.organizationId,
        actorId: null,
        entityType: 'offer',
        entityId: offer.id,
        action: 'expire',
        changes: { status: { from, to: OfferStatus.Expired } },
      });
      await this.timeline(manager, null, offer, 'offer.expired');
      return 'expired';
    });
  }

  // --- helpers ----------------------------------------------------------------------------------

  private async lock(manager: EntityManager, actor: AuthUser, id: string, version?: number, checkAccess = true): Promise<Offer> {
    const offer = await manager.findOne(Offer, { where: { id, organizationId: actor.organizationId }, lock: { mode: 'pessimistic_write' } });
    if (!offer) throw notFound();
    if (checkAccess) await this.assertCanManage(actor, offer.jobId);
    if (version !== undefined && version !== offer.version) throw this.stale(version, offer.version);
    return offer;
  }

  private stale(given: number, current: number): OffersException {
    return new OffersException(OffersErrorCode.StaleVersion, 'The offer was changed since you read it; reload and try again.', {
      errors: [{ field: 'version', message: `stale version ${given}; current is ${current}` }],
      extensions: { currentVersion: current },
    });
  }

  private assertTransition(offer: Offer, action: OfferAction): void {
    if (canTransition(action, offer.status)) return;
    throw new OffersException(
      OffersErrorCode.IllegalTransition,
      `An offer that is ${offer.status} cannot be ${action === 'edit' ? 'edited' : `moved by "${action}"`}.`,
      {
        extensions: { status: offer.status, allowedFrom: OFFER_TRANSITIONS[action].from },
      },
    );
  }

  private assertApplicationInOfferStage(app: ApplicationRow): void {
    if (app.status !== 'active') {
      throw new OffersException(OffersErrorCode.ApplicationClosed, `The application is ${app.status}.`, { extensions: { applicationStatus: app.status } });
    }
    if (app.stageKind !== String(StageKind.Offer)) {
      throw new OffersException(OffersErrorCode.NotInOfferStage, `The application is in stage "${app.stageName}", not in the offer stage.`, {
        extensions: { stageKind: app.stageKind },
      });
    }
  }

  private openOfferExists(offerId: string | null): OffersException {
    return new OffersException(OffersErrorCode.OpenOfferExists, 'The application already has an open offer; withdraw it first.', {
      extensions: offerId ? { offerId } : {},
    });
  }

  private assertFuture(iso: string, message = 'expiresAt must be in the future.'): void {
    if (new Date(iso).getTime() <= Date.now()) {
      throw new OffersException(OffersErrorCode.InvalidOffer, message, { errors: [{ field: 'expiresAt', message: 'must be in the future' }] });
    }
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

  private async scheduleExpiry(manager: EntityManager, offer: Offer): Promise<void> {
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

  private async timeline(manager: EntityManager, actor: AuthUser | null, offer: Offer, kind: string, payload: Record<string, unknown> = {}): Promise<void> {
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
