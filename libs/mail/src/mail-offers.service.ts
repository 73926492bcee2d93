import { Injectable, Logger } from '@nestjs/common';
import type { AppConfig } from '../../config/src/index.js';
import { InjectConfig } from '../../config/src/index.js';
import { offerLinkUrl, OffersService, OfferStatus } from '../../offers/src/index.js';
import { PipelineReadsService } from '../../pipelines/src/index.js';
import { DomainException, IdempotentConsumer } from '../../platform/src/index.js';
import { EmailSending } from './email-sending.service.js';
import { EmailTemplates } from './email-templates.service.js';
import { spokenTime } from './mail-interviews.service.js';
import { htmlToText } from './mail.shared.js';

/** "1 July 2026" from `2026-07-01`. */
function spokenDate(isoDate: string): string {
  const date = new Date(`${isoDate}T00:00:00Z`);
  return Number.isNaN(date.getTime())
    ? isoDate
    : new Intl.DateTimeFormat('en-GB', { timeZone: 'UTC', day: 'numeric', month: 'long', year: 'numeric' }).format(date);
}

/**
 * The offer letter email (after `offers.sent`, called by the worker's mail processor): the organization's `offer_letter`
 * template (or the built-in one) with the letter as sent and `offer.letter_url`, the signed link to the candidate's page
 * where they accept or decline (valid until the offer expires). Transactional: it is about an active application, so
 * it reaches a candidate marked "Do not contact" or unsubscribed too. An offer withdrawn before the job ran gets none.
 */
@Injectable()
export class MailOffers {
  private readonly logger = new Logger(MailOffers.name);

  constructor(
    private readonly consumer: IdempotentConsumer,
    private readonly offers: OffersService,
    private readonly reads: PipelineReadsService,
    private readonly sending: EmailSending,
    private readonly templates: EmailTemplates,
    @InjectConfig() private readonly config: AppConfig,
  ) {}

  async offerSent(eventId: string, organizationId: string, payload: Record<string, unknown>): Promise<void> {
    await this.consumer.runOnce('mail.offer-letter', eventId, async () => {
      const offer = await this.offers.letterFacts(organizationId, String(payload.offerId));
      if (!offer || offer.status !== OfferStatus.Sent || !offer.letterHtml) return;
      const template = await this.templates.forType(organizationId, 'offer_letter');
      const candidate = await this.reads.candidate(organizationId, offer.candidateId);
      const extra = {
        offer: {
          letter_url: offerLinkUrl(this.config.publicBaseUrl, this.config.jwtSecret, { organizationId, offerId: offer.id, expiresAt: offer.expiresAt }),
          letter: htmlToText(offer.letterHtml),
          expires_at: spokenTime(offer.expiresAt, candidate?.timeZone ?? 'UTC'),
          start_date: spokenDate(offer.startDate),
        },
      };
      try {
        await this.sending.queue({
          organizationId,
          applicationId: offer.applicationId,
          kind: 'offer_letter',
          templateId: template.builtIn ? null : template.id,
          subject: template.subject,
          body: template.body,
          extra,
          transactional: true,
        });
      } catch (error: unknown) {
        // No address, a template that cannot be filled: nothing to send, and retrying changes nothing.
        if (!(error instanceof DomainException)) throw error;
        this.logger.warn({ organizationId, offerId: offer.id, code: error.code }, 'Offer letter email not queued');
      }
    });
  }
}
