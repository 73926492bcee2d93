/** The rows of an `UPDATE`/`DELETE ... RETURNING` run with `query()` (the pg driver answers `[rows, count]` for those). */
export function returningRows<T>(result: unknown): T[] {
  const list = result as unknown[];
  return (Array.isArray(list[0]) ? list[0] : list) as T[];
}
