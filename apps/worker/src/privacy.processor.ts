import { Processor } from '@nestjs/bullmq';
import { JobName, QueueName } from '../../../libs/platform/src/index.js';
import { ExportBuilder, ExportsSweep, RetentionSweep } from '../../../libs/privacy/src/index.js';
import { JobHandlers, JobProcessor } from './job-handler.js';

/** Privacy: candidate data exports (built here, streamed into chunk rows), their 24-hour expiry, and the daily retention sweep. */
@Processor(QueueName.Privacy)
export class PrivacyProcessor extends JobProcessor {
  constructor(
    private readonly builder: ExportBuilder,
    private readonly sweep: ExportsSweep,
    private readonly retention: RetentionSweep,
  ) {
    super();
  }

  readonly handlers: JobHandlers = {
    [JobName.PrivacyExportBuild]: (job) => this.builder.build(String(job.data.organizationId), String(job.data.payload.exportId)),
    [JobName.PrivacyExportsSweep]: () => this.sweep.run(),
    [JobName.PrivacyRetentionSweep]: async () => {
      await this.retention.sweep();
    },
  };
}
