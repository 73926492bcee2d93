import { Injectable, Logger } from '@nestjs/common';
import type { Redis } from 'ioredis';
import type { AppConfig } from '../../config/src/index.js';
import { InjectConfig } from '../../config/src/index.js';
import { OrganizationsService } from '../../identity/src/index.js';
import { JobsService } from '../../jobs/src/index.js';
import { clientAddressKey, DomainException, InjectRedis, TenantContext } from '../../platform/src/index.js';
import { OfferOutcome } from './offer-outcome.service.js';
import { MAX_DECLINE_REASON, OfferPage } from './offer-response-html.js';
import { OfferStatus } from './offer.types.js';
import { OfferLetterFacts, OffersService } from './offers.service.js';
import { PipelineGateway } from './pipeline.gateway.js';
import { readOfferLinkToken } from './rules/offer-link.js';

/** Requests per client address (page views and answers together) in one window: a candidate needs a handful. */
const BUDGET = { max: 60, windowSeconds: 600 };

/**
 * The candidate's side of a sent offer, through the signed link of the offer email (no account): the page with the
 * letter and the two answers, accepting and declining through `OfferOutcome` (the same audit, timeline, webhooks and
 * hire cascade as a recruiter's), answered in words whatever the offer's state. Nothing is written unless the link is
 * genuine, the offer still open and its expiry not passed.
 */
@Injectable()
export class OfferCandidateResponse {
  private readonly logger = new Logger(OfferCandidateResponse.name);

  constructor(
    private readonly offers: OffersService,
    private readonly outcome: OfferOutcome,
    private readonly organizations: OrganizationsService,
    private readonly jobs: JobsService,
    private readonly pipeline: PipelineGateway,
    @InjectRedis() private readonly redis: Redis,
    @InjectConfig() private readonly config: AppConfig,
  ) {}

  /** Counts one request of the client address; false once its budget is spent (Redis down: let it through). */
  async admit(ip: string): Promise<boolean> {
    const key = `offer-response:ip:${clientAddressKey(ip)}`;
    try {
      const results = (await this.redis.multi().incr(key).expire(key, BUDGET.windowSeconds, 'NX').exec()) ?? [];
      return Number(results[0]?.[1] ?? 0) <= BUDGET.max;
    } catch (error: unknown) {
      this.logger.warn({ error: String(error) }, 'Offer page throttle unavailable; letting the request through');
      return true;
    }
  }

  async view(token: unknown): Promise<OfferPage> {
    return this.withOffer(token, (offer, names) => Promise.resolve(this.describe(offer, names, String(token), false)));
  }

  async accept(token: unknown): Promise<OfferPage> {
    return this.withOffer(token, async (offer, names) => {
      if (!this.answerable(offer)) return this.describe(offer, names, String(token), false);
      try {
        await this.outcome.acceptAsCandidate(offer.organizationId, offer.id);
      } catch (error: unknown) {
        if (!(error instanceof DomainException)) throw error;
        this.logger.warn({ offerId: offer.id, code: error.code }, 'Candidate could not accept the offer');
        return this.afterRefusal(offer, names, String(token));
      }
      return this.describe((await this.offers.letterFacts(offer.organizationId, offer.id)) ?? offer, names, String(token), true);
    });
  }

  async decline(token: unknown, reason: unknown): Promise<OfferPage> {
    return this.withOffer(token, async (offer, names) => {
      if (!this.answerable(offer)) return this.describe(offer, names, String(token), false);
      const text = typeof reason === 'string' ? reason.trim() : '';
      if (text.length > MAX_DECLINE_REASON) {
        const open = this.describe(offer, names, String(token), false);
        return open.kind === 'open'
          ? { ...open, problem: `Please keep your reason under ${MAX_DECLINE_REASON} characters; nothing was sent yet.`, reason: text.slice(0, 5000) }
          : open;
      }
      try {
        await this.outcome.declineAsCandidate(offer.organizationId, offer.id, text.length > 0 ? text : null);
      } catch (error: unknown) {
        if (!(error instanceof DomainException)) throw error;
        this.logger.warn({ offerId: offer.id, code: error.code }, 'Candidate could not decline the offer');
        return this.afterRefusal(offer, names, String(token));
      }
      return this.describe((await this.offers.letterFacts(offer.organizationId, offer.id)) ?? offer, names, String(token), true);
    });
  }

  /** The offer a genuine token names (sent at least once, with the token's expiry), in its organization; else the "not valid" page. */
  private async withOffer(
    token: unknown,
    fn: (offer: OfferLetterFacts, names: { organization: string; jobTitle: string; timeZone: string }) => Promise<OfferPage>,
  ): Promise<OfferPage> {
    const link = readOfferLinkToken(this.config.jwtSecret, token);
    if (!link) return { kind: 'invalid' };
    return TenantContext.run(link.organizationId, async () => {
      const offer = await this.offers.letterFacts(link.organizationId, link.offerId);
      if (!offer || !offer.sentAt || !offer.letterHtml || Math.floor(offer.expiresAt.getTime() / 1000) !== Math.floor(link.expiresAt.getTime() / 1000)) {
        return { kind: 'invalid' };
      }
      const [organization, job, candidate] = await Promise.all([
        this.organizations.findById(offer.organizationId),
        this.jobs.findJob(offer.organizationId, offer.jobId),
        this.pipeline.candidate(offer.organizationId, offer.candidateId),
      ]);
      return fn(offer, { organization: organization?.name ?? '', jobTitle: job?.title ?? '', timeZone: candidate?.timeZone ?? 'UTC' });
    });
  }

  private answerable(offer: OfferLetterFacts): boolean {
    return offer.status === OfferStatus.Sent && offer.expiresAt.getTime() > Date.now();
  }

  /** A refused answer (a race, an application closed meanwhile): the state as it is now, or "cannot be answered here". */
  private async afterRefusal(before: OfferLetterFacts, names: { organization: string; jobTitle: string; timeZone: string }, token: string): Promise<OfferPage> {
    const now = (await this.offers.letterFacts(before.organizationId, before.id)) ?? before;
    if (this.answerable(now)) return { kind: 'unavailable', organization: names.organization, jobTitle: names.jobTitle, at: null, justNow: false };
    return this.describe(now, names, token, false);
  }

  private describe(offer: OfferLetterFacts, names: { organization: string; jobTitle: string; timeZone: string }, token: string, justNow: boolean): OfferPage {
    const { organization, jobTitle } = names;
    const at = (date: Date | null) => (date ? spoken(date, names.timeZone) : null);
    switch (offer.status) {
      case OfferStatus.Accepted:
        return { kind: 'accepted', organization, jobTitle, at: at(offer.acceptedAt), justNow };
      case OfferStatus.Declined:
        return { kind: 'declined', organization, jobTitle, at: at(offer.declinedAt), justNow };
      case OfferStatus.Withdrawn:
        return { kind: 'withdrawn', organization, jobTitle, at: at(offer.withdrawnAt), justNow: false };
      case OfferStatus.Expired:
        return { kind: 'expired', organization, jobTitle, at: at(offer.expiresAt), justNow: false };
      default:
        if (!this.answerable(offer)) return { kind: 'expired', organization, jobTitle, at: at(offer.expiresAt), justNow: false };
        return { kind: 'open', token, organization, jobTitle, letterHtml: offer.letterHtml ?? '', expiresAt: spoken(offer.expiresAt, names.timeZone) };
    }
  }
}

/** "12 December 2026 at 17:00 (Europe/Berlin)". */
function spoken(date: Date, timeZone: string): string {
  const format = (zone: string) =>
    `${new Intl.DateTimeFormat('en-GB', { timeZone: zone, day: 'numeric', month: 'long', year: 'numeric' }).format(date)} at ${new Intl.DateTimeFormat('en-GB', { timeZone: zone, hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).format(date)} (${zone})`;
  try {
    return format(timeZone);
  } catch {
    return format('UTC');
  }
}
