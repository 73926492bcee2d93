import { Column, Entity, PrimaryColumn } from 'typeorm';

/** An office a job is located at, in the order the recruiter listed them. */
@Entity('job_offices')
export class JobOffice {
  @PrimaryColumn({ name: 'job_id', type: 'uuid' })
  jobId: string;

  @PrimaryColumn({ name: 'office_id', type: 'uuid' })
  officeId: string;

  @Column({ name: 'organization_id', type: 'uuid' })
  organizationId: string;

  @Column({ type: 'integer', default: 0 })
  position: number;
}
