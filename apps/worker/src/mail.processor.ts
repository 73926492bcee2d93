import { Processor } from '@nestjs/bullmq';
import { toMergeFollowUp } from '../../../libs/pipelines/src/index.js';
import { AccountMail, EmailDelivery, MailMergeFollower, MailOffers } from '../../../libs/mail/src/index.js';
import { JobName, QueueName } from '../../../libs/platform/src/index.js';
import { JobHandlers, JobProcessor } from './job-handler.js';

/**
 * Mail: sends each queued email; a temporary SMTP failure throws so BullMQ retries it with backoff. Also follows
 * identity's account events (invitation and confirmation links, password reset requests) with account mail.
 */
@Processor(QueueName.Mail)
export class MailProcessor extends JobProcessor {
  constructor(
    private readonly delivery: EmailDelivery,
    private readonly accountMail: AccountMail,
  ) {
    super();
  }

  readonly handlers: JobHandlers = {
    [JobName.MailSend]: (job) => this.delivery.deliver(job.data.eventId, String(job.data.payload.emailId), job.attemptsMade + 1 >= (job.opts.attempts ?? 1)),
    [JobName.IdentityAccountEmail]: (job) =>
      this.accountMail.followIssuedToken(job.data.eventId, String(job.data.organizationId), String(job.data.payload.tokenId)),
    [JobName.IdentityPasswordResetRequested]: (job) => this.accountMail.followResetRequest(job.data.eventId, String(job.data.payload.email)),
    [JobName.MailSendAccount]: (job) =>
      this.accountMail.deliver(job.data.eventId, String(job.data.payload.accountEmailId), job.attemptsMade + 1 >= (job.opts.attempts ?? 1)),
  };
}

/** What mail follows from other modules: the offer letter email when an offer is sent, a candidate merge (emails move to the survivor). */
@Processor(QueueName.MailEvents)
export class MailEventsProcessor extends JobProcessor {
  constructor(
    private readonly offers: MailOffers,
    private readonly merge: MailMergeFollower,
  ) {
    super();
  }

  readonly handlers: JobHandlers = {
    [JobName.OfferSent]: (job) => this.offers.offerSent(job.data.eventId, String(job.data.organizationId), job.data.payload),
    [JobName.MailFollowMerge]: (job) => this.merge.followMerge(toMergeFollowUp(job.data.payload)),
  };
}
