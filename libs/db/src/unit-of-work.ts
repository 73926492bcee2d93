import { TransactionHost } from '@nestjs-cls/transactional';
import { TransactionalAdapterTypeOrm } from '@nestjs-cls/transactional-adapter-typeorm';
import type { DataSource } from 'typeorm';

/** The unit of work every service injects (registered once by DbModule): `withTransaction(fn)` and `tx`. */
export type UnitOfWork = TransactionHost<TransactionalAdapterTypeOrm>;

/**
 * A unit of work over a DataSource of one's own, outside Nest's container (a script, or a test that builds the outbox
 * services by hand on its own database). Inside Nest, inject `TransactionHost<TransactionalAdapterTypeOrm>` instead.
 */
export function standaloneUnitOfWork(dataSource: DataSource): UnitOfWork {
  const adapter = new TransactionalAdapterTypeOrm({ dataSourceToken: 'standalone' });
  return new TransactionHost<TransactionalAdapterTypeOrm>({
    ...adapter.optionsFactory(dataSource),
    connectionName: undefined,
    enableTransactionProxy: false,
    defaultTxOptions: {},
    extraProviderTokens: [],
  });
}
