import { Processor } from '@nestjs/bullmq';
import { JobName, QueueName } from '../../../libs/platform/src/index.js';
import { JobHandlers, JobProcessor } from './job-handler.js';

/** Platform housekeeping jobs. */
@Processor(QueueName.Platform)
export class PlatformProcessor extends JobProcessor {
  readonly handlers: JobHandlers = {
    [JobName.OutboxProbe]: (job) => Promise.resolve({ eventId: job.data.eventId }),
    [JobName.OrganizationRegistered]: (job) => {
      this.logger.log({ organizationId: job.data.organizationId }, 'Organization registered');
      return Promise.resolve();
    },
  };
}
