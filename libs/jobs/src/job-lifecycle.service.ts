import { TransactionHost } from '@nestjs-cls/transactional';
import type { TransactionalAdapterTypeOrm } from '@nestjs-cls/transactional-adapter-typeorm';
import { Injectable } from '@nestjs/common';
import type { AuthUser } from '../../identity/src/index.js';
import { AuditService, DomainEventType } from '../../platform/src/index.js';
import { TemplatesService } from '../../templates/src/index.js';
import { AccessPolicy, Action, Resource } from './access/access-policy.js';
import { CloseJobDto, TransitionJobDto } from './dto/job.dto.js';
import { Job } from './job.entity.js';
import { JOB_TRANSITIONS, JobStatus } from './job.types.js';
import { JobsErrorCode, JobsException } from './jobs.exception.js';
import { OrgUnitsService } from './org-units.service.js';
import { JobsService, type JobView } from './jobs.service.js';
import { JOB_DENIED } from './jobs.shared.js';
import { JobDescriptionRenderer } from './job-description.service.js';

/** The domain event each lifecycle move announces. */
const TRANSITION_EVENTS: Record<'open' | 'hold' | 'close', DomainEventType> = {
  open: DomainEventType.JobOpened,
  hold: DomainEventType.JobOnHold,
  close: DomainEventType.JobClosed,
};
/**
 * A job's lifecycle: draft → open ⇄ on_hold → closed, and hires filling its openings (`fillOpening`, for offers).
 * Closing a job tells postings through the outbox.
 */
@Injectable()
export class JobLifecycle {
  constructor(
    private readonly jobs: JobsService,
    private readonly description: JobDescriptionRenderer,
    private readonly templates: TemplatesService,
    private readonly units: OrgUnitsService,
    private readonly audit: AuditService,
    private readonly txHost: TransactionHost<TransactionalAdapterTypeOrm>,
    private readonly access: AccessPolicy,
  ) {}

  async open(actor: AuthUser, id: string, input: TransitionJobDto): Promise<JobView> {
    await this.access.assertCan(actor, Action.Write, { resource: Resource.Job, jobId: id }, JOB_DENIED);
    return this.transition(actor, id, 'open', input.version, async (job) => {
      const { revision } = await this.templates.resolveRevision(job.organizationId, { templateRevisionId: job.templateRevisionId });
      const department = job.departmentId ? await this.units.requireDepartment(job.organizationId, job.departmentId) : null;
      const [view] = await this.jobs.loadViews([job], { stages: false });
      const offices = await this.units.requireOffices(job.organizationId, view.officeIds);
      await this.description.describe(job, revision, { departmentName: department?.name, offices });
      const errors = job.findings.filter((f) => f.severity === 'error');
      if (errors.length > 0) {
        throw new JobsException(JobsErrorCode.BlockingFindings, 'The job description has error-level lint findings; fix them before opening the job.', {
          errors: errors.map((f) => ({ field: `description.${f.section}`, message: `${f.rule}: ${f.message}` })),
          extensions: { findings: errors },
        });
      }
      job.status = JobStatus.Open;
      job.openedAt ??= new Date();
    });
  }

  async hold(actor: AuthUser, id: string, input: TransitionJobDto): Promise<JobView> {
    await this.access.assertCan(actor, Action.Write, { resource: Resource.Job, jobId: id }, JOB_DENIED);
    return this.transition(actor, id, 'hold', input.version, (job) => {
      job.status = JobStatus.OnHold;
    });
  }

  async close(actor: AuthUser, id: string, input: CloseJobDto): Promise<JobView> {
    await this.access.assertCan(actor, Action.Write, { resource: Resource.Job, jobId: id }, JOB_DENIED);
    return this.transition(actor, id, 'close', input.version, (job) => {
      job.status = JobStatus.Closed;
      job.closeReason = input.reason;
      job.closedAt = new Date();
    });
  }

  /**
   * Records a hire inside the caller's transaction (offers): filled + 1 under a row lock; the job
   * closes with reason `filled` once every opening is filled. Audited. 404 for an unknown job.
   */
  async fillOpening(organizationId: string, jobId: string, actorId: string | null = null): Promise<{ filled: number; openings: number; closed: boolean }> {
    return this.txHost.withTransaction(async () => {
      const job = await this.jobs.lockJob(organizationId, jobId);
      const from = { filled: job.filled, status: job.status };
      job.filled += 1;
      const closes = job.filled >= job.openings && job.status !== JobStatus.Closed;
      if (closes) {
        job.status = JobStatus.Closed;
        job.closeReason = 'filled';
        job.closedAt = new Date();
      }
      job.version += 1;
      await this.txHost.tx.update(
        Job,
        { id: job.id },
        { filled: job.filled, status: job.status, closeReason: job.closeReason, closedAt: job.closedAt, version: job.version, updatedAt: new Date() },
      );
      await this.audit.record({
        organizationId,
        actorId,
        entityType: 'job',
        entityId: jobId,
        action: 'fill',
        changes: { filled: { from: from.filled, to: job.filled }, ...(closes ? { status: { from: from.status, to: job.status } } : {}) },
      });
      await this.jobs.announceEvent(closes ? DomainEventType.JobClosed : DomainEventType.JobUpdated, organizationId, jobId);
      return { filled: job.filled, openings: job.openings, closed: closes };
    });
  }

  private async transition(
    actor: AuthUser,
    id: string,
    move: keyof typeof JOB_TRANSITIONS,
    version: number | undefined,
    apply: (job: Job) => void | Promise<void>,
  ): Promise<JobView> {
    await this.txHost.withTransaction(async () => {
      const job = await this.jobs.lockJob(actor.organizationId, id, version);
      const from = job.status;
      if (!JOB_TRANSITIONS[move].includes(from)) {
        throw new JobsException(JobsErrorCode.IllegalTransition, `A ${from} job cannot be moved by "${move}".`, {
          extensions: { jobStatus: from, allowedFrom: JOB_TRANSITIONS[move] },
        });
      }
      await apply(job);
      job.version += 1;
      await this.txHost.tx.save(Job, job);
      await this.audit.record({
        organizationId: actor.organizationId,
        actorId: actor.id,
        entityType: 'job',
        entityId: id,
        action: move,
        changes: { status: { from, to: job.status }, ...(move === 'close' ? { closeReason: { to: job.closeReason } } : {}) },
      });
      if (move === 'close') await this.jobs.announceChange(actor.organizationId, id, actor.id, 'closed');
      await this.jobs.announceEvent(TRANSITION_EVENTS[move], actor.organizationId, id);
    });
    return this.jobs.getView(actor.organizationId, id);
  }
}
