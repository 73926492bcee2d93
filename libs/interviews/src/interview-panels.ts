import { Injectable, OnModuleInit } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { InterviewAccessRegistry } from '../../jobs/src/index.js';

export interface ApplicationRef {
  id: string;
  organizationId: string;
  jobId: string;
  candidateId: string;
  status: string;
  candidateName: string;
  jobTitle: string;
}

interface ApplicationRow {
  id: string;
  organization_id: string;
  job_id: string;
  candidate_id: string;
  status: string;
  full_name: string;
  title: string;
}

/**
 * Panel facts, owned by the interviews module: who sits on which application's panels. Plugs the
 * access policy's `INTERVIEW_ACCESS` port (jobs module) at start, so interviewers can read the
 * applications they interview; the decisions themselves are the policy's (`AccessPolicy`).
 */
@Injectable()
export class InterviewPanels implements OnModuleInit {
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
    const [row]: ApplicationRow[] = await m.query(
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

  /** Whether the user sits on an active interview panel of the application. */
  async isOnPanel(organizationId: string, applicationId: string, userId: string): Promise<boolean> {
    const rows: unknown[] = await this.dataSource.query(
      `SELECT 1 FROM interview_interviewers WHERE application_id = $1 AND organization_id = $2 AND user_id = $3 AND active LIMIT 1`,
      [applicationId, organizationId, userId],
    );
    return rows.length > 0;
  }
}
