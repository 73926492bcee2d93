import { TransactionHost } from '@nestjs-cls/transactional';
import type { TransactionalAdapterTypeOrm } from '@nestjs-cls/transactional-adapter-typeorm';
import { Injectable } from '@nestjs/common';
import { ERASED_TEXT, type ErasedRef, returningRows } from '../../platform/src/index.js';

/**
 * Scorecards' half of anonymisation: the free text of every scorecard on the candidate's applications (question notes,
 * key takeaways, correction reasons, the evidence beside each rating) goes; ratings and the overall recommendation stay for calibration. Submitted
 * scorecards are immutable, except for this erasure in a transaction that says so (`hireloop.erasing_personal_data`,
 * transaction-local). Joins the caller's unit of work.
 */
@Injectable()
export class ScorecardErasure {
  constructor(private readonly txHost: TransactionHost<TransactionalAdapterTypeOrm>) {}

  async eraseFreeText(organizationId: string, applicationIds: string[]): Promise<ErasedRef[]> {
    if (applicationIds.length === 0) return [];
    await this.txHost.tx.query(`SELECT set_config('hireloop.erasing_personal_data', 'on', true)`);
    const rows = returningRows<{ id: string }>(
      await this.txHost.tx.query(
        `UPDATE scorecards SET question_notes = '[]'::jsonb, key_takeaways = NULL,
                correction_reason = CASE WHEN correction_reason IS NULL THEN NULL ELSE $3 END,
                ratings = coalesce((SELECT jsonb_agg(r.value - 'evidence' ORDER BY r.i) FROM jsonb_array_elements(ratings) WITH ORDINALITY AS r(value, i)), '[]'::jsonb)
          WHERE organization_id = $1 AND application_id = ANY($2::uuid[]) RETURNING id`,
        [organizationId, applicationIds, ERASED_TEXT],
      ),
    );
    await this.txHost.tx.query(`SELECT set_config('hireloop.erasing_personal_data', 'off', true)`);
    return rows.map((r) => ({ entityType: 'scorecard', entityId: r.id }));
  }
}
