import { Injectable, OnModuleInit } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import type { AuthUser } from '../../identity/src/index.js';
import { hasRole, Role } from '../../identity/src/index.js';
import { InterviewAccessRegistry } from '../../pipelines/src/index.js';
import { InterviewsErrorCode, InterviewsException } from './interviews.exception.js';

export interface ApplicationRef {
  id: string;
  organizationId: string;
  jobId: string;
  candidateId: string;
  status: string;
  candidateName: string;
  jobTitle: string;
}

/**
 * Who may do what with an application's interviews: recruiters and admins everything in the
 * organization, hiring managers the jobs on whose hiring team they are, interviewers only the
 * applications they are on a panel for (read-only). Also plugs the pipelines module's
 * interviewer-visibility port, so interviewers can read the applications they interview.
 */
@Injectable()
export class InterviewPanelAccess implements OnModuleInit {
  constructor(
    private readonly dataSource: DataSource,
    private readonly interviewAccess: InterviewAccessRegistry,
  ) {}

  onModuleInit(): void {
    this.interviewAccess.use({ applicationIdsFor: (organizationId, userId) => this.applicationIdsFor(organizationId, userId) });
  }

  /** Applications of the organization the user is on an active interview panel for. */
  async applicationIdsFor(organizationId: string, userId: string): Promise<string[]> {
    const rows: { application_id: string }[] = await this.dataSource.query(
      `SELECT DISTINCT application_id FROM interview_interviewers WHERE user_id = $1 AND organization_id = $2 AND active`,
      [userId, organizationId],
    );
    return rows.map((r) => r.application_id);
  }

  async loadApplication(organizationId: string, applicationId: string, manager?: EntityManager): Promise<ApplicationRef | null> {
    const m = manager ?? this.dataSource.manager;
    const [row] = await m.query<
      Array<{ id: string; organization_id: string; job_id: string; candidate_id: string; status: string; full_name: string; title: string }>
    >(
      `SELECT a.id, a.organization_id, a.job_id, a.candidate_id, a.status, c.full_name, j.title
         FROM applications a JOIN candidates c ON c.id = a.candidate_id JOIN jobs j ON j.id = a.job_id
        WHERE a.id = $1 AND a.organization_id = $2`,
      [applicationId, organizationId],
    );
    return row
      ? {
          id: row.id,
          organizationId: row.organization_id,
          jobId: row.job_id,
          candidateId: row.candidate_id,
          status: row.status,
          candidateName: row.full_name,
          jobTitle: row.title,
        }
      : null;
  }

  /** Jobs on whose hiring team the user is a hiring manager. */
  async managedJobIds(actor: AuthUser): Promise<string[]> {
    if (!hasRole(actor, Role.HiringManager)) return [];
    const rows: { job_id: string }[] = await this.dataSource.query(
      `SELECT t.job_id FROM job_hiring_team t JOIN jobs j ON j.id = t.job_id WHERE t.user_id = $1 AND t.role = 'hiring_manager' AND j.organization_id = $2`,
      [actor.id, actor.organizationId],
    );
    return rows.map((r) => r.job_id);
  }

  /** Recruiters and admins manage every job; hiring managers the jobs they are on. */
  async managesJob(actor: AuthUser, jobId: string): Promise<boolean> {
    if (hasRole(actor, Role.Admin, Role.Recruiter)) return true;
    return (await this.managedJobIds(actor)).includes(jobId);
  }

  async isOnPanel(organizationId: string, applicationId: string, userId: string): Promise<boolean> {
    const rows = await this.dataSource.query<unknown[]>(
      `SELECT 1 FROM interview_interviewers WHERE application_id = $1 AND organization_id = $2 AND user_id = $3 AND active LIMIT 1`,
      [applicationId, organizationId, userId],
    );
    return rows.length > 0;
  }

  /** An application the actor may read (manager of its job, or on one of its panels); 404 otherwise. */
  async readableApplication(actor: AuthUser, applicationId: string): Promise<{ app: ApplicationRef; manages: boolean; onPanel: boolean }> {
    const app = await this.loadApplication(actor.organizationId, applicationId);
    if (!app) throw new InterviewsException(InterviewsErrorCode.ApplicationNotFound, 'No such application.');
    const [manages, onPanel] = await Promise.all([this.managesJob(actor, app.jobId), this.isOnPanel(actor.organizationId, app.id, actor.id)]);
    if (!manages && !onPanel) throw new InterviewsException(InterviewsErrorCode.ApplicationNotFound, 'No such application.');
    return { app, manages, onPanel };
  }
}
