import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Privacy requests lose the status `awaiting_anonymization`. It was written only while self-service deletion went
 * through an optional anonymiser port that nothing bound; a confirmed deletion now anonymises at once, so no code path
 * produces it. A request left in it by that earlier code moves to `awaiting_admin`: nothing would pick it up on its
 * own, and the admin queue shows it as waiting for an admin, whose "Delete their data" anonymises the candidate.
 *
 * `down()` restores the check that allows it (the rows moved stay `awaiting_admin`).
 */
export class PrivacyRequestStatusTidy1764860000000 implements MigrationInterface {
  name = 'PrivacyRequestStatusTidy1764860000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`UPDATE privacy_requests SET status = 'awaiting_admin', updated_at = now() WHERE status = 'awaiting_anonymization'`);
    await q.query(`ALTER TABLE privacy_requests DROP CONSTRAINT privacy_requests_status_check`);
    await q.query(
      `ALTER TABLE privacy_requests ADD CONSTRAINT privacy_requests_status_check
         CHECK (status IN ('unconfirmed', 'awaiting_admin', 'confirmed', 'fulfilled', 'rejected', 'expired'))`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE privacy_requests DROP CONSTRAINT privacy_requests_status_check`);
    await q.query(
      `ALTER TABLE privacy_requests ADD CONSTRAINT privacy_requests_status_check
         CHECK (status IN ('unconfirmed', 'awaiting_admin', 'confirmed', 'awaiting_anonymization', 'fulfilled', 'rejected', 'expired'))`,
    );
  }
}
