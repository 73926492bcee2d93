import { DataSourceOptions } from 'typeorm';
import { ALL_MIGRATIONS } from '../../../migrations/index.js';
import { tenantPoolOptions } from './tenant-client.js';

/**
 * The one definition of Hireloop's database settings, shared by the Nest app (TypeOrmModule),
 * the migration command and the tests. Schema changes only ever come from migrations/.
 */
export function buildDataSourceOptions(databaseUrl: string): DataSourceOptions {
  return {
    type: 'postgres',
    url: databaseUrl,
    synchronize: false,
    migrationsRun: false,
    migrations: ALL_MIGRATIONS,
    migrationsTableName: 'schema_migrations',
    migrationsTransactionMode: 'each',
    extra: { max: 20, application_name: 'hireloop' },
  };
}

/**
 * The app's settings (API, worker): the same database, with every connection working as the app role and carrying
 * the tenant context, so row-level security decides which organization's rows a query sees. `poolSize` is
 * DATABASE_POOL_SIZE: N processes open at most N × poolSize connections. Migrations and the
 * tests' own checks use buildDataSourceOptions (the connecting user, which owns the tables).
 */
export function buildAppDataSourceOptions(databaseUrl: string, poolSize = 20): DataSourceOptions {
  const options = buildDataSourceOptions(databaseUrl);
  return { ...options, extra: { ...(options.extra as Record<string, unknown>), max: poolSize, ...tenantPoolOptions() } };
}
