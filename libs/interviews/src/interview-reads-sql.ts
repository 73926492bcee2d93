/** Active seats on scheduled interviews of many applications ($1 = application ids, $2 = organization). Shared with the benches. */
export const ACTIVE_SEATS_SQL = `SELECT p.application_id, p.interview_id, p.user_id FROM interview_interviewers p JOIN interviews i ON i.id = p.interview_id
  WHERE p.application_id = ANY($1::uuid[]) AND p.organization_id = $2 AND p.active AND i.status = 'scheduled'`;
