import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';

export enum InterviewStatus {
  Scheduled = 'scheduled',
  Cancelled = 'cancelled',
}

/** One scheduled interview of an application, in one stage, with a panel and (usually) a kit revision. */
@Entity('interviews')
export class Interview {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Column({ name: 'organization_id', type: 'uuid' }) organizationId: string;
  @Column({ name: 'application_id', type: 'uuid' }) applicationId: string;
  @Column({ name: 'candidate_id', type: 'uuid' }) candidateId: string;
  @Column({ name: 'job_id', type: 'uuid' }) jobId: string;
  @Column({ name: 'stage_id', type: 'uuid' }) stageId: string;
  @Column({ name: 'kit_id', type: 'uuid', nullable: true }) kitId: string | null;
  /** The kit revision scorecards of this interview are written against. */
  @Column({ name: 'kit_revision_id', type: 'uuid', nullable: true }) kitRevisionId: string | null;
  @Column({ name: 'starts_at', type: 'timestamptz' }) startsAt: Date;
  @Column({ name: 'ends_at', type: 'timestamptz' }) endsAt: Date;
  @Column({ name: 'duration_minutes', type: 'integer' }) durationMinutes: number;
  @Column({ type: 'text', nullable: true }) location: string | null;
  @Column({ name: 'video_url', type: 'text', nullable: true }) videoUrl: string | null;
  @Column({ type: 'text', default: InterviewStatus.Scheduled }) status: InterviewStatus;
  @Column({ name: 'cancel_reason', type: 'text', nullable: true }) cancelReason: string | null;
  @Column({ name: 'cancelled_at', type: 'timestamptz', nullable: true }) cancelledAt: Date | null;
  /** When owed scorecards are reminded (end + the organization's deadline); a stale reminder job compares against it. */
  @Column({ name: 'reminder_due_at', type: 'timestamptz' }) reminderDueAt: Date;
  /** When the job's recruiters are told (end + twice the deadline). */
  @Column({ name: 'escalation_due_at', type: 'timestamptz' }) escalationDueAt: Date;
  /** Optimistic concurrency: compared on reschedule and cancel. */
  @Column({ type: 'integer', default: 1 }) version: number;
  @Column({ name: 'created_by', type: 'uuid', nullable: true }) createdBy: string | null;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt: Date;
  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' }) updatedAt: Date;
}

/** A member of an interview's panel (times copied from the interview for the double-booking index). */
@Entity('interview_interviewers')
export class InterviewInterviewer {
  @Column({ name: 'interview_id', type: 'uuid', primary: true }) interviewId: string;
  @Column({ name: 'user_id', type: 'uuid', primary: true }) userId: string;
  @Column({ name: 'organization_id', type: 'uuid' }) organizationId: string;
  @Column({ name: 'application_id', type: 'uuid' }) applicationId: string;
  @Column({ name: 'starts_at', type: 'timestamptz' }) startsAt: Date;
  @Column({ name: 'ends_at', type: 'timestamptz' }) endsAt: Date;
  /** False once the interview is cancelled or the member is removed from the panel. */
  @Column({ type: 'boolean', default: true }) active: boolean;
}
