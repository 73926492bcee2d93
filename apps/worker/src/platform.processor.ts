import { Processor } from '@nestjs/bullmq';
import { JobName, OutboxRetentionService, QueueName } from '../../../libs/platform/src/index.js';
import { JobHandlers, JobProcessor } from './job-handler.js';

/** Platform housekeeping jobs. */
@Processor(QueueName.Platform)
export class PlatformProcessor extends JobProcessor {
  constructor(private readonly retention: OutboxRetentionService) {
    super();
  }

  readonly handlers: JobHandlers = {
    [JobName.OutboxProbe]: (job) => Promise.resolve({ eventId: job.data.eventId }),
    [JobName.OrganizationRegistered]: (job) => {
      this.logger.log({ organizationId: job.data.organizationId }, 'Organization registered');
      return Promise.resolve();
    },
    [JobName.OutboxRetention]: async () => {
      const pruned = await this.retention.prune();
      if (pruned.outboxEvents + pruned.processedEvents > 0) this.logger.log(pruned, 'Outbox retention pruned delivered events');
      return pruned;
    },
  };
}
