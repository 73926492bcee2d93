import { TransactionHost } from '@nestjs-cls/transactional';
import type { TransactionalAdapterTypeOrm } from '@nestjs-cls/transactional-adapter-typeorm';
import { Injectable } from '@nestjs/common';

/**
 * Re-times an application's history, for history that happened before it was entered (the demo
 * organization; an import from another system). The application must have been made and moved
 * through the usual services first: this only spreads its recorded moves evenly from `appliedAt`
 * to `lastMoveAt` (the first one, its creation, at `appliedAt`), with the time spent in each
 * stage, the application's applied/entered/closed times and its timeline events to match. Nothing
 * but times changes; the application's version stays.
 */
@Injectable()
export class ApplicationHistory {
  constructor(private readonly txHost: TransactionHost<TransactionalAdapterTypeOrm>) {}

  async spread(organizationId: string, applicationId: string, appliedAt: Date, lastMoveAt: Date): Promise<void> {
    if (lastMoveAt < appliedAt) lastMoveAt = appliedAt;
    await this.txHost.withTransaction(async () => {
      const params = [organizationId, applicationId, appliedAt.toISOString(), lastMoveAt.toISOString()];
      await this.txHost.tx.query(
        `WITH m AS (
           SELECT id, row_number() OVER (ORDER BY moved_at, id) - 1 AS i, count(*) OVER () AS n
             FROM application_moves WHERE organization_id = $1 AND application_id = $2
         ), t AS (
           SELECT id, i, $3::timestamptz + ($4::timestamptz - $3::timestamptz) * (i::float8 / GREATEST(n - 1, 1)) AS at FROM m
         ), s AS (
           SELECT id, i, at, lag(at) OVER (ORDER BY i) AS before FROM t
         )
         UPDATE application_moves am
            SET moved_at = s.at,
                seconds_in_stage = CASE WHEN s.i = 0 THEN am.seconds_in_stage ELSE floor(extract(epoch FROM (s.at - s.before)))::bigint END
           FROM s WHERE am.id = s.id AND am.organization_id = $1`,
        params,
      );
      await this.txHost.tx.query(
        `UPDATE applications a
            SET applied_at = $3::timestamptz, created_at = $3::timestamptz,
                stage_entered_at = last.at, closed_at = CASE WHEN a.closed_at IS NULL THEN NULL ELSE last.at END, updated_at = last.at
           FROM (SELECT max(moved_at) AS at FROM application_moves WHERE organization_id = $1 AND application_id = $2) last
          WHERE a.id = $2 AND a.organization_id = $1`,
        [organizationId, applicationId, appliedAt.toISOString()],
      );
      // The timeline's application events follow their moves, in order.
      await this.txHost.tx.query(
        `WITH e AS (
           SELECT id, row_number() OVER (ORDER BY occurred_at, id) AS i FROM activity_events
            WHERE organization_id = $1 AND application_id = $2 AND kind LIKE 'application.%'
         ), m AS (
           SELECT moved_at, row_number() OVER (ORDER BY moved_at, id) AS i FROM application_moves WHERE organization_id = $1 AND application_id = $2
         )
         UPDATE activity_events ae SET occurred_at = m.moved_at FROM e JOIN m ON m.i = e.i WHERE ae.id = e.id AND ae.organization_id = $1`,
        [organizationId, applicationId],
      );
    });
  }
}
