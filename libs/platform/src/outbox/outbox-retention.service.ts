import { TransactionHost } from '@nestjs-cls/transactional';
import type { TransactionalAdapterTypeOrm } from '@nestjs-cls/transactional-adapter-typeorm';
import { Injectable } from '@nestjs/common';
import { InjectConfig } from '../../../config/src/index.js';
import type { AppConfig } from '../../../config/src/index.js';
import { TenantContext } from '../../../db/src/index.js';

/** Rows one DELETE removes: keeps each statement's locks and WAL small. */
export const RETENTION_BATCH = 1000;
/** Batches per table per run: a run's work is bounded; the next run (an hour later) continues. */
export const RETENTION_MAX_BATCHES = 100;

export interface RetentionResult {
  outboxEvents: number;
  processedEvents: number;
}

/**
 * Prunes what the outbox leaves behind: delivered rows (`dispatched_at` older than
 * `OUTBOX_RETENTION_DAYS`) and processed-event ids (`processed_at` older than that). Undelivered
 * rows are never touched, however old. Deletes go in bounded batches, each its own statement.
 */
@Injectable()
export class OutboxRetentionService {
  constructor(
    private readonly txHost: TransactionHost<TransactionalAdapterTypeOrm>,
    @InjectConfig() private readonly config: AppConfig,
  ) {}

  async prune(retentionDays = this.config.outboxRetentionDays, batch = RETENTION_BATCH, maxBatches = RETENTION_MAX_BATCHES): Promise<RetentionResult> {
    // Delivered outbox rows of every organization go: housekeeping is cross-tenant by nature.
    const outboxEvents = await TenantContext.crossTenant('outbox retention prunes delivered rows of every organization', () =>
      this.inBatches(
        `DELETE FROM outbox_events WHERE id IN (
           SELECT id FROM outbox_events WHERE dispatched_at IS NOT NULL AND dispatched_at < now() - make_interval(days => $1) LIMIT $2)`,
        retentionDays,
        batch,
        maxBatches,
      ),
    );
    const processedEvents = await this.inBatches(
      `DELETE FROM processed_events WHERE (consumer, event_id) IN (
         SELECT consumer, event_id FROM processed_events WHERE processed_at < now() - make_interval(days => $1) LIMIT $2)`,
      retentionDays,
      batch,
      maxBatches,
    );
    return { outboxEvents, processedEvents };
  }

  private async inBatches(sql: string, retentionDays: number, batch: number, maxBatches: number): Promise<number> {
    let total = 0;
    for (let i = 0; i < maxBatches; i++) {
      const [, deleted]: [unknown, number] = await this.txHost.tx.query(sql, [retentionDays, batch]);
      total += deleted;
      if (deleted < batch) break;
    }
    return total;
  }
}
