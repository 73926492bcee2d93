import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Candidates' contact preferences: `do_not_contact` (a recruiter's flag: only transactional mail about an active
 * application reaches them) and `time_zone` (IANA name, checked by the API; interview times in emails use it).
 */
export class CandidateContactPreferences1764770000000 implements MigrationInterface {
  name = 'CandidateContactPreferences1764770000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(
      `ALTER TABLE candidates ADD COLUMN do_not_contact boolean NOT NULL DEFAULT false,
                             ADD COLUMN time_zone text CHECK (time_zone IS NULL OR length(time_zone) BETWEEN 1 AND 64)`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE candidates DROP COLUMN IF EXISTS do_not_contact, DROP COLUMN IF EXISTS time_zone`);
  }
}
