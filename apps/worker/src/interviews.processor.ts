import { Processor } from '@nestjs/bullmq';
import { InterviewMergeFollower, InterviewNotifierService } from '../../../libs/interviews/src/index.js';
import { toMergeFollowUp } from '../../../libs/pipelines/src/index.js';
import type { InterviewNotifyPayload } from '../../../libs/interviews/src/index.js';
import { JobName, QueueName } from '../../../libs/platform/src/index.js';
import { JobHandlers, JobProcessor } from './job-handler.js';
import { MailInterviews } from '../../../libs/mail/src/index.js';

/** Interview side effects: the panel's notifications and the invitations by email; following a candidate merge. */
@Processor(QueueName.Interviews)
export class InterviewsProcessor extends JobProcessor {
  constructor(
    private readonly notifier: InterviewNotifierService,
    private readonly merge: InterviewMergeFollower,
    private readonly mail: MailInterviews,
  ) {
    super();
  }

  readonly handlers: JobHandlers = {
    // The panel's in-app notifications, then the invitations by email (each consumer runs once per event).
    [JobName.InterviewsNotifyInterviewers]: async (job) => {
      await this.notifier.notifyPanel(job.data.organizationId as string, job.data.payload as unknown as InterviewNotifyPayload);
      await this.mail.interviewChanged(job.data.eventId, job.data.organizationId as string, job.data.payload);
    },
    [JobName.InterviewsFollowMerge]: (job) => this.merge.followMerge(toMergeFollowUp(job.data.payload)),
  };
}
