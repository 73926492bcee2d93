import { TransactionHost } from '@nestjs-cls/transactional';
import type { TransactionalAdapterTypeOrm } from '@nestjs-cls/transactional-adapter-typeorm';
import { Injectable, Logger } from '@nestjs/common';
import type { AuthUser } from '../../identity/src/index.js';
import { UsersService } from '../../identity/src/index.js';
import { AccessPolicy, Action, JobsService, Resource, StageKind } from '../../jobs/src/index.js';
import { ApplicationMoves, ApplicationsService } from '../../pipelines/src/index.js';
import { AuditService, DomainEvents, DomainEventType } from '../../platform/src/index.js';
import { DecisionDto } from './dto/offer.dto.js';
import { DecisionPacketDto, HiringDecisionDto } from './dto/offer-response.dto.js';
import { FeedbackGateway } from './feedback.gateway.js';
import { HiringDecision, MissingFeedback } from './hiring-decision.entity.js';
import { OfferApproval } from './offer-approval.entity.js';
import { Offer } from './offer.entity.js';
import { HiringDecisionKind } from './offer.types.js';
import { OffersErrorCode, OffersException } from './offers.exception.js';
import { OfferDto } from './dto/offer-response.dto.js';
import { PipelineGateway } from './pipeline.gateway.js';

const applicationNotFound = () => new OffersException(OffersErrorCode.ApplicationNotFound, 'No such application.');

/**
 * The hiring manager's side: the decision packet (everything needed to decide, in one read) and
 * the decision itself, which moves the application to the offer stage or rejects it through the
 * pipelines module, then records the decision (audited, on the timeline).
 */
@Injectable()
export class DecisionsService {
  private readonly logger = new Logger(DecisionsService.name);

  constructor(
    private readonly txHost: TransactionHost<TransactionalAdapterTypeOrm>,
    private readonly jobs: JobsService,
    private readonly users: UsersService,
    private readonly applications: ApplicationsService,
    private readonly applicationMoves: ApplicationMoves,
    private readonly access: AccessPolicy,
    private readonly pipeline: PipelineGateway,
    private readonly feedback: FeedbackGateway,
    private readonly audit: AuditService,
    private readonly events: DomainEvents,
  ) {}

  async packet(actor: AuthUser, applicationId: string): Promise<DecisionPacketDto> {
    const app = await this.pipeline.application(actor.organizationId, applicationId);
    if (!app) throw applicationNotFound();
    const scope = await this.access.assertCan(
      actor,
      Action.Read,
      { resource: Resource.Decision, jobId: app.jobId },
      { hidden: () => new OffersException(OffersErrorCode.Forbidden, "Only the job's hiring managers, recruiters and admins may read the decision packet.") },
    );
    const [detail, candidate, job, stages, team, feedback, notes, decisions, offers] = await Promise.all([
      this.applications.get(scope, applicationId),
      this.pipeline.candidate(actor.organizationId, app.candidateId),
      this.jobs.findJob(actor.organizationId, app.jobId),
      this.jobs.getStages(actor.organizationId, app.jobId),
      this.jobs.getHiringTeam(actor.organizationId, app.jobId),
      this.feedback.snapshot(actor, applicationId),
      this.pipeline.notes(actor.organizationId, app.candidateId, applicationId),
      this.txHost.tx
        .getRepository(HiringDecision)
        .find({ where: { organizationId: actor.organizationId, applicationId }, order: { decidedAt: 'DESC', id: 'DESC' } }),
      this.txHost.tx.find(Offer, { where: { organizationId: actor.organizationId, applicationId }, order: { createdAt: 'DESC' } }),
    ]);
    const stageById = new Map(stages.map((s) => [s.id, s]));
    // Time in each stage: completed stays from the move history, plus the time so far in the current stage.
    const seconds = new Map<string, number>();
    for (const move of detail.moves) {
      if (move.fromStageId && move.secondsInStage !== null && move.fromStageId !== move.toStageId) {
        seconds.set(move.fromStageId, (seconds.get(move.fromStageId) ?? 0) + move.secondsInStage);
      }
    }
    if (app.status === 'active')
      seconds.set(app.stageId, (seconds.get(app.stageId) ?? 0) + Math.max(0, Math.floor((Date.now() - app.stageEnteredAt.getTime()) / 1000)));
    const entered = new Set<string>([app.stageId, ...detail.moves.flatMap((m) => [m.fromStageId, m.toStageId].filter((x): x is string => !!x))]);
    const currentPosition = stageById.get(app.stageId)?.position ?? 0;
    const skipped = stages.filter((s) => s.position < currentPosition && !entered.has(s.id));
    const approvals = offers.length ? await this.txHost.tx.find(OfferApproval, { where: offers.map((o) => ({ offerId: o.id, round: o.approvalRound })) }) : [];
    return {
      application: {
        id: app.id,
        status: app.status,
        stageId: app.stageId,
        stageName: app.stageName,
        stageKind: app.stageKind,
        source: app.source,
        appliedAt: app.appliedAt.toISOString(),
        version: app.version,
      },
      candidate: candidate
        ? {
            id: candidate.id,
            firstName: candidate.firstName,
            lastName: candidate.lastName,
            fullName: candidate.fullName,
            emails: candidate.emails,
            source: candidate.source,
          }
        : null,
      job: job
        ? {
            id: job.id,
            title: job.title,
            status: job.status,
            openings: job.openings,
            filled: job.filled,
            salaryBand: { min: job.salaryMin, max: job.salaryMax, currency: job.salaryCurrency, period: job.salaryPeriod },
            hiringTeam: team,
          }
        : null,
      stageHistory: detail.moves.map((m) => ({
        ...m,
        fromStageName: m.fromStageId ? (stageById.get(m.fromStageId)?.name ?? null) : null,
        toStageName: m.toStageId ? (stageById.get(m.toStageId)?.name ?? null) : null,
      })),
      timeInStages: stages
        .filter((s) => seconds.has(s.id))
        .map((s) => ({ stageId: s.id, stageName: s.name, kind: s.kind, seconds: seconds.get(s.id) as number, current: s.id === app.stageId })),
      scorecards: { blind: feedback.blind, summary: feedback.summary, submitted: feedback.scorecards },
      notes,
      decisions: decisions.map((d) =>
        HiringDecisionDto.from(d, { id: app.id, status: app.status, stageId: app.stageId, stageName: app.stageName, version: app.version }),
      ),
      offers: offers.map((o) =>
        OfferDto.from(
          o,
          approvals.filter((a) => a.offerId === o.id),
        ),
      ),
      missing: {
        owedScorecards: feedback.owed,
        skippedStages: skipped.map((s) => ({ stageId: s.id, stageName: s.name, kind: s.kind })),
      },
    };
  }

  async decide(actor: AuthUser, applicationId: string, input: DecisionDto): Promise<HiringDecisionDto> {
    const app = await this.pipeline.application(actor.organizationId, applicationId);
    if (!app) throw applicationNotFound();
    const scope = await this.access.assertCan(
      actor,
      Action.Write,
      { resource: Resource.Decision, jobId: app.jobId },
      { hidden: () => new OffersException(OffersErrorCode.Forbidden, 'Only a hiring manager of the job (or an admin) may decide.') },
    );
    if (app.status !== 'active') {
      throw new OffersException(OffersErrorCode.ApplicationClosed, `The application is ${app.status}; there is nothing to decide.`, {
        extensions: { applicationStatus: app.status },
      });
    }
    if (input.decision === HiringDecisionKind.Reject && !(await this.pipeline.rejectionReasonExists(actor.organizationId, input.reasonId as string))) {
      throw new OffersException(OffersErrorCode.InvalidDecision, 'No such rejection reason.', {
        errors: [{ field: 'reasonId', message: 'is not a rejection reason of your organization' }],
      });
    }
    if (input.decision === HiringDecisionKind.Offer && input.reasonId !== undefined) {
      throw new OffersException(OffersErrorCode.InvalidDecision, 'A reason is only given when rejecting.', {
        errors: [{ field: 'reasonId', message: 'only allowed when decision is reject' }],
      });
    }
    const owed = await this.owedWithNames(actor.organizationId, applicationId);
    if (owed.length && !input.acknowledgeMissingFeedback) {
      const names = owed.map((o) => o.interviewerName ?? o.interviewerId).join(', ');
      throw new OffersException(
        OffersErrorCode.MissingFeedback,
        `${names} ${owed.length === 1 ? 'has' : 'have'} not sent their scorecard yet. Wait for it, or confirm that you decide without it.`,
        {
          errors: [{ field: 'acknowledgeMissingFeedback', message: `scorecards still owed by ${names}` }],
          extensions: { owedBy: owed },
        },
      );
    }
    const offerStage = input.decision === HiringDecisionKind.Offer ? await this.pipeline.stageOfKind(actor.organizationId, app.jobId, StageKind.Offer) : null;
    if (input.decision === HiringDecisionKind.Offer && !offerStage) {
      throw new OffersException(OffersErrorCode.NoStageOfKind, "The job's interview plan has no offer stage.", { extensions: { kind: StageKind.Offer } });
    }
    // The move (or rejection) and the decision record commit together, or not at all.
    return this.txHost.withTransaction(async () => {
      let after: { status: string; stageId: string; version: number };
      if (offerStage) {
        after =
          app.stageId === offerStage.id
            ? { status: app.status, stageId: app.stageId, version: app.version }
            : await this.applicationMoves.moveWithin(actor, scope, applicationId, { toStageId: offerStage.id, expectedVersion: app.version });
      } else {
        after = await this.applicationMoves.rejectWithin(actor, scope, applicationId, {
          reasonId: input.reasonId as string,
          expectedVersion: app.version,
        });
      }
      const row = this.txHost.tx.create(HiringDecision, {
        organizationId: actor.organizationId,
        applicationId,
        jobId: app.jobId,
        decision: input.decision,
        rationale: input.rationale,
        rejectionReasonId: input.reasonId ?? null,
        acknowledgedMissingFeedback: owed.length > 0 && input.acknowledgeMissingFeedback === true,
        missingFeedback: owed,
        decidedBy: actor.id,
      });
      await this.txHost.tx.save(HiringDecision, row);
      await this.audit.record({
        organizationId: actor.organizationId,
        actorId: actor.id,
        entityType: 'hiring_decision',
        entityId: row.id,
        action: 'create',
        changes: {
          decision: { to: row.decision },
          applicationId: { to: applicationId },
          reasonId: { to: row.rejectionReasonId },
          acknowledgedMissingFeedback: { to: row.acknowledgedMissingFeedback },
        },
      });
      await this.pipeline.activity({
        organizationId: actor.organizationId,
        candidateId: app.candidateId,
        applicationId,
        jobId: app.jobId,
        kind: 'hiring_decision.made',
        actorId: actor.id,
        subjectType: 'hiring_decision',
        subjectId: row.id,
        payload: {
          decision: row.decision,
          rationale: row.rationale,
          reasonId: row.rejectionReasonId,
          acknowledgedMissingFeedback: row.acknowledgedMissingFeedback,
        },
      });
      const saved = await this.txHost.tx.findOneByOrFail(HiringDecision, { id: row.id });
      const stage = (await this.jobs.getStages(actor.organizationId, app.jobId)).find((s) => s.id === after.stageId);
      const dto = HiringDecisionDto.from(saved, {
        id: applicationId,
        status: after.status,
        stageId: after.stageId,
        stageName: stage?.name ?? '',
        version: after.version,
      });
      await this.events.publish({
        type: DomainEventType.DecisionRecorded,
        organizationId: actor.organizationId,
        aggregateType: 'decision',
        aggregateId: row.id,
        data: dto,
      });
      return dto;
    });
  }

  private async owedWithNames(organizationId: string, applicationId: string): Promise<MissingFeedback[]> {
    const owed = await this.feedback.owed(organizationId, applicationId);
    const missingNames = owed.filter((o) => !o.interviewerName).map((o) => o.interviewerId);
    if (!missingNames.length) return owed;
    const users = await this.users.findInOrganization(organizationId, missingNames);
    return owed.map((o) => ({ ...o, interviewerName: o.interviewerName ?? users.find((u) => u.id === o.interviewerId)?.name }));
  }
}
