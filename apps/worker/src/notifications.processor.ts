import { Processor } from '@nestjs/bullmq';
import { NotificationsService, toMergeFollowUp } from '../../../libs/pipelines/src/index.js';
import { JobName, QueueName } from '../../../libs/platform/src/index.js';
import { JobHandlers, JobProcessor } from './job-handler.js';

/** In-app notifications: following a candidate merge; later modules add their jobs here. */
@Processor(QueueName.Notifications)
export class NotificationsProcessor extends JobProcessor {
  constructor(private readonly notifications: NotificationsService) {
    super();
  }

  readonly handlers: JobHandlers = {
    [JobName.NotificationsFollowMerge]: (job) => this.notifications.followMerge(toMergeFollowUp(job.data.payload)),
  };
}
