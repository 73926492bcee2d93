import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn, UpdateDateColumn, ValueTransformer } from 'typeorm';
import type { LintFinding } from '../../templates/src/index.js';
import { EmploymentType, JobSeniority, JobStatus, JobWorkModel, SalaryPeriod } from './job.types.js';

/** numeric columns come back from pg as strings; money stays exact to the cent. */
export const numericTransformer: ValueTransformer = {
  to: (value: number | null | undefined) => value,
  from: (value: string | null) => (value === null || value === undefined ? null : Number(value)),
};

/** A requisition made from one template revision; its text never changes when the template does. */
@Entity('jobs')
export class Job {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ name: 'organization_id', type: 'uuid' })
  organizationId: string;

  @Column({ name: 'template_id', type: 'uuid' })
  templateId: string;

  @Column({ name: 'template_revision_id', type: 'uuid' })
  templateRevisionId: string;

  /** The title as rendered from `titleTemplate` (or the revision's title) and the variables: output, never rendered again. */
  @Column({ type: 'text' })
  title: string;

  /** The title as the recruiter wrote it (placeholders allowed); null: the template revision's title. */
  @Column({ name: 'title_template', type: 'text', nullable: true })
  titleTemplate: string | null;

  @Column({ type: 'jsonb', default: () => "'{}'" })
  variables: Record<string, unknown>;

  @Column({ name: 'description_markdown', type: 'text' })
  descriptionMarkdown: string;

  @Column({ name: 'description_html', type: 'text' })
  descriptionHtml: string;

  @Column({ type: 'jsonb', default: () => "'[]'" })
  findings: LintFinding[];

  @Column({ name: 'department_id', type: 'uuid', nullable: true })
  departmentId: string | null;

  @Column({ name: 'work_model', type: 'text' })
  workModel: JobWorkModel;

  @Column({ name: 'remote_countries', type: 'text', array: true, default: () => "'{}'" })
  remoteCountries: string[];

  @Column({ name: 'employment_type', type: 'text' })
  employmentType: EmploymentType;

  @Column({ type: 'text' })
  seniority: JobSeniority;

  @Column({ name: 'salary_min', type: 'numeric', precision: 14, scale: 2, nullable: true, transformer: numericTransformer })
  salaryMin: number | null;

  @Column({ name: 'salary_max', type: 'numeric', precision: 14, scale: 2, nullable: true, transformer: numericTransformer })
  salaryMax: number | null;

  @Column({ name: 'salary_currency', type: 'char', length: 3, nullable: true })
  salaryCurrency: string | null;

  @Column({ name: 'salary_period', type: 'text', nullable: true })
  salaryPeriod: SalaryPeriod | null;

  /** True when the band came from the salary reference because the recruiter gave none. */
  @Column({ name: 'salary_suggested', type: 'boolean', default: false })
  salarySuggested: boolean;

  @Column({ type: 'integer', default: 1 })
  openings: number;

  @Column({ type: 'integer', default: 0 })
  filled: number;

  @Column({ type: 'text', default: JobStatus.Draft })
  status: JobStatus;

  @Column({ name: 'close_reason', type: 'text', nullable: true })
  closeReason: string | null;

  /** Optimistic concurrency: bumped by every write, compared on PATCH. */
  @Column({ type: 'integer', default: 1 })
  version: number;

  @Column({ name: 'opened_at', type: 'timestamptz', nullable: true })
  openedAt: Date | null;

  @Column({ name: 'closed_at', type: 'timestamptz', nullable: true })
  closedAt: Date | null;

  @Column({ name: 'created_by', type: 'uuid', nullable: true })
  createdBy: string | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;
}
