import { MigrationInterface, QueryRunner } from 'typeorm';

const POLICY = `(current_setting('hireloop.cross_tenant', true) = 'on' OR organization_id = NULLIF(current_setting('hireloop.organization_id', true), '')::uuid)`;

/**
 * A hash chain over each organization's audit log (platform).
 *
 * - `audit_log` gains `chain_seq` (the entry's position in its organization's chain, 1, 2, 3 ...), `previous_hash`
 *   (the `content_hash` of the entry before it, NULL for the first), `change_digests` (for each changed field, the
 *   SHA-256 of each value: `{ field: { from: hex, to: hex } }`), `content_hash` and `erased_at` (values erased).
 * - `content_hash` = SHA-256 of the UTF-8 text of the jsonb array
 *   `[previous_hash hex | null, chain_seq, organization_id, actor_id, actor_api_key_id, entity_type, entity_id,
 *   action, created_at as YYYY-MM-DDTHH:MI:SS.uuuuuuZ (UTC), change_digests]` (`audit_entry_hash`). It covers the
 *   digests of the changed values, not the values: a value can be erased while its digest stays and the chain still
 *   verifies; a changed value no longer matches its digest.
 * - `audit_chain_heads` holds each organization's last position and hash. An entry is chained when its transaction
 *   commits (a deferred constraint trigger): the head row is locked there, the transaction's entries of that
 *   organization get the next positions in id order, and the head moves on. Taking the lock at commit, after every
 *   other statement, keeps it the last lock a writing transaction takes (no deadlock against the rows it changed) and
 *   holds it only for the commit; positions follow commit order.
 * - Existing entries are chained in id order here.
 */
export class AuditChain1764810000000 implements MigrationInterface {
  name = 'AuditChain1764810000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE audit_log
      ADD COLUMN chain_seq bigint,
      ADD COLUMN previous_hash bytea,
      ADD COLUMN content_hash bytea,
      ADD COLUMN change_digests jsonb,
      ADD COLUMN erased_at timestamptz`);
    await q.query(`CREATE TABLE audit_chain_heads (
      organization_id uuid PRIMARY KEY REFERENCES organizations (id) ON DELETE CASCADE,
      last_seq bigint NOT NULL,
      last_hash bytea
    )`);
    await q.query(`ALTER TABLE audit_chain_heads ENABLE ROW LEVEL SECURITY`);
    await q.query(`ALTER TABLE audit_chain_heads FORCE ROW LEVEL SECURITY`);
    await q.query(`CREATE POLICY tenant_isolation ON audit_chain_heads USING ${POLICY} WITH CHECK ${POLICY}`);

    await q.query(`CREATE FUNCTION audit_value_digest(v jsonb) RETURNS text LANGUAGE sql IMMUTABLE PARALLEL SAFE
      AS $$ SELECT encode(sha256(convert_to(v::text, 'UTF8')), 'hex') $$`);
    // A field whose value is an object ({ from, to }) gets a digest per member; any other value one digest.
    await q.query(`CREATE FUNCTION audit_change_digests(changes jsonb) RETURNS jsonb LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
      SELECT coalesce(jsonb_object_agg(f.key,
        CASE WHEN jsonb_typeof(f.value) = 'object'
          THEN (SELECT coalesce(jsonb_object_agg(s.key, audit_value_digest(s.value)), '{}'::jsonb) FROM jsonb_each(f.value) s)
          ELSE to_jsonb(audit_value_digest(f.value)) END), '{}'::jsonb)
      FROM jsonb_each(CASE WHEN jsonb_typeof(changes) = 'object' THEN changes ELSE '{}'::jsonb END) f
    $$`);
    // The values still there match their digests and the field names are the digested ones (erasure removes
    // members of a field's object, or leaves {} for a field digested whole; nothing else may differ).
    await q.query(`CREATE FUNCTION audit_values_intact(changes jsonb, digests jsonb) RETURNS boolean LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
      SELECT jsonb_typeof(changes) = 'object' AND jsonb_typeof(digests) = 'object'
        AND (SELECT array_agg(k ORDER BY k) FROM jsonb_object_keys(changes) k) IS NOT DISTINCT FROM (SELECT array_agg(k ORDER BY k) FROM jsonb_object_keys(digests) k)
        AND NOT EXISTS (
          SELECT 1 FROM jsonb_each(changes) f
          WHERE CASE WHEN jsonb_typeof(digests -> f.key) = 'object'
            THEN jsonb_typeof(f.value) <> 'object'
              OR EXISTS (SELECT 1 FROM jsonb_each(f.value) s WHERE (digests -> f.key ->> s.key) IS DISTINCT FROM audit_value_digest(s.value))
            ELSE f.value <> '{}'::jsonb AND (digests ->> f.key) IS DISTINCT FROM audit_value_digest(f.value) END)
    $$`);
    await q.query(`CREATE FUNCTION audit_entry_hash(previous bytea, seq bigint, org uuid, actor uuid, api_key uuid, entity_type text, entity_id text,
        action text, created timestamptz, digests jsonb) RETURNS bytea LANGUAGE sql STABLE PARALLEL SAFE AS $$
      SELECT sha256(convert_to(jsonb_build_array(encode(previous, 'hex'), seq, org, actor, api_key, entity_type, entity_id, action,
        to_char(created AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"'), digests)::text, 'UTF8'))
    $$`);
    // Chains the organization's unchained entries from id from_id on (this transaction's, in id order).
    await q.query(`CREATE FUNCTION audit_chain_from(org uuid, from_id bigint) RETURNS void LANGUAGE plpgsql AS $$
      DECLARE
        head_seq bigint;
        head_hash bytea;
        r record;
      BEGIN
        INSERT INTO audit_chain_heads AS h (organization_id, last_seq, last_hash) VALUES (org, 0, NULL)
          ON CONFLICT (organization_id) DO UPDATE SET last_seq = h.last_seq
          RETURNING h.last_seq, h.last_hash INTO head_seq, head_hash;
        FOR r IN SELECT a.id, a.actor_id, a.actor_api_key_id, a.entity_type, a.entity_id, a.action, a.changes, a.created_at FROM audit_log a
            WHERE a.organization_id = org AND a.id >= from_id AND a.content_hash IS NULL ORDER BY a.id LOOP
          head_seq := head_seq + 1;
          UPDATE audit_log SET chain_seq = head_seq, previous_hash = head_hash, change_digests = audit_change_digests(r.changes),
              content_hash = audit_entry_hash(head_hash, head_seq, org, r.actor_id, r.actor_api_key_id, r.entity_type, r.entity_id, r.action,
                r.created_at, audit_change_digests(r.changes))
            WHERE id = r.id RETURNING content_hash INTO head_hash;
        END LOOP;
        UPDATE audit_chain_heads SET last_seq = head_seq, last_hash = head_hash WHERE organization_id = org;
      END
    $$`);
    // The first entry of a transaction (per organization) chains them all; the others find themselves chained.
    await q.query(`CREATE FUNCTION audit_log_seal() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        PERFORM 1 FROM audit_log WHERE id = NEW.id AND content_hash IS NULL;
        IF FOUND THEN
          PERFORM audit_chain_from(NEW.organization_id, NEW.id);
        END IF;
        RETURN NULL;
      END
    $$`);

    // Existing entries, in id order per organization.
    await q.query(`SELECT set_config('hireloop.cross_tenant', 'on', true)`);
    await q.query(`SELECT audit_chain_from(o.organization_id, 0) FROM (SELECT DISTINCT organization_id FROM audit_log) o`);

    await q.query(`CREATE CONSTRAINT TRIGGER audit_log_seal AFTER INSERT ON audit_log DEFERRABLE INITIALLY DEFERRED
      FOR EACH ROW EXECUTE FUNCTION audit_log_seal()`);
    await q.query(`CREATE UNIQUE INDEX audit_log_chain_idx ON audit_log (organization_id, chain_seq)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TRIGGER audit_log_seal ON audit_log`);
    await q.query(`DROP FUNCTION audit_log_seal()`);
    await q.query(`DROP FUNCTION audit_chain_from(uuid, bigint)`);
    await q.query(`DROP FUNCTION audit_entry_hash(bytea, bigint, uuid, uuid, uuid, text, text, text, timestamptz, jsonb)`);
    await q.query(`DROP FUNCTION audit_values_intact(jsonb, jsonb)`);
    await q.query(`DROP FUNCTION audit_change_digests(jsonb)`);
    await q.query(`DROP FUNCTION audit_value_digest(jsonb)`);
    await q.query(`DROP TABLE audit_chain_heads`);
    await q.query(`DROP INDEX audit_log_chain_idx`);
    await q.query(
      `ALTER TABLE audit_log DROP COLUMN chain_seq, DROP COLUMN previous_hash, DROP COLUMN content_hash, DROP COLUMN change_digests, DROP COLUMN erased_at`,
    );
  }
}
