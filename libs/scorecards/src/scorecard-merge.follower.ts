import { TransactionHost } from '@nestjs-cls/transactional';
import type { TransactionalAdapterTypeOrm } from '@nestjs-cls/transactional-adapter-typeorm';
import { Injectable } from '@nestjs/common';
import { IdempotentConsumer } from '../../platform/src/index.js';
import type { MergeFollowUp } from '../../pipelines/src/index.js';

/**
 * Follows a candidate merge (consumer `scorecards.follow-merge`, once per merge event): scorecards
 * of a folded application move to the kept one. Submitted scorecards stay immutable; the database
 * lets only their `application_id` change, and only in a transaction that says it follows a merge.
 */
@Injectable()
export class ScorecardMergeFollower {
  constructor(
    private readonly txHost: TransactionHost<TransactionalAdapterTypeOrm>,
    private readonly consumer: IdempotentConsumer,
  ) {}

  followMerge(event: MergeFollowUp): Promise<boolean> {
    const folded = Object.keys(event.applicationMap);
    return this.consumer.runOnce('scorecards.follow-merge', event.mergeEventId, async () => {
      if (folded.length === 0) return;
      await this.txHost.tx.query(`SELECT set_config('hireloop.following_merge', 'on', true)`);
      await this.txHost.tx.query(
        `UPDATE scorecards s SET application_id = ($2::jsonb ->> s.application_id::text)::uuid
          WHERE s.organization_id = $1 AND s.application_id = ANY($3::uuid[])`,
        [event.organizationId, JSON.stringify(event.applicationMap), folded],
      );
      await this.txHost.tx.query(`SELECT set_config('hireloop.following_merge', 'off', true)`);
    });
  }
}
