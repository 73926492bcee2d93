import { MigrationInterface, QueryRunner } from 'typeorm';

const TENANT_POLICY = `(current_setting('hireloop.cross_tenant', true) = 'on' OR organization_id = NULLIF(current_setting('hireloop.organization_id', true), '')::uuid)`;

/**
 * API keys (identity): `hl_` keys shown once, stored as their SHA-256 hash, bounded by scopes, revocable at once.
 * The audit log names the key that acted (`actor_api_key_id`) beside the user id it acted for.
 */
export class ApiKeys1764740000000 implements MigrationInterface {
  name = 'ApiKeys1764740000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE api_keys (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      organization_id uuid NOT NULL REFERENCES organizations (id) ON DELETE CASCADE,
      name text NOT NULL,
      prefix text NOT NULL,
      key_hash bytea NOT NULL,
      scopes text[] NOT NULL,
      created_by uuid,
      created_at timestamptz NOT NULL DEFAULT now(),
      expires_at timestamptz,
      last_used_at timestamptz,
      revoked_at timestamptz,
      UNIQUE (organization_id, id),
      FOREIGN KEY (organization_id, created_by) REFERENCES users (organization_id, id) ON DELETE SET NULL (created_by)
    )`);
    await q.query(`CREATE UNIQUE INDEX api_keys_key_hash_idx ON api_keys (key_hash)`);
    await q.query(`CREATE INDEX api_keys_list_idx ON api_keys (organization_id, created_at DESC, id DESC)`);
    await q.query(`CREATE INDEX api_keys_created_by_idx ON api_keys (organization_id, created_by)`);
    await q.query(`ALTER TABLE api_keys ENABLE ROW LEVEL SECURITY`);
    await q.query(`ALTER TABLE api_keys FORCE ROW LEVEL SECURITY`);
    await q.query(`CREATE POLICY tenant_isolation ON api_keys USING ${TENANT_POLICY} WITH CHECK ${TENANT_POLICY}`);

    await q.query(`ALTER TABLE audit_log ADD COLUMN actor_api_key_id uuid`);
    await q.query(
      `ALTER TABLE audit_log ADD CONSTRAINT audit_log_actor_api_key_fk FOREIGN KEY (organization_id, actor_api_key_id) REFERENCES api_keys (organization_id, id) ON DELETE SET NULL (actor_api_key_id)`,
    );
    await q.query(`CREATE INDEX audit_log_actor_api_key_idx ON audit_log (organization_id, actor_api_key_id) WHERE actor_api_key_id IS NOT NULL`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX audit_log_actor_api_key_idx`);
    await q.query(`ALTER TABLE audit_log DROP CONSTRAINT audit_log_actor_api_key_fk`);
    await q.query(`ALTER TABLE audit_log DROP COLUMN actor_api_key_id`);
    await q.query(`DROP TABLE api_keys`);
  }
}
