import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Multi-board posting: postings (one job on one board) with their history, partner (push)
 * boards, stable integer ids per job for the Greenhouse-style board API, and the stored
 * XML feeds the worker regenerates when postings change.
 */
export class Postings1763873000000 implements MigrationInterface {
  name = 'Postings1763873000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE partner_boards (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      organization_id uuid NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
      name text NOT NULL,
      url text NOT NULL,
      secret text NOT NULL,
      active boolean NOT NULL DEFAULT true,
      created_by uuid REFERENCES users(id) ON DELETE SET NULL,
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now(),
      CONSTRAINT partner_boards_name_key UNIQUE (organization_id, name)
    )`);
    await q.query(`CREATE INDEX partner_boards_org_created_idx ON partner_boards (organization_id, created_at DESC, id DESC)`);
    await q.query(`CREATE INDEX partner_boards_created_by_idx ON partner_boards (created_by)`);

    // Greenhouse's job board exposes integer ids: one stable integer per job (internal_job_id),
    // department and office, assigned the first time the board shows them and never changed.
    await q.query(`CREATE TABLE board_public_ids (
      kind text NOT NULL CHECK (kind IN ('job','department','office')),
      entity_id uuid NOT NULL,
      organization_id uuid NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
      public_id bigint GENERATED ALWAYS AS IDENTITY UNIQUE,
      PRIMARY KEY (kind, entity_id)
    )`);
    await q.query(`CREATE INDEX board_public_ids_org_idx ON board_public_ids (organization_id)`);

    await q.query(`CREATE TABLE postings (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      public_id bigint GENERATED ALWAYS AS IDENTITY UNIQUE,
      organization_id uuid NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
      job_id uuid NOT NULL REFERENCES jobs(id) ON DELETE CASCADE,
      board text NOT NULL,
      partner_board_id uuid REFERENCES partner_boards(id) ON DELETE RESTRICT,
      status text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending','publishing','live','closing','closed','failed','expired')),
      external_id text,
      last_error text,
      attempts integer NOT NULL DEFAULT 0,
      content_hash text,
      valid_through timestamptz,
      overrides jsonb NOT NULL DEFAULT '{}',
      published_at timestamptz,
      closed_at timestamptz,
      version integer NOT NULL DEFAULT 1,
      created_by uuid REFERENCES users(id) ON DELETE SET NULL,
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now(),
      CONSTRAINT postings_board_kind CHECK (board IN ('careers','indeed','linkedin') OR partner_board_id IS NOT NULL)
    )`);
    // One active posting per job and board; closed and expired ones stay as history.
    await q.query(`CREATE UNIQUE INDEX postings_job_board_active_idx ON postings (job_id, board) WHERE status NOT IN ('closed','expired')`);
    await q.query(`CREATE INDEX postings_org_board_status_idx ON postings (organization_id, board, status, published_at DESC, id DESC)`);
    await q.query(`CREATE INDEX postings_job_created_idx ON postings (job_id, created_at, id)`);
    await q.query(`CREATE INDEX postings_org_status_idx ON postings (organization_id, status)`);
    await q.query(`CREATE INDEX postings_partner_board_idx ON postings (partner_board_id)`);
    await q.query(`CREATE INDEX postings_created_by_idx ON postings (created_by)`);

    await q.query(`CREATE TABLE posting_events (
      id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
      posting_id uuid NOT NULL REFERENCES postings(id) ON DELETE CASCADE,
      organization_id uuid NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
      from_status text,
      to_status text NOT NULL,
      reason text,
      detail jsonb NOT NULL DEFAULT '{}',
      actor_id uuid REFERENCES users(id) ON DELETE SET NULL,
      created_at timestamptz NOT NULL DEFAULT now()
    )`);
    await q.query(`CREATE INDEX posting_events_posting_idx ON posting_events (posting_id, id)`);
    await q.query(`CREATE INDEX posting_events_org_idx ON posting_events (organization_id)`);
    await q.query(`CREATE INDEX posting_events_actor_idx ON posting_events (actor_id)`);

    await q.query(`CREATE TABLE board_feeds (
      organization_id uuid NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
      board text NOT NULL CHECK (board IN ('indeed','linkedin')),
      body text NOT NULL,
      etag text NOT NULL,
      job_count integer NOT NULL DEFAULT 0,
      generated_at timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (organization_id, board)
    )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE board_feeds`);
    await q.query(`DROP TABLE posting_events`);
    await q.query(`DROP TABLE postings`);
    await q.query(`DROP TABLE board_public_ids`);
    await q.query(`DROP TABLE partner_boards`);
  }
}
