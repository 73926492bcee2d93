import { ClsPluginTransactional } from '@nestjs-cls/transactional';
import { TransactionalAdapterTypeOrm } from '@nestjs-cls/transactional-adapter-typeorm';
import { Module } from '@nestjs/common';
import { getDataSourceToken, TypeOrmModule } from '@nestjs/typeorm';
import { ClsModule } from 'nestjs-cls';
import { appConfig } from '../../config/src/index.js';
import type { AppConfig } from '../../config/src/index.js';
import { buildAppDataSourceOptions } from './data-source-options.js';

/**
 * Connects to PostgreSQL once, as the app role with the tenant context on every query (see TenantContext); each
 * feature module registers its own entities with forFeature. It also registers the unit of work (DEVELOPING.md, "Unit
 * of work"): `TransactionHost<TransactionalAdapterTypeOrm>`, injectable everywhere, opens a transaction with
 * `withTransaction(fn)` and hands the current EntityManager out as `tx` (the transaction's inside one).
 */
@Module({
  imports: [
    TypeOrmModule.forRootAsync({
      inject: [appConfig.KEY],
      useFactory: (config: AppConfig) => ({ ...buildAppDataSourceOptions(config.databaseUrl, config.databasePoolSize), autoLoadEntities: true }),
    }),
    ClsModule.forRoot({
      global: true,
      plugins: [new ClsPluginTransactional({ adapter: new TransactionalAdapterTypeOrm({ dataSourceToken: getDataSourceToken() }) })],
    }),
  ],
})
export class DbModule {}
