import { TransactionHost } from '@nestjs-cls/transactional';
import type { TransactionalAdapterTypeOrm } from '@nestjs-cls/transactional-adapter-typeorm';
import { Inject, Injectable } from '@nestjs/common';
import { In } from 'typeorm';
import type { AuthUser } from '../../identity/src/index.js';
import { DomainEvents, DomainEventType, encodeCursor, JobName, OutboxService, Page, toPage } from '../../platform/src/index.js';
import { toJobDto } from './dto/job-response.js';
import { AccessPolicy, Action, Resource } from './access/access-policy.js';
import { ListJobsQueryDto } from './dto/job.dto.js';
import { JobHiringTeamMember } from './job-hiring-team-member.entity.js';
import { jobFromListRow, jobListQuery, JobListRow, JOB_EXISTS_SQL, JOB_OFFICES_SQL, JOB_STAGE_PLAN_SQL, StagePlanRow, JOB_TEAMS_SQL } from './job-list-sql.js';
import { JobOffice } from './job-office.entity.js';
import { JobStage } from './job-stage.entity.js';
import { Job } from './job.entity.js';
import { HiringTeamRole } from './job.types.js';
import { JobsErrorCode, JobsException } from './jobs.exception.js';
import { emptyTeam, JOB_DENIED, TEAM_FIELDS } from './jobs.shared.js';
import { ApplicantCounts, STAGE_OCCUPANCY, StageOccupancyRegistry } from './stage-occupancy.js';

export interface HiringTeam {
  recruiterIds: string[];
  hiringManagerIds: string[];
  interviewerIds: string[];
}

/** A job with what a screen (and other modules) need: offices, hiring team, ordered stages. */
export interface JobView {
  job: Job;
  officeIds: string[];
  hiringTeam: HiringTeam;
  stages: JobStage[];
  /** Applicants (all, and still in process). */
  applicants: ApplicantCounts;
}

/**
 * Jobs (requisitions): made from a template revision, with a salary band, a hiring team and an
 * ordered interview plan; lifecycle draft → open ⇄ on_hold → closed. This service holds the reads,
 * exported for pipelines, postings, interviews and offers: `getForActor`, `findJob`, `getStages`,
 * `getFirstStage`, `getHiringTeam`, `isOnHiringTeam`, and the helpers the use-case services share.
 * Writes live in JobDrafting (create, update), JobLifecycle (open, hold, close, fillOpening) and
 * JobInterviewPlan (replaceStages); JobDescriptionRenderer renders and lints descriptions.
 */
@Injectable()
export class JobsService {
  constructor(
    private readonly outbox: OutboxService,
    private readonly txHost: TransactionHost<TransactionalAdapterTypeOrm>,
    private readonly access: AccessPolicy,
    private readonly events: DomainEvents,
    @Inject(STAGE_OCCUPANCY) private readonly occupancy: StageOccupancyRegistry,
  ) {}

  // --- reads (also the API other modules use) -----------------------------------------------

  /**
   * A job the actor may see: admins and recruiters any job of their organization, hiring managers
   * only jobs on whose hiring team they are (403 otherwise), interviewers none (403).
   * Ids of other organizations are 404.
   */
  async getForActor(actor: AuthUser, id: string): Promise<JobView> {
    const job = await this.txHost.tx.getRepository(Job).findOneBy({ id, organizationId: actor.organizationId });
    if (!job) throw new JobsException(JobsErrorCode.JobNotFound, 'No such job.');
    await this.access.assertCan(actor, Action.Read, { resource: Resource.Job, jobId: job.id }, JOB_DENIED);
    return (await this.loadViews([job]))[0];
  }

  /** The job itself, scoped by organization, or null. */
  findJob(organizationId: string, jobId: string): Promise<Job | null> {
    return this.txHost.tx.getRepository(Job).findOneBy({ id: jobId, organizationId });
  }

  /** Whether the job exists in the organization (one indexed probe, nothing loaded). */
  async jobExists(organizationId: string, jobId: string): Promise<boolean> {
    return (await this.txHost.tx.query<unknown[]>(JOB_EXISTS_SQL, [organizationId, jobId])).length > 0;
  }

  /** The plan as the pipeline board shows it (raw columns, plan order; empty for a job not in the organization). */
  stagePlan(organizationId: string, jobId: string): Promise<StagePlanRow[]> {
    return this.txHost.tx
      .query<Array<{ id: string; name: string; kind: string; position: number; sla_days: number | null }>>(JOB_STAGE_PLAN_SQL, [organizationId, jobId])
      .then((rows) => rows.map((r) => ({ id: r.id, name: r.name, kind: r.kind, position: r.position, slaDays: r.sla_days })));
  }

  /** The ordered interview plan of a job (empty when the job is not in the organization). */
  getStages(organizationId: string, jobId: string): Promise<JobStage[]> {
    return this.txHost.tx.find(JobStage, { where: { organizationId, jobId }, order: { position: 'ASC' } });
  }

  /** Where new applications land: the first stage of the plan. */
  async getFirstStage(organizationId: string, jobId: string): Promise<JobStage | null> {
    return this.txHost.tx.getRepository(JobStage).findOne({ where: { organizationId, jobId }, order: { position: 'ASC' } });
  }

  async getHiringTeam(organizationId: string, jobId: string): Promise<HiringTeam> {
    const job = await this.findJob(organizationId, jobId);
    if (!job) return emptyTeam();
    return (await this.loadTeams([jobId])).get(jobId) ?? emptyTeam();
  }

  /** Whether the user is on the job's hiring team (in any of `roles`, default any role). */
  async isOnHiringTeam(organizationId: string, jobId: string, userId: string, roles?: HiringTeamRole[]): Promise<boolean> {
    const qb = this.txHost.tx
      .getRepository(JobHiringTeamMember)
      .createQueryBuilder('h')
      .innerJoin(Job, 'j', 'j.id = h.job_id AND j.organization_id = :org', { org: organizationId })
      .where('h.job_id = :jobId AND h.user_id = :userId', { jobId, userId });
    if (roles?.length) qb.andWhere('h.role IN (:...roles)', { roles });
    return (await qb.getCount()) > 0;
  }

  async list(actor: AuthUser, query: ListJobsQueryDto): Promise<Page<JobView>> {
    const visible = this.access.visibleJobIds(await this.access.scope(actor));
    // A list shows summaries: leave the description, variables and findings (kilobytes per row) in the table.
    const { sql, params } = jobListQuery({ ...query, organizationId: actor.organizationId, visibleJobIds: visible });
    const page = toPage(await this.txHost.tx.query<JobListRow[]>(sql, params), query.limit, (last) => encodeCursor([last.keyset_0, last.id]));
    const ids = page.data.map((r) => r.id);
    const [offices, team, applicants] = ids.length
      ? await Promise.all([
          this.txHost.tx.query<Array<{ job_id: string; office_id: string }>>(JOB_OFFICES_SQL, [ids]),
          this.txHost.tx.query<Array<{ job_id: string; user_id: string; role: HiringTeamRole }>>(JOB_TEAMS_SQL, [ids]),
          this.occupancy.countByJobs(actor.organizationId, ids),
        ])
      : [[], [], new Map<string, ApplicantCounts>()];
    const officeIds = new Map<string, string[]>();
    for (const o of offices) officeIds.set(o.job_id, [...(officeIds.get(o.job_id) ?? []), o.office_id]);
    const teams = new Map<string, HiringTeam>();
    for (const row of team) {
      const t = teams.get(row.job_id) ?? emptyTeam();
      const field = TEAM_FIELDS.find((f) => f.role === row.role);
      if (field) t[field.key].push(row.user_id);
      teams.set(row.job_id, t);
    }
    return {
      data: page.data.map((r) => ({
        job: jobFromListRow(r),
        officeIds: officeIds.get(r.id) ?? [],
        hiringTeam: teams.get(r.id) ?? emptyTeam(),
        stages: [],
        applicants: applicants.get(r.id) ?? { total: 0, active: 0 },
      })),
      nextCursor: page.nextCursor,
    };
  }

  // --- shared by the use-case services (JobDrafting, JobLifecycle, JobInterviewPlan) ---------

  /**
   * Tells the boards a job changed, through the outbox: postings republish live postings whose
   * content changed (an unchanged one is not re-sent) and close every posting of a closed job.
   */
  async announceChange(organizationId: string, jobId: string, actorId: string | null, reason: string): Promise<void> {
    await this.outbox.publish({
      jobName: JobName.PostingsJobChanged,
      organizationId,
      aggregateType: 'job',
      aggregateId: jobId,
      payload: { jobId, actorId, reason },
    });
  }

  /** Announces a domain event about the job inside the caller's transaction; `data` is the job as GET /v1/jobs/{id} returns it. */
  async announceEvent(type: DomainEventType, organizationId: string, jobId: string): Promise<void> {
    const job = await this.txHost.tx.findOneByOrFail(Job, { id: jobId, organizationId });
    const [view] = await this.loadViews([job]);
    await this.events.publish({ type, organizationId, aggregateType: 'job', aggregateId: jobId, data: toJobDto(view) });
  }

  async lockJob(organizationId: string, id: string, version?: number): Promise<Job> {
    const job = await this.txHost.tx.findOne(Job, { where: { id, organizationId }, lock: { mode: 'pessimistic_write' } });
    if (!job) throw new JobsException(JobsErrorCode.JobNotFound, 'No such job.');
    if (version !== undefined && version !== job.version) {
      throw new JobsException(JobsErrorCode.StaleVersion, 'The job was changed since you read it; reload and try again.', {
        errors: [{ field: 'version', message: `stale version ${version}; current is ${job.version}` }],
        extensions: { currentVersion: job.version },
      });
    }
    return job;
  }

  async getView(organizationId: string, id: string): Promise<JobView> {
    const job = await this.txHost.tx.getRepository(Job).findOneByOrFail({ id, organizationId });
    return (await this.loadViews([job]))[0];
  }
  private async loadTeams(jobIds: string[]): Promise<Map<string, HiringTeam>> {
    const rows = jobIds.length ? await this.txHost.tx.find(JobHiringTeamMember, { where: { jobId: In(jobIds) }, order: { userId: 'ASC' } }) : [];
    const teams = new Map<string, HiringTeam>();
    for (const row of rows) {
      const team = teams.get(row.jobId) ?? emptyTeam();
      const field = TEAM_FIELDS.find((f) => f.role === row.role);
      if (field) team[field.key].push(row.userId);
      teams.set(row.jobId, team);
    }
    return teams;
  }

  /** Offices, teams, applicant counts and (optionally) stages of many jobs in four queries, whatever their number. */
  async loadViews(jobs: Job[], options: { stages?: boolean } = {}): Promise<JobView[]> {
    const ids = jobs.map((j) => j.id);
    if (ids.length === 0) return [];
    const [offices, teams, stages, applicants] = await Promise.all([
      this.txHost.tx.find(JobOffice, { where: { jobId: In(ids) }, order: { position: 'ASC' } }),
      this.loadTeams(ids),
      options.stages === false ? Promise.resolve([] as JobStage[]) : this.txHost.tx.find(JobStage, { where: { jobId: In(ids) }, order: { position: 'ASC' } }),
      this.occupancy.countByJobs(jobs[0].organizationId, ids),
    ]);
    return jobs.map((job) => ({
      job,
      officeIds: offices.filter((o) => o.jobId === job.id).map((o) => o.officeId),
      hiringTeam: teams.get(job.id) ?? emptyTeam(),
      stages: stages.filter((s) => s.jobId === job.id),
      applicants: applicants.get(job.id) ?? { total: 0, active: 0 },
    }));
  }
}
