import { MigrationInterface, QueryRunner } from 'typeorm';

const POLICY = `(current_setting('hireloop.cross_tenant', true) = 'on' OR organization_id = NULLIF(current_setting('hireloop.organization_id', true), '')::uuid)`;

/**
 * Self-scheduling: each user's time zone and weekly working hours (identity, `users`), and the scheduling requests a
 * recruiter sends a candidate (mail, `scheduling_requests`: the link's token is kept only as its SHA-256).
 */
export class SelfScheduling1764790000000 implements MigrationInterface {
  name = 'SelfScheduling1764790000000';

  async up(q: QueryRunner): Promise<void> {
    // NULL: the default (UTC; Monday to Friday 09:00–17:00). The service validates both strictly before writing.
    await q.query(`ALTER TABLE users ADD COLUMN time_zone text CHECK (time_zone IS NULL OR length(time_zone) BETWEEN 1 AND 64)`);
    await q.query(`ALTER TABLE users ADD COLUMN working_hours jsonb CHECK (working_hours IS NULL OR jsonb_typeof(working_hours) = 'object')`);
    await q.query(`
      CREATE TABLE scheduling_requests (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        organization_id uuid NOT NULL REFERENCES organizations (id) ON DELETE CASCADE,
        application_id uuid NOT NULL,
        stage_id uuid NOT NULL,
        kit_id uuid REFERENCES interview_kits (id) ON DELETE SET NULL,
        interviewer_ids uuid[] NOT NULL CHECK (cardinality(interviewer_ids) BETWEEN 1 AND 10),
        duration_minutes integer NOT NULL CHECK (duration_minutes BETWEEN 15 AND 480),
        window_starts_at timestamptz NOT NULL,
        window_ends_at timestamptz NOT NULL,
        min_notice_hours integer NOT NULL CHECK (min_notice_hours BETWEEN 0 AND 336),
        buffer_minutes integer NOT NULL CHECK (buffer_minutes BETWEEN 0 AND 240),
        location text,
        video_url text,
        token_hash bytea NOT NULL UNIQUE,
        status text NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'booked', 'cancelled')),
        interview_id uuid,
        email_id uuid,
        created_by uuid,
        booked_at timestamptz,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CHECK (window_ends_at > window_starts_at),
        UNIQUE (organization_id, id),
        FOREIGN KEY (organization_id, application_id) REFERENCES applications (organization_id, id) ON DELETE CASCADE,
        FOREIGN KEY (organization_id, stage_id) REFERENCES job_stages (organization_id, id) ON DELETE CASCADE,
        FOREIGN KEY (organization_id, interview_id) REFERENCES interviews (organization_id, id) ON DELETE SET NULL (interview_id),
        FOREIGN KEY (organization_id, email_id) REFERENCES emails (organization_id, id) ON DELETE SET NULL (email_id),
        FOREIGN KEY (organization_id, created_by) REFERENCES users (organization_id, id) ON DELETE SET NULL (created_by)
      )`);
    await q.query(`CREATE CONSTRAINT TRIGGER scheduling_requests_kit_id_owner AFTER INSERT OR UPDATE OF organization_id, kit_id ON scheduling_requests
      FOR EACH ROW EXECUTE FUNCTION shared_or_same_organization('kit_id', 'interview_kits')`);
    await q.query(`CREATE INDEX scheduling_requests_application_idx ON scheduling_requests (organization_id, application_id, created_at DESC, id DESC)`);
    await q.query(`ALTER TABLE scheduling_requests ENABLE ROW LEVEL SECURITY`);
    await q.query(`ALTER TABLE scheduling_requests FORCE ROW LEVEL SECURITY`);
    await q.query(`CREATE POLICY tenant_isolation ON scheduling_requests USING ${POLICY} WITH CHECK ${POLICY}`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE IF EXISTS scheduling_requests`);
    await q.query(`ALTER TABLE users DROP COLUMN IF EXISTS working_hours, DROP COLUMN IF EXISTS time_zone`);
  }
}
