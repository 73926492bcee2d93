import { TransactionHost } from '@nestjs-cls/transactional';
import type { TransactionalAdapterTypeOrm } from '@nestjs-cls/transactional-adapter-typeorm';
import { Injectable } from '@nestjs/common';

/**
 * Runs a consumer's effect at most once per outbox event: the marker row and the effect commit in one transaction
 * (the unit of work the effect's own service calls join), so a redelivered job finds the marker and does nothing.
 */
@Injectable()
export class IdempotentConsumer {
  constructor(private readonly txHost: TransactionHost<TransactionalAdapterTypeOrm>) {}

  /** Returns false when this consumer already handled the event. */
  async runOnce(consumer: string, eventId: string, effect: () => Promise<void>): Promise<boolean> {
    return this.txHost.withTransaction(async () => {
      const inserted: unknown[] = await this.txHost.tx.query(
        'INSERT INTO processed_events (consumer, event_id) VALUES ($1, $2) ON CONFLICT DO NOTHING RETURNING event_id',
        [consumer, eventId],
      );
      if (inserted.length === 0) return false;
      await effect();
      return true;
    });
  }

  /**
   * The same for a batch of events in one transaction: one marker insert for all of them; `effect` gets the ids not
   * handled before (it may get none) and its writes commit with their markers.
   */
  async runOnceMany(consumer: string, eventIds: string[], effect: (fresh: Set<string>) => Promise<void>): Promise<Set<string>> {
    return this.txHost.withTransaction(async () => {
      const inserted = await this.txHost.tx.query<Array<{ event_id: string }>>(
        'INSERT INTO processed_events (consumer, event_id) SELECT $1, unnest($2::text[]) ON CONFLICT DO NOTHING RETURNING event_id',
        [consumer, eventIds],
      );
      const fresh = new Set(inserted.map((r) => r.event_id));
      if (fresh.size > 0) await effect(fresh);
      return fresh;
    });
  }
}
