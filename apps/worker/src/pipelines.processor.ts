import { InjectQueue, Processor } from '@nestjs/bullmq';
import { OnApplicationBootstrap } from '@nestjs/common';
import type { Job, Queue } from 'bullmq';
import { CandidateMergeService, StageSlaService, toCandidateMergedEvent } from '../../../libs/pipelines/src/index.js';
import { JobName, OutboxJobData, QueueName } from '../../../libs/platform/src/index.js';
import { MailAutomation } from '../../../libs/mail/src/index.js';
import { JobHandlers, JobProcessor } from './job-handler.js';

/** How often the stage-SLA sweep runs; each breach notifies once however often it runs. */
export const STAGE_SLA_CHECK_EVERY_MS = 15 * 60 * 1000;

/**
 * The modules that follow a candidate merge, each through its own job (and queue) and its own
 * idempotent consumer. A module that stores a candidate's or an application's id adds its job here.
 */
export const MERGE_FOLLOWERS: JobName[] = [
  JobName.InterviewsFollowMerge,
  JobName.ScorecardsFollowMerge,
  JobName.OffersFollowMerge,
  JobName.NotificationsFollowMerge,
  JobName.MailFollowMerge,
];

/** Pipeline events (candidate email: confirmation, delayed rejection, its cancellation on reopen; the others recorded for webhooks), the merge fan-out and the stage-SLA sweep. */
@Processor(QueueName.Pipelines)
export class PipelinesProcessor extends JobProcessor implements OnApplicationBootstrap {
  constructor(
    private readonly sla: StageSlaService,
    private readonly merging: CandidateMergeService,
    @InjectQueue(QueueName.Pipelines) private readonly queue: Queue,
    private readonly mail: MailAutomation,
  ) {
    super();
  }

  private readonly logEvent = (job: Job<OutboxJobData>): Promise<void> => {
    this.logger.log({ job: job.name, aggregateId: job.data.aggregateId, organizationId: job.data.organizationId }, 'Pipeline event');
    return Promise.resolve();
  };

  readonly handlers: JobHandlers = {
    [JobName.PipelinesCandidateCreated]: this.logEvent,
    [JobName.PipelinesCandidateUpdated]: this.logEvent,
    [JobName.PipelinesCandidatesMerged]: (job) =>
      this.merging.fanOut(job.data.eventId, toCandidateMergedEvent(job.data.organizationId, job.data.payload), MERGE_FOLLOWERS),
    [JobName.PipelinesApplicationCreated]: (job) => this.mail.applicationCreated(job.data.eventId, String(job.data.organizationId), job.data.payload),
    [JobName.PipelinesApplicationMoved]: this.logEvent,
    [JobName.PipelinesApplicationRejected]: (job) => this.mail.applicationRejected(job.data.eventId, String(job.data.organizationId), job.data.payload),
    [JobName.PipelinesApplicationWithdrawn]: this.logEvent,
    [JobName.PipelinesApplicationReopened]: (job) => this.mail.applicationReopened(job.data.eventId, String(job.data.organizationId), job.data.payload),
    [JobName.PipelinesStageSlaCheck]: () => this.sla.checkBreaches(),
  };

  /** One repeatable sweep per deployment (the scheduler id makes re-registration idempotent). */
  async onApplicationBootstrap(): Promise<void> {
    try {
      await this.queue.upsertJobScheduler('pipelines-stage-sla-check', { every: STAGE_SLA_CHECK_EVERY_MS }, { name: JobName.PipelinesStageSlaCheck, data: {} });
    } catch (error: unknown) {
      this.logger.warn({ err: error }, 'Could not schedule the stage-SLA sweep (Redis down?); it will be scheduled at the next start');
    }
  }
}
