import { MigrationInterface, QueryRunner } from 'typeorm';

const POLICY = `(current_setting('hireloop.cross_tenant', true) = 'on' OR organization_id = NULLIF(current_setting('hireloop.organization_id', true), '')::uuid)`;

/**
 * Consent, retention and anonymisation.
 * - Consent given on apply is recorded with the version of the text shown (candidate and application, pipelines).
 * - `candidates.anonymized_at` marks an anonymised candidate (irreversible; a second anonymisation changes nothing).
 * - `retention_due` (privacy): candidates the daily sweep found due under a retention rule, with the end of their grace
 *   period, or kept by a recruiter (until when, why).
 * - Anonymisation may blank a submitted scorecard's free text (notes, takeaways, the evidence beside each rating; the
 *   ratings themselves stay) in a transaction that set
 *   `hireloop.erasing_personal_data` to `on` (transaction-local).
 */
export class PrivacyRetention1764800000000 implements MigrationInterface {
  name = 'PrivacyRetention1764800000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE candidates ADD COLUMN anonymized_at timestamptz, ADD COLUMN consent_text_version text`);
    await q.query(`ALTER TABLE applications ADD COLUMN consent_at timestamptz, ADD COLUMN consent_text_version text`);

    await q.query(`
      CREATE TABLE retention_due (
        organization_id uuid NOT NULL REFERENCES organizations (id) ON DELETE CASCADE,
        candidate_id uuid NOT NULL,
        rule text NOT NULL CHECK (rule IN ('closed', 'inactive', 'hired')),
        flagged_at timestamptz NOT NULL,
        anonymize_at timestamptz NOT NULL,
        kept_until timestamptz,
        keep_reason text,
        kept_by uuid,
        kept_at timestamptz,
        PRIMARY KEY (organization_id, candidate_id),
        FOREIGN KEY (organization_id, candidate_id) REFERENCES candidates (organization_id, id) ON DELETE CASCADE,
        FOREIGN KEY (organization_id, kept_by) REFERENCES users (organization_id, id) ON DELETE SET NULL (kept_by)
      )`);
    await q.query(`CREATE INDEX retention_due_list_idx ON retention_due (organization_id, anonymize_at, candidate_id) WHERE kept_until IS NULL`);
    await q.query(`CREATE INDEX retention_due_kept_by_idx ON retention_due (organization_id, kept_by) WHERE kept_by IS NOT NULL`);
    await q.query(`ALTER TABLE retention_due ENABLE ROW LEVEL SECURITY`);
    await q.query(`ALTER TABLE retention_due FORCE ROW LEVEL SECURITY`);
    await q.query(`CREATE POLICY tenant_isolation ON retention_due USING ${POLICY} WITH CHECK ${POLICY}`);

    // Anonymisation keeps a JSON document's shape for replay and history but none of its words: object members
    // named like ids or times (`…Id`, `…Ids`, `…At`, `id`, `type`, `kind`, `status`) and numbers, booleans and nulls
    // stay; every other string goes, at any depth.
    await q.query(`CREATE FUNCTION hireloop_strip_personal_text(doc jsonb) RETURNS jsonb LANGUAGE plpgsql IMMUTABLE PARALLEL SAFE AS $$
      BEGIN
        IF doc IS NULL THEN RETURN NULL; END IF;
        IF jsonb_typeof(doc) = 'object' THEN
          RETURN coalesce((SELECT jsonb_object_agg(k, CASE WHEN right(k, 3) = 'Ids' THEN v ELSE hireloop_strip_personal_text(v) END)
                             FROM jsonb_each(doc) AS e(k, v)
                            WHERE jsonb_typeof(v) <> 'string' OR right(k, 2) IN ('Id', 'At') OR k IN ('id', 'type', 'kind', 'status')), '{}'::jsonb);
        ELSIF jsonb_typeof(doc) = 'array' THEN
          RETURN coalesce((SELECT jsonb_agg(hireloop_strip_personal_text(v) ORDER BY i) FROM jsonb_array_elements(doc) WITH ORDINALITY AS e(v, i)
                            WHERE jsonb_typeof(v) <> 'string'), '[]'::jsonb);
        END IF;
        RETURN doc;
      END $$`);

    await q.query(`CREATE OR REPLACE FUNCTION scorecards_submitted_immutable() RETURNS trigger LANGUAGE plpgsql AS $$
      DECLARE
        ignored text[] := ARRAY['current', 'updated_at'];
      BEGIN
        IF coalesce(current_setting('hireloop.following_merge', true), '') = 'on' THEN
          ignored := array_append(ignored, 'application_id');
        END IF;
        IF coalesce(current_setting('hireloop.erasing_personal_data', true), '') = 'on' THEN
          ignored := ignored || ARRAY['ratings', 'question_notes', 'key_takeaways', 'correction_reason'];
        END IF;
        IF OLD.status = 'submitted' AND (to_jsonb(NEW) - ignored) IS DISTINCT FROM (to_jsonb(OLD) - ignored) THEN
          RAISE EXCEPTION 'submitted scorecards are immutable' USING ERRCODE = 'restrict_violation';
        END IF;
        RETURN NEW;
      END $$`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`CREATE OR REPLACE FUNCTION scorecards_submitted_immutable() RETURNS trigger LANGUAGE plpgsql AS $$
      DECLARE
        ignored text[] := ARRAY['current', 'updated_at'];
      BEGIN
        IF coalesce(current_setting('hireloop.following_merge', true), '') = 'on' THEN
          ignored := array_append(ignored, 'application_id');
        END IF;
        IF OLD.status = 'submitted' AND (to_jsonb(NEW) - ignored) IS DISTINCT FROM (to_jsonb(OLD) - ignored) THEN
          RAISE EXCEPTION 'submitted scorecards are immutable' USING ERRCODE = 'restrict_violation';
        END IF;
        RETURN NEW;
      END $$`);
    await q.query(`DROP FUNCTION IF EXISTS hireloop_strip_personal_text(jsonb)`);
    await q.query(`DROP TABLE IF EXISTS retention_due`);
    await q.query(`ALTER TABLE applications DROP COLUMN consent_text_version, DROP COLUMN consent_at`);
    await q.query(`ALTER TABLE candidates DROP COLUMN consent_text_version, DROP COLUMN anonymized_at`);
  }
}
