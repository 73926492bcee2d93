import type { AccessScope } from '../../jobs/src/index.js';

/*
 * The access policy's candidate and application rules (jobs module, `AccessPolicy.decide`) in
 * SQL, for lists and for checks made while locking a row: a candidate is readable through any
 * application the actor may read, writable through any application on a job whose pipeline the
 * actor works. `test/service/access-policy.spec.ts` checks that these agree with `decide`.
 */

/**
 * SQL condition restricting candidates (alias `c`) to the visible ones; appends its parameters.
 * `write` restricts to candidates the user may change.
 */
export function candidateCondition(scope: AccessScope, params: unknown[], write = false): string {
  if (scope.all) return 'true';
  params.push(scope.jobIds);
  const jobParam = `$${params.length}`;
  if (write) return `EXISTS (SELECT 1 FROM applications va WHERE va.candidate_id = c.id AND va.job_id = ANY(${jobParam}::uuid[]))`;
  params.push(scope.applicationIds);
  const appParam = `$${params.length}`;
  return `EXISTS (SELECT 1 FROM applications va WHERE va.candidate_id = c.id AND (va.job_id = ANY(${jobParam}::uuid[]) OR va.id = ANY(${appParam}::uuid[])))`;
}

/** SQL condition restricting applications (given alias) to the visible ones; appends its parameters. */
export function applicationCondition(scope: AccessScope, alias: string, params: unknown[]): string {
  if (scope.all) return 'true';
  params.push(scope.jobIds, scope.applicationIds);
  return `(${alias}.job_id = ANY($${params.length - 1}::uuid[]) OR ${alias}.id = ANY($${params.length}::uuid[]))`;
}
