import { Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { InjectQueue } from '@nestjs/bullmq';
import type { Queue } from 'bullmq';
import { JobName, QueueName } from '../../../libs/platform/src/index.js';

/** How often the due-time sweeps run: the longest a reminder or an expiry is late once Redis lost its delayed job. */
export const DUE_SWEEP_EVERY_MS = 60 * 1000;

/** How often the outbox retention job prunes delivered rows and processed-event ids. */
export const OUTBOX_RETENTION_EVERY_MS = 60 * 60 * 1000;

/** How often the privacy retention sweep runs (it computes who is due from the data, so a missed day is caught up). */
export const RETENTION_SWEEP_EVERY_MS = 24 * 60 * 60 * 1000;

/** The repeatable sweeps, each with a stable scheduler id (re-registration at every start is idempotent). */
export const DUE_SWEEPS: { schedulerId: string; queue: QueueName; job: JobName; every?: number }[] = [
  { schedulerId: 'scorecards-reminder-sweep', queue: QueueName.Scorecards, job: JobName.ScorecardsReminderSweep },
  { schedulerId: 'offers-expiry-sweep', queue: QueueName.Offers, job: JobName.OffersExpirySweep },
  { schedulerId: 'postings-expiry-sweep', queue: QueueName.Postings, job: JobName.PostingsExpirySweep },
  { schedulerId: 'platform-outbox-retention', queue: QueueName.Platform, job: JobName.OutboxRetention, every: OUTBOX_RETENTION_EVERY_MS },
  { schedulerId: 'webhooks-delivery-sweep', queue: QueueName.Webhooks, job: JobName.WebhooksDeliverySweep },
  { schedulerId: 'webhooks-retention', queue: QueueName.Webhooks, job: JobName.WebhooksRetention, every: OUTBOX_RETENTION_EVERY_MS },
  { schedulerId: 'privacy-exports-sweep', queue: QueueName.Privacy, job: JobName.PrivacyExportsSweep },
  { schedulerId: 'privacy-retention-sweep', queue: QueueName.Privacy, job: JobName.PrivacyRetentionSweep, every: RETENTION_SWEEP_EVERY_MS },
];

/**
 * Delayed side effects (scorecard reminders and escalations, offer and posting expiry) are delayed
 * BullMQ jobs, but the database is their source of truth: a Redis that restarts without its data
 * loses the delayed jobs, and these sweeps (every minute) run whatever is due and was not done,
 * through the same idempotent service methods. The outbox retention job (hourly) rides along.
 * Registered by the worker process only.
 */
@Injectable()
export class DueSweepsScheduler implements OnApplicationBootstrap {
  private readonly logger = new Logger(DueSweepsScheduler.name);
  private readonly queues: Record<string, Queue>;

  constructor(
    @InjectQueue(QueueName.Scorecards) scorecards: Queue,
    @InjectQueue(QueueName.Offers) offers: Queue,
    @InjectQueue(QueueName.Postings) postings: Queue,
    @InjectQueue(QueueName.Platform) platform: Queue,
    @InjectQueue(QueueName.Webhooks) webhooks: Queue,
    @InjectQueue(QueueName.Privacy) privacy: Queue,
  ) {
    this.queues = {
      [QueueName.Scorecards]: scorecards,
      [QueueName.Offers]: offers,
      [QueueName.Postings]: postings,
      [QueueName.Platform]: platform,
      [QueueName.Webhooks]: webhooks,
      [QueueName.Privacy]: privacy,
    };
  }

  async onApplicationBootstrap(): Promise<void> {
    for (const sweep of DUE_SWEEPS) {
      try {
        await this.queues[sweep.queue].upsertJobScheduler(sweep.schedulerId, { every: sweep.every ?? DUE_SWEEP_EVERY_MS }, { name: sweep.job, data: {} });
      } catch (error: unknown) {
        this.logger.warn({ err: error, job: sweep.job }, 'Could not schedule a due-time sweep (Redis down?); it will be scheduled at the next start');
      }
    }
  }
}
