import { TransactionHost } from '@nestjs-cls/transactional';
import type { TransactionalAdapterTypeOrm } from '@nestjs-cls/transactional-adapter-typeorm';
import { Injectable } from '@nestjs/common';

/** Which retention rule makes a candidate due (privacy settings: closed applications, inactivity, hired). */
export enum RetentionRule {
  Closed = 'closed',
  Inactive = 'inactive',
  Hired = 'hired',
}

export interface RetentionRules {
  closedApplicationDays: number | null;
  inactiveCandidateDays: number | null;
  hiredCandidateDays: number | null;
}

export interface DueCandidate {
  candidateId: string;
  rule: RetentionRule;
}

/** At most this many due candidates per organization and call (the next daily run takes the rest). */
export const RETENTION_BATCH = 5000;

/**
 * Which candidates a retention rule makes due at a given time, computed from pipelines' facts (never from when a sweep
 * last ran, so a sweep after downtime catches up): nobody with an active application; a candidate ever hired only
 * under the hired rule (days after their last hire); otherwise the closed rule (days after their last application
 * closed, every application closed) or the inactivity rule (days since their last activity: created, edited, applied,
 * anything on their timeline). Merged-away and anonymised candidates are never due.
 */
@Injectable()
export class CandidateRetention {
  constructor(private readonly txHost: TransactionHost<TransactionalAdapterTypeOrm>) {}

  async dueCandidates(organizationId: string, rules: RetentionRules, now: Date, onlyIds?: string[]): Promise<DueCandidate[]> {
    if (rules.closedApplicationDays === null && rules.inactiveCandidateDays === null && rules.hiredCandidateDays === null) return [];
    const rows = await this.txHost.tx.query<Array<{ id: string; rule: RetentionRule }>>(
      `WITH facts AS (
         SELECT c.id, a.any_active, a.any_hired, a.applications, a.last_closed, a.last_hired,
                greatest(c.created_at, c.updated_at, a.last_applied, a.last_closed, a.last_hired,
                         (SELECT max(e.occurred_at) FROM activity_events e WHERE e.candidate_id = c.id AND e.organization_id = c.organization_id)) AS last_activity
           FROM candidates c
           LEFT JOIN LATERAL (
             SELECT coalesce(bool_or(x.status = 'active'), false) AS any_active, coalesce(bool_or(x.status = 'hired'), false) AS any_hired,
                    count(*) AS applications, max(x.applied_at) AS last_applied,
                    max(coalesce(x.closed_at, x.updated_at)) FILTER (WHERE x.status IN ('rejected', 'withdrawn')) AS last_closed,
                    max(coalesce(x.closed_at, x.updated_at)) FILTER (WHERE x.status = 'hired') AS last_hired
               FROM applications x WHERE x.organization_id = c.organization_id AND x.candidate_id = c.id) a ON true
          WHERE c.organization_id = $1 AND c.merged_into_id IS NULL AND c.anonymized_at IS NULL
            AND ($6::uuid[] IS NULL OR c.id = ANY($6::uuid[])))
       SELECT id, rule FROM (SELECT id, CASE
                WHEN any_hired THEN CASE WHEN $4::int IS NOT NULL AND last_hired + make_interval(days => $4::int) <= $5::timestamptz THEN 'hired' END
                WHEN applications > 0 AND $2::int IS NOT NULL AND last_closed + make_interval(days => $2::int) <= $5::timestamptz THEN 'closed'
                WHEN $3::int IS NOT NULL AND last_activity + make_interval(days => $3::int) <= $5::timestamptz THEN 'inactive'
              END AS rule
         FROM facts WHERE NOT any_active) d
        WHERE rule IS NOT NULL ORDER BY id LIMIT ${RETENTION_BATCH}`,
      [organizationId, rules.closedApplicationDays, rules.inactiveCandidateDays, rules.hiredCandidateDays, now, onlyIds ?? null],
    );
    return rows.map((r) => ({ candidateId: r.id, rule: r.rule }));
  }
}
