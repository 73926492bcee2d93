import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Index for the approvals inbox (GET /v1/offers/awaiting-my-approval): pending offers of an organization
 * in submission order, its filter and keyset sort. The decision queue needs no new index: it reads a
 * job's stages by job_stages_org_idx / job_stages_position_key, the waiting applications by
 * applications_board_entered_idx (job, stage, status, stage_entered_at, id), decisions by
 * hiring_decisions_application_idx, and the owed scorecards by interview_interviewers_application_user_idx
 * and scorecards_one_current_key.
 */
export class DecisionQueues1763877000000 implements MigrationInterface {
  name = 'DecisionQueues1763877000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE INDEX offers_org_status_submitted_idx ON offers (organization_id, status, submitted_at, id)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX offers_org_status_submitted_idx`);
  }
}
