import { MigrationInterface, QueryRunner } from 'typeorm';

const POLICY = `(current_setting('hireloop.cross_tenant', true) = 'on' OR organization_id = NULLIF(current_setting('hireloop.organization_id', true), '')::uuid)`;

/**
 * The mail module: every email to a candidate (`emails`, sent by the worker through the outbox and the `mail` queue),
 * candidates who unsubscribed (`email_unsubscribes`) and, in development, the built-in catcher's mailbox (`dev_mailbox`,
 * no organization: the development instance's own inbox).
 */
export class Mail1764750000000 implements MigrationInterface {
  name = 'Mail1764750000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE emails (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        organization_id uuid NOT NULL REFERENCES organizations (id) ON DELETE CASCADE,
        candidate_id uuid NOT NULL,
        application_id uuid,
        kind text NOT NULL DEFAULT 'custom',
        transactional boolean NOT NULL DEFAULT true,
        to_address text NOT NULL,
        subject text NOT NULL,
        body text NOT NULL,
        status text NOT NULL CHECK (status IN ('scheduled', 'queued', 'sent', 'failed', 'bounced', 'cancelled')),
        send_at timestamptz,
        sent_at timestamptz,
        failure_reason text,
        reply_token text NOT NULL UNIQUE,
        created_by uuid,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        UNIQUE (organization_id, id),
        FOREIGN KEY (organization_id, candidate_id) REFERENCES candidates (organization_id, id) ON DELETE CASCADE,
        FOREIGN KEY (organization_id, application_id) REFERENCES applications (organization_id, id) ON DELETE SET NULL (application_id),
        FOREIGN KEY (organization_id, created_by) REFERENCES users (organization_id, id) ON DELETE SET NULL (created_by)
      )`);
    await q.query(`CREATE INDEX emails_candidate_created_idx ON emails (organization_id, candidate_id, created_at DESC, id DESC)`);
    await q.query(`CREATE INDEX emails_application_idx ON emails (organization_id, application_id) WHERE application_id IS NOT NULL`);
    await q.query(`
      CREATE TABLE email_unsubscribes (
        organization_id uuid NOT NULL REFERENCES organizations (id) ON DELETE CASCADE,
        candidate_id uuid NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (organization_id, candidate_id),
        FOREIGN KEY (organization_id, candidate_id) REFERENCES candidates (organization_id, id) ON DELETE CASCADE
      )`);
    for (const table of ['emails', 'email_unsubscribes']) {
      await q.query(`ALTER TABLE ${table} ENABLE ROW LEVEL SECURITY`);
      await q.query(`ALTER TABLE ${table} FORCE ROW LEVEL SECURITY`);
      await q.query(`CREATE POLICY tenant_isolation ON ${table} USING ${POLICY} WITH CHECK ${POLICY}`);
    }
    await q.query(`
      CREATE TABLE dev_mailbox (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        message_id text NOT NULL UNIQUE,
        to_address text NOT NULL,
        subject text NOT NULL,
        raw text NOT NULL,
        received_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX dev_mailbox_received_idx ON dev_mailbox (received_at DESC, id DESC)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE IF EXISTS dev_mailbox`);
    await q.query(`DROP TABLE IF EXISTS email_unsubscribes`);
    await q.query(`DROP TABLE IF EXISTS emails`);
  }
}
