/** Who submitted on which of these interviews ($1 = organization, $2 = interview ids). Shared with the benches. */
export const SUBMITTED_SEATS_SQL = `SELECT DISTINCT interview_id, interviewer_id FROM scorecards WHERE organization_id = $1 AND interview_id = ANY($2::uuid[]) AND status = 'submitted'`;

/** "submitted/expected scorecards" per application, from its active seats and the submitted scorecards. */
export function scorecardStatusLabels(
  seats: ReadonlyArray<{ applicationId: string; interviewId: string; userId: string }>,
  submitted: ReadonlyArray<{ interview_id: string; interviewer_id: string }>,
): Map<string, string> {
  const done = new Set(submitted.map((r) => `${r.interview_id}:${r.interviewer_id}`));
  const counts = new Map<string, { submitted: number; expected: number }>();
  for (const seat of seats) {
    const c = counts.get(seat.applicationId) ?? { submitted: 0, expected: 0 };
    c.expected += 1;
    if (done.has(`${seat.interviewId}:${seat.userId}`)) c.submitted += 1;
    counts.set(seat.applicationId, c);
  }
  return new Map([...counts].map(([id, c]) => [id, `${c.submitted}/${c.expected} scorecards`]));
}

/** An application's current submitted scorecards, optionally of one author ($1 = application, $2 = organization, $3 = author or null). */
export const SUBMITTED_SCORECARDS_SQL = `SELECT id, interview_id, interviewer_id, ratings, overall FROM scorecards
  WHERE application_id = $1 AND organization_id = $2 AND status = 'submitted' AND current AND ($3::uuid IS NULL OR interviewer_id = $3)
  ORDER BY submitted_at, id`;

/** Whether the user submitted a scorecard on the application ($1 = application, $2 = user): the blind rule. */
export const OWN_SUBMITTED_SQL = `SELECT EXISTS (SELECT 1 FROM scorecards WHERE application_id = $1 AND interviewer_id = $2 AND status = 'submitted') AS submitted`;
