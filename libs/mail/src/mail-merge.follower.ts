import { TransactionHost } from '@nestjs-cls/transactional';
import type { TransactionalAdapterTypeOrm } from '@nestjs-cls/transactional-adapter-typeorm';
import { Injectable } from '@nestjs/common';
import type { MergeFollowUp } from '../../pipelines/src/index.js';
import { IdempotentConsumer } from '../../platform/src/index.js';

/**
 * Follows a candidate merge (consumer `mail.follow-merge`, once per merge event): the merged candidate's emails and
 * replies belong to the survivor, emails and scheduling requests of a folded application point at the kept one, and an
 * unsubscription of either record holds for the person (moved to the survivor). Re-running it changes nothing.
 */
@Injectable()
export class MailMergeFollower {
  constructor(
    private readonly txHost: TransactionHost<TransactionalAdapterTypeOrm>,
    private readonly consumer: IdempotentConsumer,
  ) {}

  followMerge(event: MergeFollowUp): Promise<boolean> {
    const { organizationId, survivorId, mergedId } = event;
    const folded = Object.keys(event.applicationMap);
    return this.consumer.runOnce('mail.follow-merge', event.mergeEventId, async () => {
      await this.txHost.tx.query(
        `UPDATE emails e SET candidate_id = $3, application_id = coalesce(($4::jsonb ->> e.application_id::text)::uuid, e.application_id), updated_at = now()
          WHERE e.organization_id = $1 AND (e.candidate_id = $2 OR e.application_id = ANY($5::uuid[]))`,
        [organizationId, mergedId, survivorId, JSON.stringify(event.applicationMap), folded],
      );
      // A scheduling request names only its application: those of the merged candidate's other applications moved with
      // them (pipelines moves the applications), a folded application's go to the kept one, so its link books there.
      await this.txHost.tx.query(
        `UPDATE scheduling_requests SET application_id = ($2::jsonb ->> application_id::text)::uuid, updated_at = now()
          WHERE organization_id = $1 AND application_id = ANY($3::uuid[])`,
        [organizationId, JSON.stringify(event.applicationMap), folded],
      );
      await this.txHost.tx.query(`UPDATE inbound_emails SET candidate_id = $3 WHERE organization_id = $1 AND candidate_id = $2`, [
        organizationId,
        mergedId,
        survivorId,
      ]);
      await this.txHost.tx.query(
        `INSERT INTO email_unsubscribes (organization_id, candidate_id, created_at)
         SELECT organization_id, $3, created_at FROM email_unsubscribes WHERE organization_id = $1 AND candidate_id = $2
         ON CONFLICT DO NOTHING`,
        [organizationId, mergedId, survivorId],
      );
      await this.txHost.tx.query(`DELETE FROM email_unsubscribes WHERE organization_id = $1 AND candidate_id = $2`, [organizationId, mergedId]);
    });
  }
}
