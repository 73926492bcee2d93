import { Processor } from '@nestjs/bullmq';
import { OfferExpiry, OfferMergeFollower } from '../../../libs/offers/src/index.js';
import { toMergeFollowUp } from '../../../libs/pipelines/src/index.js';
import { JobName, QueueName } from '../../../libs/platform/src/index.js';
import { JobHandlers, JobProcessor } from './job-handler.js';

/** Offers: expiry when expiresAt passes (delayed through the outbox), the accepted event, following a candidate merge. */
@Processor(QueueName.Offers)
export class OffersProcessor extends JobProcessor {
  constructor(
    private readonly expiry: OfferExpiry,
    private readonly merge: OfferMergeFollower,
  ) {
    super();
  }

  readonly handlers: JobHandlers = {
    [JobName.OfferExpire]: (job) => this.expiry.expireIfDue(String(job.data.payload.offerId)),
    [JobName.OffersExpirySweep]: () => this.expiry.expireDue(),
    [JobName.OffersFollowMerge]: (job) => this.merge.followMerge(toMergeFollowUp(job.data.payload)),
    [JobName.OfferAccepted]: async (job) => {
      this.logger.log({ offerId: job.data.aggregateId, organizationId: job.data.organizationId }, 'Offer accepted');
      return Promise.resolve();
    },
  };
}
