import { Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { QueueRegistry } from '../queue/queue.module.js';
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

  constructor(dataSource: DataSource, queues: QueueRegistry) {
    this.relay = new OutboxRelay(dataSource, (name) => queues.get(name));
  }

  onApplicationBootstrap(): void {
    this.running = true;
    this.loop = this.run();
  }

  async onApplicationShutdown(): Promise<void> {
    this.running = false;
    await this.loop;
  }

  private async run(): Promise<void> {
    while (this.running) {
      try {
        const moved = await this.relay.relayBatch();
        if (moved === 0) await sleep(IDLE_POLL_MS);
      } catch (error) {
        this.logger.debug(String(error));
        await sleep(ERROR_BACKOFF_MS);
      }
    }
  }
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
