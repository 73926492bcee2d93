import { TransactionHost } from '@nestjs-cls/transactional';
import type { TransactionalAdapterTypeOrm } from '@nestjs-cls/transactional-adapter-typeorm';
import { Injectable, OnModuleInit } from '@nestjs/common';
import { InterviewAccessRegistry, JobReadsService } from '../../jobs/src/index.js';
import { PipelineReadsService } from '../../pipelines/src/index.js';
import { IS_ON_PANEL_SQL, PANEL_APPLICATIONS_AMONG_SQL } from './interview-reads-sql.js';

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
 * Panel facts, owned by the interviews module: who sits on which application's panels. Plugs the
 * access policy's `INTERVIEW_ACCESS` port (jobs module) at start, so interviewers can read the
 * applications they interview; the decisions themselves are the policy's (`AccessPolicy`).
 */
@Injectable()
export class InterviewPanels implements OnModuleInit {
  constructor(
    private readonly txHost: TransactionHost<TransactionalAdapterTypeOrm>,
    private readonly interviewAccess: InterviewAccessRegistry,
    private readonly pipelineReads: PipelineReadsService,
    private readonly jobReads: JobReadsService,
  ) {}

  onModuleInit(): void {
    this.interviewAccess.use({
      applicationIdsFor: (organizationId, userId) => this.applicationIdsFor(organizationId, userId),
      panelApplicationsAmong: (organizationId, userId, applicationIds) => this.panelApplicationsAmong(organizationId, userId, applicationIds),
    });
  }

  /** Applications of the organization the user is on an active interview panel for. */
  async applicationIdsFor(organizationId: string, userId: string): Promise<string[]> {
    const rows: { application_id: string }[] = await this.txHost.tx.query(
      `SELECT DISTINCT application_id FROM interview_interviewers WHERE user_id = $1 AND organization_id = $2 AND active`,
      [userId, organizationId],
    );
    return rows.map((r) => r.application_id);
  }

  /** Which of the given applications the user is on an active panel for (along the application/user index: as many rows as ids given, at most). */
  async panelApplicationsAmong(organizationId: string, userId: string, applicationIds: readonly string[]): Promise<string[]> {
    if (!applicationIds.length) return [];
    const rows: { application_id: string }[] = await this.txHost.tx.query(PANEL_APPLICATIONS_AMONG_SQL, [applicationIds, userId, organizationId]);
    return rows.map((r) => r.application_id);
  }

  async loadApplication(organizationId: string, applicationId: string): Promise<ApplicationRef | null> {
    // The application, its candidate's name and its job's title come from their owners (pipelines, jobs).
    // One light read of the application (no stage lookup: nothing here needs the stage).
    const app = (await this.pipelineReads.applications(organizationId, [applicationId])).get(applicationId);
    if (!app) return null;
    const [names, titles] = await Promise.all([
      this.pipelineReads.candidateNames(organizationId, [app.candidateId]),
      this.jobReads.titles(organizationId, [app.jobId]),
    ]);
    return {
      id: applicationId,
      organizationId,
      jobId: app.jobId,
      candidateId: app.candidateId,
      status: app.status,
      candidateName: names.get(app.candidateId) ?? '',
      jobTitle: titles.get(app.jobId) ?? '',
    };
  }

  /** The job of the organization's application, or null (one light read: no names, no titles). */
  async jobOfApplication(organizationId: string, applicationId: string): Promise<string | null> {
    return (await this.pipelineReads.applications(organizationId, [applicationId])).get(applicationId)?.jobId ?? null;
  }

  /** Whether the user sits on an active interview panel of the application. */
  async isOnPanel(organizationId: string, applicationId: string, userId: string): Promise<boolean> {
    const rows: unknown[] = await this.txHost.tx.query(IS_ON_PANEL_SQL, [applicationId, organizationId, userId]);
    return rows.length > 0;
  }
}
