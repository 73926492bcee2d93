import { TransactionHost } from '@nestjs-cls/transactional';
import type { TransactionalAdapterTypeOrm } from '@nestjs-cls/transactional-adapter-typeorm';
import { Injectable, Logger } from '@nestjs/common';
import { UsersService } from '../../identity/src/index.js';
import { HiringTeamRole, JobReadsService } from '../../jobs/src/index.js';
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

  constructor(
    private readonly txHost: TransactionHost<TransactionalAdapterTypeOrm>,
    private readonly jobReads: JobReadsService,
    private readonly users: UsersService,
  ) {}

  async checkBreaches(now: Date = new Date()): Promise<SlaCheckResult> {
    // The plan (which stages have an SLA) and who to tell (recruiters on the team, active) are the
    // jobs and identity modules' to say; the applications, breaches and notifications are ours.
    return TenantContext.crossTenant('the stage-SLA sweep checks every organization', async () => {
      const stages = await this.jobReads.stagesWithSlaInEveryOrganization();
      if (stages.length === 0) return { breaches: 0, notifications: 0 };
      return this.txHost.withTransaction(async () => {
        const breached: Breach[] = await this.txHost.tx.query(
          `INSERT INTO sla_breaches (organization_id, application_id, job_id, stage_id, stage_entered_at, sla_days)
         SELECT a.organization_id, a.id, a.job_id, a.stage_id, a.stage_entered_at, s.sla_days
           FROM unnest($2::uuid[], $3::uuid[], $4::int[]) AS s(id, job_id, sla_days)
           JOIN applications a ON a.job_id = s.job_id AND a.stage_id = s.id AND a.status = 'active'
                              AND a.stage_entered_at < $1::timestamptz - make_interval(days => s.sla_days)
          WHERE a.merged_into_id IS NULL
         ON CONFLICT ON CONSTRAINT sla_breaches_entry_key DO NOTHING
         RETURNING id, organization_id, application_id, job_id, stage_id, to_jsonb(stage_entered_at) AS stage_entered_at, sla_days,
                   (SELECT c.full_name FROM candidates c JOIN applications x ON x.candidate_id = c.id WHERE x.id = application_id) AS candidate_name,
                   (SELECT x.candidate_id FROM applications x WHERE x.id = application_id) AS candidate_id`,
          [now.toISOString(), stages.map((st) => st.id), stages.map((st) => st.jobId), stages.map((st) => st.slaDays)],
        );
        const notifications = await this.notifyRecruiters(breached);
        const row = { breaches: breached.length, notifications };
        if (row.breaches) this.logger.log(row, 'Stage SLA breaches flagged');
        return row;
      });
    });
  }

  /** One notification per breach and active recruiter on the job's team, deduplicated per breach. */
  private async notifyRecruiters(breached: Breach[]): Promise<number> {
    const rows: { org: string; user: string; payload: string; key: string }[] = [];
    for (const org of new Set(breached.map((b) => b.organization_id))) {
      const mine = breached.filter((b) => b.organization_id === org);
      const jobIds = mine.map((b) => b.job_id);
      const [teams, titles, stageById] = await Promise.all([
        this.jobReads.hiringTeamUserIds(org, jobIds, [HiringTeamRole.Recruiter]),
        this.jobReads.titles(org, jobIds),
        this.jobReads.stagesByIds(
          org,
          mine.map((b) => b.stage_id),
        ),
      ]);
      const active = new Set((await this.users.findInOrganization(org, [...new Set([...teams.values()].flat())])).filter((u) => u.active).map((u) => u.id));
      for (const b of mine) {
        const payload = JSON.stringify({
          applicationId: b.application_id,
          jobId: b.job_id,
          jobTitle: titles.get(b.job_id) ?? '',
          stageId: b.stage_id,
          stageName: stageById.get(b.stage_id)?.name ?? '',
          candidateId: b.candidate_id,
          candidateName: b.candidate_name,
          slaDays: b.sla_days,
          stageEnteredAt: b.stage_entered_at,
        });
        for (const user of teams.get(b.job_id) ?? []) if (active.has(user)) rows.push({ org, user, payload, key: `sla:${b.id}` });
      }
    }
    if (rows.length === 0) return 0;
    const inserted: unknown[] = await this.txHost.tx.query(
      `INSERT INTO notifications (organization_id, user_id, kind, payload, dedupe_key)
       SELECT n.org, n.usr, '${NotificationKind.StageSlaBreached}', n.payload, n.key
         FROM unnest($1::uuid[], $2::uuid[], $3::jsonb[], $4::text[]) AS n(org, usr, payload, key)
       ON CONFLICT (user_id, dedupe_key) WHERE dedupe_key IS NOT NULL DO NOTHING
       RETURNING id`,
      [rows.map((r) => r.org), rows.map((r) => r.user), rows.map((r) => r.payload), rows.map((r) => r.key)],
    );
    return inserted.length;
  }
}

interface Breach {
  id: string;
  organization_id: string;
  application_id: string;
  job_id: string;
  stage_id: string;
  /** As Postgres renders it in JSON (the notification payload keeps that form). */
  stage_entered_at: string;
  sla_days: number;
  candidate_id: string;
  candidate_name: string;
}
