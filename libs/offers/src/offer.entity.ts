import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn, UpdateDateColumn, ValueTransformer } from 'typeorm';
import { ApprovalStep, OfferBonus, OfferEquity, OfferStatus, PayPeriod } from './offer.types.js';

/** numeric comes back from pg as a string; money stays exact to the cent. */
const money: ValueTransformer = {
  to: (value: number | null | undefined) => value,
  from: (value: string | null) => (value === null || value === undefined ? null : Number(value)),
};

/** An offer to one application's candidate: compensation, approval state and the letter as sent. */
@Entity('offers')
export class Offer {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ name: 'organization_id', type: 'uuid' })
  organizationId: string;

  @Column({ name: 'application_id', type: 'uuid' })
  applicationId: string;

  @Column({ name: 'job_id', type: 'uuid' })
  jobId: string;

  @Column({ name: 'candidate_id', type: 'uuid' })
  candidateId: string;

  @Column({ type: 'text', default: OfferStatus.Draft })
  status: OfferStatus;

  @Column({ name: 'base_amount', type: 'numeric', precision: 14, scale: 2, transformer: money })
  baseAmount: number;

  @Column({ name: 'base_currency', type: 'char', length: 3 })
  baseCurrency: string;

  @Column({ name: 'base_period', type: 'text' })
  basePeriod: PayPeriod;

  @Column({ type: 'jsonb', nullable: true })
  bonus: OfferBonus | null;

  @Column({ type: 'jsonb', nullable: true })
  equity: OfferEquity | null;

  /** `YYYY-MM-DD`. */
  @Column({ name: 'start_date', type: 'date' })
  startDate: string;

  @Column({ name: 'expires_at', type: 'timestamptz' })
  expiresAt: Date;

  @Column({ type: 'text', nullable: true })
  notes: string | null;

  @Column({ type: 'text', nullable: true })
  justification: string | null;

  @Column({ name: 'out_of_band', type: 'boolean', default: false })
  outOfBand: boolean;

  @Column({ name: 'approval_chain', type: 'jsonb', default: () => "'[]'" })
  approvalChain: ApprovalStep[];

  @Column({ name: 'approval_round', type: 'integer', default: 0 })
  approvalRound: number;

  @Column({ name: 'last_rejection_comment', type: 'text', nullable: true })
  lastRejectionComment: string | null;

  @Column({ type: 'integer', default: 1 })
  version: number;

  @Column({ name: 'letter_markdown', type: 'text', nullable: true })
  letterMarkdown: string | null;

  @Column({ name: 'letter_html', type: 'text', nullable: true })
  letterHtml: string | null;

  @Column({ name: 'decline_reason', type: 'text', nullable: true })
  declineReason: string | null;

  /** One of the organization's rejection reasons of kind 'declined', when the recruiter picked one. */
  @Column({ name: 'decline_reason_id', type: 'uuid', nullable: true })
  declineReasonId: string | null;

  @Column({ name: 'withdraw_reason', type: 'text', nullable: true })
  withdrawReason: string | null;

  @Column({ name: 'submitted_at', type: 'timestamptz', nullable: true })
  submittedAt: Date | null;

  @Column({ name: 'approved_at', type: 'timestamptz', nullable: true })
  approvedAt: Date | null;

  @Column({ name: 'sent_at', type: 'timestamptz', nullable: true })
  sentAt: Date | null;

  @Column({ name: 'accepted_at', type: 'timestamptz', nullable: true })
  acceptedAt: Date | null;

  @Column({ name: 'declined_at', type: 'timestamptz', nullable: true })
  declinedAt: Date | null;

  @Column({ name: 'withdrawn_at', type: 'timestamptz', nullable: true })
  withdrawnAt: Date | null;

  @Column({ name: 'expired_at', type: 'timestamptz', nullable: true })
  expiredAt: Date | null;

  @Column({ name: 'created_by', type: 'uuid', nullable: true })
  createdBy: string | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;
}
