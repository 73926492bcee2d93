import { TransactionHost } from '@nestjs-cls/transactional';
import type { TransactionalAdapterTypeOrm } from '@nestjs-cls/transactional-adapter-typeorm';
import { Injectable } from '@nestjs/common';
import type { AuthUser } from '../../identity/src/index.js';
import { hasRole, Role } from '../../identity/src/index.js';
import { AccessPolicy } from '../../jobs/src/index.js';
import { decodeCursor, encodeCursor, PageQueryDto, toPage } from '../../platform/src/index.js';
import { DecisionQueuePageDto } from './dto/report.dto.js';
import { ReportingErrorCode, ReportingException } from './reporting.exception.js';

type Row = Record<string, unknown>;

/**
 * The hiring manager's decision queue, one bounded SQL query (no per-row queries), keyset-paginated,
 * oldest in stage first. It is a read-only view across jobs (stages, hiring team), pipelines
 * (applications, candidates), interviews, scorecards and offers (decisions), so it lives in reporting,
 * whose SQL may SELECT from any module's tables.
 */
@Injectable()
export class DecisionQueueService {
  constructor(
    private readonly txHost: TransactionHost<TransactionalAdapterTypeOrm>,
    private readonly access: AccessPolicy,
  ) {}

  /**
   * Applications that are active, have no hiring decision, and sit in a stage of kind
   * `hiring_manager` — or, on a job whose plan has no such stage, in the stage right before the
   * (first) offer stage. Admins and recruiters see every job of the organization; hiring managers
   * the jobs on whose hiring team they are as hiring_manager. Oldest in stage first.
   */
  async list(actor: AuthUser, query: PageQueryDto): Promise<DecisionQueuePageDto> {
    const jobIds = this.access.managedJobIds(await this.access.scope(actor));
    if (jobIds && !hasRole(actor, Role.HiringManager)) {
      throw new ReportingException(ReportingErrorCode.Forbidden, 'Only admins, recruiters and hiring managers have a decision queue.');
    }
    const params: unknown[] = [actor.organizationId];
    let team = '';
    if (jobIds) {
      params.push(jobIds);
      team = `AND s.job_id = ANY($${params.length}::uuid[])`;
    }
    const where: string[] = [];
    if (query.cursor) {
      const [at, id] = decodeCursor(query.cursor, ['timestamp', 'uuid']);
      params.push(at, id);
      where.push(`(a.stage_entered_at, a.id) > ($${params.length - 1}::timestamptz, $${params.length}::uuid)`);
    }
    params.push(query.limit + 1);
    const rows: Row[] = await this.txHost.tx.query(
      // Each job's stages in one pass (window functions over the plan, no per-stage subqueries):
      // the plan's hiring-manager stages, or else the stage whose next stage is the first offer stage.
      `WITH scoped_stages AS (
         SELECT s.id, s.job_id, s.name, s.kind,
                bool_or(s.kind = 'hiring_manager') OVER (PARTITION BY s.job_id) AS plan_has_hm,
                min(s.position) FILTER (WHERE s.kind = 'offer') OVER (PARTITION BY s.job_id) AS offer_position,
                lead(s.position) OVER (PARTITION BY s.job_id ORDER BY s.position) AS next_position
           FROM job_stages s
          WHERE s.organization_id = $1 ${team}
       ),
       decision_stages AS (
         SELECT id, job_id, name, kind FROM scoped_stages
          WHERE CASE WHEN plan_has_hm THEN kind = 'hiring_manager' ELSE next_position = offer_position END
       )
       SELECT a.id, a.candidate_id, c.full_name AS candidate_name, a.job_id, j.title AS job_title,
              ds.id AS stage_id, ds.name AS stage_name, ds.kind AS stage_kind, a.stage_entered_at,
              a.stage_entered_at::text AS key,
              greatest(0, floor(extract(epoch FROM now() - a.stage_entered_at)))::bigint AS seconds_in_stage,
              (SELECT count(*) FROM interview_interviewers p JOIN interviews i ON i.id = p.interview_id
                WHERE p.application_id = a.id AND p.active AND i.status = 'scheduled'
                  AND NOT EXISTS (SELECT 1 FROM scorecards sc WHERE sc.interview_id = p.interview_id AND sc.interviewer_id = p.user_id
                                     AND sc.current AND sc.status = 'submitted'))::int AS owed_scorecards
         FROM decision_stages ds
         JOIN applications a ON a.job_id = ds.job_id AND a.stage_id = ds.id AND a.status = 'active'
         JOIN jobs j ON j.id = a.job_id
         JOIN candidates c ON c.id = a.candidate_id
        WHERE a.organization_id = $1 AND a.merged_into_id IS NULL
          AND NOT EXISTS (SELECT 1 FROM hiring_decisions d WHERE d.application_id = a.id)
          ${where.map((w) => `AND ${w}`).join(' ')}
        ORDER BY a.stage_entered_at ASC, a.id ASC
        LIMIT $${params.length}`,
      params,
    );
    const page = toPage(rows, query.limit, (r) => encodeCursor([r.key, r.id]));
    return {
      data: page.data.map((r) => ({
        applicationId: r.id as string,
        candidateId: r.candidate_id as string,
        candidateName: r.candidate_name as string,
        jobId: r.job_id as string,
        jobTitle: r.job_title as string,
        stageId: r.stage_id as string,
        stageName: r.stage_name as string,
        stageKind: r.stage_kind as string,
        stageEnteredAt: (r.stage_entered_at as Date).toISOString(),
        secondsInStage: Number(r.seconds_in_stage),
        owedScorecards: Number(r.owed_scorecards),
      })),
      nextCursor: page.nextCursor,
    };
  }
}
