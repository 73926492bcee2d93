import { MigrationInterface, QueryRunner } from 'typeorm';

const POLICY = `(current_setting('hireloop.cross_tenant', true) = 'on' OR organization_id = NULLIF(current_setting('hireloop.organization_id', true), '')::uuid)`;

/**
 * Pay transparency rules (postings module): where a posting must state its pay range and where salary-history
 * questions are forbidden. Built-in rules are shared by every organization (no organization_id); an organization
 * changes one for itself with an override row.
 *
 * Effective dates, as far as we know them (check with counsel; admins can override per organization):
 * - EU: Directive (EU) 2023/970, transposition due 7 June 2026; pay information before the interview (we ask for it in
 *   the posting) and no questions about pay history (Art. 5).
 * - Colorado: Equal Pay for Equal Work Act, 1 Jan 2021. California: SB 1162, 1 Jan 2023. Washington: SB 5761, 1 Jan 2023.
 *   New York State: Labor Law §194-b, 17 Sep 2023. Illinois: HB 3129, 1 Jan 2025. Minnesota: 1 Jan 2025.
 *   New Jersey: S2310, 1 Jun 2025. Vermont: H.704, 1 Jul 2025. Massachusetts: Frances Perkins Workplace Equity Act,
 *   29 Oct 2025. Maryland: SB 525, 1 Oct 2024. Hawaii: SB 1057, 1 Jan 2024. Delaware: HB 105 (signed Sep 2025),
 *   27 Sep 2027. Every one of these states also bans salary-history questions.
 */
export class PayTransparencyRules1764821000000 implements MigrationInterface {
  name = 'PayTransparencyRules1764821000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE pay_transparency_rules (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        country char(2) NOT NULL,
        region_code text,
        region_name text,
        jurisdiction text NOT NULL,
        in_force_from date NOT NULL,
        requires_range boolean NOT NULL,
        forbids_salary_history boolean NOT NULL,
        source text NOT NULL,
        UNIQUE NULLS NOT DISTINCT (country, region_code)
      )`);
    await q.query(`
      CREATE TABLE pay_transparency_overrides (
        organization_id uuid NOT NULL REFERENCES organizations (id) ON DELETE CASCADE,
        rule_id uuid NOT NULL REFERENCES pay_transparency_rules (id) ON DELETE CASCADE,
        in_force_from date,
        requires_range boolean NOT NULL,
        forbids_salary_history boolean NOT NULL,
        updated_by uuid,
        updated_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (organization_id, rule_id),
        FOREIGN KEY (organization_id, updated_by) REFERENCES users (organization_id, id) ON DELETE SET NULL (updated_by)
      )`);
    await q.query(`ALTER TABLE pay_transparency_overrides ENABLE ROW LEVEL SECURITY`);
    await q.query(`ALTER TABLE pay_transparency_overrides FORCE ROW LEVEL SECURITY`);
    await q.query(`CREATE POLICY tenant_isolation ON pay_transparency_overrides USING ${POLICY} WITH CHECK ${POLICY}`);

    const eu: Array<[string, string]> = [
      ['AT', 'Austria'],
      ['BE', 'Belgium'],
      ['BG', 'Bulgaria'],
      ['HR', 'Croatia'],
      ['CY', 'Cyprus'],
      ['CZ', 'Czechia'],
      ['DK', 'Denmark'],
      ['EE', 'Estonia'],
      ['FI', 'Finland'],
      ['FR', 'France'],
      ['DE', 'Germany'],
      ['GR', 'Greece'],
      ['HU', 'Hungary'],
      ['IE', 'Ireland'],
      ['IT', 'Italy'],
      ['LV', 'Latvia'],
      ['LT', 'Lithuania'],
      ['LU', 'Luxembourg'],
      ['MT', 'Malta'],
      ['NL', 'Netherlands'],
      ['PL', 'Poland'],
      ['PT', 'Portugal'],
      ['RO', 'Romania'],
      ['SK', 'Slovakia'],
      ['SI', 'Slovenia'],
      ['ES', 'Spain'],
      ['SE', 'Sweden'],
    ];
    const us: Array<[string, string, string, string]> = [
      ['CO', 'Colorado', '2021-01-01', 'Colorado Equal Pay for Equal Work Act'],
      ['CA', 'California', '2023-01-01', 'California SB 1162'],
      ['WA', 'Washington', '2023-01-01', 'Washington SB 5761'],
      ['NY', 'New York', '2023-09-17', 'New York Labor Law §194-b'],
      ['IL', 'Illinois', '2025-01-01', 'Illinois HB 3129 (Equal Pay Act amendment)'],
      ['MN', 'Minnesota', '2025-01-01', 'Minnesota Statutes §181.173'],
      ['NJ', 'New Jersey', '2025-06-01', 'New Jersey S2310'],
      ['VT', 'Vermont', '2025-07-01', 'Vermont H.704 (Act 155)'],
      ['MA', 'Massachusetts', '2025-10-29', 'Massachusetts Frances Perkins Workplace Equity Act'],
      ['MD', 'Maryland', '2024-10-01', 'Maryland SB 525'],
      ['HI', 'Hawaii', '2024-01-01', 'Hawaii SB 1057'],
      ['DE', 'Delaware', '2027-09-26', 'Delaware HB 105'],
    ];
    for (const [country, name] of eu) {
      await q.query(
        `INSERT INTO pay_transparency_rules (country, region_code, region_name, jurisdiction, in_force_from, requires_range, forbids_salary_history, source)
         VALUES ($1, NULL, NULL, $2, '2026-06-07', true, true, 'EU Pay Transparency Directive (EU) 2023/970')`,
        [country, name],
      );
    }
    for (const [code, name, from, source] of us) {
      await q.query(
        `INSERT INTO pay_transparency_rules (country, region_code, region_name, jurisdiction, in_force_from, requires_range, forbids_salary_history, source)
         VALUES ('US', $1, $2, $3, $4, true, true, $5)`,
        [code, name, `${name}, United States`, from, source],
      );
    }
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE IF EXISTS pay_transparency_overrides`);
    await q.query(`DROP TABLE IF EXISTS pay_transparency_rules`);
  }
}
