import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Templates (built-in library + organization templates) with immutable revisions; departments,
 * offices; jobs (requisitions) with their offices, hiring team and ordered interview stages.
 */
export class TemplatesAndJobs1763871000000 implements MigrationInterface {
  name = 'TemplatesAndJobs1763871000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE EXTENSION IF NOT EXISTS pg_trgm`);

    // --- templates ---------------------------------------------------------------------------
    await q.query(`CREATE TABLE templates (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      organization_id uuid REFERENCES organizations(id) ON DELETE CASCADE,
      key text,
      family text NOT NULL,
      title text NOT NULL,
      language text CHECK (language IN ('python','java','nodejs','go','csharp','any')),
      seniority text CHECK (seniority IN ('junior','mid','senior','staff')),
      system_type text CHECK (system_type IN ('crud','data_intensive','distributed','platform','security')),
      work_model text CHECK (work_model IN ('onsite','hybrid','remote','contract')),
      built_in boolean NOT NULL DEFAULT false,
      content_hash text,
      forked_from_id uuid REFERENCES templates(id) ON DELETE SET NULL,
      latest_revision_id uuid,
      latest_revision_number integer NOT NULL DEFAULT 0,
      created_by uuid REFERENCES users(id) ON DELETE SET NULL,
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now(),
      CONSTRAINT templates_built_in_owner CHECK (built_in = (organization_id IS NULL)),
      CONSTRAINT templates_built_in_key CHECK (NOT built_in OR key IS NOT NULL)
    )`);
    await q.query(`CREATE UNIQUE INDEX templates_built_in_key_idx ON templates (key) WHERE organization_id IS NULL`);
    await q.query(`CREATE INDEX templates_org_created_idx ON templates (organization_id, created_at, id)`);
    await q.query(`CREATE INDEX templates_axes_idx ON templates (family, language, seniority, system_type, work_model)`);
    await q.query(`CREATE INDEX templates_language_idx ON templates (language)`);
    await q.query(`CREATE INDEX templates_seniority_idx ON templates (seniority)`);
    await q.query(`CREATE INDEX templates_system_type_idx ON templates (system_type)`);
    await q.query(`CREATE INDEX templates_work_model_idx ON templates (work_model)`);
    await q.query(`CREATE INDEX templates_forked_from_idx ON templates (forked_from_id)`);
    await q.query(`CREATE INDEX templates_created_by_idx ON templates (created_by)`);

    await q.query(`CREATE TABLE template_revisions (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      template_id uuid NOT NULL REFERENCES templates(id) ON DELETE CASCADE,
      number integer NOT NULL CHECK (number > 0),
      title text NOT NULL,
      sections jsonb NOT NULL,
      variables jsonb NOT NULL,
      created_by uuid REFERENCES users(id) ON DELETE SET NULL,
      created_at timestamptz NOT NULL DEFAULT now(),
      CONSTRAINT template_revisions_number_key UNIQUE (template_id, number)
    )`);
    await q.query(`CREATE INDEX template_revisions_created_by_idx ON template_revisions (created_by)`);
    await q.query(
      `ALTER TABLE templates ADD CONSTRAINT templates_latest_revision_fk FOREIGN KEY (latest_revision_id) REFERENCES template_revisions(id) DEFERRABLE INITIALLY DEFERRED`,
    );
    await q.query(`CREATE INDEX templates_latest_revision_idx ON templates (latest_revision_id)`);
    // Revisions are immutable: a job keeps the exact text it was made from.
    await q.query(`CREATE FUNCTION template_revisions_immutable() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN RAISE EXCEPTION 'template revisions are immutable' USING ERRCODE = 'restrict_violation'; END $$`);
    await q.query(
      `CREATE TRIGGER template_revisions_no_update BEFORE UPDATE ON template_revisions FOR EACH ROW EXECUTE FUNCTION template_revisions_immutable()`,
    );

    // Which version of the built-in library is loaded (boot skips loading when it matches).
    await q.query(`CREATE TABLE template_library_state (
      name text PRIMARY KEY,
      version text NOT NULL,
      template_count integer NOT NULL,
      loaded_at timestamptz NOT NULL DEFAULT now()
    )`);

    // --- departments and offices ---------------------------------------------------------------
    await q.query(`CREATE TABLE departments (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      organization_id uuid NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
      name text NOT NULL,
      parent_id uuid REFERENCES departments(id) ON DELETE RESTRICT,
      version integer NOT NULL DEFAULT 1,
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now(),
      CONSTRAINT departments_name_key UNIQUE (organization_id, name)
    )`);
    await q.query(`CREATE INDEX departments_org_created_idx ON departments (organization_id, created_at, id)`);
    await q.query(`CREATE INDEX departments_parent_idx ON departments (parent_id)`);

    await q.query(`CREATE TABLE offices (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      organization_id uuid NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
      name text NOT NULL,
      city text NOT NULL,
      region text NOT NULL,
      country char(2) NOT NULL,
      postal_code text,
      street_address text,
      parent_id uuid REFERENCES offices(id) ON DELETE RESTRICT,
      version integer NOT NULL DEFAULT 1,
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now(),
      CONSTRAINT offices_name_key UNIQUE (organization_id, name)
    )`);
    await q.query(`CREATE INDEX offices_org_created_idx ON offices (organization_id, created_at, id)`);
    await q.query(`CREATE INDEX offices_parent_idx ON offices (parent_id)`);

    // --- jobs ----------------------------------------------------------------------------------
    await q.query(`CREATE TABLE jobs (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      organization_id uuid NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
      template_id uuid NOT NULL REFERENCES templates(id) ON DELETE RESTRICT,
      template_revision_id uuid NOT NULL REFERENCES template_revisions(id) ON DELETE RESTRICT,
      title text NOT NULL,
      variables jsonb NOT NULL DEFAULT '{}',
      description_markdown text NOT NULL,
      description_html text NOT NULL,
      findings jsonb NOT NULL DEFAULT '[]',
      department_id uuid REFERENCES departments(id) ON DELETE RESTRICT,
      work_model text NOT NULL CHECK (work_model IN ('onsite','hybrid','remote')),
      remote_countries text[] NOT NULL DEFAULT '{}',
      employment_type text NOT NULL CHECK (employment_type IN ('FULL_TIME','PART_TIME','CONTRACTOR','TEMPORARY','INTERN')),
      seniority text NOT NULL CHECK (seniority IN ('junior','mid','senior','staff')),
      salary_min numeric(14,2),
      salary_max numeric(14,2),
      salary_currency char(3),
      salary_period text CHECK (salary_period IN ('YEAR','MONTH','HOUR')),
      salary_suggested boolean NOT NULL DEFAULT false,
      openings integer NOT NULL DEFAULT 1 CHECK (openings >= 1),
      filled integer NOT NULL DEFAULT 0 CHECK (filled >= 0),
      status text NOT NULL DEFAULT 'draft' CHECK (status IN ('draft','open','on_hold','closed')),
      close_reason text,
      version integer NOT NULL DEFAULT 1,
      opened_at timestamptz,
      closed_at timestamptz,
      created_by uuid REFERENCES users(id) ON DELETE SET NULL,
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now(),
      CONSTRAINT jobs_salary_range CHECK (salary_min IS NULL OR salary_max IS NULL OR salary_min <= salary_max),
      CONSTRAINT jobs_closed_reason CHECK (status <> 'closed' OR close_reason IS NOT NULL)
    )`);
    await q.query(`CREATE INDEX jobs_org_created_idx ON jobs (organization_id, created_at DESC, id DESC)`);
    await q.query(`CREATE INDEX jobs_org_status_created_idx ON jobs (organization_id, status, created_at DESC, id DESC)`);
    await q.query(`CREATE INDEX jobs_org_department_created_idx ON jobs (organization_id, department_id, created_at DESC, id DESC)`);
    await q.query(`CREATE INDEX jobs_org_seniority_created_idx ON jobs (organization_id, seniority, created_at DESC, id DESC)`);
    await q.query(`CREATE INDEX jobs_org_work_model_created_idx ON jobs (organization_id, work_model, created_at DESC, id DESC)`);
    await q.query(`CREATE INDEX jobs_title_trgm_idx ON jobs USING gin (title gin_trgm_ops)`);
    await q.query(`CREATE INDEX jobs_template_idx ON jobs (template_id)`);
    await q.query(`CREATE INDEX jobs_template_revision_idx ON jobs (template_revision_id)`);
    await q.query(`CREATE INDEX jobs_department_idx ON jobs (department_id)`);
    await q.query(`CREATE INDEX jobs_created_by_idx ON jobs (created_by)`);

    await q.query(`CREATE TABLE job_offices (
      job_id uuid NOT NULL REFERENCES jobs(id) ON DELETE CASCADE,
      office_id uuid NOT NULL REFERENCES offices(id) ON DELETE RESTRICT,
      position integer NOT NULL DEFAULT 0,
      PRIMARY KEY (job_id, office_id)
    )`);
    await q.query(`CREATE INDEX job_offices_office_idx ON job_offices (office_id, job_id)`);

    await q.query(`CREATE TABLE job_hiring_team (
      job_id uuid NOT NULL REFERENCES jobs(id) ON DELETE CASCADE,
      user_id uuid NOT NULL REFERENCES users(id) ON DELETE CASCADE,
      role text NOT NULL CHECK (role IN ('recruiter','hiring_manager','interviewer')),
      PRIMARY KEY (job_id, role, user_id)
    )`);
    await q.query(`CREATE INDEX job_hiring_team_user_idx ON job_hiring_team (user_id, job_id)`);

    await q.query(`CREATE TABLE job_stages (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      organization_id uuid NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
      job_id uuid NOT NULL REFERENCES jobs(id) ON DELETE CASCADE,
      position integer NOT NULL CHECK (position >= 0),
      name text NOT NULL,
      kind text NOT NULL,
      kit_key text,
      sla_days integer CHECK (sla_days IS NULL OR sla_days > 0),
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now(),
      CONSTRAINT job_stages_position_key UNIQUE (job_id, position) DEFERRABLE INITIALLY DEFERRED
    )`);
    await q.query(`CREATE INDEX job_stages_org_idx ON job_stages (organization_id)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE job_stages`);
    await q.query(`DROP TABLE job_hiring_team`);
    await q.query(`DROP TABLE job_offices`);
    await q.query(`DROP TABLE jobs`);
    await q.query(`DROP TABLE offices`);
    await q.query(`DROP TABLE departments`);
    await q.query(`DROP TABLE template_library_state`);
    await q.query(`DROP TRIGGER template_revisions_no_update ON template_revisions`);
    await q.query(`DROP FUNCTION template_revisions_immutable()`);
    await q.query(`ALTER TABLE templates DROP CONSTRAINT templates_latest_revision_fk`);
    await q.query(`DROP TABLE template_revisions`);
    await q.query(`DROP TABLE templates`);
  }
}
