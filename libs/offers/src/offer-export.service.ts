import { TransactionHost } from '@nestjs-cls/transactional';
import type { TransactionalAdapterTypeOrm } from '@nestjs-cls/transactional-adapter-typeorm';
import { Injectable } from '@nestjs/common';

/** The offers module's part of a candidate's data export: offers made to them and the hiring decisions on their applications. */
@Injectable()
export class OfferDataExport {
  constructor(private readonly txHost: TransactionHost<TransactionalAdapterTypeOrm>) {}

  async exportForCandidate(
    organizationId: string,
    candidateId: string,
    applicationIds: readonly string[],
  ): Promise<{ offers: Record<string, unknown>[]; decisions: Record<string, unknown>[] }> {
    const offers = await this.txHost.tx.query<Array<{ row: Record<string, unknown> }>>(
      `SELECT to_jsonb(o) - 'approval_chain' - 'justification' AS row FROM offers o
        WHERE o.organization_id = $1 AND o.candidate_id = $2 ORDER BY o.created_at, o.id`,
      [organizationId, candidateId],
    );
    const decisions = applicationIds.length
      ? await this.txHost.tx.query<Array<{ row: Record<string, unknown> }>>(
          `SELECT to_jsonb(d) - 'missing_feedback' - 'acknowledged_missing_feedback' AS row FROM hiring_decisions d
            WHERE d.organization_id = $1 AND d.application_id = ANY($2::uuid[]) ORDER BY d.decided_at, d.id`,
          [organizationId, [...applicationIds]],
        )
      : [];
    return { offers: offers.map((r) => r.row), decisions: decisions.map((r) => r.row) };
  }
}
