import { TransactionHost } from '@nestjs-cls/transactional';
import type { TransactionalAdapterTypeOrm } from '@nestjs-cls/transactional-adapter-typeorm';
import { Injectable } from '@nestjs/common';
import { IdempotentConsumer } from '../../platform/src/index.js';
import type { MergeFollowUp } from '../../pipelines/src/index.js';

/**
 * Follows a candidate merge (consumer `interviews.follow-merge`, once per merge event): the merged
 * candidate's interviews belong to the survivor, and interviews (and panel rows) of a folded
 * application move to the kept one.
 */
@Injectable()
export class InterviewMergeFollower {
  constructor(
    private readonly txHost: TransactionHost<TransactionalAdapterTypeOrm>,
    private readonly consumer: IdempotentConsumer,
  ) {}

  followMerge(event: MergeFollowUp): Promise<boolean> {
    const folded = Object.keys(event.applicationMap);
    const map = JSON.stringify(event.applicationMap);
    return this.consumer.runOnce('interviews.follow-merge', event.mergeEventId, async () => {
      await this.txHost.tx.query(
        `UPDATE interviews i
            SET candidate_id = $3, application_id = coalesce(($4::jsonb ->> i.application_id::text)::uuid, i.application_id),
                version = i.version + 1, updated_at = now()
          WHERE i.organization_id = $1 AND (i.candidate_id = $2 OR i.application_id = ANY($5::uuid[]))`,
        [event.organizationId, event.mergedId, event.survivorId, map, folded],
      );
      if (folded.length === 0) return;
      await this.txHost.tx.query(
        `UPDATE interview_interviewers p SET application_id = ($2::jsonb ->> p.application_id::text)::uuid
          WHERE p.organization_id = $1 AND p.application_id = ANY($3::uuid[])`,
        [event.organizationId, map, folded],
      );
    });
  }
}
