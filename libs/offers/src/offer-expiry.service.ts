import { TransactionHost } from '@nestjs-cls/transactional';
import type { TransactionalAdapterTypeOrm } from '@nestjs-cls/transactional-adapter-typeorm';
import { Injectable, Logger } from '@nestjs/common';
import { AuditService, DomainEventType, TenantContext } from '../../platform/src/index.js';
import { Offer } from './offer.entity.js';
import { OfferStatus } from './offer.types.js';
import { canTransition, OFFER_TRANSITIONS } from './rules/offer-state.js';
import { OffersService } from './offers.service.js';

/** Offers past their expiry: the per-offer job scheduled when an offer is sent, and the sweep that catches any it missed. */
@Injectable()
export class OfferExpiry {
  private readonly logger = new Logger(OfferExpiry.name);

  constructor(
    private readonly offers: OffersService,
    private readonly txHost: TransactionHost<TransactionalAdapterTypeOrm>,
    private readonly audit: AuditService,
  ) {}

  /**
   * The database-driven catch-up for `offers.expire` (Redis may have lost the delayed job): every
   * open offer whose expiresAt has passed goes through `expireIfDue`, in batches, along the
   * `offers_open_expiry_idx` range. Idempotent with the delayed job. `organizationId` scopes it (tests).
   */
  async expireDue(options: { now?: Date; organizationId?: string } = {}): Promise<{ expired: number }> {
    const now = options.now ?? new Date();
    const batch = 100;
    let expired = 0;
    let cursor: [Date, string] = [new Date(0), '00000000-0000-0000-0000-000000000000'];
    for (;;) {
      const rows: { id: string; organization_id: string; expires_at: Date }[] = await TenantContext.crossTenant(
        'the offer expiry sweep finds due offers of every organization',
        () =>
          this.txHost.tx.query(
            `SELECT id, organization_id, expires_at FROM offers
          WHERE status IN (${OFFER_TRANSITIONS.expire.from.map((x) => `'${x}'`).join(',')}) AND expires_at <= $1 AND (expires_at, id) > ($2::timestamptz, $3::uuid)
            AND ($4::uuid IS NULL OR organization_id = $4)
          ORDER BY expires_at, id LIMIT ${batch}`,
            [now, cursor[0], cursor[1], options.organizationId ?? null],
          ),
      );
      for (const row of rows) {
        try {
          if ((await TenantContext.run(row.organization_id, () => this.expireIfDue(row.id, now))) === 'expired') expired += 1;
        } catch (error: unknown) {
          this.logger.warn({ offerId: row.id, err: error }, 'Offer expiry sweep failed for one offer; the next sweep retries');
        }
      }
      if (rows.length < batch) break;
      cursor = [new Date(rows[rows.length - 1].expires_at), rows[rows.length - 1].id];
    }
    if (expired > 0) this.logger.log({ expired }, 'Offer expiry sweep caught up');
    return { expired };
  }

  /**
   * Worker side of `offers.expire`: expires the offer when it is still open and its expiresAt has
   * passed. Idempotent; a job scheduled for an older expiresAt finds the date moved and does nothing.
   */
  async expireIfDue(offerId: string, now = new Date()): Promise<'expired' | 'not_due' | 'closed' | 'missing'> {
    return this.txHost.withTransaction(async () => {
      const offer = await this.txHost.tx.findOne(Offer, { where: { id: offerId }, lock: { mode: 'pessimistic_write' } });
      if (!offer) return 'missing';
      if (!canTransition('expire', offer.status)) return 'closed';
      if (offer.expiresAt.getTime() > now.getTime()) return 'not_due';
      const from = offer.status;
      offer.status = OfferStatus.Expired;
      offer.expiredAt = now;
      offer.version += 1;
      await this.txHost.tx.save(Offer, offer);
      await this.audit.record({
        organizationId: offer.organizationId,
        actorId: null,
        entityType: 'offer',
        entityId: offer.id,
        action: 'expire',
        changes: { status: { from, to: OfferStatus.Expired } },
      });
      await this.offers.timeline(null, offer, 'offer.expired');
      await this.offers.announce(DomainEventType.OfferExpired, offer);
      return 'expired';
    });
  }
}
