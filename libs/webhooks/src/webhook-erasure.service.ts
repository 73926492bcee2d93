import { TransactionHost } from '@nestjs-cls/transactional';
import type { TransactionalAdapterTypeOrm } from '@nestjs-cls/transactional-adapter-typeorm';
import { Injectable } from '@nestjs/common';
import { type PersonalTerms, personalTermPatterns, returningRows, STRIP_PERSONAL_TEXT } from '../../platform/src/index.js';

/**
 * Webhooks' half of anonymisation: events kept for replay about the person's resources (by aggregate id) or naming
 * them keep their ids, times and shape but lose their words, so a replay or a pending delivery sends no personal data;
 * a receiver's answer echoing them is dropped from the delivery log. Joins the caller's unit of work.
 */
@Injectable()
export class WebhookErasure {
  constructor(private readonly txHost: TransactionHost<TransactionalAdapterTypeOrm>) {}

  async eraseEvents(organizationId: string, aggregateIds: string[], terms: PersonalTerms): Promise<void> {
    const patterns = personalTermPatterns(terms);
    const events = returningRows<{ id: string }>(
      await this.txHost.tx.query(
        `UPDATE webhook_events SET data = ${STRIP_PERSONAL_TEXT}(data)
          WHERE organization_id = $1 AND (aggregate_id = ANY($2::text[]) OR data::text ILIKE ANY($3::text[])) RETURNING id`,
        [organizationId, aggregateIds, patterns],
      ),
    );
    if (events.length === 0) return;
    await this.txHost.tx.query(
      `UPDATE webhook_deliveries SET response_excerpt = NULL, last_error = NULL
        WHERE organization_id = $1 AND event_id = ANY($2::text[]) AND (response_excerpt ILIKE ANY($3::text[]) OR last_error ILIKE ANY($3::text[]))`,
      [organizationId, events.map((e) => e.id), patterns],
    );
  }
}
