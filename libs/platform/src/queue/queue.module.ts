import { BullModule, getQueueToken } from '@nestjs/bullmq';
import { Global, Injectable, Module } from '@nestjs/common';
import { ModuleRef } from '@nestjs/core';
import type { Queue } from 'bullmq';
import { appConfig } from '../../../config/src/index.js';
import type { AppConfig } from '../../../config/src/index.js';
import { DEFAULT_JOB_OPTIONS, QueueName } from './queue-names.js';

const ALL_QUEUES = Object.values(QueueName);

/** Looks up a registered BullMQ queue by name (the outbox relay and metrics use it). */
@Injectable()
export class QueueRegistry {
  constructor(private readonly moduleRef: ModuleRef) {}

  get(name: QueueName | string): Queue {
    return this.moduleRef.get<Queue>(getQueueToken(name), { strict: false });
  }

  all(): Queue[] {
    return ALL_QUEUES.map((name) => this.get(name));
  }
}

/** BullMQ on Redis: one connection setting, the QUEUE_PREFIX, default job options, every queue registered. */
@Global()
@Module({
  imports: [
    BullModule.forRootAsync({
      inject: [appConfig.KEY],
      useFactory: (config: AppConfig) => ({
        connection: { url: config.redisUrl, maxRetriesPerRequest: null },
        prefix: config.queuePrefix,
        defaultJobOptions: DEFAULT_JOB_OPTIONS,
      }),
    }),
    BullModule.registerQueue(...ALL_QUEUES.map((name) => ({ name }))),
  ],
  providers: [QueueRegistry],
  exports: [BullModule, QueueRegistry],
})
export class QueueModule {}
