import type { EntityManager } from 'typeorm';
import { ReportingErrorCode, ReportingException } from './reporting.exception.js';

export interface ReportFilters {
  from?: string;
  to?: string;
  jobId?: string;
  departmentId?: string;
}

/**
 * Checks a report's filters before any aggregate runs: the range is not reversed, and a job or department named
 * is one of the organization's (else a 422 naming the field, as an unknown job always was).
 */
export async function assertReportFilters(db: EntityManager, organizationId: string, filters: ReportFilters): Promise<void> {
  if (filters.from && filters.to && new Date(filters.from).getTime() > new Date(filters.to).getTime()) {
    throw new ReportingException(ReportingErrorCode.InvalidReportFilter, 'The start of the period is after its end.', {
      errors: [{ field: 'to', message: 'the end of the period must not be before its start' }],
    });
  }
  if (filters.jobId) {
    const rows = await db.query<unknown[]>(`SELECT 1 FROM jobs WHERE id = $1 AND organization_id = $2`, [filters.jobId, organizationId]);
    if (rows.length === 0) {
      throw new ReportingException(ReportingErrorCode.InvalidReportFilter, 'No such job.', {
        errors: [{ field: 'jobId', message: 'is not a job of your organization' }],
      });
    }
  }
  if (filters.departmentId) {
    const rows = await db.query<unknown[]>(`SELECT 1 FROM departments WHERE id = $1 AND organization_id = $2`, [filters.departmentId, organizationId]);
    if (rows.length === 0) {
      throw new ReportingException(ReportingErrorCode.InvalidReportFilter, 'No such department.', {
        errors: [{ field: 'departmentId', message: 'is not a department of your organization' }],
      });
    }
  }
}

/** SQL condition: the job column belongs to a job of the department in parameter `$n`. */
export const inDepartment = (jobColumn: string, n: number) =>
  `${jobColumn} IN (SELECT j.id FROM jobs j WHERE j.organization_id = $1 AND j.department_id = $${n})`;

/** The period filter every report shares: applications made from `from` through `to` (whole days), as SQL conditions on `a.applied_at`. */
export function appliedInPeriod(filters: { from?: string; to?: string }, params: unknown[], where: string[]): void {
  if (filters.from) {
    params.push(filters.from);
    where.push(`a.applied_at >= $${params.length}::date`);
  }
  if (filters.to) {
    params.push(filters.to);
    where.push(`a.applied_at < ($${params.length}::date + 1)`);
  }
}
