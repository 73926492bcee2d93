import { TransactionHost } from '@nestjs-cls/transactional';
import type { TransactionalAdapterTypeOrm } from '@nestjs-cls/transactional-adapter-typeorm';
import { Injectable } from '@nestjs/common';
import { In } from 'typeorm';
import { JobStage } from './job-stage.entity.js';
import { Job } from './job.entity.js';
import { HiringTeamRole } from './job.types.js';

/**
 * The jobs module's published reads for the modules above it: batch lookups by id (one query per
 * call, never one per row), always scoped by organization. Other modules never name jobs' tables.
 */
@Injectable()
export class JobReadsService {
  constructor(private readonly txHost: TransactionHost<TransactionalAdapterTypeOrm>) {}

  /**
   * The job's id, status (draft, open, on_hold, closed) and description lint findings, or null when it is
   * not the organization's.
   * `lock` takes the job's row lock in the caller's unit of work (call it inside `withTransaction`), so the status holds until it commits.
   */
  async jobStatus(organizationId: string, jobId: string, lock = false): Promise<Pick<Job, 'id' | 'status' | 'findings'> | null> {
    const job = await this.txHost.tx.findOne(Job, {
      select: { id: true, status: true, findings: true },
      where: { id: jobId, organizationId },
      ...(lock ? { lock: { mode: 'pessimistic_write' as const } } : {}),
    });
    return job ? { id: job.id, status: job.status, findings: job.findings } : null;
  }

  /** Stages by id (of any job of the organization); ids of other organizations are left out. */
  async stagesByIds(organizationId: string, ids: readonly string[]): Promise<Map<string, JobStage>> {
    const unique = [...new Set(ids.filter(Boolean))];
    if (!unique.length) return new Map();
    const stages = await this.txHost.tx.find(JobStage, { where: { organizationId, id: In(unique) } });
    return new Map(stages.map((s) => [s.id, s]));
  }

  /** Every organization's stages that have an SLA (for the SLA sweep, which runs across organizations). */
  async stagesWithSlaInEveryOrganization(): Promise<Array<{ id: string; jobId: string; slaDays: number }>> {
    const rows: { id: string; job_id: string; sla_days: number }[] = await this.txHost.tx.query(
      `SELECT id, job_id, sla_days FROM job_stages WHERE sla_days IS NOT NULL ORDER BY id`,
    );
    return rows.map((r) => ({ id: r.id, jobId: r.job_id, slaDays: r.sla_days }));
  }

  /** Job titles by id; ids of other organizations are left out. */
  async titles(organizationId: string, ids: readonly string[]): Promise<Map<string, string>> {
    const unique = [...new Set(ids.filter(Boolean))];
    if (!unique.length) return new Map();
    const jobs = await this.txHost.tx.find(Job, { select: { id: true, title: true }, where: { organizationId, id: In(unique) } });
    return new Map(jobs.map((j) => [j.id, j.title]));
  }

  /** The jobs of the organization on whose hiring team the user is (in any of `roles`, default any role). */
  async jobIdsOnHiringTeam(organizationId: string, userId: string, roles?: readonly HiringTeamRole[]): Promise<string[]> {
    const rows: { job_id: string }[] = await this.txHost.tx.query(
      `SELECT DISTINCT h.job_id FROM job_hiring_team h JOIN jobs j ON j.id = h.job_id
        WHERE j.organization_id = $1 AND h.user_id = $2 AND ($3::text[] IS NULL OR h.role = ANY($3::text[]))`,
      [organizationId, userId, roles?.length ? [...roles] : null],
    );
    return rows.map((r) => r.job_id);
  }

  /** The user ids on each job's hiring team, by job id (in any of `roles`, default any role). */
  async hiringTeamUserIds(organizationId: string, jobIds: readonly string[], roles?: readonly HiringTeamRole[]): Promise<Map<string, string[]>> {
    const unique = [...new Set(jobIds.filter(Boolean))];
    if (!unique.length) return new Map();
    const rows: { job_id: string; user_id: string }[] = await this.txHost.tx.query(
      `SELECT h.job_id, h.user_id FROM job_hiring_team h JOIN jobs j ON j.id = h.job_id
        WHERE j.organization_id = $1 AND h.job_id = ANY($2::uuid[]) AND ($3::text[] IS NULL OR h.role = ANY($3::text[]))
        ORDER BY h.job_id, h.user_id`,
      [organizationId, unique, roles?.length ? [...roles] : null],
    );
    const byJob = new Map<string, string[]>();
    for (const r of rows) byJob.set(r.job_id, [...(byJob.get(r.job_id) ?? []), r.user_id]);
    return byJob;
  }
}
