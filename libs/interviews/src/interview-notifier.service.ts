import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';

export interface InterviewNotifyPayload {
  interviewId: string;
  change: 'scheduled' | 'rescheduled' | 'cancelled';
  userIds: string[];
  version: number;
}

/**
 * Writes the panel's in-app notifications (the pipelines notifications table) for a scheduled,
 * rescheduled or cancelled interview. Idempotent per event: a redelivered job inserts nothing twice.
 * Notifications name the interview and its time, never a scorecard.
 */
@Injectable()
export class InterviewNotifierService {
  constructor(private readonly dataSource: DataSource) {}

  async notifyPanel(organizationId: string, payload: InterviewNotifyPayload): Promise<number> {
    if (payload.userIds.length === 0) return 0;
    const rows = await this.dataSource.query(
      `INSERT INTO notifications (organization_id, user_id, kind, payload, dedupe_key)
       SELECT i.organization_id, u.id, $3, jsonb_build_object('interviewId', i.id, 'applicationId', i.application_id, 'candidateName', c.full_name,
                'jobTitle', j.title, 'startsAt', i.starts_at, 'endsAt', i.ends_at, 'status', i.status, 'change', $3::text),
              'interview:' || i.id || ':' || $4::text || ':' || $3
         FROM interviews i JOIN candidates c ON c.id = i.candidate_id JOIN jobs j ON j.id = i.job_id
         JOIN users u ON u.id = ANY($2::uuid[]) AND u.organization_id = i.organization_id
        WHERE i.id = $1 AND i.organization_id = $5
       ON CONFLICT (user_id, dedupe_key) WHERE dedupe_key IS NOT NULL DO NOTHING
       RETURNING id`,
      [payload.interviewId, payload.userIds, `interview_${payload.change}`, String(payload.version), organizationId],
    );
    return rows.length;
  }
}
