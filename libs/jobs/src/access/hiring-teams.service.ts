import { TransactionHost } from '@nestjs-cls/transactional';
import type { TransactionalAdapterTypeOrm } from '@nestjs-cls/transactional-adapter-typeorm';
import { Injectable } from '@nestjs/common';
import { UsersService } from '../../../identity/src/index.js';
import { HiringTeamRole } from '../job.types.js';

/** One user's seat on one job's hiring team. */
export interface TeamSeat {
  jobId: string;
  role: HiringTeamRole;
}

/**
 * The one reader of hiring-team membership (`job_hiring_team` is the jobs module's table):
 * the access policy asks it which jobs a user sits on, and other modules ask it who sits on a
 * job (notification recipients). No other module queries the table.
 */
@Injectable()
export class HiringTeamsService {
  constructor(
    private readonly txHost: TransactionHost<TransactionalAdapterTypeOrm>,
    private readonly users: UsersService,
  ) {}

  /** Every seat the user holds on a job of the organization. */
  async seatsOf(organizationId: string, userId: string): Promise<TeamSeat[]> {
    const rows: { job_id: string; role: HiringTeamRole }[] = await this.txHost.tx.query(
      `SELECT t.job_id, t.role FROM job_hiring_team t JOIN jobs j ON j.id = t.job_id WHERE t.user_id = $1 AND j.organization_id = $2`,
      [userId, organizationId],
    );
    return rows.map((r) => ({ jobId: r.job_id, role: r.role }));
  }

  /** Active users seated on the given jobs of the organization in `role`, by job id. */
  async activeMembers(organizationId: string, jobIds: string[], role: HiringTeamRole): Promise<Map<string, string[]>> {
    const members = new Map<string, string[]>();
    if (jobIds.length === 0) return members;
    const rows: { job_id: string; user_id: string }[] = await this.txHost.tx.query(
      `SELECT t.job_id, t.user_id
         FROM job_hiring_team t JOIN jobs j ON j.id = t.job_id
        WHERE t.job_id = ANY($1::uuid[]) AND t.role = $2 AND j.organization_id = $3
        ORDER BY t.job_id, t.user_id`,
      [jobIds, role, organizationId],
    );
    // Whether a seated user is still active is the identity module's to say.
    const active = new Set(
      (await this.users.findInOrganization(organizationId, [...new Set(rows.map((r) => r.user_id))])).filter((u) => u.active).map((u) => u.id),
    );
    for (const r of rows) if (active.has(r.user_id)) members.set(r.job_id, [...(members.get(r.job_id) ?? []), r.user_id]);
    return members;
  }
}
