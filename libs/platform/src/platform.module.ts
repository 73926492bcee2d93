import { Global, Module } from '@nestjs/common';
import { TerminusModule } from '@nestjs/terminus';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AuditEntry } from './audit/audit-entry.entity.js';
import { AuditChainService } from './audit/audit-chain.service.js';
import { AuditService } from './audit/audit.service.js';
import { EgressGuard } from './egress/egress.guard.js';
import { DomainEvents } from './events/domain-events.service.js';
import { HealthController } from './health/health.controller.js';
import { MetricsController } from './metrics/metrics.controller.js';
import { MetricsService } from './metrics/metrics.service.js';
import { IdempotentConsumer } from './outbox/idempotent-consumer.service.js';
import { OutboxEvent } from './outbox/outbox-event.entity.js';
import { OutboxRetentionService } from './outbox/outbox-retention.service.js';
import { OutboxService } from './outbox/outbox.service.js';
import { ProcessedEvent } from './outbox/processed-event.entity.js';
import { QueueModule } from './queue/queue.module.js';
import { RedisModule } from './redis/redis.module.js';

/** Cross-cutting services every module uses: audit log, outbox, queues, Redis, health, metrics, the egress guard. */
@Global()
@Module({
  imports: [TypeOrmModule.forFeature([AuditEntry, OutboxEvent, ProcessedEvent]), TerminusModule, RedisModule, QueueModule],
  controllers: [HealthController, MetricsController],
  providers: [AuditService, AuditChainService, OutboxService, DomainEvents, IdempotentConsumer, OutboxRetentionService, MetricsService, EgressGuard],
  exports: [
    AuditService,
    AuditChainService,
    OutboxService,
    DomainEvents,
    IdempotentConsumer,
    OutboxRetentionService,
    MetricsService,
    EgressGuard,
    RedisModule,
    QueueModule,
  ],
})
export class PlatformModule {}
