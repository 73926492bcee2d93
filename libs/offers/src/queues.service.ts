import { TransactionHost } from '@nestjs-cls/transactional';
import type { TransactionalAdapterTypeOrm } from '@nestjs-cls/transactional-adapter-typeorm';
import { Injectable } from '@nestjs/common';
import type { AuthUser } from '../../identity/src/index.js';
import { hasRole, Role } from '../../identity/src/index.js';
import { HiringTeamRole, JobReadsService } from '../../jobs/src/index.js';
import { PipelineReadsService } from '../../pipelines/src/index.js';
import { decodeCursor, encodeCursor, PageQueryDto, toPage } from '../../platform/src/index.js';
import { AwaitingApprovalPageDto } from './dto/queue.dto.js';
import { ApproverRole, OfferStatus, PayPeriod } from './offer.types.js';

type Row = Record<string, unknown>;

/**
 * The approvals inbox: offers pending approval whose current step the caller may act on, keyset-paginated,
 * oldest first. Candidate names and job titles come from their modules' read services, one batch per page.
 * (The decision queue, a view across modules, is in reporting.)
 */
@Injectable()
export class QueuesService {
  constructor(
    private readonly txHost: TransactionHost<TransactionalAdapterTypeOrm>,
    private readonly jobReads: JobReadsService,
    private readonly pipelineReads: PipelineReadsService,
  ) {}

  /**
   * Offers pending approval whose current step — `approval_chain[n]`, n being the number of
   * approved steps of the offer's current round — the caller may act on: the step names them, or
   * names the admin role and they are an admin, or names hiring_manager / recruiter and they are on
   * the job's hiring team with that role. The same rule as `approvalTurn(...).kind === 'current'`.
   */
  async awaitingMyApproval(actor: AuthUser, query: PageQueryDto): Promise<AwaitingApprovalPageDto> {
    // The caller's hiring-team seats come from the jobs module: a step naming hiring_manager or recruiter is theirs on those jobs.
    const [managing, recruiting] = await Promise.all([
      this.jobReads.jobIdsOnHiringTeam(actor.organizationId, actor.id, [HiringTeamRole.HiringManager]),
      this.jobReads.jobIdsOnHiringTeam(actor.organizationId, actor.id, [HiringTeamRole.Recruiter]),
    ]);
    const params: unknown[] = [actor.organizationId, actor.id, hasRole(actor, Role.Admin), OfferStatus.PendingApproval, managing, recruiting];
    const where: string[] = [];
    if (query.cursor) {
      const [at, id] = decodeCursor(query.cursor, ['timestamp', 'uuid']);
      params.push(at, id);
      where.push(`(o.submitted_at, o.id) > ($${params.length - 1}::timestamptz, $${params.length}::uuid)`);
    }
    params.push(query.limit + 1);
    const rows: Row[] = await this.txHost.tx.query(
      `SELECT o.id, o.application_id, o.job_id, o.candidate_id,
              o.base_amount, o.base_currency, o.base_period, o.out_of_band, o.version, o.submitted_at,
              o.submitted_at::text AS key, cur.step
         FROM offers o
         -- The current step: approval_chain[number of approved steps of the current round], counted once per offer.
         CROSS JOIN LATERAL (
           SELECT count(*)::int AS n FROM offer_approvals oa WHERE oa.offer_id = o.id AND oa.round = o.approval_round AND oa.decision = 'approved'
         ) done
         CROSS JOIN LATERAL (SELECT o.approval_chain -> done.n AS step) cur
        WHERE o.organization_id = $1 AND o.status = $4 AND o.submitted_at IS NOT NULL
          AND o.created_by IS DISTINCT FROM $2::uuid
          AND cur.step IS NOT NULL
          AND CASE
                WHEN cur.step->>'userId' IS NOT NULL THEN cur.step->>'userId' = $2::text
                WHEN cur.step->>'role' = '${ApproverRole.Admin}' THEN $3::boolean
                WHEN cur.step->>'role' = '${ApproverRole.HiringManager}' THEN o.job_id = ANY($5::uuid[])
                WHEN cur.step->>'role' = '${ApproverRole.Recruiter}' THEN o.job_id = ANY($6::uuid[])
                ELSE false
              END
          ${where.map((w) => `AND ${w}`).join(' ')}
        ORDER BY o.submitted_at ASC, o.id ASC
        LIMIT $${params.length}`,
      params,
    );
    const page = toPage(rows, query.limit, (r) => encodeCursor([r.key, r.id]));
    const [candidateNames, jobTitles] = await Promise.all([
      this.pipelineReads.candidateNames(
        actor.organizationId,
        page.data.map((r) => r.candidate_id as string),
      ),
      this.jobReads.titles(
        actor.organizationId,
        page.data.map((r) => r.job_id as string),
      ),
    ]);
    return {
      data: page.data.map((r) => {
        const step = r.step as { step: number; userId?: string; role?: string; reason?: string };
        return {
          id: r.id as string,
          applicationId: r.application_id as string,
          jobId: r.job_id as string,
          candidateName: candidateNames.get(r.candidate_id as string) ?? '',
          jobTitle: jobTitles.get(r.job_id as string) ?? '',
          base: { amount: Number(r.base_amount), currency: (r.base_currency as string).trim(), period: r.base_period as PayPeriod },
          outOfBand: r.out_of_band as boolean,
          submittedAt: (r.submitted_at as Date).toISOString(),
          version: r.version as number,
          step: {
            step: step.step,
            ...(step.userId ? { userId: step.userId } : {}),
            ...(step.role ? { role: step.role } : {}),
            ...(step.reason ? { reason: step.reason } : {}),
          },
        };
      }),
      nextCursor: page.nextCursor,
    };
  }
}
