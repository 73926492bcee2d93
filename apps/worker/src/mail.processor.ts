import { Processor } from '@nestjs/bullmq';
import { EmailDelivery } from '../../../libs/mail/src/index.js';
import { JobName, QueueName } from '../../../libs/platform/src/index.js';
import { JobHandlers, JobProcessor } from './job-handler.js';

/** Mail: sends each queued email; a temporary SMTP failure throws so BullMQ retries it with backoff. */
@Processor(QueueName.Mail)
export class MailProcessor extends JobProcessor {
  constructor(private readonly delivery: EmailDelivery) {
    super();
  }

  readonly handlers: JobHandlers = {
    [JobName.MailSend]: (job) => this.delivery.deliver(job.data.eventId, String(job.data.payload.emailId), job.attemptsMade + 1 >= (job.opts.attempts ?? 1)),
  };
}
