import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';
import type { CompetencyRating, OverallRecommendation, QuestionNote } from './rules/scorecard-content.js';

export enum ScorecardStatus {
  Draft = 'draft',
  Submitted = 'submitted',
}

/** One interviewer's feedback on one interview; submitted versions are immutable (a trigger enforces it). */
@Entity('scorecards')
export class Scorecard {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Column({ name: 'organization_id', type: 'uuid' }) organizationId: string;
  @Column({ name: 'interview_id', type: 'uuid' }) interviewId: string;
  @Column({ name: 'application_id', type: 'uuid' }) applicationId: string;
  @Column({ name: 'job_id', type: 'uuid' }) jobId: string;
  @Column({ name: 'interviewer_id', type: 'uuid' }) interviewerId: string;
  @Column({ name: 'kit_revision_id', type: 'uuid', nullable: true }) kitRevisionId: string | null;
  /** 1 for the original; each correction adds a version. */
  @Column({ type: 'integer', default: 1 }) version: number;
  @Column({ type: 'text', default: ScorecardStatus.Draft }) status: ScorecardStatus;
  /** False once a correction supersedes this version. */
  @Column({ type: 'boolean', default: true }) current: boolean;
  @Column({ type: 'jsonb', default: () => "'[]'" }) ratings: CompetencyRating[];
  @Column({ name: 'question_notes', type: 'jsonb', default: () => "'[]'" }) questionNotes: QuestionNote[];
  @Column({ name: 'key_takeaways', type: 'text', nullable: true }) keyTakeaways: string | null;
  @Column({ type: 'text', nullable: true }) overall: OverallRecommendation | null;
  @Column({ name: 'correction_reason', type: 'text', nullable: true }) correctionReason: string | null;
  @Column({ name: 'supersedes_id', type: 'uuid', nullable: true }) supersedesId: string | null;
  @Column({ name: 'submitted_at', type: 'timestamptz', nullable: true }) submittedAt: Date | null;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt: Date;
  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' }) updatedAt: Date;
}
