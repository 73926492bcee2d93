import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { AuthUser, hasRole, Role } from '../../identity/src/index.js';
import { InterviewAccessRegistry } from './interview-access.js';
import { forbidden } from './pipelines.exception.js';

/**
 * What one signed-in user may see in the pipeline: recruiters and admins everything in the
 * organization; hiring managers the jobs on whose hiring team they are (read and write);
 * interviewers the applications they are scheduled to interview (read-only).
 */
export interface PipelineScope {
  organizationId: string;
  userId: string;
  all: boolean;
  /** Jobs readable and writable through the hiring team (hiring managers). */
  jobIds: string[];
  /** Applications readable only (interviewers). */
  applicationIds: string[];
  /** Private notes are hidden from a user whose only access is as an interviewer. */
  seesPrivateNotes: boolean;
}

@Injectable()
export class PipelineAccessService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly interviewAccess: InterviewAccessRegistry,
  ) {}

  async scope(actor: AuthUser): Promise<PipelineScope> {
    const base = { organizationId: actor.organizationId, userId: actor.id };
    if (hasRole(actor, Role.Admin, Role.Recruiter)) return { ...base, all: true, jobIds: [], applicationIds: [], seesPrivateNotes: true };
    let jobIds: string[] = [];
    if (hasRole(actor, Role.HiringManager)) {
      const rows: { job_id: string }[] = await this.dataSource.query(
        `SELECT DISTINCT t.job_id FROM job_hiring_team t JOIN jobs j ON j.id = t.job_id WHERE t.user_id = $1 AND j.organization_id = $2`,
        [actor.id, actor.organizationId],
      );
      jobIds = rows.map((r) => r.job_id);
    }
    const applicationIds = hasRole(actor, Role.Interviewer) ? await this.interviewAccess.applicationIdsFor(actor.organizationId, actor.id) : [];
    return { ...base, all: false, jobIds, applicationIds, seesPrivateNotes: hasRole(actor, Role.HiringManager) };
  }

  /** Whether an application can be read (`false` = answer 404) and written (`false` = 403). */
  applicationAccess(scope: PipelineScope, app: { id: string; jobId: string }): { read: boolean; write: boolean } {
    if (scope.all || scope.jobIds.includes(app.jobId)) return { read: true, write: true };
    return { read: scope.applicationIds.includes(app.id), write: false };
  }

  jobAccess(scope: PipelineScope, jobId: string): { read: boolean; write: boolean } {
    if (scope.all || scope.jobIds.includes(jobId)) return { read: true, write: true };
    return { read: false, write: false };
  }

  assertWrite(access: { read: boolean; write: boolean }, notFound: () => Error): void {
    if (!access.read) throw notFound();
    if (!access.write) throw forbidden();
  }

  /**
   * SQL condition restricting candidates (alias `c`) to the visible ones; appends its parameters.
   * `write` restricts to candidates the user may change.
   */
  candidateCondition(scope: PipelineScope, params: unknown[], write = false): string {
    if (scope.all) return 'true';
    params.push(scope.jobIds);
    const jobParam = `$${params.length}`;
    if (write) return `EXISTS (SELECT 1 FROM applications va WHERE va.candidate_id = c.id AND va.job_id = ANY(${jobParam}::uuid[]))`;
    params.push(scope.applicationIds);
    const appParam = `$${params.length}`;
    return `EXISTS (SELECT 1 FROM applications va WHERE va.candidate_id = c.id AND (va.job_id = ANY(${jobParam}::uuid[]) OR va.id = ANY(${appParam}::uuid[])))`;
  }

  /** SQL condition restricting applications (given alias) to the visible ones; appends its parameters. */
  applicationCondition(scope: PipelineScope, alias: string, params: unknown[]): string {
    if (scope.all) return 'true';
    params.push(scope.jobIds, scope.applicationIds);
    return `(${alias}.job_id = ANY($${params.length - 1}::uuid[]) OR ${alias}.id = ANY($${params.length}::uuid[]))`;
  }
}
