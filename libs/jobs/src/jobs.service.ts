import { Inject, Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { randomUUID } from 'node:crypto';
import { DataSource, EntityManager, In, QueryFailedError, Repository } from 'typeorm';
import type { QueryDeepPartialEntity } from 'typeorm/query-builder/QueryPartialEntity.js';
import type { AuthUser } from '../../identity/src/index.js';
import { OrganizationsService, Role, UsersService } from '../../identity/src/index.js';
import { AuditService, diffFields, FieldError, JobName, keysetPage, OutboxService, Page } from '../../platform/src/index.js';
import { lintTemplate, payPeriodPhrase, suggestSalaryBand, TemplatesService, type Template, type TemplateRevision } from '../../templates/src/index.js';
import { AccessPolicy, Action, Resource } from './access/access-policy.js';
import { CloseJobDto, CreateJobDto, HiringTeamDto, ListJobsQueryDto, ReplaceStagesDto, StageInputDto, TransitionJobDto, UpdateJobDto } from './dto/job.dto.js';
import { defaultInterviewPlan, type StagePlan } from './interview-plan.js';
import { JobHiringTeamMember } from './job-hiring-team-member.entity.js';
import { JobOffice } from './job-office.entity.js';
import { JobStage } from './job-stage.entity.js';
import { Job } from './job.entity.js';
import { HiringTeamRole, JOB_TRANSITIONS, JobStatus, JobWorkModel, SalaryPeriod } from './job.types.js';
import { JobsErrorCode, JobsException } from './jobs.exception.js';
import type { Office } from './office.entity.js';
import { OrgUnitsService } from './org-units.service.js';
import { STAGE_OCCUPANCY, type StageOccupancy } from './stage-occupancy.js';

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
}

const TEAM_FIELDS: Array<{ key: keyof HiringTeam; role: HiringTeamRole; userRole: Role }> = [
  { key: 'recruiterIds', role: HiringTeamRole.Recruiter, userRole: Role.Recruiter },
  { key: 'hiringManagerIds', role: HiringTeamRole.HiringManager, userRole: Role.HiringManager },
  { key: 'interviewerIds', role: HiringTeamRole.Interviewer, userRole: Role.Interviewer },
];

const AUDITED_FIELDS = [
  'title',
  'templateRevisionId',
  'variables',
  'departmentId',
  'officeIds',
  'workModel',
  'remoteCountries',
  'employmentType',
  'seniority',
  'salary',
  'openings',
  'hiringTeam',
];

/** Columns of a job summary (everything but description, variables and findings). */
const LIST_COLUMNS: Array<keyof Job> = [
  'id',
  'organizationId',
  'templateId',
  'templateRevisionId',
  'title',
  'departmentId',
  'workModel',
  'remoteCountries',
  'employmentType',
  'seniority',
  'salaryMin',
  'salaryMax',
  'salaryCurrency',
  'salaryPeriod',
  'salarySuggested',
  'openings',
  'filled',
  'status',
  'closeReason',
  'version',
  'openedAt',
  'closedAt',
  'createdBy',
  'createdAt',
  'updatedAt',
];

const emptyTeam = (): HiringTeam => ({ recruiterIds: [], hiringManagerIds: [], interviewerIds: [] });

/** Jobs answer 403 to a hiring manager asking for a job off their hiring team (the job's existence is no secret inside the organization). */
const JOB_DENIED = {
  hidden: () => new JobsException(JobsErrorCode.NotOnHiringTeam, 'You can only see jobs on whose hiring team you are.'),
  forbidden: () => new JobsException(JobsErrorCode.NotOnHiringTeam, 'Only admins and recruiters change jobs.'),
};

/**
 * Jobs (requisitions): made from a template revision, with a salary band, a hiring team and an
 * ordered interview plan; lifecycle draft → open ⇄ on_hold → closed. Exported for pipelines,
 * postings, interviews and offers: `getForActor`, `findJob`, `getStages`, `getFirstStage`,
 * `getHiringTeam`, `isOnHiringTeam`, `fillOpening`.
 */
@Injectable()
export class JobsService {
  constructor(
    @InjectRepository(Job) private readonly jobs: Repository<Job>,
    @InjectRepository(JobStage) private readonly stages: Repository<JobStage>,
    @InjectRepository(JobHiringTeamMember) private readonly team: Repository<JobHiringTeamMember>,
    @InjectRepository(JobOffice) private readonly jobOffices: Repository<JobOffice>,
    private readonly templates: TemplatesService,
    private readonly units: OrgUnitsService,
    private readonly users: UsersService,
    private readonly organizations: OrganizationsService,
    private readonly audit: AuditService,
    private readonly outbox: OutboxService,
    private readonly dataSource: DataSource,
    @Inject(STAGE_OCCUPANCY) private readonly occupancy: StageOccupancy,
    private readonly access: AccessPolicy,
  ) {}

  // --- reads (also the API other modules use) -----------------------------------------------

  /**
   * A job the actor may see: admins and recruiters any job of their organization, hiring managers
   * only jobs on whose hiring team they are (403 otherwise), interviewers none (403).
   * Ids of other organizations are 404.
   */
  async getForActor(actor: AuthUser, id: string): Promise<JobView> {
    const job = await this.jobs.findOneBy({ id, organizationId: actor.organizationId });
    if (!job) throw new JobsException(JobsErrorCode.JobNotFound, 'No such job.');
    await this.access.assertCan(actor, Action.Read, { resource: Resource.Job, jobId: job.id }, JOB_DENIED);
    return (await this.loadViews([job]))[0];
  }

  /** The job itself, scoped by organization, or null. */
  findJob(organizationId: string, jobId: string): Promise<Job | null> {
    return this.jobs.findOneBy({ id: jobId, organizationId });
  }

  /** The ordered interview plan of a job (empty when the job is not in the organization). */
  getStages(organizationId: string, jobId: string, manager?: EntityManager): Promise<JobStage[]> {
    return (manager ?? this.dataSource.manager).find(JobStage, { where: { organizationId, jobId }, order: { position: 'ASC' } });
  }

  /** Where new applications land: the first stage of the plan. */
  async getFirstStage(organizationId: string, jobId: string): Promise<JobStage | null> {
    return this.stages.findOne({ where: { organizationId, jobId }, order: { position: 'ASC' } });
  }

  async getHiringTeam(organizationId: string, jobId: string): Promise<HiringTeam> {
    const job = await this.findJob(organizationId, jobId);
    if (!job) return emptyTeam();
    return (await this.loadTeams([jobId])).get(jobId) ?? emptyTeam();
  }

  /** Whether the user is on the job's hiring team (in any of `roles`, default any role). */
  async isOnHiringTeam(organizationId: string, jobId: string, userId: string, roles?: HiringTeamRole[]): Promise<boolean> {
    const qb = this.team
      .createQueryBuilder('h')
      .innerJoin(Job, 'j', 'j.id = h.job_id AND j.organization_id = :org', { org: organizationId })
      .where('h.job_id = :jobId AND h.user_id = :userId', { jobId, userId });
    if (roles?.length) qb.andWhere('h.role IN (:...roles)', { roles });
    return (await qb.getCount()) > 0;
  }

  async list(actor: AuthUser, query: ListJobsQueryDto): Promise<Page<JobView>> {
    const visible = this.access.visibleJobIds(await this.access.scope(actor));
    // A list shows summaries: leave the description, variables and findings (kilobytes per row) in the table.
    const qb = this.jobs
      .createQueryBuilder('j')
      .select(LIST_COLUMNS.map((column) => `j.${column}`))
      .where('j.organization_id = :org', { org: actor.organizationId });
    if (visible) qb.andWhere('j.id = ANY(:visible)', { visible });
    if (query.status) qb.andWhere('j.status = :status', { status: query.status });
    if (query.departmentId) qb.andWhere('j.department_id = :departmentId', { departmentId: query.departmentId });
    if (query.seniority) qb.andWhere('j.seniority = :seniority', { seniority: query.seniority });
    if (query.workModel) qb.andWhere('j.work_model = :workModel', { workModel: query.workModel });
    if (query.officeId) qb.andWhere('EXISTS (SELECT 1 FROM job_offices jo WHERE jo.job_id = j.id AND jo.office_id = :officeId)', { officeId: query.officeId });
    if (query.hiringTeamMember) {
      qb.andWhere('EXISTS (SELECT 1 FROM job_hiring_team ht WHERE ht.job_id = j.id AND ht.user_id = :member)', { member: query.hiringTeamMember });
    }
    if (query.q) qb.andWhere(`j.title ILIKE :q ESCAPE '\\'`, { q: `%${query.q.replace(/[\\%_]/g, (c) => `\\${c}`)}%` });
    const page = await keysetPage(qb, {
      columns: [
        { expr: 'j.created_at', type: 'timestamp' },
        { expr: 'j.id', type: 'uuid' },
      ],
      direction: 'DESC',
      limit: query.limit,
      cursor: query.cursor,
    });
    return { data: await this.loadViews(page.data, { stages: false }), nextCursor: page.nextCursor };
  }

  // --- writes --------------------------------------------------------------------------------

  async create(actor: AuthUser, input: CreateJobDto): Promise<JobView> {
    const organizationId = actor.organizationId;
    const jobId = await this.dataSource.transaction(async (manager) => {
      const { template, revision } = await this.templates.resolveRevision(
        organizationId,
        { templateId: input.templateId, templateRevisionId: input.templateRevisionId },
        manager,
      );
      const department = await this.units.requireDepartment(manager, organizationId, input.departmentId);
      const offices = await this.units.requireOffices(manager, organizationId, input.officeIds);
      const hiringTeam = await this.validateTeam(organizationId, input.hiringTeam ?? {});
      const plan = this.planFromInput(input.interviewPlan, 'interviewPlan');

      const suggested = input.salary ? null : suggestSalaryBand({ family: template.family, seniority: input.seniority });
      const salary = input.salary ?? (suggested ? { min: suggested.min, max: suggested.max, currency: suggested.currency, period: SalaryPeriod.Year } : null);

      const job = manager.create(Job, {
        id: randomUUID(),
        organizationId,
        templateId: template.id,
        templateRevisionId: revision.id,
        titleTemplate: input.title ?? null,
        variables: input.variables ?? {},
        departmentId: department.id,
        workModel: input.workModel,
        remoteCountries: input.remoteCountries ?? [],
        employmentType: input.employmentType,
        seniority: input.seniority,
        salaryMin: salary?.min ?? null,
        salaryMax: salary?.max ?? null,
        salaryCurrency: salary?.currency ?? null,
        salaryPeriod: salary?.period ?? null,
        salarySuggested: suggested !== null,
        openings: input.openings,
        filled: 0,
        status: JobStatus.Draft,
        closeReason: null,
        version: 1,
        createdBy: actor.id,
      });
      await this.describe(job, revision, { departmentName: department.name, offices });
      await manager.insert(Job, job as unknown as QueryDeepPartialEntity<Job>);
      await this.writeOffices(
        manager,
        organizationId,
        job.id,
        offices.map((o) => o.id),
      );
      await this.writeTeam(manager, organizationId, job.id, hiringTeam);
      await manager.insert(
        JobStage,
        plan.map((stage, position) => ({ id: randomUUID(), organizationId, jobId: job.id, position, ...stage })),
      );
      await this.audit.record(manager, {
        organizationId,
        actorId: actor.id,
        entityType: 'job',
        entityId: job.id,
        action: 'create',
        changes: { title: { to: job.title }, status: { to: job.status }, templateRevisionId: { to: revision.id }, salary: { to: this.salaryOf(job) } },
      });
      return job.id;
    });
    return this.getView(organizationId, jobId);
  }

  async update(actor: AuthUser, id: string, input: UpdateJobDto): Promise<JobView> {
    await this.access.assertCan(actor, Action.Write, { resource: Resource.Job, jobId: id }, JOB_DENIED);
    const organizationId = actor.organizationId;
    await this.dataSource.transaction(async (manager) => {
      const job = await this.lockJob(manager, organizationId, id, input.version);
      if (job.status === JobStatus.Closed) throw new JobsException(JobsErrorCode.JobClosed, 'A closed job cannot be changed.');
      const [beforeView] = await this.loadViews([job], { manager, stages: false });
      const before = this.auditSnapshot(beforeView);

      let template: Template;
      let revision: TemplateRevision;
      if (input.templateRevisionId && input.templateRevisionId !== job.templateRevisionId) {
        ({ template, revision } = await this.templates.resolveRevision(organizationId, { templateRevisionId: input.templateRevisionId }, manager));
      } else {
        ({ template, revision } = await this.templates.resolveRevision(organizationId, { templateRevisionId: job.templateRevisionId }, manager));
      }
      const departmentId = input.departmentId ?? job.departmentId;
      const department = departmentId ? await this.units.requireDepartment(manager, organizationId, departmentId) : null;
      const officeIds = input.officeIds ?? beforeView.officeIds;
      const offices = await this.units.requireOffices(manager, organizationId, officeIds);
      const hiringTeam = input.hiringTeam
        ? await this.validateTeam(organizationId, {
            recruiterIds: input.hiringTeam.recruiterIds ?? beforeView.hiringTeam.recruiterIds,
            hiringManagerIds: input.hiringTeam.hiringManagerIds ?? beforeView.hiringTeam.hiringManagerIds,
            interviewerIds: input.hiringTeam.interviewerIds ?? beforeView.hiringTeam.interviewerIds,
          })
        : beforeView.hiringTeam;

      job.templateId = template.id;
      job.templateRevisionId = revision.id;
      if (input.variables !== undefined) job.variables = input.variables;
      job.departmentId = department?.id ?? null;
      if (input.workModel !== undefined) job.workModel = input.workModel;
      if (input.remoteCountries !== undefined) job.remoteCountries = input.remoteCountries;
      if (job.workModel === JobWorkModel.Remote && job.remoteCountries.length === 0) {
        throw new JobsException(JobsErrorCode.InvalidJob, 'A remote job must name the countries it hires in.', {
          errors: [{ field: 'remoteCountries', message: 'remoteCountries must name at least one country when workModel is remote' }],
        });
      }
      if (input.employmentType !== undefined) job.employmentType = input.employmentType;
      const seniorityChanged = input.seniority !== undefined && input.seniority !== job.seniority;
      if (input.seniority !== undefined) job.seniority = input.seniority;
      if (input.salary) {
        Object.assign(job, {
          salaryMin: input.salary.min,
          salaryMax: input.salary.max,
          salaryCurrency: input.salary.currency,
          salaryPeriod: input.salary.period,
          salarySuggested: false,
        });
      } else if (seniorityChanged && job.salarySuggested) {
        const suggested = suggestSalaryBand({ family: template.family, seniority: job.seniority });
        if (suggested)
          Object.assign(job, { salaryMin: suggested.min, salaryMax: suggested.max, salaryCurrency: suggested.currency, salaryPeriod: SalaryPeriod.Year });
      }
      if (input.openings !== undefined) {
        if (input.openings < job.filled) {
          throw new JobsException(JobsErrorCode.InvalidJob, 'Openings cannot be fewer than the positions already filled.', {
            errors: [{ field: 'openings', message: `must be at least ${job.filled} (already filled)` }],
          });
        }
        job.openings = input.openings;
      }
      // A new title is kept as written; naming a revision without a title takes that revision's title.
      if (input.title !== undefined) job.titleTemplate = input.title;
      else if (input.templateRevisionId) job.titleTemplate = null;
      await this.describe(job, revision, { departmentName: department?.name, offices });

      const afterView: JobView = { job, officeIds, hiringTeam, stages: [] };
      const changes = diffFields(before, this.auditSnapshot(afterView), AUDITED_FIELDS);
      job.version += 1;
      await manager.save(Job, job);
      if (input.officeIds) await this.writeOffices(manager, organizationId, job.id, officeIds);
      if (input.hiringTeam) await this.writeTeam(manager, organizationId, job.id, hiringTeam);
      await this.audit.record(manager, { organizationId, actorId: actor.id, entityType: 'job', entityId: job.id, action: 'update', changes });
      if (Object.keys(changes).length > 0) await this.announceChange(manager, organizationId, job.id, actor.id, 'updated');
    });
    return this.getView(organizationId, id);
  }

  /**
   * Tells the boards a job changed, through the outbox: postings republish live postings whose
   * content changed (an unchanged one is not re-sent) and close every posting of a closed job.
   */
  private async announceChange(manager: EntityManager, organizationId: string, jobId: string, actorId: string | null, reason: string): Promise<void> {
    await this.outbox.publish(manager, {
      jobName: JobName.PostingsJobChanged,
      organizationId,
      aggregateType: 'job',
      aggregateId: jobId,
      payload: { jobId, actorId, reason },
    });
  }

  async open(actor: AuthUser, id: string, input: TransitionJobDto): Promise<JobView> {
    await this.access.assertCan(actor, Action.Write, { resource: Resource.Job, jobId: id }, JOB_DENIED);
    return this.transition(actor, id, 'open', input.version, async (job, manager) => {
      const { revision } = await this.templates.resolveRevision(job.organizationId, { templateRevisionId: job.templateRevisionId }, manager);
      const department = job.departmentId ? await this.units.requireDepartment(manager, job.organizationId, job.departmentId) : null;
      const [view] = await this.loadViews([job], { manager, stages: false });
      const offices = await this.units.requireOffices(manager, job.organizationId, view.officeIds);
      await this.describe(job, revision, { departmentName: department?.name, offices });
      const errors = job.findings.filter((f) => f.severity === 'error');
      if (errors.length > 0) {
        throw new JobsException(JobsErrorCode.BlockingFindings, 'The job description has error-level lint findings; fix them before opening the job.', {
          errors: errors.map((f) => ({ field: `description.${f.section}`, message: `${f.rule}: ${f.message}` })),
          extensions: { findings: errors },
        });
      }
      job.status = JobStatus.Open;
      job.openedAt ??= new Date();
    });
  }

  async hold(actor: AuthUser, id: string, input: TransitionJobDto): Promise<JobView> {
    await this.access.assertCan(actor, Action.Write, { resource: Resource.Job, jobId: id }, JOB_DENIED);
    return this.transition(actor, id, 'hold', input.version, (job) => {
      job.status = JobStatus.OnHold;
    });
  }

  async close(actor: AuthUser, id: string, input: CloseJobDto): Promise<JobView> {
    await this.access.assertCan(actor, Action.Write, { resource: Resource.Job, jobId: id }, JOB_DENIED);
    return this.transition(actor, id, 'close', input.version, (job) => {
      job.status = JobStatus.Closed;
      job.closeReason = input.reason;
      job.closedAt = new Date();
    });
  }

  /**
   * Replaces the interview plan with the given ordered list. Existing stages are named by id
   * (kept, renamed, moved), new ones have no id, stages left out are removed. A stage holding
   * applications cannot be removed, renamed, re-kinded or moved relative to the other stages (409).
   */
  async replaceStages(actor: AuthUser, id: string, input: ReplaceStagesDto): Promise<JobView> {
    await this.access.assertCan(actor, Action.Write, { resource: Resource.Job, jobId: id }, JOB_DENIED);
    const organizationId = actor.organizationId;
    await this.dataSource.transaction(async (manager) => {
      const job = await this.lockJob(manager, organizationId, id, input.version);
      if (job.status === JobStatus.Closed) throw new JobsException(JobsErrorCode.JobClosed, 'A closed job cannot be changed.');
      const current = await this.getStages(organizationId, id, manager);
      const byId = new Map(current.map((s) => [s.id, s]));

      const errors: FieldError[] = [];
      const seen = new Set<string>();
      input.stages.forEach((stage, i) => {
        if (!stage.id) return;
        if (!byId.has(stage.id)) errors.push({ field: `stages.${i}.id`, message: 'not a stage of this job' });
        else if (seen.has(stage.id)) errors.push({ field: `stages.${i}.id`, message: 'listed more than once' });
        seen.add(stage.id);
      });
      if (errors.length) throw new JobsException(JobsErrorCode.InvalidStages, 'The interview plan names stages this job does not have.', { errors });

      const removed = current.filter((s) => !seen.has(s.id));
      const keptOld = current.filter((s) => seen.has(s.id)).map((s) => s.id);
      const keptNew = input.stages.filter((s) => s.id).map((s) => s.id as string);
      const touched = new Set<string>(removed.map((s) => s.id));
      keptNew.forEach((stageId, i) => {
        const stage = input.stages.find((s) => s.id === stageId) as StageInputDto;
        const old = byId.get(stageId) as JobStage;
        if (keptOld[i] !== stageId || old.name !== stage.name || old.kind !== stage.kind) touched.add(stageId);
      });
      const counts = await this.occupancy.countByStage(organizationId, id, [...touched]);
      const occupied = [...touched].filter((stageId) => (counts.get(stageId) ?? 0) > 0);
      if (occupied.length) {
        throw new JobsException(JobsErrorCode.StageOccupied, 'Applications sit in stages this change would remove, rename or move.', {
          errors: occupied.map((stageId) => {
            const index = input.stages.findIndex((s) => s.id === stageId);
            return {
              field: index >= 0 ? `stages.${index}` : 'stages',
              message: `stage "${byId.get(stageId)?.name}" holds ${counts.get(stageId)} application(s)`,
            };
          }),
          extensions: { occupiedStageIds: occupied },
        });
      }

      if (removed.length) {
        try {
          await manager.delete(JobStage, { id: In(removed.map((s) => s.id)), organizationId });
        } catch (error) {
          if (error instanceof QueryFailedError && (error.driverError as { code?: string }).code === '23503') {
            throw new JobsException(JobsErrorCode.StageOccupied, 'Applications still refer to a removed stage.');
          }
          throw error;
        }
      }
      const rows = input.stages.map((stage, position) => ({
        id: stage.id ?? randomUUID(),
        organizationId,
        jobId: id,
        position,
        name: stage.name,
        kind: stage.kind,
        kitKey: stage.kitKey ?? null,
        slaDays: stage.slaDays ?? null,
      }));
      for (const row of rows.filter((r) => byId.has(r.id))) {
        await manager.update(JobStage, { id: row.id }, { position: row.position, name: row.name, kind: row.kind, kitKey: row.kitKey, slaDays: row.slaDays });
      }
      const added = rows.filter((r) => !byId.has(r.id));
      if (added.length) await manager.insert(JobStage, added);
      job.version += 1;
      await manager.update(Job, { id }, { version: job.version, updatedAt: new Date() });
      await this.audit.record(manager, {
        organizationId,
        actorId: actor.id,
        entityType: 'job',
        entityId: id,
        action: 'update',
        changes: { interviewPlan: { from: current.map((s) => s.name), to: rows.map((s) => s.name) } },
      });
    });
    return this.getView(organizationId, id);
  }

  /**
   * Records a hire inside the caller's transaction (offers): filled + 1 under a row lock; the job
   * closes with reason `filled` once every opening is filled. Audited. 404 for an unknown job.
   */
  async fillOpening(
    manager: EntityManager,
    organizationId: string,
    jobId: string,
    actorId: string | null = null,
  ): Promise<{ filled: number; openings: number; closed: boolean }> {
    const job = await this.lockJob(manager, organizationId, jobId);
    const from = { filled: job.filled, status: job.status };
    job.filled += 1;
    const closes = job.filled >= job.openings && job.status !== JobStatus.Closed;
    if (closes) {
      job.status = JobStatus.Closed;
      job.closeReason = 'filled';
      job.closedAt = new Date();
    }
    job.version += 1;
    await manager.update(
      Job,
      { id: job.id },
      { filled: job.filled, status: job.status, closeReason: job.closeReason, closedAt: job.closedAt, version: job.version, updatedAt: new Date() },
    );
    await this.audit.record(manager, {
      organizationId,
      actorId,
      entityType: 'job',
      entityId: jobId,
      action: 'fill',
      changes: { filled: { from: from.filled, to: job.filled }, ...(closes ? { status: { from: from.status, to: job.status } } : {}) },
    });
    return { filled: job.filled, openings: job.openings, closed: closes };
  }

  // --- internals -----------------------------------------------------------------------------

  private async transition(
    actor: AuthUser,
    id: string,
    move: keyof typeof JOB_TRANSITIONS,
    version: number | undefined,
    apply: (job: Job, manager: EntityManager) => void | Promise<void>,
  ): Promise<JobView> {
    await this.dataSource.transaction(async (manager) => {
      const job = await this.lockJob(manager, actor.organizationId, id, version);
      const from = job.status;
      if (!JOB_TRANSITIONS[move].includes(from)) {
        throw new JobsException(JobsErrorCode.IllegalTransition, `A ${from} job cannot be moved by "${move}".`, {
          extensions: { jobStatus: from, allowedFrom: JOB_TRANSITIONS[move] },
        });
      }
      await apply(job, manager);
      job.version += 1;
      await manager.save(Job, job);
      await this.audit.record(manager, {
        organizationId: actor.organizationId,
        actorId: actor.id,
        entityType: 'job',
        entityId: id,
        action: move,
        changes: { status: { from, to: job.status }, ...(move === 'close' ? { closeReason: { to: job.closeReason } } : {}) },
      });
      if (move === 'close') await this.announceChange(manager, actor.organizationId, id, actor.id, 'closed');
    });
    return this.getView(actor.organizationId, id);
  }

  private async lockJob(manager: EntityManager, organizationId: string, id: string, version?: number): Promise<Job> {
    const job = await manager.findOne(Job, { where: { id, organizationId }, lock: { mode: 'pessimistic_write' } });
    if (!job) throw new JobsException(JobsErrorCode.JobNotFound, 'No such job.');
    if (version !== undefined && version !== job.version) {
      throw new JobsException(JobsErrorCode.StaleVersion, 'The job was changed since you read it; reload and try again.', {
        errors: [{ field: 'version', message: `stale version ${version}; current is ${job.version}` }],
        extensions: { currentVersion: job.version },
      });
    }
    return job;
  }

  private async getView(organizationId: string, id: string): Promise<JobView> {
    const job = await this.jobs.findOneByOrFail({ id, organizationId });
    return (await this.loadViews([job]))[0];
  }

  /**
   * Renders the job's title and description from what was written (its title template, else the
   * revision's title; the revision's sections) and the values, in one pass: a value is inserted
   * literally, and the stored output (`title`, `description*`) is never an input. Lints the result
   * (sets title, description, findings). A title over the limit is a 422 on `title`.
   */
  private async describe(job: Job, revision: TemplateRevision, context: { departmentName?: string; offices: Office[] }): Promise<void> {
    const organization = await this.organizations.findById(job.organizationId);
    const declared = new Set(revision.variables.map((v) => v.name));
    const derived: Record<string, unknown> = {
      companyName: organization?.name,
      teamName: context.departmentName,
      location: this.locationOf(job, context.offices),
      salaryMin: job.salaryMin ?? undefined,
      salaryMax: job.salaryMax ?? undefined,
      currency: job.salaryCurrency ?? undefined,
    };
    const values: Record<string, unknown> = {};
    for (const [name, value] of Object.entries(derived)) if (declared.has(name) && value !== undefined && value !== null) values[name] = value;
    Object.assign(values, job.variables);
    // The pay period follows the job's salary, never a variable typed beside it: a MONTH or HOUR
    // band must not read "per year".
    const period = payPeriodPhrase(job.salaryPeriod);
    if (declared.has('payPeriod') && period !== undefined) values.payPeriod = period;
    const rendered = this.templates.renderRevision(revision, values, job.titleTemplate ?? undefined);
    const settings = await this.organizations.settings(job.organizationId);
    job.title = rendered.title;
    job.descriptionMarkdown = rendered.markdown;
    job.descriptionHtml = rendered.html;
    job.findings = lintTemplate(
      { sections: rendered.sections },
      {
        requirePayRange: settings.requirePayRange,
        seniority: job.seniority,
        title: rendered.title,
        salary: job.salaryMin !== null && job.salaryMax !== null ? { min: job.salaryMin, max: job.salaryMax, currency: job.salaryCurrency ?? undefined } : null,
      },
    );
  }

  private locationOf(job: Job, offices: Office[]): string {
    if (job.workModel === JobWorkModel.Remote) return job.remoteCountries.length ? `Remote (${job.remoteCountries.join(', ')})` : 'Remote';
    const places = offices.map((o) => `${o.city}, ${o.country}`).join(' / ');
    if (!places) return job.workModel === JobWorkModel.Hybrid ? 'Hybrid' : 'On site';
    return job.workModel === JobWorkModel.Hybrid ? `${places} (hybrid)` : places;
  }

  private planFromInput(stages: StageInputDto[] | undefined, field: string): StagePlan[] {
    if (!stages) return defaultInterviewPlan();
    const withId = stages.findIndex((s) => s.id !== undefined);
    if (withId >= 0) {
      throw new JobsException(JobsErrorCode.InvalidStages, 'A new job has no stages to refer to.', {
        errors: [{ field: `${field}.${withId}.id`, message: 'new stages have no id' }],
      });
    }
    return stages.map((s) => ({ name: s.name, kind: s.kind, kitKey: s.kitKey ?? null, slaDays: s.slaDays ?? null }));
  }

  /** Every member must be an active user of the organization holding the matching role (422 otherwise). */
  private async validateTeam(organizationId: string, input: HiringTeamDto | HiringTeam): Promise<HiringTeam> {
    const team: HiringTeam = {
      recruiterIds: input.recruiterIds ?? [],
      hiringManagerIds: input.hiringManagerIds ?? [],
      interviewerIds: input.interviewerIds ?? [],
    };
    const ids = [...new Set(TEAM_FIELDS.flatMap((f) => team[f.key]))];
    const users = new Map((await this.users.findInOrganization(organizationId, ids)).map((u) => [u.id, u]));
    const errors: FieldError[] = [];
    for (const { key, userRole } of TEAM_FIELDS) {
      team[key].forEach((userId, i) => {
        const user = users.get(userId);
        if (!user) errors.push({ field: `hiringTeam.${key}.${i}`, message: 'no such user in your organization' });
        else if (!user.active) errors.push({ field: `hiringTeam.${key}.${i}`, message: 'user is deactivated' });
        else if (!user.roles.includes(userRole)) errors.push({ field: `hiringTeam.${key}.${i}`, message: `user does not hold the ${userRole} role` });
      });
    }
    if (errors.length)
      throw new JobsException(JobsErrorCode.InvalidHiringTeam, 'Hiring-team members must be active users of your organization holding the matching role.', {
        errors,
      });
    return team;
  }

  private async writeOffices(manager: EntityManager, organizationId: string, jobId: string, officeIds: string[]): Promise<void> {
    await manager.delete(JobOffice, { jobId, organizationId });
    if (officeIds.length)
      await manager.insert(
        JobOffice,
        officeIds.map((officeId, position) => ({ organizationId, jobId, officeId, position })),
      );
  }

  private async writeTeam(manager: EntityManager, organizationId: string, jobId: string, team: HiringTeam): Promise<void> {
    await manager.delete(JobHiringTeamMember, { jobId, organizationId });
    const rows = TEAM_FIELDS.flatMap(({ key, role }) => team[key].map((userId) => ({ organizationId, jobId, userId, role })));
    if (rows.length) await manager.insert(JobHiringTeamMember, rows);
  }

  private async loadTeams(jobIds: string[], manager?: EntityManager): Promise<Map<string, HiringTeam>> {
    const rows = jobIds.length
      ? await (manager ?? this.dataSource.manager).find(JobHiringTeamMember, { where: { jobId: In(jobIds) }, order: { userId: 'ASC' } })
      : [];
    const teams = new Map<string, HiringTeam>();
    for (const row of rows) {
      const team = teams.get(row.jobId) ?? emptyTeam();
      const field = TEAM_FIELDS.find((f) => f.role === row.role);
      if (field) team[field.key].push(row.userId);
      teams.set(row.jobId, team);
    }
    return teams;
  }

  /** Offices, teams and (optionally) stages of many jobs in three queries. */
  private async loadViews(jobs: Job[], options: { manager?: EntityManager; stages?: boolean } = {}): Promise<JobView[]> {
    const manager = options.manager ?? this.dataSource.manager;
    const ids = jobs.map((j) => j.id);
    if (ids.length === 0) return [];
    const [offices, teams, stages] = await Promise.all([
      manager.find(JobOffice, { where: { jobId: In(ids) }, order: { position: 'ASC' } }),
      this.loadTeams(ids, manager),
      options.stages === false ? Promise.resolve([] as JobStage[]) : manager.find(JobStage, { where: { jobId: In(ids) }, order: { position: 'ASC' } }),
    ]);
    return jobs.map((job) => ({
      job,
      officeIds: offices.filter((o) => o.jobId === job.id).map((o) => o.officeId),
      hiringTeam: teams.get(job.id) ?? emptyTeam(),
      stages: stages.filter((s) => s.jobId === job.id),
    }));
  }

  private salaryOf(job: Job) {
    return job.salaryMin === null ? null : { min: job.salaryMin, max: job.salaryMax, currency: job.salaryCurrency, period: job.salaryPeriod };
  }

  private auditSnapshot(view: JobView): Record<string, unknown> {
    const { job } = view;
    return {
      title: job.title,
      templateRevisionId: job.templateRevisionId,
      variables: job.variables,
      departmentId: job.departmentId,
      officeIds: view.officeIds,
      workModel: job.workModel,
      remoteCountries: job.remoteCountries,
      employmentType: job.employmentType,
      seniority: job.seniority,
      salary: this.salaryOf(job),
      openings: job.openings,
      hiringTeam: view.hiringTeam,
    };
  }
}
