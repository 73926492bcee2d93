import { Injectable, Logger } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { TenantContext } from '../../platform/src/index.js';
import { NotificationKind } from './pipeline.types.js';

export interface SlaCheckResult {
  breaches: number;
  notifications: number;
}

/**
 * Flags active applications that have stayed in a stage longer than its SLA and notifies the job's
 * recruiters. A breach is keyed by (application, stage, stage entry), so each stay notifies once
 * however often the check runs; moving on and coming back is a new stay.
 */
@Injectable()
export class StageSlaService {
  private readonly logger = new Logger(StageSlaService.name);

  constructor(private readonly dataSource: DataSource) {}

  async checkBreaches(now: Date = new Date()): Promise<SlaCheckResult> {
    // One statement flags every organization's breaches (each row keeps its own organization_id).
    return TenantContext.crossTenant('the stage-SLA sweep checks every organization', () =>
      this.dataSource.transaction(async (manager) => {
        const [row]: { breaches: number; notifications: number }[] = await manager.query(
          `WITH breached AS (
           INSERT INTO sla_breaches (organization_id, application_id, job_id, stage_id, stage_entered_at, sla_days)
           SELECT a.organization_id, a.id, a.job_id, a.stage_id, a.stage_entered_at, s.sla_days
             FROM job_stages s
             JOIN applications a ON a.job_id = s.job_id AND a.stage_id = s.id AND a.status = 'active'
                                AND a.stage_entered_at < $1::timestamptz - make_interval(days => s.sla_days)
            WHERE s.sla_days IS NOT NULL AND a.merged_into_id IS NULL
           ON CONFLICT ON CONSTRAINT sla_breaches_entry_key DO NOTHING
           RETURNING id, organization_id, application_id, job_id, stage_id, stage_entered_at, sla_days
         ), notified AS (
           INSERT INTO notifications (organization_id, user_id, kind, payload, dedupe_key)
           SELECT b.organization_id, t.user_id, '${NotificationKind.StageSlaBreached}',
                  jsonb_build_object('applicationId', b.application_id, 'jobId', b.job_id, 'jobTitle', j.title, 'stageId', b.stage_id,
                                     'stageName', s.name, 'candidateId', a.candidate_id, 'candidateName', c.full_name,
                                     'slaDays', b.sla_days, 'stageEnteredAt', b.stage_entered_at),
                  'sla:' || b.id
             FROM breached b
             JOIN job_hiring_team t ON t.job_id = b.job_id AND t.role = 'recruiter'
             JOIN users u ON u.id = t.user_id AND u.active
             JOIN jobs j ON j.id = b.job_id
             JOIN job_stages s ON s.id = b.stage_id
             JOIN applications a ON a.id = b.application_id
             JOIN candidates c ON c.id = a.candidate_id
           ON CONFLICT (user_id, dedupe_key) WHERE dedupe_key IS NOT NULL DO NOTHING
           RETURNING id
         )
         SELECT (SELECT count(*) FROM breached)::int AS breaches, (SELECT count(*) FROM notified)::int AS notifications`,
          [now.toISOString()],
        );
        if (row.breaches) this.logger.log(row, 'Stage SLA breaches flagged');
        return row;
      }),
    );
  }
}
