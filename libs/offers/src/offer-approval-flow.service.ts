import { TransactionHost } from '@nestjs-cls/transactional';
import type { TransactionalAdapterTypeOrm } from '@nestjs-cls/transactional-adapter-typeorm';
import { Injectable } from '@nestjs/common';
import type { AuthUser } from '../../identity/src/index.js';
import { Role, UsersService } from '../../identity/src/index.js';
import { AuditService, DomainEventType, isUniqueViolation } from '../../platform/src/index.js';
import { ApproveOfferDto, OfferTransitionDto, RejectOfferDto } from './dto/offer.dto.js';
import { OfferDto } from './dto/offer-response.dto.js';
import { OfferApproval } from './offer-approval.entity.js';
import { OfferSettingsService } from './offer-settings.service.js';
import { Offer } from './offer.entity.js';
import { ApprovalDecision, OfferStatus } from './offer.types.js';
import { OffersErrorCode, OffersException } from './offers.exception.js';
import { ApplicationRow, PipelineGateway } from './pipeline.gateway.js';
import { approvalTurn, resolveChain, unstaffedSteps, withoutDrafter } from './rules/approval-chain.js';
import { statusAfterApproval } from './rules/offer-state.js';
import { OffersService } from './offers.service.js';

/** An offer's approval: submit it along the organization's chain, then approve or reject one step at a time (the offer row locked for each decision). */
@Injectable()
export class OfferApprovalFlow {
  constructor(
    private readonly offers: OffersService,
    private readonly txHost: TransactionHost<TransactionalAdapterTypeOrm>,
    private readonly users: UsersService,
    private readonly settings: OfferSettingsService,
    private readonly pipeline: PipelineGateway,
    private readonly audit: AuditService,
  ) {}

  async submit(actor: AuthUser, id: string, input: OfferTransitionDto): Promise<OfferDto> {
    return this.txHost.withTransaction(async () => {
      const offer = await this.offers.lock(actor, id, input.version);
      this.offers.assertTransition(offer, 'submit');
      this.offers.assertFuture(offer.expiresAt.toISOString(), 'The offer has already expired; change expiresAt first.');
      const app = (await this.pipeline.application(actor.organizationId, offer.applicationId)) as ApplicationRow;
      this.offers.assertApplicationInOfferStage(app);
      const settings = await this.settings.get(actor.organizationId);
      const organizationChain = resolveChain(settings.approvalChain, offer.outOfBand);
      const [team, admins] = await Promise.all([this.offers.approverContext(actor, offer.jobId), this.users.activeWithRole(actor.organizationId, Role.Admin)]);
      const namedUsers = organizationChain.filter((s) => s.userId).map((s) => s.userId as string);
      const active = new Set((await this.users.findInOrganization(actor.organizationId, namedUsers)).filter((u) => u.active).map((u) => u.id));
      const context = { ...team, adminIds: admins.map((u) => u.id) };
      const missing = [...unstaffedSteps(organizationChain, context), ...organizationChain.filter((s) => s.userId && !active.has(s.userId))];
      if (missing.length) {
        throw new OffersException(OffersErrorCode.UnstaffedApprovalStep, 'Some approval steps have nobody who can approve them.', {
          extensions: { steps: missing.map((s) => ({ step: s.step, ...(s.userId ? { userId: s.userId } : { role: s.role }) })) },
        });
      }
      // The drafter never approves their own offer: the next eligible approver does, else nobody can (409).
      const { chain, drafterOnly } = withoutDrafter(organizationChain, offer.createdBy, context);
      const outOfBandStep = drafterOnly.some((s) => s.reason === 'out_of_band');
      if (chain.length === 0 || outOfBandStep) {
        throw new OffersException(
          OffersErrorCode.NoOtherApprover,
          outOfBandStep
            ? 'You drafted this offer and it is outside the band, so another admin must approve it, and your organization has no other active admin. Ask an admin to draft it, or invite a second admin.'
            : 'You drafted this offer, and nobody else can approve it. Add another hiring manager to the job, or an approver to the approval chain, then submit again.',
          { extensions: { steps: drafterOnly.map((s) => ({ step: s.step + 1, ...(s.userId ? { userId: s.userId } : { role: s.role }) })) } },
        );
      }
      const from = offer.status;
      offer.status = OfferStatus.PendingApproval;
      offer.approvalChain = chain;
      offer.approvalRound += 1;
      offer.submittedAt = new Date();
      offer.version += 1;
      await this.txHost.tx.save(Offer, offer);
      await this.audit.record({
        organizationId: actor.organizationId,
        actorId: actor.id,
        entityType: 'offer',
        entityId: id,
        action: 'submit',
        changes: { status: { from, to: offer.status }, approvalChain: { to: chain } },
      });
      await this.offers.timeline(actor, offer, 'offer.submitted');
      return this.offers.announce(DomainEventType.OfferSubmitted, offer);
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
      return await this.txHost.withTransaction(async () => {
        const offer = await this.offers.lock(actor, id, undefined, false);
        if (offer.createdBy === actor.id && offer.status === OfferStatus.PendingApproval) {
          throw new OffersException(OffersErrorCode.DrafterCannotApprove, 'You drafted this offer, so another approver decides on it.');
        }
        const context = await this.offers.approverContext(actor, offer.jobId);
        const chain = offer.approvalChain.length
          ? offer.approvalChain
          : resolveChain((await this.settings.get(actor.organizationId)).approvalChain, offer.outOfBand);
        const approved = await this.txHost.tx.count(OfferApproval, { where: { offerId: id, round: offer.approvalRound, decision: ApprovalDecision.Approved } });
        const turn = approvalTurn(chain, approved, actor.id, context);
        if (turn.kind === 'not_an_approver') {
          throw new OffersException(OffersErrorCode.NotCurrentApprover, 'You are not an approver of this offer.');
        }
        if (offer.status !== OfferStatus.PendingApproval) {
          throw new OffersException(OffersErrorCode.IllegalTransition, `The offer is ${offer.status}, not pending approval.`, {
            extensions: { status: offer.status },
          });
        }
        if (version !== undefined && version !== offer.version) throw this.offers.stale(version, offer.version);
        if (turn.kind !== 'current') {
          const current = turn.kind === 'out_of_turn' ? turn.current : null;
          throw new OffersException(OffersErrorCode.OutOfTurn, 'It is not your turn to approve this offer.', {
            extensions: { currentStep: current ? { step: current.step, ...(current.userId ? { userId: current.userId } : { role: current.role }) } : null },
          });
        }
        const step = turn.step;
        await this.txHost.tx.insert(OfferApproval, {
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
        await this.txHost.tx.save(Offer, offer);
        await this.audit.record({
          organizationId: actor.organizationId,
          actorId: actor.id,
          entityType: 'offer',
          entityId: id,
          action: decision === ApprovalDecision.Approved ? 'approve' : 'reject',
          changes: { status: { from, to: offer.status }, step: { to: step.step }, ...(comment ? { comment: { to: comment } } : {}) },
        });
        await this.offers.timeline(actor, offer, decision === ApprovalDecision.Approved ? 'offer.approved' : 'offer.approval_rejected', {
          step: step.step,
        });
        if (decision !== ApprovalDecision.Approved) return this.offers.announce(DomainEventType.OfferRejected, offer);
        return offer.status === OfferStatus.Approved ? this.offers.announce(DomainEventType.OfferApproved, offer) : this.offers.view(offer);
      });
    } catch (error) {
      if (isUniqueViolation(error, 'offer_approvals_step_key')) {
        throw new OffersException(OffersErrorCode.ConcurrentChange, 'Another approver decided this step at the same moment.');
      }
      throw error;
    }
  }
}
