import { Role } from '../../identity/src/index.js';
import { HiringTeamRole } from './job.types.js';
import { JobsErrorCode, JobsException } from './jobs.exception.js';
import type { HiringTeam } from './jobs.service.js';

/** Shared by JobsService and the use-case services of jobs; not exported from the module. */
export const TEAM_FIELDS: Array<{ key: keyof HiringTeam; role: HiringTeamRole; userRole: Role }> = [
  { key: 'recruiterIds', role: HiringTeamRole.Recruiter, userRole: Role.Recruiter },
  { key: 'hiringManagerIds', role: HiringTeamRole.HiringManager, userRole: Role.HiringManager },
  { key: 'interviewerIds', role: HiringTeamRole.Interviewer, userRole: Role.Interviewer },
];

export const emptyTeam = (): HiringTeam => ({ recruiterIds: [], hiringManagerIds: [], interviewerIds: [] });

/** Jobs answer 403 to a hiring manager asking for a job off their hiring team (the job's existence is no secret inside the organization). */
export const JOB_DENIED = {
  hidden: () => new JobsException(JobsErrorCode.NotOnHiringTeam, 'You can only see jobs on whose hiring team you are.'),
  forbidden: () => new JobsException(JobsErrorCode.NotOnHiringTeam, 'Only admins and recruiters change jobs.'),
};
