import { TransactionHost } from '@nestjs-cls/transactional';
import type { TransactionalAdapterTypeOrm } from '@nestjs-cls/transactional-adapter-typeorm';
import { Injectable } from '@nestjs/common';
import { ERASED_TEXT, type ErasedRef, returningRows } from '../../platform/src/index.js';

/**
 * Offers' half of anonymisation: the letter and every free text of the candidate's offers (notes, justification,
 * rejection, decline and withdrawal reasons, approvers' comments) and the rationale of hiring decisions on their
 * applications go; amounts, dates, statuses and approvals stay for reports. Joins the caller's unit of work.
 */
@Injectable()
export class OfferErasure {
  constructor(private readonly txHost: TransactionHost<TransactionalAdapterTypeOrm>) {}

  async eraseForCandidate(organizationId: string, candidateIds: string[], applicationIds: string[]): Promise<ErasedRef[]> {
    const offers = returningRows<{ id: string }>(
      await this.txHost.tx.query(
        `UPDATE offers SET letter_markdown = NULL, letter_html = NULL, notes = NULL, last_rejection_comment = NULL, withdraw_reason = NULL,
                justification = CASE WHEN justification IS NULL THEN NULL ELSE $3 END,
                decline_reason = CASE WHEN decline_reason IS NULL THEN NULL ELSE $3 END
          WHERE organization_id = $1 AND candidate_id = ANY($2::uuid[]) RETURNING id`,
        [organizationId, candidateIds, ERASED_TEXT],
      ),
    );
    const offerIds = offers.map((o) => o.id);
    if (offerIds.length > 0) {
      await this.txHost.tx.query(
        `UPDATE offer_approvals SET comment = NULL WHERE organization_id = $1 AND offer_id = ANY($2::uuid[]) AND comment IS NOT NULL`,
        [organizationId, offerIds],
      );
    }
    const decisions = returningRows<{ id: string }>(
      await this.txHost.tx.query(`UPDATE hiring_decisions SET rationale = $3 WHERE organization_id = $1 AND application_id = ANY($2::uuid[]) RETURNING id`, [
        organizationId,
        applicationIds,
        ERASED_TEXT,
      ]),
    );
    return [...offerIds.map((id) => ({ entityType: 'offer', entityId: id })), ...decisions.map((d) => ({ entityType: 'hiring_decision', entityId: d.id }))];
  }
}
