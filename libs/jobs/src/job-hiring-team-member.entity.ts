import { Entity, PrimaryColumn } from 'typeorm';
import { HiringTeamRole } from './job.types.js';

/** A user on a job's hiring team in one role (indexed by user for "my jobs"). */
@Entity('job_hiring_team')
export class JobHiringTeamMember {
  @PrimaryColumn({ name: 'job_id', type: 'uuid' })
  jobId: string;

  @PrimaryColumn({ type: 'text' })
  role: HiringTeamRole;

  @PrimaryColumn({ name: 'user_id', type: 'uuid' })
  userId: string;
}
