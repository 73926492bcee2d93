import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * An offer's decline may name one of the organization's rejection reasons of kind 'declined'
 * (free text stays allowed beside it or instead of it), so the hiring report can group declines by
 * reason. Indexed as a foreign key.
 */
export class OfferDeclineReasonId1763879500000 implements MigrationInterface {
  name = 'OfferDeclineReasonId1763879500000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE offers ADD COLUMN decline_reason_id uuid REFERENCES rejection_reasons(id) ON DELETE RESTRICT`);
    await q.query(`CREATE INDEX offers_decline_reason_idx ON offers (decline_reason_id) WHERE decline_reason_id IS NOT NULL`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX offers_decline_reason_idx`);
    await q.query(`ALTER TABLE offers DROP COLUMN decline_reason_id`);
  }
}
