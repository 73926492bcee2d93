import { TransactionHost } from '@nestjs-cls/transactional';
import type { TransactionalAdapterTypeOrm } from '@nestjs-cls/transactional-adapter-typeorm';
import { Injectable } from '@nestjs/common';
import { JobReadsService } from '../../jobs/src/index.js';
import { NotificationsService, PipelineReadsService } from '../../pipelines/src/index.js';

export interface InterviewNotifyPayload {
  interviewId: string;
  change: 'scheduled' | 'rescheduled' | 'cancelled';
  userIds: string[];
  version: number;
}

/**
 * Sends the panel in-app notifications (through the pipelines NotificationsService) for a scheduled,
 * rescheduled or cancelled interview. Idempotent per event: a redelivered job inserts nothing twice.
 * Notifications name the interview and its time, never a scorecard.
 */
@Injectable()
export class InterviewNotifierService {
  constructor(
    private readonly txHost: TransactionHost<TransactionalAdapterTypeOrm>,
    private readonly notifications: NotificationsService,
    private readonly pipelineReads: PipelineReadsService,
    private readonly jobReads: JobReadsService,
  ) {}

  async notifyPanel(organizationId: string, payload: InterviewNotifyPayload): Promise<number> {
    if (payload.userIds.length === 0) return 0;
    const [interview]: Array<Record<string, unknown>> = await this.txHost.tx.query(
      `SELECT i.id, i.application_id, i.candidate_id, i.job_id, i.starts_at, i.ends_at, i.status FROM interviews i WHERE i.id = $1 AND i.organization_id = $2`,
      [payload.interviewId, organizationId],
    );
    if (!interview) return 0;
    const [candidateNames, jobTitles] = await Promise.all([
      this.pipelineReads.candidateNames(organizationId, [interview.candidate_id as string]),
      this.jobReads.titles(organizationId, [interview.job_id as string]),
    ]);
    const kind = `interview_${payload.change}`;
    return this.notifications.notify({
      organizationId,
      userIds: payload.userIds,
      kind,
      payload: {
        interviewId: interview.id,
        applicationId: interview.application_id,
        candidateName: candidateNames.get(interview.candidate_id as string) ?? '',
        jobTitle: jobTitles.get(interview.job_id as string) ?? '',
        startsAt: interview.starts_at,
        endsAt: interview.ends_at,
        status: interview.status,
        change: kind,
      },
      dedupeKey: `interview:${payload.interviewId}:${payload.version}:${kind}`,
    });
  }
}
