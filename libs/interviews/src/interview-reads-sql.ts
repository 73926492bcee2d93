/** Active seats on scheduled interviews of many applications ($1 = application ids, $2 = organization). Shared with the benches. */
export const ACTIVE_SEATS_SQL = `SELECT p.application_id, p.interview_id, p.user_id FROM interview_interviewers p JOIN interviews i ON i.id = p.interview_id
  WHERE p.application_id = ANY($1::uuid[]) AND p.organization_id = $2 AND p.active AND i.status = 'scheduled'`;

/** Which of the applications the user holds an active seat on ($1 = application ids, $2 = user, $3 = organization). */
export const PANEL_APPLICATIONS_AMONG_SQL = `SELECT DISTINCT application_id FROM interview_interviewers
  WHERE application_id = ANY($1::uuid[]) AND user_id = $2 AND organization_id = $3 AND active`;

/** Whether the user holds an active seat on the application ($1 = application, $2 = organization, $3 = user). */
export const IS_ON_PANEL_SQL = `SELECT 1 FROM interview_interviewers WHERE application_id = $1 AND organization_id = $2 AND user_id = $3 AND active LIMIT 1`;

/** The application's active seats on scheduled interviews, by interview start ($1 = application, $2 = organization). */
export const PANEL_OF_SQL = `SELECT p.interview_id, p.user_id FROM interview_interviewers p JOIN interviews i ON i.id = p.interview_id
  WHERE p.application_id = $1 AND p.organization_id = $2 AND p.active AND i.status = 'scheduled' ORDER BY i.starts_at, i.id`;

/** The kit contents of the application's scheduled interviews, by start ($1 = application, $2 = organization). */
export const SCHEDULED_KITS_SQL = `SELECT r.content FROM interviews i JOIN interview_kit_revisions r ON r.id = i.kit_revision_id
  WHERE i.application_id = $1 AND i.organization_id = $2 AND i.status = 'scheduled' ORDER BY i.starts_at`;

/** PANEL_OF_SQL's rows with names: interviews keep their start order, within one interview by name. */
export function orderPanelSeats(
  rows: ReadonlyArray<{ interview_id: string; user_id: string }>,
  names: ReadonlyMap<string, string>,
): Array<{ interviewId: string; userId: string; name: string }> {
  const seats = rows.map((r, i) => ({ interviewId: r.interview_id, userId: r.user_id, name: names.get(r.user_id) ?? '', at: i }));
  const firstOf = new Map<string, number>();
  for (const s of seats) if (!firstOf.has(s.interviewId)) firstOf.set(s.interviewId, s.at);
  seats.sort((a, b) => (firstOf.get(a.interviewId) ?? 0) - (firstOf.get(b.interviewId) ?? 0) || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  return seats.map(({ interviewId, userId, name }) => ({ interviewId, userId, name }));
}

/** An interview with its kit and the user's seat (`member`: true active, false left, null never) ($1 = interview, $2 = organization, $3 = user). */
export const INTERVIEW_FOR_PANELIST_SQL = `SELECT i.id, i.organization_id, i.application_id, i.candidate_id, i.job_id, i.status, i.kit_revision_id, r.content AS kit,
    (SELECT p.active FROM interview_interviewers p WHERE p.interview_id = i.id AND p.user_id = $3) AS member
  FROM interviews i LEFT JOIN interview_kit_revisions r ON r.id = i.kit_revision_id
  WHERE i.id = $1 AND i.organization_id = $2`;
