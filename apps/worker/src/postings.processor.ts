import { Processor } from '@nestjs/bullmq';
import { Job, UnrecoverableError } from 'bullmq';
import { JobName, type OutboxJobData, QueueName } from '../../../libs/platform/src/index.js';
import { PostingDelivery, PostingsService, RejectedDeliveryError } from '../../../libs/postings/src/index.js';
import { type JobHandlers, JobProcessor } from './job-handler.js';

const finalAttempt = (job: Job) => job.attemptsMade + 1 >= (job.opts.attempts ?? 1);

/** Publishing, closing and expiring postings, and rebuilding the stored feeds. */
@Processor(QueueName.Postings, { concurrency: 8 })
export class PostingsProcessor extends JobProcessor {
  constructor(
    private readonly postings: PostingsService,
    private readonly delivery: PostingDelivery,
  ) {
    super();
  }

  readonly handlers: JobHandlers = {
    [JobName.PostingPublish]: (job) => this.publish(job),
    [JobName.PostingClose]: (job) => this.deliver(() => this.delivery.close(String(job.data.payload.postingId), { finalAttempt: finalAttempt(job) })),
    [JobName.PostingExpire]: (job) => this.delivery.expire(String(job.data.payload.postingId), String(job.data.payload.validThrough)),
    [JobName.PostingsExpirySweep]: () => this.delivery.expireDue(),
    [JobName.PostingFeedsRegenerate]: (job) => this.delivery.refreshFeeds(String(job.data.payload.organizationId)),
    [JobName.PostingsJobChanged]: (job: Job<OutboxJobData>) =>
      this.postings.onJobChanged(
        String(job.data.organizationId),
        (job.data.payload.jobId as string | undefined) ?? job.data.aggregateId,
        (job.data.payload.actorId as string | undefined) ?? null,
      ),
  };

  /**
   * One posting (its own job) or a batch the relay grouped (`job.data.batch`). In a batch each posting is delivered
   * and reported on its own; if any failed in a way worth retrying, the job fails so BullMQ retries it with backoff
   * (postings already live are then `unchanged` and not sent again; a board's refusal is parked at once).
   */
  private async publish(job: Job<OutboxJobData>): Promise<unknown> {
    const ctx = { finalAttempt: finalAttempt(job) };
    if (!job.data.batch) return this.deliver(() => this.delivery.publish(String(job.data.payload.postingId), ctx));
    const outcomes = await this.delivery.publishMany(
      job.data.batch.map((item) => String(item.payload.postingId)),
      ctx,
    );
    const retryable = outcomes.filter((o) => o.result === 'failed' && !(o.error instanceof RejectedDeliveryError));
    if (retryable.length) throw new Error(`${retryable.length} of ${outcomes.length} postings failed to publish; they will be retried`);
    return outcomes.reduce<Record<string, number>>((counts, o) => ({ ...counts, [o.result]: (counts[o.result] ?? 0) + 1 }), {});
  }

  /** A board's refusal is final (no BullMQ retry); anything else is retried with the queue's backoff. */
  private async deliver<T>(run: () => Promise<T>): Promise<T> {
    try {
      return await run();
    } catch (error) {
      if (error instanceof RejectedDeliveryError) throw new UnrecoverableError(error.message);
      throw error;
    }
  }
}
