import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Scheduled interviews with their panels, and scorecards: one per interviewer per interview,
 * drafts editable by their author, submitted versions immutable, corrections as new versions.
 */
export class InterviewsAndScorecards1763875000000 implements MigrationInterface {
  name = 'InterviewsAndScorecards1763875000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE interviews (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      organization_id uuid NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
      application_id uuid NOT NULL REFERENCES applications(id) ON DELETE CASCADE,
      candidate_id uuid NOT NULL REFERENCES candidates(id) ON DELETE CASCADE,
      job_id uuid NOT NULL REFERENCES jobs(id) ON DELETE CASCADE,
      stage_id uuid NOT NULL REFERENCES job_stages(id) ON DELETE RESTRICT,
      kit_id uuid REFERENCES interview_kits(id) ON DELETE RESTRICT,
      kit_revision_id uuid REFERENCES interview_kit_revisions(id) ON DELETE RESTRICT,
      starts_at timestamptz NOT NULL,
      ends_at timestamptz NOT NULL,
      duration_minutes integer NOT NULL CHECK (duration_minutes BETWEEN 5 AND 480),
      location text,
      video_url text,
      status text NOT NULL DEFAULT 'scheduled' CHECK (status IN ('scheduled','cancelled')),
      cancel_reason text,
      cancelled_at timestamptz,
      reminder_due_at timestamptz NOT NULL,
      escalation_due_at timestamptz NOT NULL,
      version integer NOT NULL DEFAULT 1,
      created_by uuid REFERENCES users(id) ON DELETE SET NULL,
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now(),
      CONSTRAINT interviews_ends_after_start CHECK (ends_at > starts_at),
      CONSTRAINT interviews_cancel_reason CHECK (status <> 'cancelled' OR cancel_reason IS NOT NULL),
      CONSTRAINT interviews_kit_pair CHECK ((kit_id IS NULL) = (kit_revision_id IS NULL))
    )`);
    await q.query(`CREATE INDEX interviews_org_starts_idx ON interviews (organization_id, starts_at, id)`);
    await q.query(`CREATE INDEX interviews_application_idx ON interviews (application_id, starts_at)`);
    await q.query(`CREATE INDEX interviews_candidate_idx ON interviews (candidate_id)`);
    await q.query(`CREATE INDEX interviews_job_idx ON interviews (job_id, starts_at)`);
    await q.query(`CREATE INDEX interviews_stage_idx ON interviews (stage_id)`);
    await q.query(`CREATE INDEX interviews_kit_idx ON interviews (kit_id)`);
    await q.query(`CREATE INDEX interviews_kit_revision_idx ON interviews (kit_revision_id)`);
    await q.query(`CREATE INDEX interviews_created_by_idx ON interviews (created_by)`);

    // The panel; starts/ends are copied here so double-booking and "my interviews" are one index range.
    await q.query(`CREATE TABLE interview_interviewers (
      interview_id uuid NOT NULL REFERENCES interviews(id) ON DELETE CASCADE,
      user_id uuid NOT NULL REFERENCES users(id) ON DELETE RESTRICT,
      organization_id uuid NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
      application_id uuid NOT NULL REFERENCES applications(id) ON DELETE CASCADE,
      starts_at timestamptz NOT NULL,
      ends_at timestamptz NOT NULL,
      active boolean NOT NULL DEFAULT true,
      PRIMARY KEY (interview_id, user_id)
    )`);
    await q.query(`CREATE INDEX interview_interviewers_user_starts_idx ON interview_interviewers (user_id, starts_at, interview_id)`);
    await q.query(`CREATE INDEX interview_interviewers_application_user_idx ON interview_interviewers (application_id, user_id)`);
    await q.query(`CREATE INDEX interview_interviewers_org_idx ON interview_interviewers (organization_id)`);

    await q.query(`CREATE TABLE scorecards (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      organization_id uuid NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
      interview_id uuid NOT NULL REFERENCES interviews(id) ON DELETE CASCADE,
      application_id uuid NOT NULL REFERENCES applications(id) ON DELETE CASCADE,
      job_id uuid NOT NULL REFERENCES jobs(id) ON DELETE CASCADE,
      interviewer_id uuid NOT NULL REFERENCES users(id) ON DELETE RESTRICT,
      kit_revision_id uuid REFERENCES interview_kit_revisions(id) ON DELETE RESTRICT,
      version integer NOT NULL DEFAULT 1 CHECK (version > 0),
      status text NOT NULL DEFAULT 'draft' CHECK (status IN ('draft','submitted')),
      current boolean NOT NULL DEFAULT true,
      ratings jsonb NOT NULL DEFAULT '[]',
      question_notes jsonb NOT NULL DEFAULT '[]',
      key_takeaways text,
      overall text CHECK (overall IN ('strong_no','no','yes','strong_yes')),
      correction_reason text,
      supersedes_id uuid REFERENCES scorecards(id) ON DELETE RESTRICT,
      submitted_at timestamptz,
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now(),
      CONSTRAINT scorecards_version_key UNIQUE (interview_id, interviewer_id, version),
      CONSTRAINT scorecards_submitted CHECK (status <> 'submitted' OR (submitted_at IS NOT NULL AND overall IS NOT NULL)),
      CONSTRAINT scorecards_correction CHECK (version = 1 OR (correction_reason IS NOT NULL AND supersedes_id IS NOT NULL))
    )`);
    await q.query(`CREATE UNIQUE INDEX scorecards_one_current_key ON scorecards (interview_id, interviewer_id) WHERE current`);
    await q.query(`CREATE INDEX scorecards_application_idx ON scorecards (application_id, status, current)`);
    await q.query(`CREATE INDEX scorecards_interviewer_submitted_idx ON scorecards (organization_id, interviewer_id, submitted_at)`);
    await q.query(`CREATE INDEX scorecards_org_submitted_idx ON scorecards (organization_id, submitted_at) WHERE status = 'submitted'`);
    await q.query(`CREATE INDEX scorecards_job_idx ON scorecards (job_id)`);
    await q.query(`CREATE INDEX scorecards_kit_revision_idx ON scorecards (kit_revision_id)`);
    await q.query(`CREATE INDEX scorecards_supersedes_idx ON scorecards (supersedes_id)`);
    await q.query(`CREATE INDEX scorecards_interviewer_idx ON scorecards (interviewer_id)`);
    // A submitted scorecard is immutable: only its "current" flag may drop when a correction supersedes it.
    await q.query(`CREATE FUNCTION scorecards_submitted_immutable() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF OLD.status = 'submitted' AND (to_jsonb(NEW) - 'current' - 'updated_at') IS DISTINCT FROM (to_jsonb(OLD) - 'current' - 'updated_at') THEN
          RAISE EXCEPTION 'submitted scorecards are immutable' USING ERRCODE = 'restrict_violation';
        END IF;
        RETURN NEW;
      END $$`);
    await q.query(
      `CREATE TRIGGER scorecards_no_update_after_submit BEFORE UPDATE ON scorecards FOR EACH ROW EXECUTE FUNCTION scorecards_submitted_immutable()`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TRIGGER scorecards_no_update_after_submit ON scorecards`);
    await q.query(`DROP FUNCTION scorecards_submitted_immutable()`);
    await q.query(`DROP TABLE scorecards`);
    await q.query(`DROP TABLE interview_interviewers`);
    await q.query(`DROP TABLE interviews`);
  }
}
