import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';
import { type PostingOverrides, PostingStatus } from './posting.types.js';

/** One job on one board, with its own status, external id, error and history. */
@Entity('postings')
export class Posting {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  /** Integer id shown on public boards (Greenhouse-style); bigint comes back as a string. */
  @Column({ name: 'public_id', type: 'bigint', insert: false, update: false })
  publicId: string;

  @Column({ name: 'organization_id', type: 'uuid' })
  organizationId: string;

  @Column({ name: 'job_id', type: 'uuid' })
  jobId: string;

  /** `careers`, `indeed`, `linkedin` or a partner board's id. */
  @Column({ type: 'text' })
  board: string;

  @Column({ name: 'partner_board_id', type: 'uuid', nullable: true })
  partnerBoardId: string | null;

  @Column({ type: 'text', default: PostingStatus.Pending })
  status: PostingStatus;

  @Column({ name: 'external_id', type: 'text', nullable: true })
  externalId: string | null;

  /** Hireloop's own sentence about the last failed delivery (never the board's words). */
  @Column({ name: 'last_error', type: 'text', nullable: true })
  lastError: string | null;

  /** HTTP status of the board's answer to the last failed delivery, when it answered. */
  @Column({ name: 'last_error_status', type: 'integer', nullable: true })
  lastErrorStatus: number | null;

  /** At most 200 sanitized characters of that answer; shown to admins only. */
  @Column({ name: 'last_error_excerpt', type: 'text', nullable: true })
  lastErrorExcerpt: string | null;

  @Column({ type: 'integer', default: 0 })
  attempts: number;

  /** Hash of the content last delivered to the board: an unchanged job is not sent again. */
  @Column({ name: 'content_hash', type: 'text', nullable: true })
  contentHash: string | null;

  @Column({ name: 'valid_through', type: 'timestamptz', nullable: true })
  validThrough: Date | null;

  @Column({ type: 'jsonb', default: () => "'{}'" })
  overrides: PostingOverrides;

  @Column({ name: 'published_at', type: 'timestamptz', nullable: true })
  publishedAt: Date | null;

  @Column({ name: 'closed_at', type: 'timestamptz', nullable: true })
  closedAt: Date | null;

  @Column({ type: 'integer', default: 1 })
  version: number;

  @Column({ name: 'created_by', type: 'uuid', nullable: true })
  createdBy: string | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;
}
