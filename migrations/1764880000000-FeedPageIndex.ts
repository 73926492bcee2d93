import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The stored feeds read a board's live postings a page at a time, newest public id first (`livePostingPages`). No index
 * held that order, so every page found and joined all of the board's live postings before keeping 250: a feed of 10,000
 * postings read about 40 × 5,000 rows, and a bulk publish, which rebuilds the feeds every few seconds, spent a third of
 * the database's time there (bench/postings). This index holds a board's live and publishing postings by public id, so
 * each page reads its 250 rows and stops.
 *
 * It is partial on purpose: right after a bulk publish was queued, the statistics say every posting is pending, and
 * the planner then judges a full index on these columns costly and sorts the board again for every page; it judges this
 * one nearly empty and uses it, which is right. (The publish step that locks `publishing` postings therefore selects
 * them by id alone, so the planner cannot choose this index for that statement.)
 */
export class FeedPageIndex1764880000000 implements MigrationInterface {
  name = 'FeedPageIndex1764880000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE INDEX postings_board_feed_page_idx ON postings (organization_id, board, public_id) WHERE status IN ('live', 'publishing')`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX postings_board_feed_page_idx`);
  }
}
