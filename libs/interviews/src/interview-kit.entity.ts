import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';

/**
 * An interview kit: a built-in of the library (no organization, read-only, addressed by its stable
 * `key`) or one of an organization's own. Its content lives in immutable revisions.
 */
@Entity('interview_kits')
export class InterviewKit {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  /** Null for built-ins, which every organization can read. */
  @Column({ name: 'organization_id', type: 'uuid', nullable: true })
  organizationId: string | null;

  @Column({ type: 'text' })
  key: string;

  @Column({ type: 'text' })
  title: string;

  @Column({ name: 'stage_kind', type: 'text' })
  stageKind: string;

  @Column({ name: 'built_in', type: 'boolean', default: false })
  builtIn: boolean;

  /** Hash of a built-in's content, to detect library changes at boot. */
  @Column({ name: 'content_hash', type: 'text', nullable: true })
  contentHash: string | null;

  @Column({ name: 'forked_from', type: 'uuid', nullable: true })
  forkedFrom: string | null;

  @Column({ name: 'latest_revision_id', type: 'uuid', nullable: true })
  latestRevisionId: string | null;

  @Column({ name: 'latest_revision_number', type: 'integer', default: 0 })
  latestRevisionNumber: number;

  @Column({ name: 'created_by', type: 'uuid', nullable: true })
  createdBy: string | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;
}
