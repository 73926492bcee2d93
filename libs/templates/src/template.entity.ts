import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';
import type { Language, Seniority, SystemType, WorkModel } from './library/template-content.js';

/**
 * A job-description template: a built-in of the library (no organization, read-only, addressed
 * by its stable `key`) or one of an organization's own. Its text lives in immutable revisions.
 */
@Entity('templates')
export class Template {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  /** Null for built-ins, which every organization can read. */
  @Column({ name: 'organization_id', type: 'uuid', nullable: true })
  organizationId: string | null;

  @Column({ type: 'text', nullable: true })
  key: string | null;

  @Column({ type: 'text' })
  family: string;

  @Column({ type: 'text' })
  title: string;

  @Column({ type: 'text', nullable: true })
  language: Language | null;

  @Column({ type: 'text', nullable: true })
  seniority: Seniority | null;

  @Column({ name: 'system_type', type: 'text', nullable: true })
  systemType: SystemType | null;

  @Column({ name: 'work_model', type: 'text', nullable: true })
  workModel: WorkModel | null;

  @Column({ name: 'built_in', type: 'boolean', default: false })
  builtIn: boolean;

  /** Hash of a built-in's generated content, to detect library changes. */
  @Column({ name: 'content_hash', type: 'text', nullable: true })
  contentHash: string | null;

  @Column({ name: 'forked_from_id', type: 'uuid', nullable: true })
  forkedFromId: string | null;

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
