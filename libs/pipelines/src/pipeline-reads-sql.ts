/** Live applications by id ($1 = organization, $2 = ids): merged ones and other organizations' are left out. Shared with the benches. */
export const LIVE_APPLICATIONS_SQL = `SELECT id, job_id, candidate_id, status FROM applications WHERE organization_id = $1 AND id = ANY($2::uuid[]) AND merged_into_id IS NULL`;
