import pg from 'pg';
import { type DataSource, QueryFailedError, type QueryRunner } from 'typeorm';

type RawResult = { command?: string; rows?: unknown[]; rowCount?: number | null };

/**
 * Makes a query that runs outside any transaction (`txHost.tx.query(...)` with no transaction open, which is most
 * reads of the request path) take a connection from the pool, run and give it back, instead of going through a
 * TypeORM QueryRunner made for it: that one allocates a runner, registers and removes an error listener, broadcasts
 * "before" and "after" events nobody subscribes to and awaits a dozen promises per query, a fifth of the CPU of a
 * small read. The connection is the same TenantClient (the tenant context is applied the same way), the answer is
 * TypeORM's (rows; `[rows, rowCount]` for UPDATE and DELETE), and a failure is TypeORM's QueryFailedError with the
 * driver's error inside, so callers and the problem filter see no difference. A query given a runner (a transaction's)
 * still goes through it.
 */
export function queryThroughPool(dataSource: DataSource): DataSource {
  const pool = (dataSource.driver as unknown as { master: pg.Pool }).master;
  const throughRunner = dataSource.query.bind(dataSource);
  const query = async (text: string, parameters?: unknown[], queryRunner?: QueryRunner): Promise<unknown> => {
    if (queryRunner || (parameters !== undefined && !Array.isArray(parameters))) return throughRunner(text, parameters, queryRunner);
    const client = await pool.connect();
    // A connection that failed (not a statement PostgreSQL refused: a lost socket, or the server ending the session
    // with FATAL) is not handed to the next query.
    let broken: Error | undefined;
    try {
      const raw = (await client.query(text, parameters)) as RawResult;
      return raw.command === 'UPDATE' || raw.command === 'DELETE' ? [raw.rows, raw.rowCount] : raw.rows;
    } catch (error) {
      if (!(error instanceof pg.DatabaseError) || error.severity === 'FATAL' || error.severity === 'PANIC') {
        broken = error instanceof Error ? error : new Error(String(error));
      }
      throw new QueryFailedError(text, parameters, error as Error);
    } finally {
      client.release(broken);
    }
  };
  dataSource.query = query as DataSource['query'];
  return dataSource;
}
