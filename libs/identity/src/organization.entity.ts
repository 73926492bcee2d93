import type { SelfIdentificationQuestion } from './self-identification.js';
import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';

/** Organization-wide settings other modules read; defaults apply to keys not stored. */
export interface OrganizationSettings {
  /** Lint: a job description must state a pay range (error when missing). */
  requirePayRange?: boolean;
  /** Hours after an interview before its scorecard is overdue. */
  scorecardDeadlineHours?: number;
  /** Hours after submitting during which an interviewer may amend their scorecard (with a reason). */
  scorecardAmendmentHours?: number;
  /** Hours between rejecting an application and the rejection email (reopening before then cancels it). */
  rejectionEmailDelayHours?: number;
  /** Careers page: logo (https URL) and accent colour (#rrggbb), null when unset. */
  logoUrl?: string | null;
  accentColor?: string | null;
  /** Voluntary self-identification survey on the apply form, and which questions it asks. */
  selfIdentificationSurvey?: boolean;
  selfIdentificationQuestions?: SelfIdentificationQuestion[];
  [key: string]: unknown;
}

/** A tenant: every business row belongs to exactly one organization. */
@Entity('organizations')
export class Organization {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'text' })
  name: string;

  /** Lower-case letters, digits and dashes; unique; used in public URLs (careers page, feeds). */
  @Column({ type: 'text', unique: true })
  slug: string;

  @Column({ type: 'jsonb', default: () => "'{}'" })
  settings: OrganizationSettings;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;
}
