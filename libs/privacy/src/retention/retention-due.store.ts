import { TransactionHost } from '@nestjs-cls/transactional';
import type { TransactionalAdapterTypeOrm } from '@nestjs-cls/transactional-adapter-typeorm';
import { Injectable } from '@nestjs/common';
import type { DueCandidate, RetentionRule } from '../../../pipelines/src/index.js';
import { decodeCursor, encodeCursor, returningRows } from '../../../platform/src/index.js';

export interface DueRow {
  candidateId: string;
  rule: RetentionRule;
  flaggedAt: Date;
  anonymizeAt: Date;
}

/**
 * `retention_due`: candidates found due, each with the end of its grace period, or kept by a recruiter until a date.
 * Every method joins the caller's unit of work.
 */
@Injectable()
export class RetentionDueStore {
  constructor(private readonly txHost: TransactionHost<TransactionalAdapterTypeOrm>) {}

  /**
   * Flags the due candidates: a new one gets its grace period from `now`; one already flagged keeps its date; one kept
   * whose keep ended is flagged again with a fresh grace period. Candidates no longer due (they applied again, or an
   * edit made them active) lose their flag when `complete` says the list holds every due candidate.
   */
  async flag(organizationId: string, due: DueCandidate[], now: Date, graceDays: number, complete: boolean): Promise<void> {
    if (due.length > 0) {
      await this.txHost.tx.query(
        `INSERT INTO retention_due (organization_id, candidate_id, rule, flagged_at, anonymize_at)
         SELECT $1, d.candidate_id, d.rule, $4::timestamptz, $4::timestamptz + make_interval(days => $5::int) FROM unnest($2::uuid[], $3::text[]) AS d(candidate_id, rule)
         ON CONFLICT (organization_id, candidate_id) DO UPDATE
            SET rule = EXCLUDED.rule, flagged_at = EXCLUDED.flagged_at, anonymize_at = EXCLUDED.anonymize_at,
                kept_until = NULL, keep_reason = NULL, kept_by = NULL, kept_at = NULL
          WHERE retention_due.kept_until IS NOT NULL AND retention_due.kept_until <= $4::timestamptz`,
        [organizationId, due.map((d) => d.candidateId), due.map((d) => d.rule), now, graceDays],
      );
    }
    if (complete) {
      await this.txHost.tx.query(`DELETE FROM retention_due WHERE organization_id = $1 AND NOT (candidate_id = ANY($2::uuid[]))`, [
        organizationId,
        due.map((d) => d.candidateId),
      ]);
    }
  }

  /** Flagged candidates whose grace period is over (not kept). */
  async ripe(organizationId: string, now: Date): Promise<string[]> {
    const rows = await this.txHost.tx.query<Array<{ candidate_id: string }>>(
      `SELECT candidate_id FROM retention_due WHERE organization_id = $1 AND kept_until IS NULL AND anonymize_at <= $2::timestamptz ORDER BY anonymize_at, candidate_id`,
      [organizationId, now],
    );
    return rows.map((r) => r.candidate_id);
  }

  /** The due list, soonest first (keyset on the end of the grace period and the candidate). */
  async list(organizationId: string, limit: number, cursor?: string): Promise<{ rows: DueRow[]; nextCursor: string | null }> {
    const params: unknown[] = [organizationId];
    let after = '';
    if (cursor) {
      const [at, id] = decodeCursor(cursor, ['timestamp', 'uuid']);
      params.push(at, id);
      after = `AND (anonymize_at, candidate_id) > ($2::timestamptz, $3::uuid)`;
    }
    params.push(limit + 1);
    const rows = await this.txHost.tx.query<Array<{ candidate_id: string; rule: RetentionRule; flagged_at: Date; anonymize_at: Date; key: string }>>(
      `SELECT candidate_id, rule, flagged_at, anonymize_at, anonymize_at::text AS key FROM retention_due
        WHERE organization_id = $1 AND kept_until IS NULL ${after} ORDER BY anonymize_at, candidate_id LIMIT $${params.length}`,
      params,
    );
    const page = rows.slice(0, limit);
    const last = page[page.length - 1];
    return {
      rows: page.map((r) => ({ candidateId: r.candidate_id, rule: r.rule, flaggedAt: r.flagged_at, anonymizeAt: r.anonymize_at })),
      nextCursor: rows.length > limit && last ? encodeCursor([last.key, last.candidate_id]) : null,
    };
  }

  /** Keeps a flagged candidate until `until`; answers the row as it was, or null when the candidate is not due. */
  async keep(organizationId: string, candidateId: string, until: Date, reason: string, keptBy: string): Promise<DueRow | null> {
    const [row] = returningRows<{ candidate_id: string; rule: RetentionRule; flagged_at: Date; anonymize_at: Date }>(
      await this.txHost.tx.query(
        `UPDATE retention_due SET kept_until = $3, keep_reason = $4, kept_by = $5, kept_at = now()
          WHERE organization_id = $1 AND candidate_id = $2 AND kept_until IS NULL RETURNING candidate_id, rule, flagged_at, anonymize_at`,
        [organizationId, candidateId, until, reason, keptBy],
      ),
    );
    return row ? { candidateId: row.candidate_id, rule: row.rule, flaggedAt: row.flagged_at, anonymizeAt: row.anonymize_at } : null;
  }

  async remove(organizationId: string, candidateId: string): Promise<void> {
    await this.txHost.tx.query(`DELETE FROM retention_due WHERE organization_id = $1 AND candidate_id = $2`, [organizationId, candidateId]);
  }
}
