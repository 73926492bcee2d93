import { TransactionHost } from '@nestjs-cls/transactional';
import type { TransactionalAdapterTypeOrm } from '@nestjs-cls/transactional-adapter-typeorm';
import { Injectable } from '@nestjs/common';
import { IdempotentConsumer } from '../../platform/src/index.js';
import type { MergeFollowUp } from '../../pipelines/src/index.js';

const OPEN = `('draft', 'pending_approval', 'approved', 'sent', 'accepted')`;
const YIELDED = 'Withdrawn when the candidate was merged: the same job already had an open offer for this person.';

/**
 * Follows a candidate merge (consumer `offers.follow-merge`, once per merge event): the merged
 * candidate's offers belong to the survivor; offers and hiring decisions of a folded application
 * move to the kept one. An application holds one open offer: when both held one, the folded
 * application's offer is withdrawn (saying why) unless it was accepted, in which case the kept
 * application's open offer is.
 */
@Injectable()
export class OfferMergeFollower {
  constructor(
    private readonly txHost: TransactionHost<TransactionalAdapterTypeOrm>,
    private readonly consumer: IdempotentConsumer,
  ) {}

  followMerge(event: MergeFollowUp): Promise<boolean> {
    const folded = Object.keys(event.applicationMap);
    const map = JSON.stringify(event.applicationMap);
    const params = [event.organizationId, map, folded, YIELDED];
    return this.consumer.runOnce('offers.follow-merge', event.mergeEventId, async () => {
      if (folded.length > 0) {
        const withdraw = `status = 'withdrawn', withdrawn_at = now(), withdraw_reason = $4, version = version + 1, updated_at = now()`;
        await this.txHost.tx.query(
          `UPDATE offers k SET ${withdraw}
            WHERE k.organization_id = $1 AND k.status IN ${OPEN} AND k.status <> 'accepted'
              AND EXISTS (SELECT 1 FROM offers f WHERE f.organization_id = $1 AND f.application_id = ANY($3::uuid[]) AND f.status = 'accepted'
                             AND ($2::jsonb ->> f.application_id::text)::uuid = k.application_id)`,
          params,
        );
        await this.txHost.tx.query(
          `UPDATE offers f SET ${withdraw}
            WHERE f.organization_id = $1 AND f.application_id = ANY($3::uuid[]) AND f.status IN ${OPEN}
              AND EXISTS (SELECT 1 FROM offers k WHERE k.organization_id = $1 AND k.status IN ${OPEN}
                             AND k.application_id = ($2::jsonb ->> f.application_id::text)::uuid)`,
          params,
        );
        await this.txHost.tx.query(
          `UPDATE hiring_decisions d SET application_id = ($2::jsonb ->> d.application_id::text)::uuid
            WHERE d.organization_id = $1 AND d.application_id = ANY($3::uuid[])`,
          [event.organizationId, map, folded],
        );
      }
      await this.txHost.tx.query(
        `UPDATE offers o SET candidate_id = $5, application_id = coalesce(($2::jsonb ->> o.application_id::text)::uuid, o.application_id),
                version = o.version + 1, updated_at = now()
          WHERE o.organization_id = $1 AND (o.candidate_id = $4 OR o.application_id = ANY($3::uuid[]))`,
        [event.organizationId, map, folded, event.mergedId, event.survivorId],
      );
    });
  }
}
