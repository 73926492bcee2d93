import { TransactionHost } from '@nestjs-cls/transactional';
import type { TransactionalAdapterTypeOrm } from '@nestjs-cls/transactional-adapter-typeorm';
import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import type { QueryDeepPartialEntity } from 'typeorm/query-builder/QueryPartialEntity.js';
import type { AuthUser } from '../../identity/src/index.js';
import { UsersService } from '../../identity/src/index.js';
import { AuditService, diffFields, DomainEventType, FieldError } from '../../platform/src/index.js';
import { suggestSalaryBand, TemplatesService, type Template, type TemplateRevision } from '../../templates/src/index.js';
import { AccessPolicy, Action, Resource } from './access/access-policy.js';
import { CreateJobDto, HiringTeamDto, StageInputDto, UpdateJobDto } from './dto/job.dto.js';
import { defaultInterviewPlan, type StagePlan } from './interview-plan.js';
import { JobHiringTeamMember } from './job-hiring-team-member.entity.js';
import { JobOffice } from './job-office.entity.js';
import { JobStage } from './job-stage.entity.js';
import { Job } from './job.entity.js';
import { JobStatus, JobWorkModel, SalaryPeriod } from './job.types.js';
import { JobsErrorCode, JobsException } from './jobs.exception.js';
import { OrgUnitsService } from './org-units.service.js';
import { JobsService, type HiringTeam, type JobView } from './jobs.service.js';
import { JOB_DENIED, TEAM_FIELDS } from './jobs.shared.js';
import { JobDescriptionRenderer } from './job-description.service.js';

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

/** Writing a job: create (from a template revision, with offices, hiring team and interview plan) and update. */
@Injectable()
export class JobDrafting {
  constructor(
    private readonly jobs: JobsService,
    private readonly description: JobDescriptionRenderer,
    private readonly templates: TemplatesService,
    private readonly units: OrgUnitsService,
    private readonly users: UsersService,
    private readonly audit: AuditService,
    private readonly txHost: TransactionHost<TransactionalAdapterTypeOrm>,
    private readonly access: AccessPolicy,
  ) {}

  async create(actor: AuthUser, input: CreateJobDto): Promise<JobView> {
    const organizationId = actor.organizationId;
    const jobId = await this.txHost.withTransaction(async () => {
      const { template, revision } = await this.templates.resolveRevision(organizationId, {
        templateId: input.templateId,
        templateRevisionId: input.templateRevisionId,
      });
      const department = await this.units.requireDepartment(organizationId, input.departmentId);
      const offices = await this.units.requireOffices(organizationId, input.officeIds);
      this.units.assertNotArchived(department, offices);
      const hiringTeam = await this.validateTeam(organizationId, input.hiringTeam ?? {});
      const plan = this.planFromInput(input.interviewPlan, 'interviewPlan');

      const suggested = input.salary ? null : suggestSalaryBand({ family: template.family, seniority: input.seniority });
      const salary = input.salary ?? (suggested ? { min: suggested.min, max: suggested.max, currency: suggested.currency, period: SalaryPeriod.Year } : null);

      const job = this.txHost.tx.create(Job, {
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
      await this.description.describe(job, revision, { departmentName: department.name, offices });
      await this.txHost.tx.insert(Job, job as unknown as QueryDeepPartialEntity<Job>);
      await this.writeOffices(
        organizationId,
        job.id,
        offices.map((o) => o.id),
      );
      await this.writeTeam(organizationId, job.id, hiringTeam);
      await this.txHost.tx.insert(
        JobStage,
        plan.map((stage, position) => ({ id: randomUUID(), organizationId, jobId: job.id, position, ...stage })),
      );
      await this.audit.record({
        organizationId,
        actorId: actor.id,
        entityType: 'job',
        entityId: job.id,
        action: 'create',
        changes: { title: { to: job.title }, status: { to: job.status }, templateRevisionId: { to: revision.id }, salary: { to: this.salaryOf(job) } },
      });
      await this.jobs.announceEvent(DomainEventType.JobCreated, organizationId, job.id);
      return job.id;
    });
    return this.jobs.getView(organizationId, jobId);
  }

  async update(actor: AuthUser, id: string, input: UpdateJobDto): Promise<JobView> {
    await this.access.assertCan(actor, Action.Write, { resource: Resource.Job, jobId: id }, JOB_DENIED);
    const organizationId = actor.organizationId;
    await this.txHost.withTransaction(async () => {
      const job = await this.jobs.lockJob(organizationId, id, input.version);
      if (job.status === JobStatus.Closed) throw new JobsException(JobsErrorCode.JobClosed, 'A closed job cannot be changed.');
      const [beforeView] = await this.jobs.loadViews([job], { stages: false });
      const before = this.auditSnapshot(beforeView);

      let template: Template;
      let revision: TemplateRevision;
      if (input.templateRevisionId && input.templateRevisionId !== job.templateRevisionId) {
        ({ template, revision } = await this.templates.resolveRevision(organizationId, { templateRevisionId: input.templateRevisionId }));
      } else {
        ({ template, revision } = await this.templates.resolveRevision(organizationId, { templateRevisionId: job.templateRevisionId }));
      }
      const departmentId = input.departmentId ?? job.departmentId;
      const department = departmentId ? await this.units.requireDepartment(organizationId, departmentId) : null;
      const officeIds = input.officeIds ?? beforeView.officeIds;
      const offices = await this.units.requireOffices(organizationId, officeIds);
      this.units.assertNotArchived(department, offices, { departmentId: job.departmentId, officeIds: beforeView.officeIds });
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
      await this.description.describe(job, revision, { departmentName: department?.name, offices });

      const afterView: JobView = { job, officeIds, hiringTeam, stages: [], applicants: beforeView.applicants };
      const changes = diffFields(before, this.auditSnapshot(afterView), AUDITED_FIELDS);
      job.version += 1;
      await this.txHost.tx.save(Job, job);
      if (input.officeIds) await this.writeOffices(organizationId, job.id, officeIds);
      if (input.hiringTeam) await this.writeTeam(organizationId, job.id, hiringTeam);
      await this.audit.record({ organizationId, actorId: actor.id, entityType: 'job', entityId: job.id, action: 'update', changes });
      if (Object.keys(changes).length > 0) {
        await this.jobs.announceChange(organizationId, job.id, actor.id, 'updated');
        await this.jobs.announceEvent(DomainEventType.JobUpdated, organizationId, job.id);
      }
    });
    return this.jobs.getView(organizationId, id);
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

  private async writeOffices(organizationId: string, jobId: string, officeIds: string[]): Promise<void> {
    await this.txHost.tx.delete(JobOffice, { jobId, organizationId });
    if (officeIds.length)
      await this.txHost.tx.insert(
        JobOffice,
        officeIds.map((officeId, position) => ({ organizationId, jobId, officeId, position })),
      );
  }

  private async writeTeam(organizationId: string, jobId: string, team: HiringTeam): Promise<void> {
    await this.txHost.tx.delete(JobHiringTeamMember, { jobId, organizationId });
    const rows = TEAM_FIELDS.flatMap(({ key, role }) => team[key].map((userId) => ({ organizationId, jobId, userId, role })));
    if (rows.length) await this.txHost.tx.insert(JobHiringTeamMember, rows);
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
