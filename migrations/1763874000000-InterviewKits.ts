import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Interview kits: the built-in library (organization NULL, read-only, addressed by key) and each
 * organization's own kits, with immutable revisions holding the content a scorecard is written against.
 */
export class InterviewKits1763874000000 implements MigrationInterface {
  name = 'InterviewKits1763874000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE interview_kits (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      organization_id uuid REFERENCES organizations(id) ON DELETE CASCADE,
      key text NOT NULL,
      title text NOT NULL,
      stage_kind text NOT NULL,
      built_in boolean NOT NULL DEFAULT false,
      content_hash text,
      forked_from uuid REFERENCES interview_kits(id) ON DELETE SET NULL,
      latest_revision_id uuid,
      latest_revision_number integer NOT NULL DEFAULT 0,
      created_by uuid REFERENCES users(id) ON DELETE SET NULL,
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now(),
      CONSTRAINT interview_kits_built_in_owner CHECK (built_in = (organization_id IS NULL))
    )`);
    await q.query(`CREATE UNIQUE INDEX interview_kits_built_in_key_idx ON interview_kits (key) WHERE organization_id IS NULL`);
    await q.query(`CREATE UNIQUE INDEX interview_kits_org_key_idx ON interview_kits (organization_id, key) WHERE organization_id IS NOT NULL`);
    await q.query(`CREATE INDEX interview_kits_org_created_idx ON interview_kits (organization_id, created_at DESC, id DESC)`);
    await q.query(`CREATE INDEX interview_kits_stage_kind_idx ON interview_kits (stage_kind)`);
    await q.query(`CREATE INDEX interview_kits_forked_from_idx ON interview_kits (forked_from)`);
    await q.query(`CREATE INDEX interview_kits_created_by_idx ON interview_kits (created_by)`);

    await q.query(`CREATE TABLE interview_kit_revisions (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      kit_id uuid NOT NULL REFERENCES interview_kits(id) ON DELETE CASCADE,
      number integer NOT NULL CHECK (number > 0),
      content jsonb NOT NULL,
      created_by uuid REFERENCES users(id) ON DELETE SET NULL,
      created_at timestamptz NOT NULL DEFAULT now(),
      CONSTRAINT interview_kit_revisions_number_key UNIQUE (kit_id, number)
    )`);
    await q.query(`CREATE INDEX interview_kit_revisions_created_by_idx ON interview_kit_revisions (created_by)`);
    await q.query(
      `ALTER TABLE interview_kits ADD CONSTRAINT interview_kits_latest_revision_fk FOREIGN KEY (latest_revision_id) REFERENCES interview_kit_revisions(id) DEFERRABLE INITIALLY DEFERRED`,
    );
    await q.query(`CREATE INDEX interview_kits_latest_revision_idx ON interview_kits (latest_revision_id)`);
    // A scorecard keeps the exact kit revision it was written against: revisions never change.
    await q.query(`CREATE FUNCTION interview_kit_revisions_immutable() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN RAISE EXCEPTION 'interview kit revisions are immutable' USING ERRCODE = 'restrict_violation'; END $$`);
    await q.query(
      `CREATE TRIGGER interview_kit_revisions_no_update BEFORE UPDATE ON interview_kit_revisions FOR EACH ROW EXECUTE FUNCTION interview_kit_revisions_immutable()`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TRIGGER interview_kit_revisions_no_update ON interview_kit_revisions`);
    await q.query(`DROP FUNCTION interview_kit_revisions_immutable()`);
    await q.query(`ALTER TABLE interview_kits DROP CONSTRAINT interview_kits_latest_revision_fk`);
    await q.query(`DROP TABLE interview_kit_revisions`);
    await q.query(`DROP TABLE interview_kits`);
  }
}
