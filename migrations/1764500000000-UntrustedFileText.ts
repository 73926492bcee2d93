import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Resume text is read by the worker, in a sandbox, after the request stored the file:
 * `candidate_files.text_status` says where that stands (`pending`, `extracted`, `empty`, `failed`),
 * `text_failure` why reading failed (a sentence for recruiters), `text_read_at` when it finished.
 * Files stored before this migration were read in the request: their text is in the candidate already.
 *
 * `applications.cover_letter` keeps a pasted cover letter (public apply's `cover_letter_text` /
 * `cover_letter`), which was dropped before.
 */
export class UntrustedFileText1764500000000 implements MigrationInterface {
  name = 'UntrustedFileText1764500000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE candidate_files
      ADD COLUMN text_status text NOT NULL DEFAULT 'empty' CHECK (text_status IN ('pending','extracted','empty','failed')),
      ADD COLUMN text_failure text CHECK (char_length(text_failure) <= 500),
      ADD COLUMN text_read_at timestamptz`);
    await q.query(`UPDATE candidate_files f SET text_status = 'extracted', text_read_at = f.created_at
                     FROM candidates c WHERE c.id = f.candidate_id AND c.resume_text IS NOT NULL`);
    await q.query(`ALTER TABLE candidate_files ALTER COLUMN text_status DROP DEFAULT`);
    await q.query(`ALTER TABLE applications ADD COLUMN cover_letter text CHECK (char_length(cover_letter) <= 20000)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE applications DROP COLUMN cover_letter`);
    await q.query(`ALTER TABLE candidate_files DROP COLUMN text_read_at, DROP COLUMN text_failure, DROP COLUMN text_status`);
  }
}
