import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn } from 'typeorm';
import type { TemplateSections, TemplateVariable } from './library/template-content.js';

/** One immutable version of a template's text (a database trigger refuses updates). */
@Entity('template_revisions')
export class TemplateRevision {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ name: 'template_id', type: 'uuid' })
  templateId: string;

  /** The template's organization; NULL for a built-in's revisions. */
  @Column({ name: 'organization_id', type: 'uuid', nullable: true })
  organizationId: string | null;

  @Column({ type: 'integer' })
  number: number;

  @Column({ type: 'text' })
  title: string;

  @Column({ type: 'jsonb' })
  sections: TemplateSections;

  @Column({ type: 'jsonb' })
  variables: TemplateVariable[];

  @Column({ name: 'created_by', type: 'uuid', nullable: true })
  createdBy: string | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;
}
