import { Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** Where the worker proves it is alive; docker-compose's health check reads its age. */
export const HEARTBEAT_FILE = process.env.WORKER_HEARTBEAT_FILE ?? join(tmpdir(), 'hireloop-worker.alive');
const INTERVAL_MS = 10_000;

/** Touches the heartbeat file while the worker's event loop runs. */
@Injectable()
export class WorkerHeartbeat implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(WorkerHeartbeat.name);
  private timer?: NodeJS.Timeout;

  onApplicationBootstrap(): void {
    const beat = () => {
      try {
        writeFileSync(HEARTBEAT_FILE, new Date().toISOString());
      } catch (error) {
        this.logger.warn(`Cannot write ${HEARTBEAT_FILE}: ${String(error)}`);
      }
    };
    beat();
    this.timer = setInterval(beat, INTERVAL_MS);
    this.timer.unref();
  }

  onApplicationShutdown(): void {
    if (this.timer) clearInterval(this.timer);
    rmSync(HEARTBEAT_FILE, { force: true });
  }
}
