import { MigrationInterface, QueryRunner } from 'typeorm';

const POLICY = `(current_setting('hireloop.cross_tenant', true) = 'on' OR organization_id = NULLIF(current_setting('hireloop.organization_id', true), '')::uuid)`;

/**
 * Access requests (privacy module): a candidate's data export (the zip stored in chunks, so it is written and read
 * without holding it whole) and the careers page's self-service requests (data or deletion), each confirmed by a
 * single-use emailed link whose SHA-256 alone is kept.
 */
export class PrivacyExports1764820000000 implements MigrationInterface {
  name = 'PrivacyExports1764820000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE privacy_exports (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        organization_id uuid NOT NULL REFERENCES organizations (id) ON DELETE CASCADE,
        candidate_id uuid NOT NULL,
        requested_by uuid,
        status text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'ready', 'failed', 'expired')),
        size_bytes bigint,
        failure text,
        created_at timestamptz NOT NULL DEFAULT now(),
        ready_at timestamptz,
        expires_at timestamptz,
        UNIQUE (organization_id, id),
        FOREIGN KEY (organization_id, candidate_id) REFERENCES candidates (organization_id, id) ON DELETE CASCADE,
        FOREIGN KEY (organization_id, requested_by) REFERENCES users (organization_id, id) ON DELETE SET NULL (requested_by)
      )`);
    await q.query(`CREATE INDEX privacy_exports_candidate_idx ON privacy_exports (organization_id, candidate_id, created_at DESC, id DESC)`);
    await q.query(`CREATE INDEX privacy_exports_expiry_idx ON privacy_exports (expires_at) WHERE status = 'ready'`);
    await q.query(`
      CREATE TABLE privacy_export_chunks (
        organization_id uuid NOT NULL REFERENCES organizations (id) ON DELETE CASCADE,
        export_id uuid NOT NULL,
        seq integer NOT NULL,
        data bytea NOT NULL,
        PRIMARY KEY (export_id, seq),
        FOREIGN KEY (organization_id, export_id) REFERENCES privacy_exports (organization_id, id) ON DELETE CASCADE
      )`);
    await q.query(`
      CREATE TABLE privacy_requests (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        organization_id uuid NOT NULL REFERENCES organizations (id) ON DELETE CASCADE,
        kind text NOT NULL CHECK (kind IN ('access', 'deletion')),
        email text NOT NULL,
        candidate_id uuid,
        status text NOT NULL CHECK (status IN ('unconfirmed', 'awaiting_admin', 'confirmed', 'awaiting_anonymization', 'fulfilled', 'rejected', 'expired')),
        confirm_token_hash bytea UNIQUE,
        confirm_expires_at timestamptz,
        confirmed_at timestamptz,
        deadline_at timestamptz NOT NULL,
        export_id uuid,
        download_token_hash bytea UNIQUE,
        download_expires_at timestamptz,
        reject_reason text,
        decided_by uuid,
        decided_at timestamptz,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        UNIQUE (organization_id, id),
        FOREIGN KEY (organization_id, candidate_id) REFERENCES candidates (organization_id, id) ON DELETE SET NULL (candidate_id),
        FOREIGN KEY (organization_id, export_id) REFERENCES privacy_exports (organization_id, id) ON DELETE SET NULL (export_id),
        FOREIGN KEY (organization_id, decided_by) REFERENCES users (organization_id, id) ON DELETE SET NULL (decided_by)
      )`);
    await q.query(`CREATE INDEX privacy_requests_list_idx ON privacy_requests (organization_id, created_at DESC, id DESC)`);
    await q.query(`CREATE INDEX privacy_requests_email_idx ON privacy_requests (organization_id, email, created_at DESC)`);
    for (const table of ['privacy_exports', 'privacy_export_chunks', 'privacy_requests']) {
      await q.query(`ALTER TABLE ${table} ENABLE ROW LEVEL SECURITY`);
      await q.query(`ALTER TABLE ${table} FORCE ROW LEVEL SECURITY`);
      await q.query(`CREATE POLICY tenant_isolation ON ${table} USING ${POLICY} WITH CHECK ${POLICY}`);
    }
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE IF EXISTS privacy_requests`);
    await q.query(`DROP TABLE IF EXISTS privacy_export_chunks`);
    await q.query(`DROP TABLE IF EXISTS privacy_exports`);
  }
}
