import { ObjectLiteral, SelectQueryBuilder } from 'typeorm';
import { PlatformErrorCode, PlatformException } from '../errors/index.js';
import { isUnsafeText } from '../http/unsafe-text.js';
import { Page } from './page-query.dto.js';

/**
 * The type of a sort column, so a cursor's values are checked before they reach SQL: a forged
 * cursor is a 400 naming `cursor`, never a database error.
 * - `timestamp`: a timestamptz as PostgreSQL prints it (`2026-11-30 05:00:18.123456+00`) or ISO 8601
 * - `uuid`; `int` (32-bit) and `bigint` (64-bit) integers; `float` (a finite double); `text`
 */
export type CursorValueType = 'timestamp' | 'uuid' | 'int' | 'bigint' | 'float' | 'text';

export interface KeysetColumn {
  /** SQL expression, e.g. `u.created_at`. Its value for the cursor is read back as text, so
   * timestamps keep their full microsecond precision. */
  expr: string;
  type: CursorValueType;
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

const TIMESTAMP = /^(\d{4})-(\d{2})-(\d{2})[ T](\d{2}):(\d{2}):(\d{2})(?:\.\d{1,9})?(?:Z|[+-](\d{2})(?::?(\d{2}))?(?::?(\d{2}))?)?$/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const INTEGER = /^-?\d{1,19}$/;
const FLOAT = /^-?(?:\d{1,20}(?:\.\d{0,20})?|\.\d{1,20})(?:e[+-]?\d{1,3})?$/i;
const INT32 = [-(2n ** 31n), 2n ** 31n - 1n] as const;
const INT64 = [-(2n ** 63n), 2n ** 63n - 1n] as const;

function isTimestamp(value: string): boolean {
  const m = TIMESTAMP.exec(value);
  if (!m) return false;
  const [year, month, day, hour, minute, second, offsetHour = 0, offsetMinute = 0, offsetSecond = 0] = m.slice(1).map((v) => (v === undefined ? 0 : Number(v)));
  const date = new Date(Date.UTC(year, month - 1, day));
  return (
    year >= 1 &&
    date.getUTCMonth() === month - 1 &&
    date.getUTCDate() === day &&
    hour <= 23 &&
    minute <= 59 &&
    second <= 59 &&
    offsetHour <= 15 &&
    offsetMinute <= 59 &&
    offsetSecond <= 59
  );
}

function inRange(value: string, [min, max]: readonly [bigint, bigint]): boolean {
  if (!INTEGER.test(value)) return false;
  const n = BigInt(value);
  return n >= min && n <= max;
}

/** Whether a decoded cursor value fits a column of this type (numbers may come as JSON numbers or text). */
export function fitsCursorType(value: unknown, type: CursorValueType): boolean {
  const text = typeof value === 'number' && type !== 'text' && type !== 'uuid' && type !== 'timestamp' ? String(value) : value;
  if (typeof text !== 'string') return false;
  switch (type) {
    case 'timestamp':
      return isTimestamp(text);
    case 'uuid':
      return UUID.test(text);
    case 'int':
      return inRange(text, INT32);
    case 'bigint':
      return inRange(text, INT64);
    case 'float':
      return FLOAT.test(text) && Number.isFinite(Number(text));
    case 'text':
      return text.length <= 1000 && !isUnsafeText(text);
    default: {
      const unreachable: never = type;
      throw new Error(`Unknown cursor value type ${String(unreachable)}`);
    }
  }
}

/**
 * Decodes a cursor into one value per column, each checked against its column's type; anything
 * else (not base64 JSON, wrong length, a value of the wrong type) is a 400 naming `cursor`.
 */
export function decodeCursor(cursor: string, types: readonly CursorValueType[]): unknown[] {
  let values: unknown;
  try {
    values = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    values = undefined;
  }
  if (!Array.isArray(values) || values.length !== types.length || !values.every((v, i) => fitsCursorType(v, types[i]))) {
    throw new PlatformException(PlatformErrorCode.InvalidCursor, 'This page link is not valid for this list. Start again from the first page.', {
      errors: [{ field: 'cursor', message: 'is not a cursor this list produced' }],
    });
  }
  return (values as unknown[]).map((v) => (typeof v === 'number' ? String(v) : v));
}

/**
 * Applies keyset pagination to a query builder: ORDER BY the columns, a row-value comparison
 * against the cursor and LIMIT n+1; then returns {data, nextCursor}.
 */
export async function keysetPage<T extends ObjectLiteral>(qb: SelectQueryBuilder<T>, options: KeysetOptions): Promise<Page<T>> {
  const { columns, direction, limit } = options;
  if (options.cursor) {
    const values = decodeCursor(
      options.cursor,
      columns.map((c) => c.type),
    );
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
