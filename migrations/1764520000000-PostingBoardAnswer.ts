import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A board's answer is no longer echoed to API readers: `last_error` holds Hireloop's own sentence;
 * the board's HTTP status and at most 200 sanitized characters of its answer (admins only) get their
 * own columns. Errors written before (which quoted the board) move to the excerpt, and external ids
 * that are not a short token are dropped (the next delivery sets them again).
 */
export class PostingBoardAnswer1764520000000 implements MigrationInterface {
  name = 'PostingBoardAnswer1764520000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE postings
      ADD COLUMN last_error_status integer CHECK (last_error_status BETWEEN 100 AND 599),
      ADD COLUMN last_error_excerpt text CHECK (char_length(last_error_excerpt) <= 200)`);
    await q.query(`UPDATE postings
      SET last_error_excerpt = NULLIF(btrim(left(regexp_replace(last_error, '[[:cntrl:]]+', ' ', 'g'), 200)), ''),
          last_error = 'The board did not take the posting.'
      WHERE last_error IS NOT NULL`);
    await q.query(`UPDATE postings SET external_id = NULL WHERE external_id !~ '^[A-Za-z0-9][A-Za-z0-9._:-]{0,127}$'`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`UPDATE postings SET last_error = last_error_excerpt WHERE last_error_excerpt IS NOT NULL`);
    await q.query(`ALTER TABLE postings DROP COLUMN last_error_excerpt, DROP COLUMN last_error_status`);
  }
}
