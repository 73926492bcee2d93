import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * An email address is unique within an organization, not across them: one person may have an account in several
 * organizations, each with its own password, roles and sessions. Sign-in and password-reset requests find accounts by
 * address in any organization, hence the index on the address alone.
 *
 * `down()` restores the address unique across organizations; it fails (and changes nothing) while an address has
 * accounts in two organizations.
 */
export class UsersEmailPerOrganization1764850000000 implements MigrationInterface {
  name = 'UsersEmailPerOrganization1764850000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE users DROP CONSTRAINT users_email_key`);
    await q.query(`ALTER TABLE users ADD CONSTRAINT users_organization_id_email_key UNIQUE (organization_id, email)`);
    await q.query(`CREATE INDEX users_email_idx ON users (email)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX users_email_idx`);
    await q.query(`ALTER TABLE users DROP CONSTRAINT users_organization_id_email_key`);
    await q.query(`ALTER TABLE users ADD CONSTRAINT users_email_key UNIQUE (email)`);
  }
}
