import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The bytes of candidate files, kept in Postgres (one less service for self-hosters). A side table
 * keyed by the file's id, so listing or joining `candidate_files` never reads the content. Files are
 * at most 5 MB and mostly compressed already (PDF, DOCX): stored out of line without compression.
 */
export class CandidateFileContent1763878000000 implements MigrationInterface {
  name = 'CandidateFileContent1763878000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE candidate_file_contents (
      file_id uuid PRIMARY KEY REFERENCES candidate_files(id) ON DELETE CASCADE,
      content bytea NOT NULL
    )`);
    await q.query(`ALTER TABLE candidate_file_contents ALTER COLUMN content SET STORAGE EXTERNAL`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE candidate_file_contents`);
  }
}
