import { MigrationInterface, QueryRunner } from 'typeorm';

const POLICY = `(current_setting('hireloop.cross_tenant', true) = 'on' OR organization_id = NULLIF(current_setting('hireloop.organization_id', true), '')::uuid)`;

/** Replies from candidates, threaded to the email they answer (by reply token, then In-Reply-To/References). */
export class InboundEmails1764753000000 implements MigrationInterface {
  name = 'InboundEmails1764753000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE inbound_emails (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        organization_id uuid NOT NULL REFERENCES organizations (id) ON DELETE CASCADE,
        candidate_id uuid NOT NULL,
        in_reply_to_email_id uuid,
        message_id text,
        from_address text NOT NULL,
        subject text NOT NULL,
        body text NOT NULL,
        threaded_by text NOT NULL CHECK (threaded_by IN ('token', 'in_reply_to')),
        received_at timestamptz NOT NULL DEFAULT now(),
        UNIQUE (organization_id, id),
        UNIQUE (organization_id, message_id),
        FOREIGN KEY (organization_id, candidate_id) REFERENCES candidates (organization_id, id) ON DELETE CASCADE,
        FOREIGN KEY (organization_id, in_reply_to_email_id) REFERENCES emails (organization_id, id) ON DELETE SET NULL (in_reply_to_email_id)
      )`);
    await q.query(`CREATE INDEX inbound_emails_candidate_idx ON inbound_emails (organization_id, candidate_id, received_at DESC, id DESC)`);
    await q.query(`ALTER TABLE inbound_emails ENABLE ROW LEVEL SECURITY`);
    await q.query(`ALTER TABLE inbound_emails FORCE ROW LEVEL SECURITY`);
    await q.query(`CREATE POLICY tenant_isolation ON inbound_emails USING ${POLICY} WITH CHECK ${POLICY}`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE IF EXISTS inbound_emails`);
  }
}
