import { InjectQueue, Processor } from '@nestjs/bullmq';
import { OnApplicationBootstrap } from '@nestjs/common';
import type { Job, Queue } from 'bullmq';
import { CandidateMergeService, StageSlaService, toCandidateMergedEvent } from '../../../libs/pipelines/src/index.js';
import { JobName, OutboxJobData, QueueName } from '../../../libs/platform/src/index.js';
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
];

/** Pipeline events (recorded for webhooks and candidate email, which come later), the merge fan-out and the stage-SLA sweep. */
@Processor(QueueName.Pipelines)
export class PipelinesProcessor extends JobProcessor implements OnApplicationBootstrap {
  constructor(
    private readonly sla: StageSlaService,
    private readonly merging: CandidateMergeService,
    @InjectQueue(QueueName.Pipelines) private readonly queue: Queue,
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
    [JobName.PipelinesApplicationCreated]: this.logEvent,
    [JobName.PipelinesApplicationMoved]: this.logEvent,
    [JobName.PipelinesApplicationRejected]: this.logEvent,
    [JobName.PipelinesApplicationWithdrawn]: this.logEvent,
    [JobName.PipelinesApplicationReopened]: this.logEvent,
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
