import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Database-driven sweeps for delayed side effects (a Redis that loses its delayed jobs must not
 * lose a reminder or an expiry): each sweep query is one index range.
 *
 * - Scorecard reminders/escalations: partial indexes on the due times of scheduled interviews, and
 *   `scorecard_reminder_runs`, one row per interview, kind and due time once that reminder or
 *   escalation has been handled (whether or not anyone was still owed a scorecard), so the sweep
 *   skips it by primary key.
 * - Postings: a partial index on valid_through of the postings that can still expire.
 * - Offers need nothing: `offers_open_expiry_idx` already covers open offers by expires_at.
 */
export class SweepIndexes1763879900000 implements MigrationInterface {
  name = 'SweepIndexes1763879900000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE INDEX interviews_reminder_due_idx ON interviews (reminder_due_at, id) WHERE status = 'scheduled'`);
    await q.query(`CREATE INDEX interviews_escalation_due_idx ON interviews (escalation_due_at, id) WHERE status = 'scheduled'`);
    await q.query(`CREATE TABLE scorecard_reminder_runs (
      interview_id uuid NOT NULL REFERENCES interviews(id) ON DELETE CASCADE,
      kind text NOT NULL CHECK (kind IN ('reminder','escalation')),
      due_at timestamptz NOT NULL,
      organization_id uuid NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
      outcome text NOT NULL,
      handled_at timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (interview_id, kind, due_at)
    )`);
    await q.query(`CREATE INDEX scorecard_reminder_runs_org_idx ON scorecard_reminder_runs (organization_id)`);
    await q.query(
      `CREATE INDEX postings_valid_through_active_idx ON postings (valid_through, id)
        WHERE valid_through IS NOT NULL AND status IN ('pending','publishing','live','closing','failed')`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX postings_valid_through_active_idx`);
    await q.query(`DROP TABLE scorecard_reminder_runs`);
    await q.query(`DROP INDEX interviews_escalation_due_idx`);
    await q.query(`DROP INDEX interviews_reminder_due_idx`);
  }
}
