import { MigrationInterface, QueryRunner } from 'typeorm';

/** The role the app works as: no login, no superuser, owns nothing, so every policy below applies to it. */
const APP_ROLE = 'hireloop_app';

/** Every table holding one organization's rows (an organization_id column) when this migration was written. */
const TENANT_TABLES = [
  'activity_events',
  'application_moves',
  'applications',
  'audit_log',
  'board_feeds',
  'board_public_ids',
  'candidate_emails',
  'candidate_files',
  'candidates',
  'departments',
  'hiring_decisions',
  'interview_interviewers',
  'interview_kits',
  'interviews',
  'job_stages',
  'jobs',
  'notes',
  'notifications',
  'offer_approvals',
  'offers',
  'offices',
  'outbox_events',
  'partner_boards',
  'posting_events',
  'postings',
  'rejection_reasons',
  'scorecard_reminder_runs',
  'scorecards',
  'sla_breaches',
  'templates',
  'users',
];

/** Built-in rows (organization_id NULL) every organization reads and none may change. */
const SHARED_BUILT_IN_TABLES = ['templates', 'interview_kits'];

/**
 * Operators (and the functions inside indexed expressions) that the indexed searches apply to a tenant table's columns.
 * Under row-level security PostgreSQL uses a condition as an index condition only when its functions are LEAKPROOF
 * (otherwise the policy must be checked first, row by row): without this, candidate search (full-text `@@`, trigram
 * `%>` on lower(full_name) and on the joined emails), array filters (`&&`, `@>` on tags, phones, links) and the job
 * title search (ILIKE on a trigram index) would scan the organization's rows instead of their GIN indexes.
 * None of them raises an error that depends on the row's value, so a policy-hidden row cannot leak through them.
 */
const LEAKPROOF_FUNCTIONS = [
  'pg_catalog.ts_match_vq(tsvector, tsquery)',
  'pg_catalog.lower(text)',
  'pg_catalog.texticlike(text, text)',
  'pg_catalog.textlike(text, text)',
  'pg_catalog.arrayoverlap(anyarray, anyarray)',
  'pg_catalog.arraycontains(anyarray, anyarray)',
  'public.word_similarity_commutator_op(text, text)',
  'public.similarity_op(text, text)',
  'public.hireloop_join_text(text[])',
];

/** Only a superuser may mark a function LEAKPROOF; another migrating user is told how (search works, scanning, until then). */
const setLeakproof = (leakproof: boolean) => `
  DO $$
  BEGIN
    IF (SELECT rolsuper FROM pg_roles WHERE rolname = current_user) THEN
      ${LEAKPROOF_FUNCTIONS.map((fn) => `ALTER FUNCTION ${fn} ${leakproof ? '' : 'NOT '}LEAKPROOF;`).join('\n      ')}
    ELSE
      RAISE NOTICE 'Not a superuser: search functions stay non-leakproof, so searches scan the organization''s rows. A superuser can run: ALTER FUNCTION <fn> LEAKPROOF for %', '${LEAKPROOF_FUNCTIONS.join(', ')}';
    END IF;
  END $$`;

/** The policy every tenant table carries (the same text in every migration that adds one). */
const tenantIsolation = (table: string, column = 'organization_id') => {
  const rule = `current_setting('hireloop.cross_tenant', true) = 'on' OR ${column} = NULLIF(current_setting('hireloop.organization_id', true), '')::uuid`;
  return `CREATE POLICY tenant_isolation ON ${table} USING (${rule}) WITH CHECK (${rule})`;
};

/**
 * Tenancy by construction: row-level security on every tenant table, forced (it applies to the tables' owner too),
 * and an app role that is neither superuser nor owner. The app's connections `SET ROLE hireloop_app` and send the
 * current organization (`hireloop.organization_id`) or the cross-tenant switch (`hireloop.cross_tenant`) with their
 * queries (libs/db TenantClient); a query without either sees no tenant rows.
 *
 * The role is cluster-wide: several databases may be migrated at once (the test runs), so its creation tolerates
 * a concurrent one, and down() leaves it (other databases of the cluster may use it).
 */
export class RowLevelSecurity1764600000000 implements MigrationInterface {
  name = 'RowLevelSecurity1764600000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      DO $$
      BEGIN
        IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = '${APP_ROLE}') THEN
          CREATE ROLE ${APP_ROLE} NOLOGIN NOSUPERUSER NOBYPASSRLS;
        END IF;
      EXCEPTION WHEN duplicate_object OR unique_violation THEN
        NULL; -- created by a migration running at the same time on another database
      END $$`);
    await q.query(`
      DO $$
      BEGIN
        IF NOT pg_has_role(current_user, '${APP_ROLE}', 'MEMBER') THEN
          EXECUTE format('GRANT ${APP_ROLE} TO %I', current_user);
        END IF;
      EXCEPTION WHEN unique_violation OR duplicate_object THEN
        NULL;
      END $$`);
    await q.query(`GRANT USAGE ON SCHEMA public TO ${APP_ROLE}`);
    await q.query(`GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO ${APP_ROLE}`);
    await q.query(`GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO ${APP_ROLE}`);
    await q.query(`ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO ${APP_ROLE}`);
    await q.query(`ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT USAGE, SELECT ON SEQUENCES TO ${APP_ROLE}`);

    for (const table of [...TENANT_TABLES, 'organizations']) {
      await q.query(`ALTER TABLE ${table} ENABLE ROW LEVEL SECURITY`);
      await q.query(`ALTER TABLE ${table} FORCE ROW LEVEL SECURITY`);
      await q.query(tenantIsolation(table, table === 'organizations' ? 'id' : 'organization_id'));
    }
    for (const table of SHARED_BUILT_IN_TABLES) {
      await q.query(`CREATE POLICY shared_built_ins ON ${table} FOR SELECT USING (organization_id IS NULL)`);
    }
    await q.query(setLeakproof(true));
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(setLeakproof(false));
    for (const table of SHARED_BUILT_IN_TABLES) await q.query(`DROP POLICY IF EXISTS shared_built_ins ON ${table}`);
    for (const table of [...TENANT_TABLES, 'organizations']) {
      await q.query(`DROP POLICY IF EXISTS tenant_isolation ON ${table}`);
      await q.query(`ALTER TABLE ${table} NO FORCE ROW LEVEL SECURITY`);
      await q.query(`ALTER TABLE ${table} DISABLE ROW LEVEL SECURITY`);
    }
    await q.query(`ALTER DEFAULT PRIVILEGES IN SCHEMA public REVOKE USAGE, SELECT ON SEQUENCES FROM ${APP_ROLE}`);
    await q.query(`ALTER DEFAULT PRIVILEGES IN SCHEMA public REVOKE SELECT, INSERT, UPDATE, DELETE ON TABLES FROM ${APP_ROLE}`);
    await q.query(`REVOKE ALL ON ALL SEQUENCES IN SCHEMA public FROM ${APP_ROLE}`);
    await q.query(`REVOKE ALL ON ALL TABLES IN SCHEMA public FROM ${APP_ROLE}`);
    await q.query(`REVOKE USAGE ON SCHEMA public FROM ${APP_ROLE}`);
  }
}
