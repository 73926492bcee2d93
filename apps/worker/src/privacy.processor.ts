import { Processor } from '@nestjs/bullmq';
import { JobName, QueueName } from '../../../libs/platform/src/index.js';
import { RetentionSweep } from '../../../libs/privacy/src/index.js';
import { JobHandlers, JobProcessor } from './job-handler.js';

/** Privacy: the daily retention sweep. */
@Processor(QueueName.Privacy)
export class PrivacyProcessor extends JobProcessor {
  constructor(private readonly retention: RetentionSweep) {
    super();
  }

  readonly handlers: JobHandlers = {
    [JobName.PrivacyRetentionSweep]: async () => {
      await this.retention.sweep();
    },
  };
}
