import { TransactionHost } from '@nestjs-cls/transactional';
import type { TransactionalAdapterTypeOrm } from '@nestjs-cls/transactional-adapter-typeorm';
import { Inject, Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { In, QueryFailedError } from 'typeorm';
import type { AuthUser } from '../../identity/src/index.js';
import { AuditService, DomainEventType, FieldError } from '../../platform/src/index.js';
import { AccessPolicy, Action, Resource } from './access/access-policy.js';
import { ReplaceStagesDto, StageInputDto } from './dto/job.dto.js';
import { JobStage } from './job-stage.entity.js';
import { Job } from './job.entity.js';
import { JobStatus } from './job.types.js';
import { JobsErrorCode, JobsException } from './jobs.exception.js';
import { STAGE_OCCUPANCY, type StageOccupancy } from './stage-occupancy.js';
import { JobsService, type JobView } from './jobs.service.js';
import { JOB_DENIED } from './jobs.shared.js';

/** A job's interview plan: replacing the ordered list of stages, guarded by the stages' occupancy. */
@Injectable()
export class JobInterviewPlan {
  constructor(
    private readonly jobs: JobsService,
    private readonly audit: AuditService,
    private readonly txHost: TransactionHost<TransactionalAdapterTypeOrm>,
    @Inject(STAGE_OCCUPANCY) private readonly occupancy: StageOccupancy,
    private readonly access: AccessPolicy,
  ) {}

  /**
   * Replaces the interview plan with the given ordered list. Existing stages are named by id
   * (kept, renamed, moved), new ones have no id, stages left out are removed. A stage holding
   * applications cannot be removed, renamed, re-kinded or moved relative to the other stages (409).
   */
  async replaceStages(actor: AuthUser, id: string, input: ReplaceStagesDto): Promise<JobView> {
    await this.access.assertCan(actor, Action.Write, { resource: Resource.Job, jobId: id }, JOB_DENIED);
    const organizationId = actor.organizationId;
    await this.txHost.withTransaction(async () => {
      const job = await this.jobs.lockJob(organizationId, id, input.version);
      if (job.status === JobStatus.Closed) throw new JobsException(JobsErrorCode.JobClosed, 'A closed job cannot be changed.');
      const current = await this.jobs.getStages(organizationId, id);
      const byId = new Map(current.map((s) => [s.id, s]));

      const errors: FieldError[] = [];
      const seen = new Set<string>();
      input.stages.forEach((stage, i) => {
        if (!stage.id) return;
        if (!byId.has(stage.id)) errors.push({ field: `stages.${i}.id`, message: 'not a stage of this job' });
        else if (seen.has(stage.id)) errors.push({ field: `stages.${i}.id`, message: 'listed more than once' });
        seen.add(stage.id);
      });
      if (errors.length) throw new JobsException(JobsErrorCode.InvalidStages, 'The interview plan names stages this job does not have.', { errors });

      const removed = current.filter((s) => !seen.has(s.id));
      const keptOld = current.filter((s) => seen.has(s.id)).map((s) => s.id);
      const keptNew = input.stages.filter((s) => s.id).map((s) => s.id as string);
      const touched = new Set<string>(removed.map((s) => s.id));
      keptNew.forEach((stageId, i) => {
        const stage = input.stages.find((s) => s.id === stageId) as StageInputDto;
        const old = byId.get(stageId) as JobStage;
        if (keptOld[i] !== stageId || old.name !== stage.name || old.kind !== stage.kind) touched.add(stageId);
      });
      const counts = await this.occupancy.countByStage(organizationId, id, [...touched]);
      const occupied = [...touched].filter((stageId) => (counts.get(stageId) ?? 0) > 0);
      if (occupied.length) {
        throw new JobsException(JobsErrorCode.StageOccupied, 'Applications sit in stages this change would remove, rename or move.', {
          errors: occupied.map((stageId) => {
            const index = input.stages.findIndex((s) => s.id === stageId);
            return {
              field: index >= 0 ? `stages.${index}` : 'stages',
              message: `stage "${byId.get(stageId)?.name}" holds ${counts.get(stageId)} application(s)`,
            };
          }),
          extensions: { occupiedStageIds: occupied },
        });
      }

      if (removed.length) {
        try {
          await this.txHost.tx.delete(JobStage, { id: In(removed.map((s) => s.id)), organizationId });
        } catch (error) {
          if (error instanceof QueryFailedError && (error.driverError as { code?: string }).code === '23503') {
            throw new JobsException(JobsErrorCode.StageOccupied, 'Applications still refer to a removed stage.');
          }
          throw error;
        }
      }
      const rows = input.stages.map((stage, position) => ({
        id: stage.id ?? randomUUID(),
        organizationId,
        jobId: id,
        position,
        name: stage.name,
        kind: stage.kind,
        kitKey: stage.kitKey ?? null,
        slaDays: stage.slaDays ?? null,
      }));
      for (const row of rows.filter((r) => byId.has(r.id))) {
        await this.txHost.tx.update(
          JobStage,
          { id: row.id },
          { position: row.position, name: row.name, kind: row.kind, kitKey: row.kitKey, slaDays: row.slaDays },
        );
      }
      const added = rows.filter((r) => !byId.has(r.id));
      if (added.length) await this.txHost.tx.insert(JobStage, added);
      job.version += 1;
      await this.txHost.tx.update(Job, { id }, { version: job.version, updatedAt: new Date() });
      await this.audit.record({
        organizationId,
        actorId: actor.id,
        entityType: 'job',
        entityId: id,
        action: 'update',
        changes: { interviewPlan: { from: current.map((s) => s.name), to: rows.map((s) => s.name) } },
      });
      await this.jobs.announceEvent(DomainEventType.JobUpdated, organizationId, id);
    });
    return this.jobs.getView(organizationId, id);
  }
}
