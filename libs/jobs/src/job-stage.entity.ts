import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';
import { StageKind } from './job.types.js';

/** One step of a job's interview plan; position 0 is where new applications land. */
@Entity('job_stages')
export class JobStage {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ name: 'organization_id', type: 'uuid' })
  organizationId: string;

  @Column({ name: 'job_id', type: 'uuid' })
  jobId: string;

  @Column({ type: 'integer' })
  position: number;

  @Column({ type: 'text' })
  name: string;

  @Column({ type: 'text' })
  kind: StageKind;

  /** Key of a built-in interview kit (e.g. `rate-limiter-design`), if the stage uses one. */
  @Column({ name: 'kit_key', type: 'text', nullable: true })
  kitKey: string | null;

  @Column({ name: 'sla_days', type: 'integer', nullable: true })
  slaDays: number | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;
}
