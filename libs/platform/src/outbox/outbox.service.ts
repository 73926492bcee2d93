import { type PersonalTerms, personalTermPatterns, STRIP_PERSONAL_TEXT } from '../privacy/personal-data.js';
import { TransactionHost } from '@nestjs-cls/transactional';
import type { TransactionalAdapterTypeOrm } from '@nestjs-cls/transactional-adapter-typeorm';
import { Injectable } from '@nestjs/common';
import type { QueryDeepPartialEntity } from 'typeorm/query-builder/QueryPartialEntity.js';
import { JOB_QUEUE, JobName } from '../queue/queue-names.js';
import { OutboxEvent } from './outbox-event.entity.js';

export interface OutboxMessage {
  jobName: JobName;
  organizationId: string | null;
  aggregateType: string;
  aggregateId: string;
  payload: Record<string, unknown>;
  /** Deliver no earlier than this time (a delayed BullMQ job). */
  runAt?: Date;
  /** A stable BullMQ job id, when the job must be findable later (e.g. to cancel a reminder). */
  jobId?: string;
}

/** Writes side effects into the outbox inside the current unit of work (the caller's transaction); the worker's relay delivers them. */
@Injectable()
export class OutboxService {
  constructor(private readonly txHost: TransactionHost<TransactionalAdapterTypeOrm>) {}

  async publish(message: OutboxMessage): Promise<void> {
    await this.publishMany([message]);
  }

  async publishMany(messages: OutboxMessage[]): Promise<void> {
    if (messages.length === 0) return;
    await this.txHost.tx.insert(
      OutboxEvent,
      messages.map((m) => ({
        organizationId: m.organizationId,
        aggregateType: m.aggregateType,
        aggregateId: m.aggregateId,
        eventType: m.jobName,
        queue: JOB_QUEUE[m.jobName],
        jobId: m.jobId ?? null,
        payload: m.payload,
        runAt: m.runAt ?? null,
      })) as QueryDeepPartialEntity<OutboxEvent>[],
    );
  }

  /**
   * Anonymisation: outbox rows whose payload names the person (names, emails, phones) keep their ids, times and shape
   * (`hireloop_strip_personal_text`) and lose their words. Joins the caller's unit of work.
   */
  async erasePersonalPayloads(organizationId: string, terms: PersonalTerms): Promise<void> {
    await this.txHost.tx.query(
      `UPDATE outbox_events SET payload = ${STRIP_PERSONAL_TEXT}(payload) WHERE organization_id = $1 AND payload::text ILIKE ANY($2::text[])`,
      [organizationId, personalTermPatterns(terms)],
    );
  }
}
