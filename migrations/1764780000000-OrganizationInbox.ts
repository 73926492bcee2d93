import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The organization inbox: mail sent to an organization's inbox address (`inbox+<slug>.<key>@INBOUND_DOMAIN`) that
 * threads to no email of ours is kept in `inbound_emails` without a candidate, `inbox_state` 'open', until a recruiter
 * assigns it to a candidate ('assigned', the candidate set) or dismisses it ('dismissed'). Threaded replies keep
 * `inbox_state` NULL.
 */
export class OrganizationInbox1764780000000 implements MigrationInterface {
  name = 'OrganizationInbox1764780000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE inbound_emails ALTER COLUMN candidate_id DROP NOT NULL`);
    await q.query(`ALTER TABLE inbound_emails DROP CONSTRAINT inbound_emails_threaded_by_check`);
    await q.query(
      `ALTER TABLE inbound_emails ADD CONSTRAINT inbound_emails_threaded_by_check CHECK (threaded_by IN ('token', 'in_reply_to', 'organization_address'))`,
    );
    await q.query(`
      ALTER TABLE inbound_emails
        ADD COLUMN to_address text,
        ADD COLUMN inbox_state text CHECK (inbox_state IN ('open', 'assigned', 'dismissed')),
        ADD COLUMN handled_by uuid,
        ADD COLUMN handled_at timestamptz,
        ADD CONSTRAINT inbound_emails_handled_by_fkey FOREIGN KEY (organization_id, handled_by) REFERENCES users (organization_id, id) ON DELETE SET NULL (handled_by),
        ADD CONSTRAINT inbound_emails_candidate_or_inbox CHECK (candidate_id IS NOT NULL OR inbox_state IN ('open', 'dismissed'))`);
    await q.query(`CREATE INDEX inbound_emails_inbox_idx ON inbound_emails (organization_id, received_at DESC, id DESC) WHERE inbox_state = 'open'`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX IF EXISTS inbound_emails_inbox_idx`);
    await q.query(`DELETE FROM inbound_emails WHERE candidate_id IS NULL OR threaded_by = 'organization_address'`);
    await q.query(`
      ALTER TABLE inbound_emails
        DROP CONSTRAINT inbound_emails_candidate_or_inbox,
        DROP CONSTRAINT inbound_emails_handled_by_fkey,
        DROP COLUMN handled_at,
        DROP COLUMN handled_by,
        DROP COLUMN inbox_state,
        DROP COLUMN to_address`);
    await q.query(`ALTER TABLE inbound_emails DROP CONSTRAINT inbound_emails_threaded_by_check`);
    await q.query(`ALTER TABLE inbound_emails ADD CONSTRAINT inbound_emails_threaded_by_check CHECK (threaded_by IN ('token', 'in_reply_to'))`);
    await q.query(`ALTER TABLE inbound_emails ALTER COLUMN candidate_id SET NOT NULL`);
  }
}
