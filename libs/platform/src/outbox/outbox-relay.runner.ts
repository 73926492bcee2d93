import { Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { Queue } from 'bullmq';
import { TransactionHost } from '@nestjs-cls/transactional';
import type { TransactionalAdapterTypeOrm } from '@nestjs-cls/transactional-adapter-typeorm';
import { InjectConfig } from '../../../config/src/index.js';
import type { AppConfig } from '../../../config/src/index.js';
import { TenantContext } from '../../../db/src/index.js';
import { DEFAULT_JOB_OPTIONS } from '../queue/queue-names.js';
import { OutboxRelay } from './outbox-relay.js';

const IDLE_POLL_MS = 200;
const ERROR_BACKOFF_MS = 1000;

/** Runs the outbox relay continuously inside the worker process. */
@Injectable()
export class OutboxRelayRunner implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(OutboxRelayRunner.name);
  private readonly relay: OutboxRelay;
  private running = false;
  private loop?: Promise<void>;
  private readonly queues = new Map<string, Queue>();

  constructor(txHost: TransactionHost<TransactionalAdapterTypeOrm>, @InjectConfig() config: AppConfig) {
    // The relay's own producers fail fast while Redis is down (no offline queue), so a pass
    // never holds its transaction open waiting for Redis; the rows simply wait for the next pass.
    const queueFor = (name: string): Queue => {
      let queue = this.queues.get(name);
      if (!queue) {
        queue = new Queue(name, {
          connection: { url: config.redisUrl, enableOfflineQueue: false, maxRetriesPerRequest: 1 },
          prefix: config.queuePrefix,
          defaultJobOptions: DEFAULT_JOB_OPTIONS,
        });
        queue.on('error', (error) => this.logger.debug(`Relay queue ${name}: ${error.message}`));
        this.queues.set(name, queue);
      }
      return queue;
    };
    this.relay = new OutboxRelay(txHost, queueFor);
  }

  onApplicationBootstrap(): void {
    this.running = true;
    this.loop = this.run();
  }

  async onApplicationShutdown(): Promise<void> {
    this.running = false;
    await this.loop;
    await Promise.all([...this.queues.values()].map((queue) => queue.close()));
  }

  private async run(): Promise<void> {
    while (this.running) {
      try {
        const moved = await TenantContext.crossTenant("the outbox relay moves every organization's events", () => this.relay.relayBatch());
        if (moved === 0) await sleep(IDLE_POLL_MS);
      } catch (error) {
        this.logger.debug(String(error));
        await sleep(ERROR_BACKOFF_MS);
      }
    }
  }
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
