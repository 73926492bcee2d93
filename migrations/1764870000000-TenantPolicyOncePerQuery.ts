import { MigrationInterface, QueryRunner } from 'typeorm';
import { tenantRule } from './tenant-policy.js';

/** The rule as the earlier migrations wrote it: `current_setting` called for every row read. */
const perRowRule = (column: string) =>
  `current_setting('hireloop.cross_tenant', true) = 'on' OR ${column} = NULLIF(current_setting('hireloop.organization_id', true), '')::uuid`;

/**
 * Every `tenant_isolation` policy reads the tenant settings once per query instead of once per row (see
 * tenant-policy.ts): the same rows are visible and writable, at a fraction of the cost on scans and counts. The
 * policies keep their shape: most are the rule on `organization_id` (`id` on `organizations`); the built-in revision
 * tables (`template_revisions`, `interview_kit_revisions`) also show rows without an organization, but write only the
 * organization's own. A policy of any other shape stops the migration rather than being guessed at.
 */
export class TenantPolicyOncePerQuery1764870000000 implements MigrationInterface {
  name = 'TenantPolicyOncePerQuery1764870000000';

  async up(q: QueryRunner): Promise<void> {
    await rewrite(q, tenantRule);
  }

  async down(q: QueryRunner): Promise<void> {
    await rewrite(q, perRowRule);
  }
}

async function rewrite(q: QueryRunner, rule: (column: string) => string): Promise<void> {
  const policies = (await q.query(
    `SELECT tablename AS table, qual FROM pg_policies WHERE schemaname = 'public' AND policyname = 'tenant_isolation' ORDER BY tablename`,
  )) as Array<{ table: string; qual: string }>;
  for (const { table, qual } of policies) {
    const column = table === 'organizations' ? 'id' : 'organization_id';
    const sharesBuiltIns = /organization_id IS NULL/.test(qual);
    if (!qual.includes(`${column} = `) || !qual.includes("current_setting('hireloop.organization_id'")) {
      throw new Error(`tenant_isolation on ${table} has a rule this migration does not know: ${qual}`);
    }
    const using = sharesBuiltIns ? `${column} IS NULL OR ${rule(column)}` : rule(column);
    await q.query(`ALTER POLICY tenant_isolation ON "${table}" USING (${using}) WITH CHECK (${rule(column)})`);
  }
}
