import { Module } from '@nestjs/common';
import { IdentityModule } from '../../identity/src/index.js';
import { PipelinesModule } from '../../pipelines/src/index.js';
import { WebhookDeliveriesService } from './webhook-deliveries.service.js';
import { WebhookDeliveryService } from './webhook-delivery.service.js';
import { WebhookEndpointsService } from './webhook-endpoints.service.js';
import { WebhookFanOutService } from './webhook-fan-out.service.js';
import { WebhookQueue } from './webhook-queue.js';
import { WebhookSweepsService } from './webhook-sweeps.service.js';
import { WebhookErasure } from './webhook-erasure.service.js';
import { WebhooksController } from './webhooks.controller.js';

/** Outgoing webhooks: endpoints, the fan-out of domain events, signed deliveries in order per aggregate, the delivery log. */
@Module({
  imports: [IdentityModule, PipelinesModule],
  controllers: [WebhooksController],
  providers: [
    WebhookEndpointsService,
    WebhookDeliveriesService,
    WebhookDeliveryService,
    WebhookFanOutService,
    WebhookQueue,
    WebhookSweepsService,
    WebhookErasure,
  ],
  exports: [WebhookEndpointsService, WebhookDeliveriesService, WebhookDeliveryService, WebhookFanOutService, WebhookSweepsService, WebhookErasure],
})
export class WebhooksModule {}

/** The worker's half: no HTTP routes. */
@Module({
  imports: [IdentityModule, PipelinesModule],
  providers: [
    WebhookEndpointsService,
    WebhookDeliveriesService,
    WebhookDeliveryService,
    WebhookFanOutService,
    WebhookQueue,
    WebhookSweepsService,
    WebhookErasure,
  ],
  exports: [WebhookDeliveryService, WebhookFanOutService, WebhookSweepsService, WebhookErasure],
})
export class WebhooksWorkerModule {}
