import { MigrationInterface, QueryRunner } from 'typeorm';

/** An email's iCalendar attachment (interview invitations), kept with it so a retried send is the same message. */
export class EmailCalendar1764752000000 implements MigrationInterface {
  name = 'EmailCalendar1764752000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE emails ADD COLUMN calendar text, ADD COLUMN calendar_method text CHECK (calendar_method IN ('REQUEST', 'CANCEL'))`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE emails DROP COLUMN IF EXISTS calendar, DROP COLUMN IF EXISTS calendar_method`);
  }
}
