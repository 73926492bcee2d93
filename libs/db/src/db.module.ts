import { ClsPluginTransactional } from '@nestjs-cls/transactional';
import { TransactionalAdapterTypeOrm } from '@nestjs-cls/transactional-adapter-typeorm';
import { type DynamicModule, Module, type Provider } from '@nestjs/common';
import { APP_GUARD, APP_INTERCEPTOR } from '@nestjs/core';
import { getDataSourceToken, TypeOrmModule } from '@nestjs/typeorm';
import { ClsModule } from 'nestjs-cls';
import { appConfig } from '../../config/src/index.js';
import type { AppConfig } from '../../config/src/index.js';
import { DataSource } from 'typeorm';
import { buildAppDataSourceOptions } from './data-source-options.js';
import { queryThroughPool } from './pooled-query.js';

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
      dataSourceFactory: async (options) => queryThroughPool(await new DataSource(options!).initialize()),
    }),
    withoutRequestEnhancers(
      ClsModule.forRoot({
        global: true,
        plugins: [new ClsPluginTransactional({ adapter: new TransactionalAdapterTypeOrm({ dataSourceToken: getDataSourceToken() }) })],
      }),
    ),
  ],
})
export class DbModule {}

/**
 * nestjs-cls's module less the global guard and interceptor it registers even when neither is mounted (no per-request
 * CLS context here, see "Unit of work"): then they are a guard answering true and an interceptor calling next, and the
 * interceptor alone put every request through Nest's interceptor pipeline (an Observable, an AsyncResource, a
 * lastValueFrom) for nothing.
 */
function withoutRequestEnhancers(module: DynamicModule): DynamicModule {
  const strip = (m: DynamicModule): DynamicModule => ({
    ...m,
    providers: m.providers?.filter((p: Provider) => !(typeof p === 'object' && 'provide' in p && (p.provide === APP_GUARD || p.provide === APP_INTERCEPTOR))),
    imports: m.imports?.map((i) => (typeof i === 'object' && i !== null && 'module' in i ? strip(i) : i)),
  });
  return strip(module);
}
