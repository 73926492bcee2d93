import { decodeCursor } from '../../platform/src/index.js';
import { Job } from './job.entity.js';
import { EmploymentType, JobSeniority, JobStatus, JobWorkModel, SalaryPeriod } from './job.types.js';

/**
 * `GET /v1/jobs` as SQL: the summary columns (no description, variables or findings), keyset on
 * (created_at, id) DESC, limit + 1. Raw rows, no entity hydration: the list is the app's busiest read.
 * Exported for the benches, whose raw baseline runs exactly this SQL.
 */
export interface JobListFilters {
  organizationId: string;
  /** null = every job of the organization (admins, recruiters); else only these. */
  visibleJobIds: string[] | null;
  status?: string;
  departmentId?: string;
  seniority?: string;
  workModel?: string;
  officeId?: string;
  hiringTeamMember?: string;
  q?: string;
  cursor?: string;
  limit: number;
}

export const JOB_LIST_COLUMNS = `j.id, j.organization_id, j.template_id, j.template_revision_id, j.title, j.department_id, j.work_model, j.remote_countries,
  j.employment_type, j.seniority, j.salary_min, j.salary_max, j.salary_currency, j.salary_period, j.salary_suggested, j.openings, j.filled, j.status,
  j.close_reason, j.version, j.opened_at, j.closed_at, j.created_by, j.created_at, j.updated_at, j.created_at::text AS keyset_0`;

export function jobListQuery(filters: JobListFilters): { sql: string; params: unknown[] } {
  const params: unknown[] = [filters.organizationId];
  const where = ['j.organization_id = $1'];
  const add = (condition: (n: string) => string, value: unknown) => {
    params.push(value);
    where.push(condition(`$${params.length}`));
  };
  if (filters.visibleJobIds) add((n) => `j.id = ANY(${n}::uuid[])`, filters.visibleJobIds);
  if (filters.status) add((n) => `j.status = ${n}`, filters.status);
  if (filters.departmentId) add((n) => `j.department_id = ${n}`, filters.departmentId);
  if (filters.seniority) add((n) => `j.seniority = ${n}`, filters.seniority);
  if (filters.workModel) add((n) => `j.work_model = ${n}`, filters.workModel);
  if (filters.officeId) add((n) => `EXISTS (SELECT 1 FROM job_offices jo WHERE jo.job_id = j.id AND jo.office_id = ${n})`, filters.officeId);
  if (filters.hiringTeamMember) add((n) => `EXISTS (SELECT 1 FROM job_hiring_team ht WHERE ht.job_id = j.id AND ht.user_id = ${n})`, filters.hiringTeamMember);
  if (filters.q) add((n) => `j.title ILIKE ${n} ESCAPE '\\'`, `%${filters.q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`);
  if (filters.cursor) {
    const [createdAt, id] = decodeCursor(filters.cursor, ['timestamp', 'uuid']);
    params.push(createdAt, id);
    where.push(`(j.created_at, j.id) < ($${params.length - 1}::timestamptz, $${params.length}::uuid)`);
  }
  params.push(filters.limit + 1);
  return {
    sql: `SELECT ${JOB_LIST_COLUMNS} FROM jobs j WHERE ${where.join(' AND ')} ORDER BY j.created_at DESC, j.id DESC LIMIT $${params.length}`,
    params,
  };
}

/** Offices of many jobs, in their order ($1 = job ids). */
export const JOB_OFFICES_SQL = `SELECT job_id, office_id FROM job_offices WHERE job_id = ANY($1::uuid[]) ORDER BY job_id, position`;
/** Hiring teams of many jobs ($1 = job ids). */
export const JOB_TEAMS_SQL = `SELECT job_id, user_id, role FROM job_hiring_team WHERE job_id = ANY($1::uuid[]) ORDER BY user_id`;

export interface JobListRow {
  id: string;
  organization_id: string;
  template_id: string;
  template_revision_id: string;
  title: string;
  department_id: string | null;
  work_model: JobWorkModel;
  remote_countries: string[];
  employment_type: EmploymentType;
  seniority: JobSeniority;
  salary_min: string | null;
  salary_max: string | null;
  salary_currency: string | null;
  salary_period: SalaryPeriod | null;
  salary_suggested: boolean;
  openings: number;
  filled: number;
  status: JobStatus;
  close_reason: string | null;
  version: number;
  opened_at: Date | null;
  closed_at: Date | null;
  created_by: string | null;
  created_at: Date;
  updated_at: Date;
  keyset_0: string;
}

/** A list row as the summary fields of a Job (the description, variables and findings are not loaded). */
export function jobFromListRow(r: JobListRow): Job {
  return Object.assign(new Job(), {
    id: r.id,
    organizationId: r.organization_id,
    templateId: r.template_id,
    templateRevisionId: r.template_revision_id,
    title: r.title,
    departmentId: r.department_id,
    workModel: r.work_model,
    remoteCountries: r.remote_countries,
    employmentType: r.employment_type,
    seniority: r.seniority,
    salaryMin: r.salary_min === null ? null : Number(r.salary_min),
    salaryMax: r.salary_max === null ? null : Number(r.salary_max),
    salaryCurrency: r.salary_currency,
    salaryPeriod: r.salary_period,
    salarySuggested: r.salary_suggested,
    openings: r.openings,
    filled: r.filled,
    status: r.status,
    closeReason: r.close_reason,
    version: r.version,
    openedAt: r.opened_at,
    closedAt: r.closed_at,
    createdBy: r.created_by,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
  });
}

/** Whether the job is the organization's ($1 = organization, $2 = job): the light check before a job's sub-lists. */
export const JOB_EXISTS_SQL = `SELECT 1 FROM jobs WHERE organization_id = $1 AND id = $2`;

/** A job's plan in order ($1 = organization, $2 = job), as the pipeline board shows it. */
export const JOB_STAGE_PLAN_SQL = `SELECT id, name, kind, position, sla_days FROM job_stages WHERE organization_id = $1 AND job_id = $2 ORDER BY position`;

export interface StagePlanRow {
  id: string;
  name: string;
  kind: string;
  position: number;
  slaDays: number | null;
}
