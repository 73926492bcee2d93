import { Processor } from '@nestjs/bullmq';
import { OffersService } from '../../../libs/offers/src/index.js';
import { JobName, QueueName } from '../../../libs/platform/src/index.js';
import { JobHandlers, JobProcessor } from './job-handler.js';

/** Offers: expiry when expiresAt passes (delayed through the outbox), and the accepted event. */
@Processor(QueueName.Offers)
export class OffersProcessor extends JobProcessor {
  constructor(private readonly offers: OffersService) {
    super();
  }

  readonly handlers: JobHandlers = {
    [JobName.OfferExpire]: (job) => this.offers.expireIfDue(String(job.data.payload.offerId)),
    [JobName.OffersExpirySweep]: () => this.offers.expireDue(),
    [JobName.OfferAccepted]: (job) => {
      this.logger.log({ offerId: job.data.aggregateId, organizationId: job.data.organizationId }, 'Offer accepted');
      return Promise.resolve();
    },
  };
}
