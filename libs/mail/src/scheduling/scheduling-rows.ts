import type { SchedulingRequestDto } from './scheduling.dto.js';

/** A scheduling request as its table holds it. */
export interface SchedulingRequestRow {
  id: string;
  organization_id: string;
  application_id: string;
  stage_id: string;
  kit_id: string | null;
  interviewer_ids: string[];
  duration_minutes: number;
  window_starts_at: Date;
  window_ends_at: Date;
  min_notice_hours: number;
  buffer_minutes: number;
  location: string | null;
  video_url: string | null;
  status: 'open' | 'booked' | 'cancelled';
  interview_id: string | null;
  email_id: string | null;
  created_by: string | null;
  booked_at: Date | null;
  created_at: Date;
}

export const REQUEST_COLUMNS = `id, organization_id, application_id, stage_id, kit_id, interviewer_ids, duration_minutes, window_starts_at, window_ends_at,
  min_notice_hours, buffer_minutes, location, video_url, status, interview_id, email_id, created_by, booked_at, created_at`;

/** Open past its window's end: nothing was booked in time. */
export function effectiveStatus(row: SchedulingRequestRow, now = Date.now()): SchedulingRequestDto['status'] {
  return row.status === 'open' && new Date(row.window_ends_at).getTime() <= now ? 'expired' : row.status;
}

export function toRequestDto(row: SchedulingRequestRow, names: Map<string, string>, sentTo: string | null): SchedulingRequestDto {
  return {
    id: row.id,
    applicationId: row.application_id,
    status: effectiveStatus(row),
    stageId: row.stage_id,
    kitId: row.kit_id,
    interviewers: row.interviewer_ids.map((id) => ({ id, name: names.get(id) ?? '' })),
    durationMinutes: row.duration_minutes,
    minNoticeHours: row.min_notice_hours,
    bufferMinutes: row.buffer_minutes,
    location: row.location,
    videoUrl: row.video_url,
    expiresAt: new Date(row.window_ends_at).toISOString(),
    interviewId: row.interview_id,
    bookedAt: row.booked_at ? new Date(row.booked_at).toISOString() : null,
    emailId: row.email_id,
    sentTo,
    createdAt: new Date(row.created_at).toISOString(),
  };
}
