import { Processor } from '@nestjs/bullmq';
import type { Job } from 'bullmq';
import { ResumeTextService } from '../../../libs/pipelines/src/index.js';
import { JobName, OutboxJobData, QueueName } from '../../../libs/platform/src/index.js';
import { JobHandlers, JobProcessor } from './job-handler.js';

/** Files reads two at a time: each in its own sandboxed child process, so a slow or hostile file only holds one slot. */
export const FILES_CONCURRENCY = 2;

/** Untrusted files: resume text extraction, in a sandbox (see ResumeTextService). */
@Processor(QueueName.Files, { concurrency: FILES_CONCURRENCY })
export class FilesProcessor extends JobProcessor {
  constructor(private readonly resumeText: ResumeTextService) {
    super();
  }

  readonly handlers: JobHandlers = {
    [JobName.PipelinesResumeText]: async (job: Job<OutboxJobData>) => {
      const status = await this.resumeText.extract(job.data.organizationId!, String(job.data.payload.fileId));
      return { status };
    },
  };
}
