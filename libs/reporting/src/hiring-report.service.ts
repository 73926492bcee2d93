import { TransactionHost } from '@nestjs-cls/transactional';
import type { TransactionalAdapterTypeOrm } from '@nestjs-cls/transactional-adapter-typeorm';
import { Injectable } from '@nestjs/common';
import type { AuthUser } from '../../identity/src/index.js';
import { AccessPolicy, Action, JobsService, Resource } from '../../jobs/src/index.js';
import { HiringReportDto, HiringReportQueryDto } from './dto/report.dto.js';
import { appliedInPeriod, assertReportFilters, inDepartment } from './report-filters.js';
import { ReportingErrorCode, ReportingException } from './reporting.exception.js';

/**
 * `GET /v1/reports/hiring`: read-only aggregates over applications, their moves and offers (pipelines,
 * jobs and offers tables: reporting's exception to table ownership, SELECT only), each scoped by
 * organization and, for hiring managers, by the jobs on whose hiring team they are.
 * The cohort is applications whose `applied_at` falls in [from, to].
 */
@Injectable()
export class HiringReportService {
  constructor(
    private readonly txHost: TransactionHost<TransactionalAdapterTypeOrm>,
    private readonly jobs: JobsService,
    private readonly access: AccessPolicy,
  ) {}

  async hiring(actor: AuthUser, query: HiringReportQueryDto): Promise<HiringReportDto> {
    await assertReportFilters(this.txHost.tx, actor.organizationId, query);
    const params: unknown[] = [actor.organizationId];
    const where = ['a.organization_id = $1', 'a.merged_into_id IS NULL'];
    appliedInPeriod(query, params, where);
    if (query.jobId) {
      const job = await this.jobs.findJob(actor.organizationId, query.jobId);
      if (!job)
        throw new ReportingException(ReportingErrorCode.InvalidReportFilter, 'No such job.', {
          errors: [{ field: 'jobId', message: 'is not a job of your organization' }],
        });
      params.push(query.jobId);
      where.push(`a.job_id = $${params.length}`);
    }
    if (query.departmentId) {
      params.push(query.departmentId);
      where.push(inDepartment('a.job_id', params.length));
    }
    const scope = await this.access.scope(actor);
    if (query.jobId) {
      await this.access.assertCan(
        scope,
        Action.Read,
        { resource: Resource.Decision, jobId: query.jobId },
        {
          hidden: () => new ReportingException(ReportingErrorCode.Forbidden, 'You can only report on jobs on whose hiring team you are.'),
        },
      );
    }
    const jobIds = this.access.managedJobIds(scope);
    if (jobIds) {
      params.push(jobIds);
      where.push(`a.job_id = ANY($${params.length}::uuid[])`);
    }
    const cohort = `SELECT a.* FROM applications a WHERE ${where.join(' AND ')}`;
    const q = <T>(sql: string) => this.txHost.tx.query<T[]>(`WITH cohort AS (${cohort}) ${sql}`, params);

    const [timeToHire] = await q<{ hires: number; median_days: number | null; p90_days: number | null }>(`
      SELECT count(*)::int AS hires,
             percentile_cont(0.5) WITHIN GROUP (ORDER BY d) AS median_days,
             percentile_cont(0.9) WITHIN GROUP (ORDER BY d) AS p90_days
        FROM (SELECT extract(epoch FROM (o.accepted_at - c.applied_at)) / 86400.0 AS d
                FROM cohort c JOIN offers o ON o.application_id = c.id AND o.status = 'accepted') t`);

    const timeInStage = await q<{ stage_name: string; kind: string; exits: number; median_hours: number; avg_hours: number }>(`
      SELECT s.name AS stage_name, s.kind, count(*)::int AS exits,
             percentile_cont(0.5) WITHIN GROUP (ORDER BY m.seconds_in_stage) / 3600.0 AS median_hours,
             avg(m.seconds_in_stage) / 3600.0 AS avg_hours
        FROM cohort c JOIN application_moves m ON m.application_id = c.id
        JOIN job_stages s ON s.id = m.from_stage_id
       WHERE m.seconds_in_stage IS NOT NULL AND m.kind <> 'created' AND m.from_stage_id IS DISTINCT FROM m.to_stage_id
       GROUP BY s.name, s.kind ORDER BY min(s.position), s.name`);

    const [offers] = await q<{ made: number; accepted: number; declined: number; expired: number; withdrawn: number }>(`
      SELECT count(*) FILTER (WHERE o.sent_at IS NOT NULL)::int AS made,
             count(*) FILTER (WHERE o.status = 'accepted')::int AS accepted,
             count(*) FILTER (WHERE o.status = 'declined')::int AS declined,
             count(*) FILTER (WHERE o.status = 'expired' AND o.sent_at IS NOT NULL)::int AS expired,
             count(*) FILTER (WHERE o.status = 'withdrawn' AND o.sent_at IS NOT NULL)::int AS withdrawn
        FROM cohort c JOIN offers o ON o.application_id = c.id`);
    const answered = offers.accepted + offers.declined + offers.expired;

    // Grouped by the organization's decline reason when one was picked, else by the free text.
    const declineReasons = await q<{ reason: string; reasonId: string | null; count: number }>(`
      SELECT coalesce(r.label, o.decline_reason) AS reason, o.decline_reason_id AS "reasonId", count(*)::int AS count
        FROM cohort c JOIN offers o ON o.application_id = c.id LEFT JOIN rejection_reasons r ON r.id = o.decline_reason_id
       WHERE o.status = 'declined' GROUP BY coalesce(r.label, o.decline_reason), o.decline_reason_id
       ORDER BY count(*) DESC, 1 LIMIT 50`);

    const sources = await q<{ source: string | null; applications: number; offers: number; hires: number }>(`
      SELECT c.source, count(*)::int AS applications,
             count(*) FILTER (WHERE EXISTS (SELECT 1 FROM offers o WHERE o.application_id = c.id AND o.sent_at IS NOT NULL))::int AS offers,
             count(*) FILTER (WHERE c.status = 'hired')::int AS hires
        FROM cohort c GROUP BY c.source ORDER BY count(*) DESC, c.source NULLS LAST`);

    // Pass-through: of the applications that reached a stage, how many went further (reached a later stage or were hired).
    const passThrough = await q<{ stage_name: string; kind: string; position: number; reached: number; passed: number }>(`
      , reached AS (
        SELECT DISTINCT c.id AS application_id, s.id AS stage_id, s.name, s.kind, s.position, c.job_id
          FROM cohort c JOIN job_stages s ON s.job_id = c.job_id
         WHERE s.id = c.stage_id
            OR EXISTS (SELECT 1 FROM application_moves m WHERE m.application_id = c.id AND (m.to_stage_id = s.id OR m.from_stage_id = s.id))
      ), furthest AS (
        SELECT r.application_id, max(r.position) AS position FROM reached r GROUP BY r.application_id
      )
      SELECT r.name AS stage_name, r.kind, min(r.position)::int AS position, count(*)::int AS reached,
             count(*) FILTER (WHERE f.position > r.position)::int AS passed
        FROM reached r JOIN furthest f ON f.application_id = r.application_id
       GROUP BY r.name, r.kind ORDER BY min(r.position), r.name`);

    const round = (n: number | null, digits = 2) => (n === null || n === undefined ? null : Number(Number(n).toFixed(digits)));
    return {
      filters: { from: query.from ?? null, to: query.to ?? null, jobId: query.jobId ?? null, departmentId: query.departmentId ?? null },
      timeToHire: { hires: timeToHire.hires, medianDays: round(timeToHire.median_days), p90Days: round(timeToHire.p90_days) },
      timeInStage: timeInStage.map((r) => ({
        stageName: r.stage_name,
        kind: r.kind,
        exits: r.exits,
        medianHours: round(r.median_hours),
        averageHours: round(r.avg_hours),
      })),
      offers: { ...offers, acceptanceRate: answered ? round(offers.accepted / answered, 4) : null },
      declineReasons,
      sourceEffectiveness: sources.map((r) => ({
        source: r.source ?? 'unknown',
        applications: r.applications,
        offers: r.offers,
        hires: r.hires,
        hireRate: r.applications ? round(r.hires / r.applications, 4) : null,
      })),
      passThrough: passThrough.map((r) => ({
        stageName: r.stage_name,
        kind: r.kind,
        position: r.position,
        reached: r.reached,
        passed: r.passed,
        rate: r.reached ? round(r.passed / r.reached, 4) : null,
      })),
    };
  }
}
