import { TransactionHost } from '@nestjs-cls/transactional';
import type { TransactionalAdapterTypeOrm } from '@nestjs-cls/transactional-adapter-typeorm';
import { Injectable } from '@nestjs/common';
import { TenantContext } from '../../platform/src/index.js';
import { WEBHOOK_RETENTION_DAYS } from './webhook-deliveries.service.js';
import { WebhookQueue } from './webhook-queue.js';

/** Deliveries one sweep queues at most; the next sweep (a minute later) continues. */
const SWEEP_LIMIT = 1000;
const RETENTION_BATCH = 1000;
const RETENTION_MAX_BATCHES = 100;

/**
 * The database is the source of truth for deliveries: every minute, pending deliveries that are due (with some grace,
 * so the normal path goes first), whose endpoint is on and that wait behind no earlier one of their aggregate are
 * queued again (a job Redis lost, a worker killed mid-attempt once its lease ran out). Hourly, deliveries and events older than 30 days go.
 */
@Injectable()
export class WebhookSweepsService {
  constructor(
    private readonly txHost: TransactionHost<TransactionalAdapterTypeOrm>,
    private readonly queue: WebhookQueue,
  ) {}

  async sweepDue(graceSeconds = 30): Promise<number> {
    const due = await TenantContext.crossTenant("the webhook sweep finds every organization's due deliveries", () =>
      this.txHost.tx.query<Array<{ id: string; organization_id: string }>>(
        `SELECT d.id, d.organization_id FROM webhook_deliveries d
           JOIN webhook_endpoints e ON e.organization_id = d.organization_id AND e.id = d.endpoint_id AND e.enabled
          WHERE d.status = 'pending' AND d.next_attempt_at <= now() - make_interval(secs => $1) AND (d.locked_until IS NULL OR d.locked_until <= now())
            AND NOT EXISTS (SELECT 1 FROM webhook_deliveries p WHERE p.endpoint_id = d.endpoint_id AND p.aggregate_key = d.aggregate_key
                              AND p.status = 'pending' AND (p.sequence, p.ordinal) < (d.sequence, d.ordinal))
          ORDER BY d.next_attempt_at LIMIT $2`,
        [graceSeconds, SWEEP_LIMIT],
      ),
    );
    await this.queue.deliver(due.map((d) => ({ organizationId: d.organization_id, deliveryId: d.id })));
    return due.length;
  }

  async prune(retentionDays = WEBHOOK_RETENTION_DAYS): Promise<{ deliveries: number; events: number }> {
    return TenantContext.crossTenant("webhook retention prunes every organization's old deliveries and events", async () => {
      const deliveries = await this.inBatches(
        `DELETE FROM webhook_deliveries WHERE id IN (SELECT id FROM webhook_deliveries WHERE created_at < now() - make_interval(days => $1) LIMIT $2)`,
        retentionDays,
      );
      const events = await this.inBatches(
        `DELETE FROM webhook_events WHERE id IN (
           SELECT ev.id FROM webhook_events ev WHERE ev.occurred_at < now() - make_interval(days => $1)
              AND NOT EXISTS (SELECT 1 FROM webhook_deliveries d WHERE d.organization_id = ev.organization_id AND d.event_id = ev.id AND d.status = 'pending')
            LIMIT $2)`,
        retentionDays,
      );
      return { deliveries, events };
    });
  }

  private async inBatches(sql: string, retentionDays: number): Promise<number> {
    let total = 0;
    for (let i = 0; i < RETENTION_MAX_BATCHES; i++) {
      const [, deleted]: [unknown, number] = await this.txHost.tx.query(sql, [retentionDays, RETENTION_BATCH]);
      total += deleted;
      if (deleted < RETENTION_BATCH) break;
    }
    return total;
  }
}
