import { Injectable, Logger } from '@nestjs/common';
import { InjectQueue } from '@nestjs/bullmq';
import type { Queue } from 'bullmq';
import { JobName, OutboxJobData, QueueName } from '../../platform/src/index.js';

/**
 * Hands delivery attempts to the webhooks queue. Jobs carry no stable id: a duplicate is harmless (an attempt
 * locks its endpoint and aggregate, and skips a delivery that is no longer due), and a lost one is found again by
 * the sweep (`webhooks.delivery-sweep`, every minute), since the database is the source of truth.
 */
@Injectable()
export class WebhookQueue {
  private readonly logger = new Logger(WebhookQueue.name);

  constructor(@InjectQueue(QueueName.Webhooks) private readonly queue: Queue) {}

  async deliver(items: Array<{ organizationId: string; deliveryId: string; at?: Date }>): Promise<void> {
    if (items.length === 0) return;
    try {
      await this.queue.addBulk(
        items.map((item) => {
          const delay = item.at ? Math.max(0, item.at.getTime() - Date.now()) : 0;
          const data: OutboxJobData = {
            eventId: `deliver-${item.deliveryId}`,
            organizationId: item.organizationId,
            aggregateType: 'webhook_delivery',
            aggregateId: item.deliveryId,
            payload: { deliveryId: item.deliveryId },
          };
          return { name: JobName.WebhooksDeliver, data, opts: delay > 0 ? { delay } : {} };
        }),
      );
    } catch (error: unknown) {
      // The sweep picks the deliveries up from the database within a minute.
      this.logger.warn({ err: error, deliveries: items.length }, 'Could not queue webhook deliveries now; the sweep will');
    }
  }
}
