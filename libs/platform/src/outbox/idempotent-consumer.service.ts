import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';

/**
 * Runs a consumer's effect at most once per outbox event: the marker row and the effect
 * commit in one transaction, so a redelivered job finds the marker and does nothing.
 */
@Injectable()
export class IdempotentConsumer {
  constructor(private readonly dataSource: DataSource) {}

  /** Returns false when this consumer already handled the event. */
  async runOnce(consumer: string, eventId: string, effect: (manager: EntityManager) => Promise<void>): Promise<boolean> {
    return this.dataSource.transaction(async (manager) => {
      const inserted: unknown[] = await manager.query(
        'INSERT INTO processed_events (consumer, event_id) VALUES ($1, $2) ON CONFLICT DO NOTHING RETURNING event_id',
        [consumer, eventId],
      );
      if (inserted.length === 0) return false;
      await effect(manager);
      return true;
    });
  }
}
