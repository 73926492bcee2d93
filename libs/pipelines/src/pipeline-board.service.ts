import { TransactionHost } from '@nestjs-cls/transactional';
import type { TransactionalAdapterTypeOrm } from '@nestjs-cls/transactional-adapter-typeorm';
import { Injectable } from '@nestjs/common';
import { JobsService } from '../../jobs/src/index.js';
import { encodeCursor, Page } from '../../platform/src/index.js';
import { AccessPolicy, type AccessScope, Action, Resource } from '../../jobs/src/index.js';
import { ListJobApplicationsQueryDto } from './dto/application.dto.js';
import { ScorecardStatusRegistry } from './interview-access.js';
import { BOARD_SQL, boardParams, FUNNEL_SQL, jobApplicationsQuery } from './pipeline-board-sql.js';
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

  /**
   * 404 unless the job is the organization's and the scope may read it (or, for a list, one of its applications).
   * `exists` is the job probe when the caller already started it (run beside the caller's own query).
   */
  private async assertJob(scope: AccessScope, jobId: string, needsWholeJob: boolean, exists?: Promise<boolean>): Promise<void> {
    if (!(await (exists ?? this.jobs.jobExists(scope.organizationId, jobId)))) throw jobNotFound();
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
    // The probe and the plan in parallel: an unknown job has no stages either, and answers 404 before the counts.
    const stagesRead = this.jobs.stagePlan(scope.organizationId, jobId);
    await this.assertJob(scope, jobId, true, this.jobs.jobExists(scope.organizationId, jobId)).catch(async (error: unknown) => {
      await stagesRead.catch(() => undefined);
      throw error;
    });
    const stages = await stagesRead;
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
    const canReadJob = this.access.can(scope, Action.Read, { resource: Resource.Job, jobId });
    const exists = this.jobs.jobExists(scope.organizationId, jobId);
    let built: { sql: string; params: unknown[] };
    try {
      built = jobApplicationsQuery(jobId, query, canReadJob ? null : scope.applicationIds);
    } catch (error) {
      await this.assertJob(scope, jobId, false, exists); // an unknown job is a 404 before a bad cursor is a 400
      throw error;
    }
    // The job probe and the page in parallel (the page is dropped when the job is not visible).
    const page = this.txHost.tx.query<Record<string, unknown>[]>(built.sql, built.params);
    try {
      await this.assertJob(scope, jobId, false, exists);
    } catch (error) {
      await page.catch(() => undefined);
      throw error;
    }
    const rows = await page;
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
