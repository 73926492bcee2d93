import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';
import { HiringDecisionKind } from './offer.types.js';

/** Who still owed a scorecard when a decision was taken. */
export interface MissingFeedback {
  interviewerId: string;
  interviewerName?: string;
  interviewId?: string;
}

/** A hiring manager's decision on an application: make an offer, or reject with a reason. */
@Entity('hiring_decisions')
export class HiringDecision {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ name: 'organization_id', type: 'uuid' })
  organizationId: string;

  @Column({ name: 'application_id', type: 'uuid' })
  applicationId: string;

  @Column({ name: 'job_id', type: 'uuid' })
  jobId: string;

  @Column({ type: 'text' })
  decision: HiringDecisionKind;

  @Column({ type: 'text' })
  rationale: string;

  @Column({ name: 'rejection_reason_id', type: 'uuid', nullable: true })
  rejectionReasonId: string | null;

  @Column({ name: 'acknowledged_missing_feedback', type: 'boolean', default: false })
  acknowledgedMissingFeedback: boolean;

  @Column({ name: 'missing_feedback', type: 'jsonb', default: () => "'[]'" })
  missingFeedback: MissingFeedback[];

  @Column({ name: 'decided_by', type: 'uuid', nullable: true })
  decidedBy: string | null;

  @Column({ name: 'decided_at', type: 'timestamptz', default: () => 'now()' })
  decidedAt: Date;
}
