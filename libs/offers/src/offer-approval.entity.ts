import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';
import { ApprovalDecision, ApproverRole } from './offer.types.js';

/** One approver's decision on one step of one approval round of an offer (unique per offer, round and step). */
@Entity('offer_approvals')
export class OfferApproval {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ name: 'organization_id', type: 'uuid' })
  organizationId: string;

  @Column({ name: 'offer_id', type: 'uuid' })
  offerId: string;

  @Column({ type: 'integer' })
  round: number;

  @Column({ type: 'integer' })
  step: number;

  @Column({ name: 'approver_user_id', type: 'uuid', nullable: true })
  approverUserId: string | null;

  @Column({ name: 'approver_role', type: 'text', nullable: true })
  approverRole: ApproverRole | null;

  @Column({ name: 'decided_by', type: 'uuid', nullable: true })
  decidedBy: string | null;

  @Column({ type: 'text' })
  decision: ApprovalDecision;

  @Column({ type: 'text', nullable: true })
  comment: string | null;

  @Column({ name: 'decided_at', type: 'timestamptz', default: () => 'now()' })
  decidedAt: Date;
}
