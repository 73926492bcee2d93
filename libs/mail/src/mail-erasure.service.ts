import { TransactionHost } from '@nestjs-cls/transactional';
import type { TransactionalAdapterTypeOrm } from '@nestjs-cls/transactional-adapter-typeorm';
import { Injectable } from '@nestjs/common';
import { type ErasedRef, returningRows } from '../../platform/src/index.js';

/**
 * Mail's half of anonymisation: every email about the candidate (to them, or an interview invitation to the panel naming
 * them) loses its address, subject, body, calendar invitation and failure text; one not sent yet is cancelled, so nothing
 * goes out after. Their replies lose sender, subject and body. Joins the caller's unit of work.
 */
@Injectable()
export class MailErasure {
  constructor(private readonly txHost: TransactionHost<TransactionalAdapterTypeOrm>) {}

  async eraseForCandidate(organizationId: string, candidateIds: string[]): Promise<ErasedRef[]> {
    const emails = returningRows<{ id: string }>(
      await this.txHost.tx.query(
        `UPDATE emails SET to_address = '', subject = '', body = '', calendar = NULL, failure_reason = NULL,
                status = CASE WHEN status IN ('scheduled', 'queued') THEN 'cancelled' ELSE status END, updated_at = now()
          WHERE organization_id = $1 AND candidate_id = ANY($2::uuid[]) RETURNING id`,
        [organizationId, candidateIds],
      ),
    );
    await this.txHost.tx.query(
      `UPDATE inbound_emails SET from_address = '', subject = '', body = '' WHERE organization_id = $1 AND candidate_id = ANY($2::uuid[])`,
      [organizationId, candidateIds],
    );
    return emails.map((e) => ({ entityType: 'email', entityId: e.id }));
  }
}
