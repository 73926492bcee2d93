import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The hiring report's cohort over the whole organization is filtered by `applied_at` (a date range), and the
 * reports filter by department through the jobs of that department (`jobs_org_department_created_idx` serves that).
 */
export class ReportFilterIndexes1764720000000 implements MigrationInterface {
  name = 'ReportFilterIndexes1764720000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE INDEX applications_org_applied_idx ON applications (organization_id, applied_at, id)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX IF EXISTS applications_org_applied_idx`);
  }
}
