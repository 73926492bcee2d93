import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn } from 'typeorm';
import type { KitContent } from './library/kit-content.js';

/** One immutable version of a kit's content (a database trigger refuses updates). */
@Entity('interview_kit_revisions')
export class InterviewKitRevision {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ name: 'kit_id', type: 'uuid' })
  kitId: string;

  /** The kit's organization; NULL for a built-in's revisions. */
  @Column({ name: 'organization_id', type: 'uuid', nullable: true })
  organizationId: string | null;

  @Column({ type: 'integer' })
  number: number;

  @Column({ type: 'jsonb' })
  content: KitContent;

  @Column({ name: 'created_by', type: 'uuid', nullable: true })
  createdBy: string | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;
}
