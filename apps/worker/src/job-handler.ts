import { Logger } from '@nestjs/common';
import { WorkerHost } from '@nestjs/bullmq';
import type { Job } from 'bullmq';
import { JobName, OutboxJobData } from '../../../libs/platform/src/index.js';

export type JobHandlers = Partial<Record<JobName, (job: Job<OutboxJobData>) => Promise<unknown>>>;

/**
 * Base of every processor: a queue's processor declares one handler per job name it owns;
 * processors stay thin and call the services of the libraries.
 */
export abstract class JobProcessor extends WorkerHost {
  protected readonly logger = new Logger(this.constructor.name);
  abstract readonly handlers: JobHandlers;

  async process(job: Job<OutboxJobData>): Promise<unknown> {
    const handler = this.handlers[job.name as JobName];
    if (!handler) throw new Error(`No handler for job ${job.name}`);
    return await handler(job);
  }
}

/** Checked at worker start: every job name has exactly one handler across all processors. */
export function assertEveryJobHandled(processors: JobProcessor[]): void {
  const seen = new Map<string, string>();
  for (const processor of processors) {
    for (const name of Object.keys(processor.handlers)) {
      const other = seen.get(name);
      if (other) throw new Error(`Job ${name} is handled twice (${other}, ${processor.constructor.name})`);
      seen.set(name, processor.constructor.name);
    }
  }
  const missing = Object.values(JobName).filter((name) => !seen.has(name));
  if (missing.length) throw new Error(`Jobs without a handler: ${missing.join(', ')}`);
}
