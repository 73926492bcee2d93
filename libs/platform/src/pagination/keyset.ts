import { ObjectLiteral, SelectQueryBuilder } from 'typeorm';
import { PlatformErrorCode, PlatformException } from '../errors/index.js';
import { Page } from './page-query.dto.js';

export interface KeysetColumn {
  /** SQL expression, e.g. `u.created_at`. Its value for the cursor is read back as text, so
   * timestamps keep their full microsecond precision. */
  expr: string;
}

export interface KeysetOptions {
  /** Columns of the sort, all in the same direction, ending with a unique column (the id). */
  columns: KeysetColumn[];
  direction: 'ASC' | 'DESC';
  limit: number;
  cursor?: string;
}

export function encodeCursor(values: unknown[]): string {
  return Buffer.from(JSON.stringify(values.map((v) => (v instanceof Date ? v.toISOString() : v)))).toString('base64url');
}

export function decodeCursor(cursor: string, length: number): unknown[] {
  try {
    const values = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (!Array.isArray(values) || values.length !== length || values.some((v) => typeof v === 'object' && v !== null)) throw new Error('shape');
    return values;
  } catch {
    throw new PlatformException(PlatformErrorCode.InvalidCursor, 'The cursor is not one this list produced.', {
      errors: [{ field: 'cursor', message: 'invalid cursor' }],
    });
  }
}

/**
 * Applies keyset pagination to a query builder: ORDER BY the columns, a row-value comparison
 * against the cursor and LIMIT n+1; then returns {data, nextCursor}.
 */
export async function keysetPage<T extends ObjectLiteral>(qb: SelectQueryBuilder<T>, options: KeysetOptions): Promise<Page<T>> {
  const { columns, direction, limit } = options;
  if (options.cursor) {
    const values = decodeCursor(options.cursor, columns.length);
    const params: Record<string, unknown> = {};
    const placeholders = values.map((value, i) => {
      params[`keyset${i}`] = value;
      return `:keyset${i}`;
    });
    qb.andWhere(`(${columns.map((c) => c.expr).join(', ')}) ${direction === 'DESC' ? '<' : '>'} (${placeholders.join(', ')})`, params);
  }
  columns.forEach((column, i) => (i === 0 ? qb.orderBy(column.expr, direction) : qb.addOrderBy(column.expr, direction)));
  columns.forEach((column, i) => qb.addSelect(`(${column.expr})::text`, `keyset_${i}`));
  // One row per entity is assumed (no to-many joins), so raw rows line up with entities.
  const { entities, raw } = await qb.limit(limit + 1).getRawAndEntities();
  const page = toPage(entities, limit, () => '');
  if (page.nextCursor !== null) {
    const last = raw[page.data.length - 1] as Record<string, string>;
    page.nextCursor = encodeCursor(columns.map((_, i) => last[`keyset_${i}`]));
  }
  return page;
}

/** Cuts a fetched `limit + 1` rows to a page and derives the next cursor from its last row. */
export function toPage<T>(rows: T[], limit: number, cursorOf: (row: T) => string): Page<T> {
  const hasMore = rows.length > limit;
  const data = hasMore ? rows.slice(0, limit) : rows;
  return { data, nextCursor: hasMore && data.length ? cursorOf(data[data.length - 1]) : null };
}

export function mapPage<T, R>(page: Page<T>, map: (row: T) => R): Page<R> {
  return { data: page.data.map(map), nextCursor: page.nextCursor };
}
