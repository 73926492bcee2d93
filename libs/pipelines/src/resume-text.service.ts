import { TransactionHost } from '@nestjs-cls/transactional';
import type { TransactionalAdapterTypeOrm } from '@nestjs-cls/transactional-adapter-typeorm';
import { Inject, Injectable, Logger } from '@nestjs/common';
import { JobName, OutboxService } from '../../platform/src/index.js';
import { updateReturning } from './candidate-fields.js';
import { kindOfContentType, type TextStatus } from './resume-content.js';
import { DEFAULT_SANDBOX_LIMITS, extractInSandbox, type SandboxLimits, type SandboxOutcome } from './resume-sandbox.js';

/** The sandbox limits the worker reads resumes with (a provider, so a deployment or a test can tune them). */
export const RESUME_SANDBOX_LIMITS = Symbol('RESUME_SANDBOX_LIMITS');
export const resumeSandboxLimitsProvider = { provide: RESUME_SANDBOX_LIMITS, useValue: DEFAULT_SANDBOX_LIMITS };

/**
 * Reads the text of stored resumes, in the worker (job `pipelines.resume-text`): the bytes go to a
 * sandboxed child process with time, memory, page and unpacking limits; the outcome is kept on the
 * file (`text_status`, `text_failure`), and found text becomes the candidate's searchable
 * `resume_text` when the file is still the candidate's current resume.
 */
@Injectable()
export class ResumeTextService {
  private readonly logger = new Logger(ResumeTextService.name);

  constructor(
    private readonly txHost: TransactionHost<TransactionalAdapterTypeOrm>,
    private readonly outbox: OutboxService,
    @Inject(RESUME_SANDBOX_LIMITS) private readonly limits: SandboxLimits,
  ) {}

  /** Reads one pending file; a file already read (a redelivered job) is left alone. Returns its new status. */
  async extract(organizationId: string, fileId: string): Promise<TextStatus | null> {
    const [file]: { content_type: string; text_status: TextStatus; content: Buffer }[] = await this.txHost.tx.query(
      `SELECT f.content_type, f.text_status, fc.content FROM candidate_files f JOIN candidate_file_contents fc ON fc.file_id = f.id
        WHERE f.id = $1 AND f.organization_id = $2`,
      [fileId, organizationId],
    );
    if (!file || file.text_status !== 'pending') return null;
    const kind = kindOfContentType(file.content_type);
    const outcome: SandboxOutcome = kind
      ? await extractInSandbox(kind, file.content, this.limits)
      : { status: 'failed', reason: 'This type of file is not read.' };
    if (outcome.status === 'failed') this.logger.warn({ fileId, organizationId, reason: outcome.reason }, 'Resume text not extracted');

    await this.txHost.withTransaction(async () => {
      const stored = await updateReturning<{ candidate_id: string; storage_key: string }>(
        this.txHost.tx,
        `UPDATE candidate_files SET text_status = $3, text_failure = $4, text_read_at = now()
          WHERE id = $1 AND organization_id = $2 AND text_status = 'pending' RETURNING candidate_id, storage_key`,
        [fileId, organizationId, outcome.status, outcome.status === 'failed' ? outcome.reason.slice(0, 500) : null],
      );
      if (!stored || outcome.status !== 'extracted') return;
      // Derived data, like a search index: the candidate's version (which recruiters edit against) does not change.
      const updated = await updateReturning<{ version: number }>(
        this.txHost.tx,
        `UPDATE candidates SET resume_text = $3, updated_at = now()
          WHERE id = $1 AND organization_id = $2 AND resume_file->>'storageKey' = $4 RETURNING version`,
        [stored.candidate_id, organizationId, outcome.text, stored.storage_key],
      );
      if (!updated) return;
      await this.outbox.publish({
        jobName: JobName.PipelinesCandidateUpdated,
        organizationId,
        aggregateType: 'candidate',
        aggregateId: stored.candidate_id,
        payload: { candidateId: stored.candidate_id, fields: ['resumeText'], version: updated.version },
      });
    });
    return outcome.status;
  }
}
