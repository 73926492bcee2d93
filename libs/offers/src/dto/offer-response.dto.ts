import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import type { HiringDecision, MissingFeedback } from '../hiring-decision.entity.js';
import type { OfferApproval } from '../offer-approval.entity.js';
import type { Offer } from '../offer.entity.js';
import { ApprovalDecision, ApprovalStep, OfferStatus } from '../offer.types.js';
import { BonusDto, EquityDto, MoneyDto } from './offer.dto.js';

export class PersonRefDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() name: string;
}

export class OfferJobRefDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() title: string;
}

export class SalaryBandDto {
  @ApiProperty({ type: Number, nullable: true }) min: number | null;
  @ApiProperty({ type: Number, nullable: true }) max: number | null;
  @ApiProperty({ type: String, nullable: true }) currency: string | null;
  @ApiProperty({ type: String, nullable: true, enum: ['YEAR', 'MONTH', 'HOUR'] }) period: string | null;
}

export class ApprovalStepDto {
  @ApiProperty()
  step: number;

  @ApiPropertyOptional({ format: 'uuid' })
  userId?: string;

  @ApiPropertyOptional({ enum: ['hiring_manager', 'recruiter', 'admin'] })
  role?: string;

  @ApiPropertyOptional({ enum: ['out_of_band'], description: 'Why the step was added beyond the organization chain' })
  reason?: string;

  @ApiProperty({ enum: ['approved', 'rejected', 'current', 'waiting'] })
  state: 'approved' | 'rejected' | 'current' | 'waiting';

  @ApiPropertyOptional({ type: String, format: 'uuid', nullable: true })
  decidedBy: string | null;

  @ApiPropertyOptional({ type: String, nullable: true })
  decidedAt: string | null;

  @ApiPropertyOptional({ type: String, nullable: true })
  comment: string | null;

  @ApiPropertyOptional({ type: [PersonRefDto], description: 'Who may decide this step (never the drafter), by name' })
  approvers?: PersonRefDto[];

  @ApiPropertyOptional({ type: String, nullable: true, description: 'Name of who decided the step' })
  decidedByName?: string | null;
}

export class OfferLetterDto {
  @ApiProperty()
  markdown: string;

  @ApiProperty({ description: 'Sanitised HTML' })
  html: string;
}

export class OfferDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ format: 'uuid' }) applicationId: string;
  @ApiProperty({ format: 'uuid' }) jobId: string;
  @ApiProperty({ format: 'uuid' }) candidateId: string;
  @ApiPropertyOptional({ type: PersonRefDto, description: 'The candidate (on the offer routes)' }) candidate?: PersonRefDto;
  @ApiPropertyOptional({ type: OfferJobRefDto, description: 'The job (on the offer routes)' }) job?: OfferJobRefDto;
  @ApiPropertyOptional({ type: SalaryBandDto, description: "The job's salary band (on the offer routes)" }) band?: SalaryBandDto;
  @ApiPropertyOptional({ type: PersonRefDto, nullable: true, description: 'Who drafted the offer (on the offer routes)' }) drafter?: PersonRefDto | null;
  @ApiProperty({ enum: OfferStatus }) status: OfferStatus;
  @ApiProperty({ type: MoneyDto }) base: MoneyDto;
  @ApiPropertyOptional({ type: BonusDto, nullable: true }) bonus: BonusDto | null;
  @ApiPropertyOptional({ type: EquityDto, nullable: true }) equity: EquityDto | null;
  @ApiProperty() startDate: string;
  @ApiProperty() expiresAt: string;
  @ApiPropertyOptional({ type: String, nullable: true }) notes: string | null;
  @ApiPropertyOptional({ type: String, nullable: true }) justification: string | null;
  @ApiProperty({ description: 'Outside the job band or in another currency: needs a justification and an admin approval' }) outOfBand: boolean;
  @ApiProperty({ type: [ApprovalStepDto], description: 'Empty until submitted' }) approvals: ApprovalStepDto[];
  @ApiPropertyOptional({ nullable: true, description: 'The step whose approvers act next' }) currentStep: number | null;
  @ApiPropertyOptional({ type: String, nullable: true, description: 'Comment of the last approval rejection' }) lastRejectionComment: string | null;
  @ApiProperty() version: number;
  @ApiPropertyOptional({ type: OfferLetterDto, nullable: true }) letter: OfferLetterDto | null;
  @ApiPropertyOptional({ type: String, nullable: true }) declineReason: string | null;
  @ApiPropertyOptional({
    type: String,
    format: 'uuid',
    nullable: true,
    description: "The organization's rejection reason of kind 'declined', when one was picked",
  })
  declineReasonId: string | null;
  @ApiPropertyOptional({ type: String, nullable: true }) withdrawReason: string | null;
  @ApiPropertyOptional({ type: String, nullable: true }) submittedAt: string | null;
  @ApiPropertyOptional({ type: String, nullable: true }) approvedAt: string | null;
  @ApiPropertyOptional({ type: String, nullable: true }) sentAt: string | null;
  @ApiPropertyOptional({ type: String, nullable: true }) acceptedAt: string | null;
  @ApiPropertyOptional({ type: String, nullable: true }) declinedAt: string | null;
  @ApiPropertyOptional({ type: String, nullable: true }) withdrawnAt: string | null;
  @ApiPropertyOptional({ type: String, nullable: true }) expiredAt: string | null;
  @ApiPropertyOptional({ type: String, format: 'uuid', nullable: true }) createdBy: string | null;
  @ApiProperty() createdAt: string;
  @ApiProperty() updatedAt: string;

  static from(offer: Offer, approvals: OfferApproval[]): OfferDto {
    const round = approvals.filter((a) => a.round === offer.approvalRound);
    const approvedCount = round.filter((a) => a.decision === ApprovalDecision.Approved).length;
    const pending = offer.status === OfferStatus.PendingApproval;
    const steps = offer.approvalChain.map((step: ApprovalStep) => {
      const decided = round.find((a) => a.step === step.step);
      const state: ApprovalStepDto['state'] = decided ? decided.decision : pending && step.step === approvedCount ? 'current' : 'waiting';
      return {
        step: step.step,
        ...(step.userId ? { userId: step.userId } : {}),
        ...(step.role ? { role: step.role } : {}),
        ...(step.reason ? { reason: step.reason } : {}),
        state,
        decidedBy: decided?.decidedBy ?? null,
        decidedAt: decided ? decided.decidedAt.toISOString() : null,
        comment: decided?.comment ?? null,
      };
    });
    const iso = (d: Date | null) => (d ? d.toISOString() : null);
    return {
      id: offer.id,
      applicationId: offer.applicationId,
      jobId: offer.jobId,
      candidateId: offer.candidateId,
      status: offer.status,
      base: { amount: offer.baseAmount, currency: offer.baseCurrency, period: offer.basePeriod },
      bonus: offer.bonus,
      equity: offer.equity,
      startDate: offer.startDate,
      expiresAt: offer.expiresAt.toISOString(),
      notes: offer.notes,
      justification: offer.justification,
      outOfBand: offer.outOfBand,
      approvals: steps,
      currentStep: pending ? approvedCount : null,
      lastRejectionComment: offer.lastRejectionComment,
      version: offer.version,
      letter: offer.letterMarkdown !== null && offer.letterHtml !== null ? { markdown: offer.letterMarkdown, html: offer.letterHtml } : null,
      declineReason: offer.declineReason,
      declineReasonId: offer.declineReasonId,
      withdrawReason: offer.withdrawReason,
      submittedAt: iso(offer.submittedAt),
      approvedAt: iso(offer.approvedAt),
      sentAt: iso(offer.sentAt),
      acceptedAt: iso(offer.acceptedAt),
      declinedAt: iso(offer.declinedAt),
      withdrawnAt: iso(offer.withdrawnAt),
      expiredAt: iso(offer.expiredAt),
      createdBy: offer.createdBy,
      createdAt: offer.createdAt.toISOString(),
      updatedAt: offer.updatedAt.toISOString(),
    };
  }
}

export class OfferListDto {
  @ApiProperty({ type: [OfferDto] }) data: OfferDto[];
}

export class MissingFeedbackDto {
  @ApiProperty({ format: 'uuid' }) interviewerId: string;
  @ApiPropertyOptional() interviewerName?: string;
  @ApiPropertyOptional({ format: 'uuid' }) interviewId?: string;
}

export class HiringDecisionDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ format: 'uuid' }) applicationId: string;
  @ApiProperty({ format: 'uuid' }) jobId: string;
  @ApiProperty({ enum: ['offer', 'reject'] }) decision: string;
  @ApiProperty() rationale: string;
  @ApiPropertyOptional({ type: String, format: 'uuid', nullable: true }) reasonId: string | null;
  @ApiProperty() acknowledgedMissingFeedback: boolean;
  @ApiProperty({ type: [MissingFeedbackDto] }) missingFeedback: MissingFeedback[];
  @ApiPropertyOptional({ type: String, format: 'uuid', nullable: true }) decidedBy: string | null;
  @ApiProperty() decidedAt: string;
  @ApiProperty({ description: "The application's status and stage after the decision" })
  application: { id: string; status: string; stageId: string; stageName: string; version: number };

  static from(d: HiringDecision, application: HiringDecisionDto['application']): HiringDecisionDto {
    return {
      id: d.id,
      applicationId: d.applicationId,
      jobId: d.jobId,
      decision: d.decision,
      rationale: d.rationale,
      reasonId: d.rejectionReasonId,
      acknowledgedMissingFeedback: d.acknowledgedMissingFeedback,
      missingFeedback: d.missingFeedback,
      decidedBy: d.decidedBy,
      decidedAt: d.decidedAt.toISOString(),
      application,
    };
  }
}

export class DecisionPacketDto {
  @ApiProperty({ description: 'id, status, stage (id, name, kind), source, appliedAt, version' }) application: Record<string, unknown>;
  @ApiPropertyOptional({ nullable: true, description: 'id, names, emails, source' }) candidate: Record<string, unknown> | null;
  @ApiPropertyOptional({ nullable: true, description: 'id, title, status, openings, filled, salaryBand, hiringTeam' }) job: Record<string, unknown> | null;
  @ApiProperty({ type: [Object], description: 'Every move, oldest first, with stage names and seconds spent in the stage left' }) stageHistory: unknown[];
  @ApiProperty({ type: [Object], description: 'Seconds spent in each stage so far (the current one included)' }) timeInStages: unknown[];
  @ApiProperty({
    description:
      'blind (the reader is on a panel of the application and has not submitted their own scorecard: they see only their own), summary (the scorecards module summary of what the reader may see) and submitted (every submitted scorecard the reader may see)',
  })
  scorecards: Record<string, unknown>;
  @ApiProperty({ type: [Object] }) notes: unknown[];
  @ApiProperty({ type: [HiringDecisionDto] }) decisions: HiringDecisionDto[];
  @ApiProperty({ type: [OfferDto] }) offers: OfferDto[];
  @ApiProperty({ description: 'owedScorecards (who still owes one) and skippedStages (earlier stages never entered)' }) missing: Record<string, unknown>;
}
