import { TransactionHost } from '@nestjs-cls/transactional';
import type { TransactionalAdapterTypeOrm } from '@nestjs-cls/transactional-adapter-typeorm';
import { Injectable } from '@nestjs/common';
import { ERASED_TEXT, type ErasedRef, returningRows } from '../../platform/src/index.js';

/**
 * Interviews' half of anonymisation: the free text of the candidate's interviews (a cancellation reason may name them);
 * times, panels and kits stay. The calendar invitations naming them are emails (mail erases those). Joins the caller's
 * unit of work; answers the interviews whose audit entries must lose their values.
 */
@Injectable()
export class InterviewErasure {
  constructor(private readonly txHost: TransactionHost<TransactionalAdapterTypeOrm>) {}

  async eraseForCandidate(organizationId: string, candidateIds: string[]): Promise<{ interviewIds: string[]; refs: ErasedRef[] }> {
    const rows = returningRows<{ id: string }>(
      await this.txHost.tx.query(
        `UPDATE interviews SET cancel_reason = CASE WHEN cancel_reason IS NULL THEN NULL ELSE $3 END
          WHERE organization_id = $1 AND candidate_id = ANY($2::uuid[]) RETURNING id`,
        [organizationId, candidateIds, ERASED_TEXT],
      ),
    );
    const interviewIds = rows.map((r) => r.id);
    return { interviewIds, refs: interviewIds.map((id) => ({ entityType: 'interview', entityId: id })) };
  }
}
