import { Injectable } from '@nestjs/common';
import { JobsService, StageKind } from '../../jobs/src/index.js';
import { ActivityService, PipelineReadsService, type ApplicationFacts, type CandidateFacts } from '../../pipelines/src/index.js';
import { OutboxService } from '../../platform/src/index.js';

export type ApplicationRow = ApplicationFacts;
export type CandidateRow = CandidateFacts;

/**
 * Everything offers needs from the pipeline (applications, candidates, moves, notes) in one place.
 *
 * Moves, rejections and hires go through `ApplicationsService` (its `*Within` variants join the
 * caller's transaction); the timeline goes through pipelines' `ActivityService`; reads through its
 * `PipelineReadsService`. Offers never names pipelines' tables.
 */
@Injectable()
export class PipelineGateway {
  constructor(
    private readonly reads: PipelineReadsService,
    private readonly jobs: JobsService,
    private readonly activityService: ActivityService,
    private readonly outbox: OutboxService,
  ) {}

  application(organizationId: string, id: string, lock = false): Promise<ApplicationRow | null> {
    return this.reads.application(organizationId, id, lock);
  }

  candidate(organizationId: string, id: string): Promise<CandidateRow | null> {
    return this.reads.candidate(organizationId, id);
  }

  /** A rejection reason of the organization, with its label and kind, or null. */
  rejectionReason(organizationId: string, id: string): Promise<{ id: string; label: string; kind: string } | null> {
    return this.reads.rejectionReason(organizationId, id);
  }

  async rejectionReasonExists(organizationId: string, id: string): Promise<boolean> {
    return (await this.reads.rejectionReason(organizationId, id)) !== null;
  }

  /** The first stage of the job's plan of the given kind (offer, hired), or null. */
  async stageOfKind(organizationId: string, jobId: string, kind: StageKind): Promise<{ id: string; name: string } | null> {
    const stages = await this.jobs.getStages(organizationId, jobId);
    const stage = stages.find((s) => s.kind === kind);
    return stage ? { id: stage.id, name: stage.name } : null;
  }

  /** Notes on the application or its candidate (read-only). */
  notes(organizationId: string, candidateId: string, applicationId: string): Promise<Array<Record<string, unknown>>> {
    return this.reads.notes(organizationId, candidateId, applicationId);
  }

  /** Appends to the candidate timeline through pipelines' ActivityService; private = hidden from interviewers. */
  async activity(event: {
    organizationId: string;
    candidateId: string;
    applicationId: string;
    jobId: string;
    kind: string;
    actorId: string | null;
    subjectType: string;
    subjectId: string;
    payload?: Record<string, unknown>;
  }): Promise<void> {
    await this.activityService.record({ ...event, private: true });
  }
}
