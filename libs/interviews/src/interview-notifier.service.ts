import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { NotificationsService } from '../../pipelines/src/index.js';

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
    private readonly dataSource: DataSource,
    private readonly notifications: NotificationsService,
  ) {}

  async notifyPanel(organizationId: string, payload: InterviewNotifyPayload): Promise<number> {
    if (payload.userIds.length === 0) return 0;
    const [interview] = await this.dataSource.query<
      Array<{ id: string; application_id: string; starts_at: Date; ends_at: Date; status: string; candidate_name: string; job_title: string }>
    >(
      `SELECT i.id, i.application_id, i.starts_at, i.ends_at, i.status, c.full_name AS candidate_name, j.title AS job_title
         FROM interviews i JOIN candidates c ON c.id = i.candidate_id JOIN jobs j ON j.id = i.job_id
        WHERE i.id = $1 AND i.organization_id = $2`,
      [payload.interviewId, organizationId],
    );
    if (!interview) return 0;
    const kind = `interview_${payload.change}`;
    return this.notifications.notify({
      organizationId,
      userIds: payload.userIds,
      kind,
      payload: {
        interviewId: interview.id,
        applicationId: interview.application_id,
        candidateName: interview.candidate_name,
        jobTitle: interview.job_title,
        startsAt: interview.starts_at,
        endsAt: interview.ends_at,
        status: interview.status,
        change: kind,
      },
      dedupeKey: `interview:${interview.id}:${payload.version}:${kind}`,
    });
  }
}
