/**
 * The tables the jobs module owns (created by its migrations). Only this module's code names them in SQL or
 * query builders; other modules go through its services. `test/architecture.spec.ts` checks both.
 */
export const OWNED_TABLES: readonly string[] = ['departments', 'offices', 'jobs', 'job_offices', 'job_hiring_team', 'job_stages'];

/**
 * Read models the jobs module publishes (SQL views over its tables, created by its migrations): any module may
 * SELECT from them; only jobs changes them.
 */
export const PUBLISHED_VIEWS: readonly string[] = ['job_listings', 'org_units'];
