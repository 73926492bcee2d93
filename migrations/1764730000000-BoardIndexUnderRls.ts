import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The pipeline board counts a job's active applications per stage from `applications_board_entered_idx` alone (an
 * index-only scan). Under row-level security the tenant policy reads `organization_id` of every counted row, which the
 * index did not hold, so each count visited the table: about 8× the time on a job of 6,000 applications, growing with
 * the job. The index now carries `organization_id` (INCLUDE), so the policy is checked from the index and the board
 * stays an index-only scan.
 */
export class BoardIndexUnderRls1764730000000 implements MigrationInterface {
  name = 'BoardIndexUnderRls1764730000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX applications_board_entered_idx`);
    await q.query(`CREATE INDEX applications_board_entered_idx ON applications (job_id, stage_id, status, stage_entered_at, id) INCLUDE (organization_id)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX applications_board_entered_idx`);
    await q.query(`CREATE INDEX applications_board_entered_idx ON applications (job_id, stage_id, status, stage_entered_at, id)`);
  }
}
