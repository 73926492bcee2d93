import { Processor } from '@nestjs/bullmq';
import { EmailDelivery, MailMergeFollower, MailOffers } from '../../../libs/mail/src/index.js';
import { toMergeFollowUp } from '../../../libs/pipelines/src/index.js';
import { JobName, QueueName } from '../../../libs/platform/src/index.js';
import { JobHandlers, JobProcessor } from './job-handler.js';

/** Mail: sends each queued email (a temporary SMTP failure throws so BullMQ retries it with backoff), the offer letter email, following a candidate merge. */
@Processor(QueueName.Mail)
export class MailProcessor extends JobProcessor {
  constructor(
    private readonly delivery: EmailDelivery,
    private readonly offers: MailOffers,
    private readonly merge: MailMergeFollower,
  ) {
    super();
  }

  readonly handlers: JobHandlers = {
    [JobName.MailSend]: (job) => this.delivery.deliver(job.data.eventId, String(job.data.payload.emailId), job.attemptsMade + 1 >= (job.opts.attempts ?? 1)),
    [JobName.OfferSent]: (job) => this.offers.offerSent(job.data.eventId, String(job.data.organizationId), job.data.payload),
    [JobName.MailFollowMerge]: (job) => this.merge.followMerge(toMergeFollowUp(job.data.payload)),
  };
}
