/** Live applications by id ($1 = organization, $2 = ids): merged ones and other organizations' are left out. Shared with the benches. */
export const LIVE_APPLICATIONS_SQL = `SELECT id, job_id, candidate_id, status FROM applications WHERE organization_id = $1 AND id = ANY($2::uuid[]) AND merged_into_id IS NULL`;

/** Applicants per job for the jobs list ($1 = organization, $2 = job ids): all and active, merged ones left out. Shared with the benches. */
export const APPLICANTS_BY_JOB_SQL = `SELECT job_id, count(*)::int AS total, (count(*) FILTER (WHERE status = 'active'))::int AS active
  FROM applications WHERE organization_id = $1 AND job_id = ANY($2::uuid[]) AND merged_into_id IS NULL GROUP BY job_id`;
