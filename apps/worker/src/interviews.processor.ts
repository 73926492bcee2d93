import { Processor } from '@nestjs/bullmq';
import { InterviewMergeFollower, InterviewNotifierService } from '../../../libs/interviews/src/index.js';
import { toMergeFollowUp } from '../../../libs/pipelines/src/index.js';
import type { InterviewNotifyPayload } from '../../../libs/interviews/src/index.js';
import { JobName, QueueName } from '../../../libs/platform/src/index.js';
import { JobHandlers, JobProcessor } from './job-handler.js';

/** Interview side effects: the panel's notifications; following a candidate merge. */
@Processor(QueueName.Interviews)
export class InterviewsProcessor extends JobProcessor {
  constructor(
    private readonly notifier: InterviewNotifierService,
    private readonly merge: InterviewMergeFollower,
  ) {
    super();
  }

  readonly handlers: JobHandlers = {
    [JobName.InterviewsNotifyInterviewers]: (job) =>
      this.notifier.notifyPanel(job.data.organizationId as string, job.data.payload as unknown as InterviewNotifyPayload),
    [JobName.InterviewsFollowMerge]: (job) => this.merge.followMerge(toMergeFollowUp(job.data.payload)),
  };
}
