import { MigrationInterface, QueryRunner } from 'typeorm';

const POLICY = `(current_setting('hireloop.cross_tenant', true) = 'on' OR organization_id = NULLIF(current_setting('hireloop.organization_id', true), '')::uuid)`;
const answers = (values: string[]) => values.map((v) => `'${v}'`).join(', ');

/**
 * Voluntary self-identification answers (pipelines), one row per application that answered the survey, written in
 * the apply transaction. Kept apart from the candidate and the application rows, read only in aggregate (reporting).
 */
export class SelfIdentification1764811000000 implements MigrationInterface {
  name = 'SelfIdentification1764811000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE self_identifications (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      organization_id uuid NOT NULL REFERENCES organizations (id) ON DELETE CASCADE,
      application_id uuid NOT NULL,
      sex text CHECK (sex IN (${answers(['female', 'male', 'declined'])})),
      race_ethnicity text CHECK (race_ethnicity IN (${answers([
        'hispanic_or_latino',
        'white',
        'black_or_african_american',
        'native_hawaiian_or_pacific_islander',
        'asian',
        'american_indian_or_alaska_native',
        'two_or_more_races',
        'declined',
      ])})),
      veteran_status text CHECK (veteran_status IN (${answers(['protected_veteran', 'not_a_protected_veteran', 'declined'])})),
      disability text CHECK (disability IN (${answers(['has_disability', 'no_disability', 'declined'])})),
      created_at timestamptz NOT NULL DEFAULT now(),
      UNIQUE (organization_id, id),
      UNIQUE (organization_id, application_id),
      FOREIGN KEY (organization_id, application_id) REFERENCES applications (organization_id, id) ON DELETE CASCADE
    )`);
    await q.query(`ALTER TABLE self_identifications ENABLE ROW LEVEL SECURITY`);
    await q.query(`ALTER TABLE self_identifications FORCE ROW LEVEL SECURITY`);
    await q.query(`CREATE POLICY tenant_isolation ON self_identifications USING ${POLICY} WITH CHECK ${POLICY}`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE self_identifications`);
  }
}
