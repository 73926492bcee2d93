import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Candidate merge is followed by each module through the outbox (scorecards re-point a folded
 * application's scorecards), and delivered outbox rows and processed-event ids are pruned.
 *
 * - A submitted scorecard stays immutable, except that the merge follower may move it from a folded
 *   application to the kept one: only `application_id` may change, and only in a transaction that
 *   set `hireloop.following_merge` to `on` (transaction-local, `set_config(..., true)`).
 * - The retention job deletes by age: delivered rows by `dispatched_at`, processed ids by `processed_at`.
 */
export class MergeFollowersAndRetention1764650000000 implements MigrationInterface {
  name = 'MergeFollowersAndRetention1764650000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE OR REPLACE FUNCTION scorecards_submitted_immutable() RETURNS trigger LANGUAGE plpgsql AS $$
      DECLARE
        ignored text[] := ARRAY['current', 'updated_at'];
      BEGIN
        IF coalesce(current_setting('hireloop.following_merge', true), '') = 'on' THEN
          ignored := array_append(ignored, 'application_id');
        END IF;
        IF OLD.status = 'submitted' AND (to_jsonb(NEW) - ignored) IS DISTINCT FROM (to_jsonb(OLD) - ignored) THEN
          RAISE EXCEPTION 'submitted scorecards are immutable' USING ERRCODE = 'restrict_violation';
        END IF;
        RETURN NEW;
      END $$`);
    await q.query(`CREATE INDEX outbox_events_dispatched_idx ON outbox_events (dispatched_at) WHERE dispatched_at IS NOT NULL`);
    await q.query(`CREATE INDEX processed_events_processed_at_idx ON processed_events (processed_at)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX processed_events_processed_at_idx`);
    await q.query(`DROP INDEX outbox_events_dispatched_idx`);
    await q.query(`CREATE OR REPLACE FUNCTION scorecards_submitted_immutable() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF OLD.status = 'submitted' AND (to_jsonb(NEW) - 'current' - 'updated_at') IS DISTINCT FROM (to_jsonb(OLD) - 'current' - 'updated_at') THEN
          RAISE EXCEPTION 'submitted scorecards are immutable' USING ERRCODE = 'restrict_violation';
        END IF;
        RETURN NEW;
      END $$`);
  }
}
