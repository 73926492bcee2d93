import { TransactionHost } from '@nestjs-cls/transactional';
import type { TransactionalAdapterTypeOrm } from '@nestjs-cls/transactional-adapter-typeorm';
import { Injectable } from '@nestjs/common';
import type { SelfIdentificationAnswers } from '../../identity/src/index.js';
import { JobReadsService } from '../../jobs/src/index.js';
import { AccessPolicy, type AccessScope as PipelineScope, Action, Resource } from '../../jobs/src/index.js';
import { ApplicationStatus, MoveKind } from './pipeline.types.js';
import { applicationNotFound, forbidden } from './pipelines.exception.js';
import { APP_COLUMNS, type ApplicationRow } from './application-rows.js';
import { APPLICANTS_BY_JOB_SQL } from './pipeline-reads-sql.js';

export interface ApplicationView {
  id: string;
  candidateId: string;
  jobId: string;
  stageId: string;
  status: ApplicationStatus;
  source: string | null;
  version: number;
  appliedAt: string;
  stageEnteredAt: string;
  rejectionReasonId: string | null;
  rejectionNote: string | null;
  closedAt: string | null;
}

export interface MoveView {
  id: string;
  kind: MoveKind;
  fromStageId: string | null;
  toStageId: string | null;
  fromStatus: string | null;
  toStatus: string;
  actorId: string | null;
  note: string | null;
  secondsInStage: number | null;
  movedAt: string;
}

export interface BoardApplyInput {
  firstName: string;
  lastName: string;
  email: string;
  phone?: string;
  resumeText?: string;
  /** A pasted cover letter, kept on the application. */
  coverLetter?: string;
  /** The board the candidate applied through, e.g. `careers`, `linkedin`. */
  source: string;
  /**
   * Voluntary self-identification answers, stored apart (`self_identifications`) in the apply transaction and never
   * shown per application or candidate: only the adverse-impact report reads them, in aggregate.
   */
  selfIdentification?: SelfIdentificationAnswers;
  /** Consent to the organization's privacy notice, given on the form: the version of the text shown. */
  consent?: { textVersion: string };
}

export interface BoardApplyResult {
  candidateId: string;
  applicationId: string;
  candidateCreated: boolean;
}

export interface BulkItemResult {
  id: string;
  ok: boolean;
  status: number;
  error?: { code: string; detail: string };
  application?: ApplicationView;
}

export function toApplicationView(r: ApplicationRow): ApplicationView {
  return {
    id: r.id,
    candidateId: r.candidate_id,
    jobId: r.job_id,
    stageId: r.stage_id,
    status: r.status,
    source: r.source,
    version: r.version,
    appliedAt: new Date(r.applied_at).toISOString(),
    stageEnteredAt: new Date(r.stage_entered_at).toISOString(),
    rejectionReasonId: r.rejection_reason_id,
    rejectionNote: r.rejection_note,
    closedAt: r.closed_at ? new Date(r.closed_at).toISOString() : null,
  };
}

/**
 * Applications: the reads (one application with its history, counts per stage). Changes live in
 * ApplicationIntake (create, applyFromBoard) and ApplicationMoves (move, reject, withdraw, reopen,
 * bulk, moveWithin, rejectWithin): every change locks the application row, checks its version and
 * status, writes the move history, the audit entry, the timeline event and the outbox event in one
 * transaction: of concurrent moves with one expectedVersion exactly one wins, the rest get 409.
 */
@Injectable()
export class ApplicationsService {
  constructor(
    private readonly txHost: TransactionHost<TransactionalAdapterTypeOrm>,
    private readonly access: AccessPolicy,
    private readonly jobReads: JobReadsService,
  ) {}

  // ---- read ---------------------------------------------------------------------------------

  async get(
    scope: PipelineScope,
    id: string,
  ): Promise<ApplicationView & { candidateName: string; jobTitle: string; stageName: string; coverLetter: string | null; moves: MoveView[] }> {
    const [row]: (ApplicationRow & { candidate_name: string; cover_letter: string | null })[] = await this.txHost.tx.query(
      `SELECT ${APP_COLUMNS}, a.cover_letter, c.full_name AS candidate_name
         FROM applications a JOIN candidates c ON c.id = a.candidate_id
        WHERE a.id = $1 AND a.organization_id = $2 AND a.merged_into_id IS NULL`,
      [id, scope.organizationId],
    );
    if (!row) throw applicationNotFound();
    await this.access.assertCan(
      scope,
      Action.Read,
      { resource: Resource.Application, jobId: row.job_id, applicationId: row.id },
      { hidden: applicationNotFound, forbidden },
    );
    const [titles, stages] = await Promise.all([
      this.jobReads.titles(scope.organizationId, [row.job_id]),
      this.jobReads.stagesByIds(scope.organizationId, [row.stage_id]),
    ]);
    const moves: Record<string, unknown>[] = await this.txHost.tx.query(
      `SELECT id, kind, from_stage_id, to_stage_id, from_status, to_status, actor_id, note, seconds_in_stage, moved_at
         FROM application_moves WHERE application_id = $1 ORDER BY moved_at, id`,
      [id],
    );
    return {
      ...toApplicationView(row),
      candidateName: row.candidate_name,
      jobTitle: titles.get(row.job_id) ?? '',
      stageName: stages.get(row.stage_id)?.name ?? '',
      coverLetter: row.cover_letter,
      moves: moves.map((m) => ({
        id: m.id as string,
        kind: m.kind as MoveKind,
        fromStageId: m.from_stage_id as string | null,
        toStageId: m.to_stage_id as string | null,
        fromStatus: m.from_status as string | null,
        toStatus: m.to_status as string,
        actorId: m.actor_id as string | null,
        note: m.note as string | null,
        secondsInStage: m.seconds_in_stage === null ? null : Number(m.seconds_in_stage),
        movedAt: (m.moved_at as Date).toISOString(),
      })),
    };
  }

  /** Applications per stage (any status): the jobs module refuses to remove an occupied stage. */
  async countByStage(organizationId: string, jobId: string, stageIds: string[]): Promise<Map<string, number>> {
    const rows: { stage_id: string; n: number }[] = await this.txHost.tx.query(
      `SELECT stage_id, count(*)::int AS n FROM applications WHERE organization_id = $1 AND job_id = $2 AND stage_id = ANY($3::uuid[]) GROUP BY stage_id`,
      [organizationId, jobId, stageIds],
    );
    return new Map(rows.map((r) => [r.stage_id, r.n]));
  }

  /** Applicants per job (the jobs list), one grouped query over the board index. */
  async countByJobs(organizationId: string, jobIds: string[]): Promise<Map<string, { total: number; active: number }>> {
    const rows: { job_id: string; total: number; active: number }[] = await this.txHost.tx.query(APPLICANTS_BY_JOB_SQL, [organizationId, jobIds]);
    return new Map(rows.map((r) => [r.job_id, { total: r.total, active: r.active }]));
  }
}
