import { Processor } from '@nestjs/bullmq';
import { QueueName } from '../../../libs/platform/src/index.js';
import { JobHandlers, JobProcessor } from './job-handler.js';

/** In-app notifications; later modules add their jobs here. */
@Processor(QueueName.Notifications)
export class NotificationsProcessor extends JobProcessor {
  readonly handlers: JobHandlers = {};
}
