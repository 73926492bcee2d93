import { TransactionHost } from '@nestjs-cls/transactional';
import type { TransactionalAdapterTypeOrm } from '@nestjs-cls/transactional-adapter-typeorm';
import { Injectable } from '@nestjs/common';
import { JobsService } from '../../jobs/src/index.js';
import { decodeCursor, encodeCursor, Page } from '../../platform/src/index.js';
import { AccessPolicy, type AccessScope, Action, Resource } from '../../jobs/src/index.js';
import { ListJobApplicationsQueryDto } from './dto/application.dto.js';
import { ScorecardStatusRegistry } from './interview-access.js';
import { jobNotFound } from './pipelines.exception.js';

export interface BoardStage {
  id: string;
  name: string;
  kind: string;
  position: number;
  slaDays: number | null;
  activeCount: number;
  overSlaCount: number;
  oldestEnteredAt: string | null;
}

export interface BoardItem {
  id: string;
  candidateId: string;
  candidateName: string;
  stageId: string;
  status: string;
  source: string | null;
  version: number;
  appliedAt: string;
  stageEnteredAt: string;
  secondsInStage: number;
  scorecardStatus: string | null;
}

export interface FunnelStage {
  id: string;
  name: string;
  kind: string;
  position: number;
  reached: number;
  passedThrough: number;
  rejected: number;
  conversionRate: number | null;
  medianDays: number | null;
}

/** The pipeline board, a job's application list and its funnel: each one aggregate query, never N+1. */
@Injectable()
export class PipelineBoardService {
  constructor(
    private readonly txHost: TransactionHost<TransactionalAdapterTypeOrm>,
    private readonly access: AccessPolicy,
    private readonly scorecards: ScorecardStatusRegistry,
    private readonly jobs: JobsService,
  ) {}

  private async assertJob(scope: AccessScope, jobId: string, needsWholeJob: boolean): Promise<void> {
    if (!(await this.jobs.findJob(scope.organizationId, jobId))) throw jobNotFound();
    if (this.access.can(scope, Action.Read, { resource: Resource.Job, jobId })) return;
    if (!needsWholeJob && scope.applicationIds.length) {
      const some = await this.txHost.tx.query<unknown[]>(`SELECT 1 FROM applications WHERE job_id = $1 AND id = ANY($2::uuid[]) LIMIT 1`, [
        jobId,
        scope.applicationIds,
      ]);
      if (some.length) return;
    }
    throw jobNotFound();
  }

  async board(scope: AccessScope, jobId: string): Promise<{ jobId: string; stages: BoardStage[] }> {
    await this.assertJob(scope, jobId, true);
    const stages = await this.jobs.getStages(scope.organizationId, jobId);
    const rows: Record<string, unknown>[] = await this.txHost.tx.query(BOARD_SQL, boardParams(jobId, stages));
    const counts = new Map(rows.map((r) => [r.id as string, r]));
    return {
      jobId,
      stages: stages.map((s) => {
        const r = counts.get(s.id);
        return {
          id: s.id,
          name: s.name,
          kind: s.kind,
          position: s.position,
          slaDays: s.slaDays,
          activeCount: (r?.active_count as number | undefined) ?? 0,
          overSlaCount: (r?.over_sla_count as number | undefined) ?? 0,
          oldestEnteredAt: r?.oldest_entered_at ? (r.oldest_entered_at as Date).toISOString() : null,
        };
      }),
    };
  }

  async applications(scope: AccessScope, jobId: string, query: ListJobApplicationsQueryDto): Promise<Page<BoardItem>> {
    await this.assertJob(scope, jobId, false);
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
    if (!this.access.can(scope, Action.Read, { resource: Resource.Job, jobId })) {
      params.push(scope.applicationIds);
      where.push(`a.id = ANY($${params.length}::uuid[])`);
    }
    if (query.cursor) {
      const [at, id] = decodeCursor(query.cursor, ['timestamp', 'uuid']);
      params.push(at, id);
      where.push(`(${sortColumn}, a.id) ${dir === 'DESC' ? '<' : '>'} ($${params.length - 1}::timestamptz, $${params.length}::uuid)`);
    }
    params.push(query.limit + 1);
    const rows: Record<string, unknown>[] = await this.txHost.tx.query(
      `SELECT a.id, a.candidate_id, c.full_name AS candidate_name, a.stage_id, a.status, a.source, a.version, a.applied_at, a.stage_entered_at,
              floor(extract(epoch FROM now() - a.stage_entered_at))::bigint AS seconds_in_stage, ${sortColumn}::text AS key
         FROM applications a JOIN candidates c ON c.id = a.candidate_id
        WHERE ${where.join(' AND ')}
        ORDER BY ${sortColumn} ${dir}, a.id ${dir} LIMIT $${params.length}`,
      params,
    );
    const more = rows.length > query.limit;
    const data = rows.slice(0, query.limit);
    const statuses = await this.scorecards.statusByApplication(
      scope.organizationId,
      data.map((r) => r.id as string),
    );
    const last = data[data.length - 1];
    return {
      data: data.map((r) => ({
        id: r.id as string,
        candidateId: r.candidate_id as string,
        candidateName: r.candidate_name as string,
        stageId: r.stage_id as string,
        status: r.status as string,
        source: r.source as string | null,
        version: r.version as number,
        appliedAt: (r.applied_at as Date).toISOString(),
        stageEnteredAt: (r.stage_entered_at as Date).toISOString(),
        secondsInStage: Number(r.seconds_in_stage),
        scorecardStatus: statuses.get(r.id as string) ?? null,
      })),
      nextCursor: more && last ? encodeCursor([last.key, last.id]) : null,
    };
  }

  /**
   * Per stage in plan order: reached (applications whose furthest stage is this one or later),
   * passed through (furthest stage is later), rejected while in it, conversion = passed / reached,
   * median days spent in it (completed stays, from the move history).
   */
  async funnel(scope: AccessScope, jobId: string): Promise<{ jobId: string; stages: FunnelStage[] }> {
    await this.assertJob(scope, jobId, true);
    const plan = await this.jobs.getStages(scope.organizationId, jobId);
    const rows: Record<string, unknown>[] = await this.txHost.tx.query(FUNNEL_SQL, [jobId, plan.map((s) => s.id), plan.map((s) => s.position)]);
    const stageOf = new Map(plan.map((s) => [s.id, s]));
    return {
      jobId,
      stages: rows.map((r) => {
        const reached = r.reached as number;
        const passed = r.passed_through as number;
        return {
          id: r.id as string,
          name: stageOf.get(r.id as string)?.name ?? '',
          kind: stageOf.get(r.id as string)?.kind ?? '',
          position: r.position as number,
          reached,
          passedThrough: passed,
          rejected: r.rejected as number,
          conversionRate: reached ? Math.round((passed / reached) * 1000) / 1000 : null,
          medianDays: r.median_seconds === null ? null : Math.round((Number(r.median_seconds) / 86400) * 100) / 100,
        };
      }),
    };
  }
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
