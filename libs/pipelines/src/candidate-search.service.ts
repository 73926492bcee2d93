import { TransactionHost } from '@nestjs-cls/transactional';
import type { TransactionalAdapterTypeOrm } from '@nestjs-cls/transactional-adapter-typeorm';
import { Injectable } from '@nestjs/common';
import { decodeCursor, encodeCursor, Page } from '../../platform/src/index.js';
import { type AccessScope as PipelineScope } from '../../jobs/src/index.js';
import { CANDIDATE_COLUMNS, CandidateRow, CandidateView, toCandidateView } from './candidate-fields.js';
import { SearchCandidatesQueryDto } from './dto/candidate.dto.js';
import { candidateCondition } from './access-sql.js';
import { CandidatesService } from './candidates.service.js';

export interface DuplicateView {
  candidate: CandidateView;
  reasons: string[];
  nameSimilarity: number;
}

/** Word similarity (0..1) above which a name matches a search term with a typo or as a prefix. */
const NAME_MATCH_THRESHOLD = 0.5;
const DUPLICATE_NAME_SIMILARITY = 0.6;
/**
 * How many matches of one search are ranked. A very common term (a language every resume names)
 * matches most of an organization; ranking every match reads each one's tsvector and costs
 * seconds at a million applications. The newest matches (a cheap top-N on created_at, no rank
 * computed) are ranked instead; the set is the same on every page, so keyset pages on
 * (score, id) stay exact. A narrower query (more words, a tag or a source) reaches older matches.
 */
export const SEARCH_RANK_CAP = 1000;

/** Finding candidates: full-text and filtered search, and likely duplicates of one candidate. */
@Injectable()
export class CandidateSearch {
  constructor(
    private readonly txHost: TransactionHost<TransactionalAdapterTypeOrm>,
    private readonly candidates: CandidatesService,
  ) {}

  // ---- search -------------------------------------------------------------------------------

  /**
   * Without `q`: newest first. With `q`: ranked by full-text rank (names, emails, tags, resume; every
   * word as a prefix) plus trigram word similarity of name and emails (typos), keyset-paged on (score, id).
   * Only the newest `SEARCH_RANK_CAP` matches are ranked (see there).
   */
  async search(scope: PipelineScope, query: SearchCandidatesQueryDto): Promise<Page<CandidateView>> {
    const { sql, params, ranked } = candidateSearchQuery(scope, query);
    if (!ranked) {
      const rows: (CandidateRow & { key: string })[] = await this.txHost.tx.query(sql, params);
      return this.page(rows, query.limit, (r) => [r.key, r.id]);
    }
    return this.txHost.withTransaction(async () => {
      await this.txHost.tx.query(SEARCH_SESSION_SQL);
      const rows: (CandidateRow & { key: string })[] = await this.txHost.tx.query(sql, params);
      return this.page(rows, query.limit, (r) => [r.key, r.id]);
    });
  }

  private page<R extends CandidateRow>(rows: R[], limit: number, key: (row: R) => unknown[]): Page<CandidateView> {
    const more = rows.length > limit;
    const data = rows.slice(0, limit);
    return { data: data.map(toCandidateView), nextCursor: more ? encodeCursor(key(data[data.length - 1])) : null };
  }

  // ---- duplicates ---------------------------------------------------------------------

  /** Same email or phone, or a very similar name sharing a phone or a link. */
  async duplicates(scope: PipelineScope, id: string): Promise<DuplicateView[]> {
    await this.candidates.get(scope, id);
    const params: unknown[] = [id];
    const rows: (CandidateRow & { same_email: boolean; same_phone: boolean; same_link: boolean; name_similarity: number })[] = await this.txHost.tx.query(
      `SELECT ${CANDIDATE_COLUMNS}, (c.emails && o.emails) AS same_email, (c.phones && o.phones) AS same_phone, (c.links && o.links) AS same_link,
              similarity(lower(c.full_name), lower(o.full_name))::float8 AS name_similarity
         FROM candidates o JOIN candidates c ON c.organization_id = o.organization_id AND c.id <> o.id AND c.merged_into_id IS NULL
        WHERE o.id = $1
          AND (c.phones && o.phones OR (c.links && o.links AND similarity(lower(c.full_name), lower(o.full_name)) >= ${DUPLICATE_NAME_SIMILARITY}))
          AND ${candidateCondition(scope, params)}
        ORDER BY c.created_at, c.id LIMIT 50`,
      params,
    );
    return rows.map((r) => {
      const similar = Number(r.name_similarity) >= DUPLICATE_NAME_SIMILARITY;
      const reasons = [
        ...(r.same_email ? ['email'] : []),
        ...(r.same_phone ? ['phone'] : []),
        ...(similar && r.same_phone ? ['name_and_phone'] : []),
        ...(similar && r.same_link ? ['name_and_link'] : []),
      ];
      return { candidate: toCandidateView(r), reasons, nameSimilarity: Math.round(Number(r.name_similarity) * 1000) / 1000 };
    });
  }
}

/** The session setting a ranked search runs with (inside its transaction). */
export const SEARCH_SESSION_SQL = `SET LOCAL pg_trgm.word_similarity_threshold = ${NAME_MATCH_THRESHOLD}`;

/**
 * `GET /v1/candidates` as SQL (shared with the benches, whose baseline and EXPLAIN run exactly this): without `q`,
 * newest first; with `q` (`ranked`), run inside a transaction after SEARCH_SESSION_SQL.
 */
export function candidateSearchQuery(
  scope: PipelineScope,
  query: Pick<SearchCandidatesQueryDto, 'q' | 'tag' | 'source' | 'cursor' | 'limit'>,
): { sql: string; params: unknown[]; ranked: boolean } {
  const params: unknown[] = [scope.organizationId];
  const where = ['c.organization_id = $1', 'c.merged_into_id IS NULL'];
  if (query.tag) {
    params.push(query.tag.toLowerCase());
    where.push(`c.tags @> ARRAY[$${params.length}]::text[]`);
  }
  if (query.source) {
    params.push(query.source);
    where.push(`c.source = $${params.length}`);
  }
  where.push(candidateCondition(scope, params));
  const words = (query.q ?? '').toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? [];
  if (words.length === 0) {
    if (query.cursor) {
      const [at, cid] = decodeCursor(query.cursor, ['timestamp', 'uuid']);
      params.push(at, cid);
      where.push(`(c.created_at, c.id) < ($${params.length - 1}::timestamptz, $${params.length}::uuid)`);
    }
    params.push(query.limit + 1);
    return {
      sql: `SELECT ${CANDIDATE_COLUMNS}, c.created_at::text AS key FROM candidates c WHERE ${where.join(' AND ')}
          ORDER BY c.created_at DESC, c.id DESC LIMIT $${params.length}`,
      params,
      ranked: false,
    };
  }
  const tsquery = words
    .slice(0, 16)
    .map((w) => `${w}:*`)
    .join(' & ');
  const phrase = words.join(' ');
  params.push(tsquery, phrase);
  const tsq = `$${params.length - 1}`;
  const text = `$${params.length}`;
  let cursorClause = '';
  if (query.cursor) {
    const [score, cid] = decodeCursor(query.cursor, ['float', 'uuid']);
    params.push(score, cid);
    cursorClause = `WHERE (x.score, x.id) < ($${params.length - 1}::float8, $${params.length}::uuid)`;
  }
  params.push(query.limit + 1);
  return {
    sql: `WITH all_matches AS MATERIALIZED (
           -- Planned on its own (no ORDER BY/LIMIT to pull it onto the created_at index): the GIN and
           -- trigram indexes find the matches, so a rare term costs milliseconds.
           SELECT c.id, c.created_at
             FROM candidates c
            WHERE ${where.join(' AND ')}
              AND (c.search @@ (to_tsquery('simple', ${tsq}) || to_tsquery('english', ${tsq}))
                   OR lower(c.full_name) %> ${text}
                   OR hireloop_join_text(c.emails) %> ${text})
         ), matched AS (
           SELECT id FROM all_matches ORDER BY created_at DESC, id DESC LIMIT ${SEARCH_RANK_CAP}
         )
         SELECT x.*, x.score::text AS key FROM (
           SELECT ${CANDIDATE_COLUMNS},
                  (ts_rank(c.search, to_tsquery('simple', ${tsq}) || to_tsquery('english', ${tsq}))
                   + greatest(word_similarity(${text}, lower(c.full_name)), word_similarity(${text}, hireloop_join_text(c.emails))))::float8 AS score
             FROM matched m JOIN candidates c ON c.id = m.id
         ) x ${cursorClause}
         ORDER BY x.score DESC, x.id DESC LIMIT $${params.length}`,
    params,
    ranked: true,
  };
}
