import { TransactionHost } from '@nestjs-cls/transactional';
import type { TransactionalAdapterTypeOrm } from '@nestjs-cls/transactional-adapter-typeorm';
import { Injectable } from '@nestjs/common';

/**
 * The scorecards module's part of a candidate's data export: what interviewers wrote about the candidate (ratings and
 * text), as the candidate's data; the interviewer is not named (their identity is not the candidate's data).
 */
@Injectable()
export class ScorecardDataExport {
  constructor(private readonly txHost: TransactionHost<TransactionalAdapterTypeOrm>) {}

  async exportForApplications(organizationId: string, applicationIds: readonly string[]): Promise<{ scorecards: Record<string, unknown>[] }> {
    if (!applicationIds.length) return { scorecards: [] };
    const rows = await this.txHost.tx.query<Array<{ row: Record<string, unknown> }>>(
      `SELECT jsonb_build_object('id', s.id, 'application_id', s.application_id, 'job_id', s.job_id, 'interview_id', s.interview_id,
                                 'status', s.status, 'version', s.version, 'current', s.current, 'ratings', s.ratings,
                                 'question_notes', s.question_notes, 'key_takeaways', s.key_takeaways, 'overall', s.overall,
                                 'correction_reason', s.correction_reason, 'submitted_at', s.submitted_at) AS row
         FROM scorecards s WHERE s.organization_id = $1 AND s.application_id = ANY($2::uuid[]) ORDER BY s.created_at, s.id`,
      [organizationId, [...applicationIds]],
    );
    return { scorecards: rows.map((r) => r.row) };
  }
}
