import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { appConfig } from '../../config/src/index.js';
import type { AppConfig } from '../../config/src/index.js';
import { buildAppDataSourceOptions } from './data-source-options.js';

/** Connects to PostgreSQL once, as the app role with the tenant context on every query (see TenantContext); each feature module registers its own entities with forFeature. */
@Module({
  imports: [
    TypeOrmModule.forRootAsync({
      inject: [appConfig.KEY],
      useFactory: (config: AppConfig) => ({ ...buildAppDataSourceOptions(config.databaseUrl, config.databasePoolSize), autoLoadEntities: true }),
    }),
  ],
})
export class DbModule {}
