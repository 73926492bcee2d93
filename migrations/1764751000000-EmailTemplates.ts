import { MigrationInterface, QueryRunner } from 'typeorm';

const POLICY = `(current_setting('hireloop.cross_tenant', true) = 'on' OR organization_id = NULLIF(current_setting('hireloop.organization_id', true), '')::uuid)`;

/** An organization's own email templates (Liquid), one type each; the built-in defaults live in code. */
export class EmailTemplates1764751000000 implements MigrationInterface {
  name = 'EmailTemplates1764751000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE email_templates (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        organization_id uuid NOT NULL REFERENCES organizations (id) ON DELETE CASCADE,
        type text NOT NULL CHECK (type IN ('application_received', 'rejection', 'interview_invitation', 'interview_rescheduled', 'interview_cancelled',
                                            'scheduling_request', 'offer_letter', 'custom')),
        name text NOT NULL,
        subject text NOT NULL,
        body text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        UNIQUE (organization_id, id)
      )`);
    await q.query(`CREATE INDEX email_templates_org_type_idx ON email_templates (organization_id, type, created_at, id)`);
    await q.query(`ALTER TABLE emails ADD COLUMN template_id uuid`);
    await q.query(
      `ALTER TABLE emails ADD CONSTRAINT emails_template_fk FOREIGN KEY (organization_id, template_id) REFERENCES email_templates (organization_id, id) ON DELETE SET NULL (template_id)`,
    );
    await q.query(`ALTER TABLE email_templates ENABLE ROW LEVEL SECURITY`);
    await q.query(`ALTER TABLE email_templates FORCE ROW LEVEL SECURITY`);
    await q.query(`CREATE POLICY tenant_isolation ON email_templates USING ${POLICY} WITH CHECK ${POLICY}`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE emails DROP COLUMN IF EXISTS template_id`);
    await q.query(`DROP TABLE IF EXISTS email_templates`);
  }
}
