import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { JobsService, StageKind } from '../../jobs/src/index.js';
import { ActivityService } from '../../pipelines/src/index.js';
import { OutboxService } from '../../platform/src/index.js';

export interface ApplicationRow {
  id: string;
  organizationId: string;
  candidateId: string;
  jobId: string;
  stageId: string;
  stageKind: StageKind;
  stageName: string;
  status: 'active' | 'rejected' | 'withdrawn' | 'hired';
  version: number;
  source: string | null;
  appliedAt: Date;
  stageEnteredAt: Date;
}

export interface CandidateRow {
  id: string;
  firstName: string;
  lastName: string;
  fullName: string;
  emails: string[];
  source: string | null;
}

/**
 * Everything offers needs from the pipeline (applications, candidates, moves, notes) in one place.
 *
 * Moves, rejections and hires go through `ApplicationsService` (its `*Within` variants join the
 * caller's transaction); the timeline goes through pipelines' `ActivityService`. What remains here
 * are single-row or read-only queries the pipelines module exports no service for.
 */
@Injectable()
export class PipelineGateway {
  constructor(
    private readonly dataSource: DataSource,
    private readonly jobs: JobsService,
    private readonly activityService: ActivityService,
    private readonly outbox: OutboxService,
  ) {}

  async application(organizationId: string, id: string, manager?: EntityManager, lock = false): Promise<ApplicationRow | null> {
    const m = manager ?? this.dataSource.manager;
    const rows: Record<string, unknown>[] = await m.query(
      `SELECT a.id, a.organization_id, a.candidate_id, a.job_id, a.stage_id, a.status, a.version, a.source, a.applied_at, a.stage_entered_at,
              s.kind AS stage_kind, s.name AS stage_name
         FROM applications a JOIN job_stages s ON s.id = a.stage_id
        WHERE a.id = $1 AND a.organization_id = $2 AND a.merged_into_id IS NULL ${lock ? 'FOR UPDATE OF a' : ''}`,
      [id, organizationId],
    );
    const r = rows[0];
    if (!r) return null;
    return {
      id: r.id as string,
      organizationId: r.organization_id as string,
      candidateId: r.candidate_id as string,
      jobId: r.job_id as string,
      stageId: r.stage_id as string,
      stageKind: r.stage_kind as StageKind,
      stageName: r.stage_name as string,
      status: r.status as ApplicationRow['status'],
      version: r.version as number,
      source: r.source as string | null,
      appliedAt: r.applied_at as Date,
      stageEnteredAt: r.stage_entered_at as Date,
    };
  }

  async candidate(organizationId: string, id: string, manager?: EntityManager): Promise<CandidateRow | null> {
    const rows: Record<string, unknown>[] = await (manager ?? this.dataSource.manager).query(
      `SELECT id, first_name, last_name, full_name, emails, source FROM candidates WHERE id = $1 AND organization_id = $2`,
      [id, organizationId],
    );
    const r = rows[0];
    return r
      ? {
          id: r.id as string,
          firstName: r.first_name as string,
          lastName: r.last_name as string,
          fullName: r.full_name as string,
          emails: r.emails as string[],
          source: r.source as string | null,
        }
      : null;
  }

  /** A rejection reason of the organization, with its label and kind, or null. */
  async rejectionReason(organizationId: string, id: string): Promise<{ id: string; label: string; kind: string } | null> {
    const [row] = await this.dataSource.query<Array<{ id: string; label: string; kind: string }>>(
      `SELECT id, label, kind FROM rejection_reasons WHERE id = $1 AND organization_id = $2`,
      [id, organizationId],
    );
    return row ?? null;
  }

  async rejectionReasonExists(organizationId: string, id: string): Promise<boolean> {
    const rows = await this.dataSource.query<unknown[]>(`SELECT 1 FROM rejection_reasons WHERE id = $1 AND organization_id = $2`, [id, organizationId]);
    return rows.length > 0;
  }

  /** The first stage of the job's plan of the given kind (offer, hired), or null. */
  async stageOfKind(organizationId: string, jobId: string, kind: StageKind, manager?: EntityManager): Promise<{ id: string; name: string } | null> {
    const stages = await this.jobs.getStages(organizationId, jobId, manager);
    const stage = stages.find((s) => s.kind === kind);
    return stage ? { id: stage.id, name: stage.name } : null;
  }

  /** Stage history with time spent in each stage (read-only). */
  async stageHistory(organizationId: string, applicationId: string): Promise<Array<Record<string, unknown>>> {
    return this.dataSource.query(
      `SELECT m.kind, m.from_stage_id AS "fromStageId", fs.name AS "fromStageName", m.to_stage_id AS "toStageId", ts.name AS "toStageName",
              m.from_status AS "fromStatus", m.to_status AS "toStatus", m.actor_id AS "actorId", m.seconds_in_stage::int AS "secondsInStage", m.moved_at AS "movedAt"
         FROM application_moves m
         LEFT JOIN job_stages fs ON fs.id = m.from_stage_id
         LEFT JOIN job_stages ts ON ts.id = m.to_stage_id
        WHERE m.application_id = $1 AND m.organization_id = $2
        ORDER BY m.moved_at, m.id`,
      [applicationId, organizationId],
    );
  }

  /** Notes on the application or its candidate (read-only). */
  async notes(organizationId: string, candidateId: string, applicationId: string): Promise<Array<Record<string, unknown>>> {
    return this.dataSource.query(
      `SELECT n.id, n.application_id AS "applicationId", n.author_id AS "authorId", n.body, n.private, n.created_at AS "createdAt"
         FROM notes n WHERE n.organization_id = $1 AND n.candidate_id = $2 AND (n.application_id IS NULL OR n.application_id = $3)
        ORDER BY n.created_at DESC, n.id DESC LIMIT 200`,
      [organizationId, candidateId, applicationId],
    );
  }

  /** Appends to the candidate timeline through pipelines' ActivityService; private = hidden from interviewers. */
  async activity(
    manager: EntityManager,
    event: {
      organizationId: string;
      candidateId: string;
      applicationId: string;
      jobId: string;
      kind: string;
      actorId: string | null;
      subjectType: string;
      subjectId: string;
      payload?: Record<string, unknown>;
    },
  ): Promise<void> {
    await this.activityService.record(manager, { ...event, private: true });
  }
}
