import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A job's title as written (`title_template`, placeholders allowed; NULL = its template revision's
 * title), so every render starts from what was written and the variables, never from the rendered
 * `title`, which may hold `{{…}}` copied from a value.
 *
 * Existing jobs: a title equal to the revision's title, or holding `{{` (which only a value can have
 * put there), keeps NULL and is rendered from the revision at its next edit; any other title is kept
 * as written, so what people see does not change.
 */
export class JobTitleTemplate1764530000000 implements MigrationInterface {
  name = 'JobTitleTemplate1764530000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE jobs ADD COLUMN title_template text`);
    await q.query(
      `UPDATE jobs j SET title_template = j.title
         FROM template_revisions r
        WHERE r.id = j.template_revision_id AND j.title <> r.title AND strpos(j.title, '{{') = 0`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE jobs DROP COLUMN title_template`);
  }
}
