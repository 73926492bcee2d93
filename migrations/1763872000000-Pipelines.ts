import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Candidate pipelines: candidates (with a DB-enforced unique email per organization, a maintained
 * full-text vector and trigram indexes), candidate files, applications with their move history,
 * rejection reasons, notes, the activity timeline other modules append to, in-app notifications
 * and stage-SLA breach markers (one per application and stage entry, so a breach notifies once).
 */
export class Pipelines1763872000000 implements MigrationInterface {
  name = 'Pipelines1763872000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE EXTENSION IF NOT EXISTS pg_trgm`);

    // array_to_string is only STABLE; for text[] it is deterministic, so this wrapper may be used in
    // generated columns and index expressions.
    await q.query(`CREATE FUNCTION hireloop_join_text(text[]) RETURNS text
      LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$ SELECT coalesce(array_to_string($1, ' '), '') $$`);
    // Email addresses are split into their parts as well, so `jane`, `example` and the full address all match.
    await q.query(`CREATE FUNCTION hireloop_candidate_search(first_name text, last_name text, emails text[], tags text[], resume_text text)
      RETURNS tsvector LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
        SELECT setweight(to_tsvector('simple', coalesce(first_name, '') || ' ' || coalesce(last_name, '')), 'A')
          || setweight(to_tsvector('simple', hireloop_join_text(emails) || ' ' || translate(hireloop_join_text(emails), '@.+_-', '     ')), 'A')
          || setweight(to_tsvector('simple', hireloop_join_text(tags)), 'B')
          || setweight(to_tsvector('english', left(coalesce(resume_text, ''), 200000)), 'C')
      $$`);

    // --- candidates ----------------------------------------------------------------------------
    await q.query(`CREATE TABLE candidates (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      organization_id uuid NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
      first_name text NOT NULL,
      last_name text NOT NULL,
      full_name text GENERATED ALWAYS AS (first_name || ' ' || last_name) STORED,
      emails text[] NOT NULL DEFAULT '{}',
      phones text[] NOT NULL DEFAULT '{}',
      location text,
      links text[] NOT NULL DEFAULT '{}',
      tags text[] NOT NULL DEFAULT '{}',
      source text,
      resume_text text,
      resume_file jsonb,
      consent_given boolean NOT NULL DEFAULT false,
      consent_at timestamptz,
      retention_until date,
      merged_into_id uuid REFERENCES candidates(id) ON DELETE SET NULL,
      merged_at timestamptz,
      version integer NOT NULL DEFAULT 1,
      created_by uuid REFERENCES users(id) ON DELETE SET NULL,
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now(),
      search tsvector GENERATED ALWAYS AS (hireloop_candidate_search(first_name, last_name, emails, tags, resume_text)) STORED
    )`);
    await q.query(`CREATE INDEX candidates_org_created_idx ON candidates (organization_id, created_at DESC, id DESC) WHERE merged_into_id IS NULL`);
    await q.query(
      `CREATE INDEX candidates_org_source_created_idx ON candidates (organization_id, source, created_at DESC, id DESC) WHERE merged_into_id IS NULL`,
    );
    await q.query(`CREATE INDEX candidates_search_idx ON candidates USING gin (search)`);
    await q.query(`CREATE INDEX candidates_name_trgm_idx ON candidates USING gin (lower(full_name) gin_trgm_ops)`);
    await q.query(`CREATE INDEX candidates_emails_trgm_idx ON candidates USING gin (hireloop_join_text(emails) gin_trgm_ops)`);
    await q.query(`CREATE INDEX candidates_tags_idx ON candidates USING gin (tags)`);
    await q.query(`CREATE INDEX candidates_phones_idx ON candidates USING gin (phones)`);
    await q.query(`CREATE INDEX candidates_links_idx ON candidates USING gin (links)`);
    await q.query(`CREATE INDEX candidates_merged_into_idx ON candidates (merged_into_id) WHERE merged_into_id IS NOT NULL`);
    await q.query(`CREATE INDEX candidates_created_by_idx ON candidates (created_by)`);

    // One row per (organization, normalised email): the database, not the service, guarantees uniqueness.
    await q.query(`CREATE TABLE candidate_emails (
      organization_id uuid NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
      email text NOT NULL CHECK (email = lower(btrim(email))),
      candidate_id uuid NOT NULL REFERENCES candidates(id) ON DELETE CASCADE,
      PRIMARY KEY (organization_id, email)
    )`);
    await q.query(`CREATE INDEX candidate_emails_candidate_idx ON candidate_emails (candidate_id)`);

    await q.query(`CREATE TABLE candidate_files (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      organization_id uuid NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
      candidate_id uuid NOT NULL REFERENCES candidates(id) ON DELETE CASCADE,
      kind text NOT NULL DEFAULT 'resume' CHECK (kind IN ('resume','cover_letter','other')),
      file_name text NOT NULL,
      content_type text NOT NULL,
      size_bytes integer NOT NULL CHECK (size_bytes >= 0),
      storage_key text NOT NULL,
      created_by uuid REFERENCES users(id) ON DELETE SET NULL,
      created_at timestamptz NOT NULL DEFAULT now()
    )`);
    await q.query(`CREATE INDEX candidate_files_candidate_idx ON candidate_files (candidate_id, created_at, id)`);
    await q.query(`CREATE INDEX candidate_files_org_idx ON candidate_files (organization_id)`);
    await q.query(`CREATE INDEX candidate_files_created_by_idx ON candidate_files (created_by)`);

    // --- rejection reasons ---------------------------------------------------------------------
    await q.query(`CREATE TABLE rejection_reasons (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      organization_id uuid NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
      label text NOT NULL,
      kind text NOT NULL DEFAULT 'rejected' CHECK (kind IN ('rejected','declined','other')),
      position integer NOT NULL DEFAULT 0,
      built_in boolean NOT NULL DEFAULT false,
      created_at timestamptz NOT NULL DEFAULT now()
    )`);
    await q.query(`CREATE UNIQUE INDEX rejection_reasons_label_key ON rejection_reasons (organization_id, lower(label))`);
    await q.query(`CREATE INDEX rejection_reasons_org_position_idx ON rejection_reasons (organization_id, position, id)`);

    // --- applications --------------------------------------------------------------------------
    await q.query(`CREATE TABLE applications (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      organization_id uuid NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
      candidate_id uuid NOT NULL REFERENCES candidates(id) ON DELETE RESTRICT,
      job_id uuid NOT NULL REFERENCES jobs(id) ON DELETE RESTRICT,
      stage_id uuid NOT NULL REFERENCES job_stages(id) ON DELETE RESTRICT,
      status text NOT NULL DEFAULT 'active' CHECK (status IN ('active','rejected','withdrawn','hired')),
      source text,
      version integer NOT NULL DEFAULT 1,
      applied_at timestamptz NOT NULL DEFAULT now(),
      stage_entered_at timestamptz NOT NULL DEFAULT now(),
      rejection_reason_id uuid REFERENCES rejection_reasons(id) ON DELETE RESTRICT,
      rejection_note text,
      closed_at timestamptz,
      merged_into_id uuid REFERENCES applications(id) ON DELETE SET NULL,
      created_by uuid REFERENCES users(id) ON DELETE SET NULL,
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now(),
      CONSTRAINT applications_rejection_reason CHECK (status <> 'rejected' OR rejection_reason_id IS NOT NULL)
    )`);
    await q.query(`CREATE UNIQUE INDEX applications_one_active_key ON applications (candidate_id, job_id) WHERE status = 'active'`);
    await q.query(`CREATE INDEX applications_board_applied_idx ON applications (job_id, stage_id, status, applied_at, id)`);
    await q.query(`CREATE INDEX applications_board_entered_idx ON applications (job_id, stage_id, status, stage_entered_at, id)`);
    await q.query(`CREATE INDEX applications_job_applied_idx ON applications (job_id, applied_at, id)`);
    await q.query(`CREATE INDEX applications_job_entered_idx ON applications (job_id, stage_entered_at, id)`);
    await q.query(`CREATE INDEX applications_candidate_idx ON applications (candidate_id, applied_at, id)`);
    await q.query(`CREATE INDEX applications_stage_idx ON applications (stage_id)`);
    await q.query(`CREATE INDEX applications_org_idx ON applications (organization_id, created_at, id)`);
    await q.query(`CREATE INDEX applications_rejection_reason_idx ON applications (rejection_reason_id) WHERE rejection_reason_id IS NOT NULL`);
    await q.query(`CREATE INDEX applications_merged_into_idx ON applications (merged_into_id) WHERE merged_into_id IS NOT NULL`);
    await q.query(`CREATE INDEX applications_created_by_idx ON applications (created_by)`);
    // SLA sweep: active applications by time in stage.
    await q.query(`CREATE INDEX applications_active_entered_idx ON applications (stage_entered_at, id) WHERE status = 'active'`);

    // Every change of stage or status; seconds_in_stage is how long the application sat in from_stage_id.
    await q.query(`CREATE TABLE application_moves (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      organization_id uuid NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
      application_id uuid NOT NULL REFERENCES applications(id) ON DELETE CASCADE,
      job_id uuid NOT NULL REFERENCES jobs(id) ON DELETE CASCADE,
      kind text NOT NULL CHECK (kind IN ('created','moved','rejected','withdrawn','reopened','hired')),
      from_stage_id uuid REFERENCES job_stages(id) ON DELETE SET NULL,
      to_stage_id uuid REFERENCES job_stages(id) ON DELETE SET NULL,
      from_status text,
      to_status text NOT NULL,
      actor_id uuid REFERENCES users(id) ON DELETE SET NULL,
      note text,
      seconds_in_stage bigint,
      moved_at timestamptz NOT NULL DEFAULT now()
    )`);
    await q.query(`CREATE INDEX application_moves_application_idx ON application_moves (application_id, moved_at, id)`);
    await q.query(`CREATE INDEX application_moves_job_to_stage_idx ON application_moves (job_id, to_stage_id, application_id)`);
    await q.query(`CREATE INDEX application_moves_job_from_stage_idx ON application_moves (job_id, from_stage_id, application_id)`);
    await q.query(`CREATE INDEX application_moves_to_stage_idx ON application_moves (to_stage_id)`);
    await q.query(`CREATE INDEX application_moves_from_stage_idx ON application_moves (from_stage_id)`);
    await q.query(`CREATE INDEX application_moves_actor_idx ON application_moves (actor_id)`);
    await q.query(`CREATE INDEX application_moves_org_idx ON application_moves (organization_id)`);

    // --- notes ---------------------------------------------------------------------------------
    await q.query(`CREATE TABLE notes (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      organization_id uuid NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
      candidate_id uuid NOT NULL REFERENCES candidates(id) ON DELETE CASCADE,
      application_id uuid REFERENCES applications(id) ON DELETE CASCADE,
      author_id uuid REFERENCES users(id) ON DELETE SET NULL,
      body text NOT NULL,
      private boolean NOT NULL DEFAULT false,
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now()
    )`);
    await q.query(`CREATE INDEX notes_candidate_idx ON notes (candidate_id, created_at DESC, id DESC)`);
    await q.query(`CREATE INDEX notes_application_idx ON notes (application_id, created_at DESC, id DESC)`);
    await q.query(`CREATE INDEX notes_author_idx ON notes (author_id)`);
    await q.query(`CREATE INDEX notes_org_idx ON notes (organization_id)`);

    // --- activity timeline: pipelines writes its own events; interviews/scorecards append theirs ---
    await q.query(`CREATE TABLE activity_events (
      id bigserial PRIMARY KEY,
      organization_id uuid NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
      candidate_id uuid NOT NULL REFERENCES candidates(id) ON DELETE CASCADE,
      application_id uuid REFERENCES applications(id) ON DELETE CASCADE,
      job_id uuid REFERENCES jobs(id) ON DELETE CASCADE,
      kind text NOT NULL,
      actor_id uuid REFERENCES users(id) ON DELETE SET NULL,
      subject_type text,
      subject_id text,
      private boolean NOT NULL DEFAULT false,
      payload jsonb NOT NULL DEFAULT '{}',
      occurred_at timestamptz NOT NULL DEFAULT now()
    )`);
    await q.query(`CREATE INDEX activity_events_candidate_idx ON activity_events (candidate_id, occurred_at DESC, id DESC)`);
    await q.query(`CREATE INDEX activity_events_application_idx ON activity_events (application_id)`);
    await q.query(`CREATE INDEX activity_events_job_idx ON activity_events (job_id)`);
    await q.query(`CREATE INDEX activity_events_actor_idx ON activity_events (actor_id)`);
    await q.query(`CREATE INDEX activity_events_subject_idx ON activity_events (subject_type, subject_id)`);
    await q.query(`CREATE INDEX activity_events_org_idx ON activity_events (organization_id)`);

    // --- notifications -------------------------------------------------------------------------
    await q.query(`CREATE TABLE notifications (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      organization_id uuid NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
      user_id uuid NOT NULL REFERENCES users(id) ON DELETE CASCADE,
      kind text NOT NULL,
      payload jsonb NOT NULL DEFAULT '{}',
      dedupe_key text,
      read_at timestamptz,
      created_at timestamptz NOT NULL DEFAULT now()
    )`);
    await q.query(`CREATE INDEX notifications_user_read_created_idx ON notifications (user_id, read_at, created_at, id)`);
    await q.query(`CREATE INDEX notifications_user_created_idx ON notifications (user_id, created_at DESC, id DESC)`);
    await q.query(`CREATE UNIQUE INDEX notifications_dedupe_key ON notifications (user_id, dedupe_key) WHERE dedupe_key IS NOT NULL`);
    await q.query(`CREATE INDEX notifications_org_idx ON notifications (organization_id)`);

    // --- stage SLA breaches: one row per application and stage entry ---------------------------
    await q.query(`CREATE TABLE sla_breaches (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      organization_id uuid NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
      application_id uuid NOT NULL REFERENCES applications(id) ON DELETE CASCADE,
      job_id uuid NOT NULL REFERENCES jobs(id) ON DELETE CASCADE,
      stage_id uuid NOT NULL REFERENCES job_stages(id) ON DELETE CASCADE,
      stage_entered_at timestamptz NOT NULL,
      sla_days integer NOT NULL,
      detected_at timestamptz NOT NULL DEFAULT now(),
      CONSTRAINT sla_breaches_entry_key UNIQUE (application_id, stage_id, stage_entered_at)
    )`);
    await q.query(`CREATE INDEX sla_breaches_job_stage_idx ON sla_breaches (job_id, stage_id)`);
    await q.query(`CREATE INDEX sla_breaches_stage_idx ON sla_breaches (stage_id)`);
    await q.query(`CREATE INDEX sla_breaches_org_idx ON sla_breaches (organization_id)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE sla_breaches`);
    await q.query(`DROP TABLE notifications`);
    await q.query(`DROP TABLE activity_events`);
    await q.query(`DROP TABLE notes`);
    await q.query(`DROP TABLE application_moves`);
    await q.query(`DROP TABLE applications`);
    await q.query(`DROP TABLE rejection_reasons`);
    await q.query(`DROP TABLE candidate_files`);
    await q.query(`DROP TABLE candidate_emails`);
    await q.query(`DROP TABLE candidates`);
    await q.query(`DROP FUNCTION hireloop_candidate_search(text, text, text[], text[], text)`);
    await q.query(`DROP FUNCTION hireloop_join_text(text[])`);
    // pg_trgm stays: the jobs migration uses it too.
  }
}
