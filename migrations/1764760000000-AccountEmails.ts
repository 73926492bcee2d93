import { MigrationInterface, QueryRunner } from 'typeorm';

const POLICY = `(current_setting('hireloop.cross_tenant', true) = 'on' OR organization_id = NULLIF(current_setting('hireloop.organization_id', true), '')::uuid)`;

/**
 * Accounts by email. `users.email_confirmed_at`: a self-registered admin confirms their address before adding anyone
 * (accounts that exist already count as confirmed). `account_tokens` (identity): the links of invitations, password
 * resets and email confirmations, kept only as a SHA-256 of the token, single use, with an expiry. `account_emails`
 * (mail): the account mails themselves, sent by the worker like candidate email; they have no candidate, so they cannot
 * live in `emails`, and they never store the link (the worker derives it at send time).
 */
export class AccountEmails1764760000000 implements MigrationInterface {
  name = 'AccountEmails1764760000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE users ADD COLUMN email_confirmed_at timestamptz`);
    await q.query(`UPDATE users SET email_confirmed_at = created_at`);
    await q.query(`
      CREATE TABLE account_tokens (
        id uuid PRIMARY KEY,
        organization_id uuid NOT NULL REFERENCES organizations (id) ON DELETE CASCADE,
        user_id uuid NOT NULL,
        purpose text NOT NULL CHECK (purpose IN ('invitation', 'password_reset', 'email_confirmation')),
        token_hash text NOT NULL UNIQUE,
        expires_at timestamptz NOT NULL,
        used_at timestamptz,
        created_by uuid,
        created_at timestamptz NOT NULL DEFAULT now(),
        UNIQUE (organization_id, id),
        FOREIGN KEY (organization_id, user_id) REFERENCES users (organization_id, id) ON DELETE CASCADE,
        FOREIGN KEY (organization_id, created_by) REFERENCES users (organization_id, id) ON DELETE SET NULL (created_by)
      )`);
    await q.query(`CREATE INDEX account_tokens_user_idx ON account_tokens (organization_id, user_id, purpose) WHERE used_at IS NULL`);
    await q.query(`
      CREATE TABLE account_emails (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        organization_id uuid NOT NULL REFERENCES organizations (id) ON DELETE CASCADE,
        user_id uuid NOT NULL,
        token_id uuid NOT NULL,
        kind text NOT NULL CHECK (kind IN ('invitation', 'password_reset', 'email_confirmation')),
        to_address text NOT NULL,
        subject text NOT NULL,
        intro text NOT NULL,
        outro text NOT NULL,
        status text NOT NULL CHECK (status IN ('queued', 'sent', 'failed', 'cancelled')),
        sent_at timestamptz,
        failure_reason text,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        UNIQUE (organization_id, id),
        FOREIGN KEY (organization_id, user_id) REFERENCES users (organization_id, id) ON DELETE CASCADE,
        FOREIGN KEY (organization_id, token_id) REFERENCES account_tokens (organization_id, id) ON DELETE CASCADE
      )`);
    await q.query(`CREATE INDEX account_emails_user_idx ON account_emails (organization_id, user_id, created_at DESC)`);
    for (const table of ['account_tokens', 'account_emails']) {
      await q.query(`ALTER TABLE ${table} ENABLE ROW LEVEL SECURITY`);
      await q.query(`ALTER TABLE ${table} FORCE ROW LEVEL SECURITY`);
      await q.query(`CREATE POLICY tenant_isolation ON ${table} USING ${POLICY} WITH CHECK ${POLICY}`);
    }
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE IF EXISTS account_emails`);
    await q.query(`DROP TABLE IF EXISTS account_tokens`);
    await q.query(`ALTER TABLE users DROP COLUMN IF EXISTS email_confirmed_at`);
  }
}
