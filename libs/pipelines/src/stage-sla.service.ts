import { Injectable, Logger } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { HiringTeamRole, HiringTeamsService } from '../../jobs/src/index.js';
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

  constructor(
    private readonly dataSource: DataSource,
    private readonly teams: HiringTeamsService,
  ) {}

  async checkBreaches(now: Date = new Date()): Promise<SlaCheckResult> {
    return this.dataSource.transaction(async (manager) => {
      const breached: { id: string; organization_id: string; job_id: string }[] = await manager.query(
        `INSERT INTO sla_breaches (organization_id, application_id, job_id, stage_id, stage_entered_at, sla_days)
         SELECT a.organization_id, a.id, a.job_id, a.stage_id, a.stage_entered_at, s.sla_days
           FROM job_stages s
           JOIN applications a ON a.job_id = s.job_id AND a.stage_id = s.id AND a.status = 'active'
                              AND a.stage_entered_at < $1::timestamptz - make_interval(days => s.sla_days)
          WHERE s.sla_days IS NOT NULL AND a.merged_into_id IS NULL
         ON CONFLICT ON CONSTRAINT sla_breaches_entry_key DO NOTHING
         RETURNING id, organization_id, job_id`,
        [now.toISOString()],
      );
      // Who is told: the job's recruiters, as the jobs module knows its hiring teams.
      const breachIds: string[] = [];
      const userIds: string[] = [];
      const byOrganization = new Map<string, typeof breached>();
      for (const b of breached) byOrganization.set(b.organization_id, [...(byOrganization.get(b.organization_id) ?? []), b]);
      for (const [organizationId, breaches] of byOrganization) {
        const recruiters = await this.teams.activeMembers(organizationId, [...new Set(breaches.map((b) => b.job_id))], HiringTeamRole.Recruiter);
        for (const b of breaches) {
          for (const userId of recruiters.get(b.job_id) ?? []) {
            breachIds.push(b.id);
            userIds.push(userId);
          }
        }
      }
      const notified: unknown[] = breachIds.length
        ? await manager.query(
            `INSERT INTO notifications (organization_id, user_id, kind, payload, dedupe_key)
             SELECT b.organization_id, r.user_id, '${NotificationKind.StageSlaBreached}',
                    jsonb_build_object('applicationId', b.application_id, 'jobId', b.job_id, 'jobTitle', j.title, 'stageId', b.stage_id,
                                       'stageName', s.name, 'candidateId', a.candidate_id, 'candidateName', c.full_name,
                                       'slaDays', b.sla_days, 'stageEnteredAt', b.stage_entered_at),
                    'sla:' || b.id
               FROM unnest($1::uuid[], $2::uuid[]) AS r(breach_id, user_id)
               JOIN sla_breaches b ON b.id = r.breach_id
               JOIN jobs j ON j.id = b.job_id
               JOIN job_stages s ON s.id = b.stage_id
               JOIN applications a ON a.id = b.application_id
               JOIN candidates c ON c.id = a.candidate_id
             ON CONFLICT (user_id, dedupe_key) WHERE dedupe_key IS NOT NULL DO NOTHING
             RETURNING id`,
            [breachIds, userIds],
          )
        : [];
      const row = { breaches: breached.length, notifications: notified.length };
      if (row.breaches) this.logger.log(row, 'Stage SLA breaches flagged');
      return row;
    });
  }
}
