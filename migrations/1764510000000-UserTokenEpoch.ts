import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A user's token epoch: every access token carries the epoch it was minted in and is accepted only while the
 * user's epoch is unchanged. Deactivation and "sign out everywhere" bump it, so older tokens stay dead for good,
 * even after the user is reactivated. Checked in the same read that loads the signed-in user.
 */
export class UserTokenEpoch1764510000000 implements MigrationInterface {
  name = 'UserTokenEpoch1764510000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE users ADD COLUMN token_epoch integer NOT NULL DEFAULT 0`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE users DROP COLUMN token_epoch`);
  }
}
