import pg from 'pg';
import { type DataSource, QueryFailedError, type QueryRunner } from 'typeorm';
import { TenantContext } from './tenant-context.js';

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
  const query = (text: string, parameters?: unknown[], queryRunner?: QueryRunner): Promise<unknown> => {
    if (queryRunner || (parameters !== undefined && !Array.isArray(parameters))) return throughRunner(text, parameters, queryRunner);
    // Callbacks (the pool's, the connection's) and one promise, not async/await: this is the path of most queries,
    // and each promise costs (see DEVELOPING.md, "Performance").
    // The tenant context of the caller: the pool hands a connection to a waiting caller from inside the release of
    // another query (another request, maybe another organization's), and the connection sends whatever context is
    // current when the query is asked for.
    const scope = TenantContext.current();
    return new Promise((resolve, reject) => {
      pool.connect((connectError, client, release) => {
        if (connectError || !client) return reject(connectError ?? new Error('No connection'));
        TenantContext.within(scope, () =>
          client.query(text, parameters as unknown[], (error: Error | null, raw: RawResult) => {
            if (!error) {
              release();
              resolve(raw.command === 'UPDATE' || raw.command === 'DELETE' ? [raw.rows, raw.rowCount] : raw.rows);
              return;
            }
            // A connection that failed (not a statement PostgreSQL refused: a lost socket, or the server ending the
            // session with FATAL) is not handed to the next query.
            const broken = !(error instanceof pg.DatabaseError) || error.severity === 'FATAL' || error.severity === 'PANIC';
            release(broken ? error : undefined);
            reject(new QueryFailedError(text, parameters, error));
          }),
        );
      });
    });
  };
  dataSource.query = query as DataSource['query'];
  // The plain manager (`txHost.tx` outside a transaction) straight to it, without EntityManager.query's own promise.
  if (!dataSource.manager.queryRunner)
    dataSource.manager.query = ((text: string, parameters?: unknown[]) => query(text, parameters)) as typeof dataSource.manager.query;
  return dataSource;
}
