import { Processor } from '@nestjs/bullmq';
import type { Job } from 'bullmq';
import { JobName, OutboxJobData, QueueName, type RelayedDomainEvent } from '../../../libs/platform/src/index.js';
import { WebhookDeliveryService, WebhookFanOutService, WebhookSweepsService } from '../../../libs/webhooks/src/index.js';
import { JobHandlers, JobProcessor } from './job-handler.js';

/**
 * Jobs of the webhooks queue one worker runs at once. A delivery holds a database connection only for its two short
 * transactions, not while it waits for the receiver (up to 5 s), so this can exceed the pool: a few slow receivers do
 * not hold up the others.
 */
export const WEBHOOKS_CONCURRENCY = 16;

/** Webhooks: fan-out of domain events, delivery attempts (several at once, each bounded by its 5 s timeout), sweeps. */
@Processor(QueueName.Webhooks, { concurrency: WEBHOOKS_CONCURRENCY })
export class WebhooksProcessor extends JobProcessor {
  constructor(
    private readonly fanOut: WebhookFanOutService,
    private readonly delivery: WebhookDeliveryService,
    private readonly sweeps: WebhookSweepsService,
  ) {
    super();
  }

  readonly handlers: JobHandlers = {
    [JobName.WebhooksFanOut]: (job) => this.fanOut.fanOut(job.data as unknown as OutboxJobData<RelayedDomainEvent>, job.attemptsMade),
    [JobName.WebhooksDeliver]: (job: Job<OutboxJobData>) => {
      const { deliveryId } = job.data.payload as { deliveryId: string };
      return this.delivery.attempt(job.data.organizationId as string, deliveryId);
    },
    [JobName.WebhooksDeliverySweep]: () => this.sweeps.sweepDue(),
    [JobName.WebhooksRetention]: () => this.sweeps.prune(),
  };
}
