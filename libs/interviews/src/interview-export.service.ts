import { TransactionHost } from '@nestjs-cls/transactional';
import type { TransactionalAdapterTypeOrm } from '@nestjs-cls/transactional-adapter-typeorm';
import { Injectable } from '@nestjs/common';

/** The interviews module's part of a candidate's data export: their interviews (times, place, status), as JSON rows. */
@Injectable()
export class InterviewDataExport {
  constructor(private readonly txHost: TransactionHost<TransactionalAdapterTypeOrm>) {}

  async exportForCandidate(organizationId: string, candidateId: string): Promise<{ interviews: Record<string, unknown>[] }> {
    const rows = await this.txHost.tx.query<Array<{ row: Record<string, unknown> }>>(
      `SELECT to_jsonb(i) - 'reminder_due_at' - 'escalation_due_at' AS row FROM interviews i
        WHERE i.organization_id = $1 AND i.candidate_id = $2 ORDER BY i.starts_at, i.id`,
      [organizationId, candidateId],
    );
    return { interviews: rows.map((r) => r.row) };
  }
}
