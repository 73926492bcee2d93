import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Setting up an organization in the web app:
 * - a user invited with a one-time password must choose their own at first sign-in (`must_change_password`);
 * - departments and offices can be archived (`archived_at`): no longer offered for new jobs, kept on existing ones.
 */
export class AdminSetup1764700000000 implements MigrationInterface {
  name = 'AdminSetup1764700000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE users ADD COLUMN must_change_password boolean NOT NULL DEFAULT false`);
    await q.query(`ALTER TABLE departments ADD COLUMN archived_at timestamptz`);
    await q.query(`ALTER TABLE offices ADD COLUMN archived_at timestamptz`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE offices DROP COLUMN archived_at`);
    await q.query(`ALTER TABLE departments DROP COLUMN archived_at`);
    await q.query(`ALTER TABLE users DROP COLUMN must_change_password`);
  }
}
