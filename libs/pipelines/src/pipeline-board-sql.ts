import { decodeCursor } from '../../platform/src/pagination/keyset.js';
import type { ListJobApplicationsQueryDto } from './dto/application.dto.js';

/**
 * `GET /v1/jobs/:id/applications` as SQL: keyset on (applied_at or stage_entered_at, id), limit + 1; `applicationIds`
 * limits it to those (an interviewer's panels) when the reader may not see the whole job. Shared with the benches.
 */
export function jobApplicationsQuery(
  jobId: string,
  query: Pick<ListJobApplicationsQueryDto, 'sort' | 'direction' | 'stageId' | 'status' | 'cursor' | 'limit'>,
  applicationIds: string[] | null,
): { sql: string; params: unknown[] } {
  const sortColumn = query.sort === 'stage_entered_at' ? 'a.stage_entered_at' : 'a.applied_at';
  const dir = query.direction === 'asc' ? 'ASC' : 'DESC';
  const params: unknown[] = [jobId];
  const where = ['a.job_id = $1', 'a.merged_into_id IS NULL'];
  if (query.stageId) {
    params.push(query.stageId);
    where.push(`a.stage_id = $${params.length}`);
  }
  if (query.status) {
    params.push(query.status);
    where.push(`a.status = $${params.length}`);
  }
  if (applicationIds) {
    params.push(applicationIds);
    where.push(`a.id = ANY($${params.length}::uuid[])`);
  }
  if (query.cursor) {
    const [at, id] = decodeCursor(query.cursor, ['timestamp', 'uuid']);
    params.push(at, id);
    where.push(`(${sortColumn}, a.id) ${dir === 'DESC' ? '<' : '>'} ($${params.length - 1}::timestamptz, $${params.length}::uuid)`);
  }
  params.push(query.limit + 1);
  return {
    sql: `SELECT a.id, a.candidate_id, c.full_name AS candidate_name, a.stage_id, a.status, a.source, a.version, a.applied_at, a.stage_entered_at,
              floor(extract(epoch FROM now() - a.stage_entered_at))::bigint AS seconds_in_stage, ${sortColumn}::text AS key
         FROM applications a JOIN candidates c ON c.id = a.candidate_id
        WHERE ${where.join(' AND ')}
        ORDER BY ${sortColumn} ${dir}, a.id ${dir} LIMIT $${params.length}`,
    params,
  };
}

/** BOARD_SQL's parameters: the job, and its plan's stage ids and SLA days (from the jobs module), in plan order. */
export function boardParams(jobId: string, stages: ReadonlyArray<{ id: string; slaDays: number | null }>): unknown[] {
  return [jobId, stages.map((s) => s.id), stages.map((s) => s.slaDays)];
}

/**
 * One pass over the board index (job_id, stage_id, status, stage_entered_at, id) per stage. The plan
 * (stage ids and SLA days) comes from the jobs module as parameters: pipelines never reads job_stages.
 */
export const BOARD_SQL = `
  SELECT s.id, coalesce(c.active_count, 0)::int AS active_count, coalesce(c.over_sla_count, 0)::int AS over_sla_count, c.oldest_entered_at
    FROM unnest($2::uuid[], $3::int[]) WITH ORDINALITY AS s(id, sla_days, ord)
    LEFT JOIN LATERAL (
      SELECT count(*) AS active_count,
             count(*) FILTER (WHERE s.sla_days IS NOT NULL AND a.stage_entered_at < now() - make_interval(days => s.sla_days)) AS over_sla_count,
             min(a.stage_entered_at) AS oldest_entered_at
        FROM applications a
       WHERE a.job_id = $1 AND a.stage_id = s.id AND a.status = 'active'
    ) c ON true
   ORDER BY s.ord`;

/** The funnel; $2 and $3 are the plan's stage ids and positions (from the jobs module). */
export const FUNNEL_SQL = `
  WITH stages AS (SELECT id, position FROM unnest($2::uuid[], $3::int[]) AS p(id, position)),
  furthest AS (
    SELECT m.application_id, max(st.position) AS position
      FROM application_moves m JOIN stages st ON st.id = m.to_stage_id
     WHERE m.job_id = $1
     GROUP BY m.application_id
  ),
  reach AS (
    SELECT s.id, count(f.application_id) FILTER (WHERE f.position >= s.position)::int AS reached,
           count(f.application_id) FILTER (WHERE f.position > s.position)::int AS passed_through
      FROM stages s CROSS JOIN furthest f GROUP BY s.id
  ),
  rejected AS (
    SELECT stage_id, count(*)::int AS n FROM applications
     WHERE job_id = $1 AND status = 'rejected' AND merged_into_id IS NULL GROUP BY stage_id
  ),
  dwell AS (
    SELECT from_stage_id, percentile_cont(0.5) WITHIN GROUP (ORDER BY seconds_in_stage) AS median_seconds
      FROM application_moves
     WHERE job_id = $1 AND kind IN ('moved', 'hired') AND from_stage_id IS NOT NULL AND seconds_in_stage IS NOT NULL
     GROUP BY from_stage_id
  )
  SELECT s.id, s.position, coalesce(r.reached, 0) AS reached, coalesce(r.passed_through, 0) AS passed_through,
         coalesce(rj.n, 0) AS rejected, d.median_seconds
    FROM stages s
    LEFT JOIN reach r ON r.id = s.id
    LEFT JOIN rejected rj ON rj.stage_id = s.id
    LEFT JOIN dwell d ON d.from_stage_id = s.id
   ORDER BY s.position`;
