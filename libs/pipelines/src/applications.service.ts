import { Injectable, Logger } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { AuthUser } from '../../identity/src/index.js';
import { JobReadsService, JobsService, type JobStage, JobStatus } from '../../jobs/src/index.js';
import { AuditService, DomainException, isUniqueViolation, JobName, OutboxService, statusOfKind } from '../../platform/src/index.js';
import { AccessPolicy, type AccessScope as PipelineScope, Action, Resource } from '../../jobs/src/index.js';
import { ActivityService } from './activity.service.js';
import { CandidatesService } from './candidates.service.js';
import { BulkAction, BulkApplicationsDto, CreateApplicationDto } from './dto/application.dto.js';
import { ActivityKind, ApplicationStatus, MoveKind } from './pipeline.types.js';
import { applicationNotFound, forbidden, jobNotFound, PipelinesErrorCode, PipelinesException, staleVersion } from './pipelines.exception.js';
import { updateReturning } from './candidate-fields.js';
import { RejectionReasonsService } from './rejection-reasons.service.js';

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

interface ApplicationRow {
  id: string;
  organization_id: string;
  candidate_id: string;
  job_id: string;
  stage_id: string;
  status: ApplicationStatus;
  source: string | null;
  version: number;
  applied_at: Date;
  stage_entered_at: Date;
  rejection_reason_id: string | null;
  rejection_note: string | null;
  closed_at: Date | null;
}

interface StageRow {
  id: string;
  job_id: string;
  name: string;
  kind: string;
  position: number;
}

/** A stage of the jobs module's plan, in the row shape this service uses. */
const toStageRow = (s: JobStage): StageRow => ({ id: s.id, job_id: s.jobId, name: s.name, kind: s.kind, position: s.position });

const APP_COLUMNS = `a.id, a.organization_id, a.candidate_id, a.job_id, a.stage_id, a.status, a.source, a.version, a.applied_at, a.stage_entered_at,
  a.rejection_reason_id, a.rejection_note, a.closed_at`;

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

type Transition = {
  kind: MoveKind.Rejected | MoveKind.Withdrawn | MoveKind.Reopened;
  note?: string;
  expectedVersion?: number;
  reasonId?: string;
  notifyCandidate?: boolean;
};

/**
 * Applications and their moves. Every change locks the application row, checks its version and
 * status, writes the move history, the audit entry, the timeline event and the outbox event in one
 * transaction: of concurrent moves with one expectedVersion exactly one wins, the rest get 409.
 */
@Injectable()
export class ApplicationsService {
  private readonly logger = new Logger(ApplicationsService.name);

  constructor(
    private readonly dataSource: DataSource,
    private readonly audit: AuditService,
    private readonly outbox: OutboxService,
    private readonly activity: ActivityService,
    private readonly access: AccessPolicy,
    private readonly candidates: CandidatesService,
    private readonly reasons: RejectionReasonsService,
    private readonly jobs: JobsService,
    private readonly jobReads: JobReadsService,
  ) {}

  // ---- create -------------------------------------------------------------------------------

  async create(actor: AuthUser, scope: PipelineScope, input: CreateApplicationDto): Promise<ApplicationView> {
    const run = () =>
      this.dataSource.transaction(async (manager) => {
        const { firstStage } = await this.openJob(manager, scope, input.jobId, 'jobId');
        let candidateId: string;
        if (input.candidate) {
          candidateId = (
            await this.candidates.insertCandidate(
              manager,
              actor.organizationId,
              { ...input.candidate, source: input.candidate.source ?? input.source },
              actor.id,
            )
          ).id;
        } else {
          candidateId = input.candidateId!;
          const rows = await manager.query<unknown[]>(`SELECT c.id FROM candidates c WHERE c.id = $1 AND c.organization_id = $2 AND c.merged_into_id IS NULL`, [
            candidateId,
            actor.organizationId,
          ]);
          if (rows.length === 0) {
            throw new PipelinesException(PipelinesErrorCode.CandidateNotFound, 'No such candidate.', {
              errors: [{ field: 'candidateId', message: 'no such candidate' }],
            });
          }
        }
        const row = await this.insertApplication(manager, actor.organizationId, {
          candidateId,
          jobId: input.jobId,
          stage: firstStage,
          source: input.source ?? null,
          actorId: actor.id,
        });
        return toApplicationView(row);
      });
    return this.candidates.withEmailConflicts(actor.organizationId, input.candidate?.emails, () => this.mapActiveConflict(run));
  }

  /**
   * Public apply (postings): creates or reuses the candidate (normalised email, within the
   * organization) and an application in the job's first stage, tagged with the board as source.
   * 404 for an unknown job, 409 for a closed job or an existing active application. With `manager`
   * it joins the caller's transaction.
   */
  /**
   * `alsoInTransaction` runs after the application is created, inside the same transaction (and again
   * on a retry), e.g. to store the applicant's resume file: if it throws, nothing is written.
   */
  async applyFromBoard(
    organizationId: string,
    jobId: string,
    input: BoardApplyInput,
    manager?: EntityManager,
    alsoInTransaction?: (manager: EntityManager, result: BoardApplyResult) => Promise<void>,
  ): Promise<BoardApplyResult> {
    const apply = async (m: EntityManager): Promise<BoardApplyResult> => {
      const job = await this.jobReads.jobStatus(organizationId, jobId, m);
      if (!job) throw jobNotFound();
      if (job.status === JobStatus.Closed) throw new PipelinesException(PipelinesErrorCode.JobClosed, 'This job is closed.');
      const firstStage = await this.firstStage(m, organizationId, jobId);
      let candidateId = await this.candidates.findIdByEmail(m, organizationId, input.email);
      const candidateCreated = !candidateId;
      if (!candidateId) {
        candidateId = (
          await this.candidates.insertCandidate(
            m,
            organizationId,
            {
              firstName: input.firstName,
              lastName: input.lastName,
              emails: [input.email],
              phones: input.phone ? [input.phone] : [],
              resumeText: input.resumeText,
              source: input.source,
            },
            null,
          )
        ).id;
      } else if (input.resumeText || input.phone) {
        // A returning candidate: keep what they sent without overwriting what a recruiter curated.
        await m.query(
          `UPDATE candidates SET resume_text = coalesce(resume_text, $2),
                  phones = CASE WHEN $3::text IS NULL OR $3 = ANY(phones) THEN phones ELSE array_append(phones, $3) END, version = version + 1, updated_at = now()
            WHERE id = $1`,
          [candidateId, input.resumeText ?? null, input.phone ? input.phone.replace(/(?!^\+)[^\d]/g, '') : null],
        );
      }
      const row = await this.insertApplication(m, organizationId, {
        candidateId,
        jobId,
        stage: firstStage,
        source: input.source,
        actorId: null,
        coverLetter: input.coverLetter ?? null,
      });
      const result = { candidateId, applicationId: row.id, candidateCreated };
      await alsoInTransaction?.(m, result);
      return result;
    };
    if (manager) return apply(manager);
    for (let attempt = 1; ; attempt++) {
      try {
        return await this.mapActiveConflict(() => this.dataSource.transaction(apply));
      } catch (error) {
        // Two first applications with one new email at once: the loser retries and reuses the candidate.
        if (attempt < 3 && isUniqueViolation(error, 'candidate_emails_pkey')) continue;
        throw error;
      }
    }
  }

  private async mapActiveConflict<T>(run: () => Promise<T>): Promise<T> {
    try {
      return await run();
    } catch (error) {
      if (isUniqueViolation(error, 'applications_one_active_key')) throw activeExists();
      throw error;
    }
  }

  private async openJob(manager: EntityManager, scope: PipelineScope, jobId: string, field: string): Promise<{ firstStage: StageRow }> {
    const job = await this.jobReads.jobStatus(scope.organizationId, jobId, manager);
    if (!job) throw jobNotFound(field);
    await this.access.assertCan(scope, Action.Write, { resource: Resource.Application, jobId: job.id }, { hidden: () => jobNotFound(field), forbidden });
    if (job.status === JobStatus.Closed)
      throw new PipelinesException(PipelinesErrorCode.JobClosed, 'This job is closed.', { errors: [{ field, message: 'job is closed' }] });
    return { firstStage: await this.firstStage(manager, scope.organizationId, jobId, field) };
  }

  private async firstStage(manager: EntityManager, organizationId: string, jobId: string, field = 'jobId'): Promise<StageRow> {
    const [first] = await this.jobs.getStages(organizationId, jobId, manager);
    const stage = first ? toStageRow(first) : null;
    if (!stage)
      throw new PipelinesException(PipelinesErrorCode.JobHasNoStages, 'The job has no interview plan stages.', {
        errors: [{ field, message: 'job has no stages' }],
      });
    return stage;
  }

  /** Inserts an active application in the given stage with its first history row, audited and published. */
  private async insertApplication(
    manager: EntityManager,
    organizationId: string,
    input: { candidateId: string; jobId: string; stage: StageRow; source: string | null; actorId: string | null; coverLetter?: string | null },
  ): Promise<ApplicationRow> {
    const existing: { id: string }[] = await manager.query(`SELECT id FROM applications WHERE candidate_id = $1 AND job_id = $2 AND status = 'active'`, [
      input.candidateId,
      input.jobId,
    ]);
    if (existing.length) throw activeExists(existing[0].id);
    const [row]: ApplicationRow[] = await manager.query(
      `INSERT INTO applications AS a (organization_id, candidate_id, job_id, stage_id, source, created_by, cover_letter) VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING ${APP_COLUMNS}`,
      [organizationId, input.candidateId, input.jobId, input.stage.id, input.source, input.actorId, input.coverLetter ?? null],
    );
    await manager.query(
      `INSERT INTO application_moves (organization_id, application_id, job_id, kind, to_stage_id, to_status, actor_id, moved_at) VALUES ($1, $2, $3, 'created', $4, 'active', $5, $6)`,
      [organizationId, row.id, row.job_id, row.stage_id, input.actorId, row.applied_at],
    );
    await this.audit.record(manager, {
      organizationId,
      actorId: input.actorId,
      entityType: 'application',
      entityId: row.id,
      action: 'create',
      changes: { candidateId: { to: row.candidate_id }, jobId: { to: row.job_id }, stageId: { to: row.stage_id }, source: { to: row.source } },
    });
    await this.activity.record(manager, {
      organizationId,
      candidateId: row.candidate_id,
      applicationId: row.id,
      jobId: row.job_id,
      kind: ActivityKind.ApplicationCreated,
      actorId: input.actorId,
      payload: { stageId: row.stage_id, stageName: input.stage.name, source: row.source },
    });
    await this.outbox.publish(manager, {
      jobName: JobName.PipelinesApplicationCreated,
      organizationId,
      aggregateType: 'application',
      aggregateId: row.id,
      payload: { applicationId: row.id, candidateId: row.candidate_id, jobId: row.job_id, stageId: row.stage_id, source: row.source },
    });
    return row;
  }

  // ---- read ---------------------------------------------------------------------------------

  async get(
    scope: PipelineScope,
    id: string,
  ): Promise<ApplicationView & { candidateName: string; jobTitle: string; stageName: string; coverLetter: string | null; moves: MoveView[] }> {
    const [row]: (ApplicationRow & { candidate_name: string; cover_letter: string | null })[] = await this.dataSource.query(
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
    const moves: Record<string, unknown>[] = await this.dataSource.query(
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
    const rows: { stage_id: string; n: number }[] = await this.dataSource.query(
      `SELECT stage_id, count(*)::int AS n FROM applications WHERE organization_id = $1 AND job_id = $2 AND stage_id = ANY($3::uuid[]) GROUP BY stage_id`,
      [organizationId, jobId, stageIds],
    );
    return new Map(rows.map((r) => [r.stage_id, r.n]));
  }

  // ---- changes ------------------------------------------------------------------------------

  /** Locks the application: 404 when invisible, 403 when read-only for this user, 409 on a stale version. */
  private async lock(manager: EntityManager, scope: PipelineScope, id: string): Promise<ApplicationRow> {
    const [row]: ApplicationRow[] = await manager.query(
      `SELECT ${APP_COLUMNS} FROM applications a WHERE a.id = $1 AND a.organization_id = $2 AND a.merged_into_id IS NULL FOR UPDATE`,
      [id, scope.organizationId],
    );
    if (!row) throw applicationNotFound();
    await this.access.assertCan(
      scope,
      Action.Write,
      { resource: Resource.Application, jobId: row.job_id, applicationId: row.id },
      { hidden: applicationNotFound, forbidden },
    );
    return row;
  }

  async move(
    actor: AuthUser,
    scope: PipelineScope,
    id: string,
    input: { toStageId: string; expectedVersion?: number; note?: string },
  ): Promise<ApplicationView> {
    return this.dataSource.transaction((manager) => this.moveWithin(manager, actor, scope, id, input));
  }

  /** A move inside the caller's transaction (a hire that must commit with its offer, a decision with its record). */
  async moveWithin(
    manager: EntityManager,
    actor: AuthUser,
    scope: PipelineScope,
    id: string,
    input: { toStageId: string; expectedVersion?: number; note?: string },
  ): Promise<ApplicationView> {
    const app = await this.lock(manager, scope, id);
    const found = (await this.jobReads.stagesByIds(actor.organizationId, [input.toStageId], manager)).get(input.toStageId);
    const stage = found ? toStageRow(found) : null;
    if (!stage || stage.job_id !== app.job_id) {
      throw new PipelinesException(PipelinesErrorCode.StageNotInJob, "The stage is not one of this application's job.", {
        errors: [{ field: 'toStageId', message: "not a stage of the application's job" }],
      });
    }
    if (input.expectedVersion !== undefined && app.version !== input.expectedVersion) throw staleVersion('expectedVersion', app.version);
    if (app.status !== ApplicationStatus.Active) throw notActive(app.status);
    if (stage.id === app.stage_id) {
      throw new PipelinesException(PipelinesErrorCode.AlreadyInStage, 'The application is already in this stage.', {
        errors: [{ field: 'toStageId', message: 'already in this stage' }],
      });
    }
    const hired = stage.kind === 'hired';
    const row = (await updateReturning<ApplicationRow>(
      manager,
      `UPDATE applications a SET stage_id = $2, stage_entered_at = now(), status = $3, closed_at = CASE WHEN $3 = 'hired' THEN now() END,
              version = a.version + 1, updated_at = now()
        WHERE a.id = $1 RETURNING ${APP_COLUMNS}`,
      [id, stage.id, hired ? ApplicationStatus.Hired : ApplicationStatus.Active],
    ))!;
    const kind = hired ? MoveKind.Hired : MoveKind.Moved;
    await this.recordChange(manager, actor, app, row, kind, input.note ?? null, { toStageName: stage.name });
    await this.outbox.publish(manager, {
      jobName: JobName.PipelinesApplicationMoved,
      organizationId: actor.organizationId,
      aggregateType: 'application',
      aggregateId: id,
      payload: {
        applicationId: id,
        jobId: row.job_id,
        candidateId: row.candidate_id,
        fromStageId: app.stage_id,
        toStageId: row.stage_id,
        status: row.status,
        version: row.version,
      },
    });
    return toApplicationView(row);
  }

  async reject(
    actor: AuthUser,
    scope: PipelineScope,
    id: string,
    input: { reasonId: string; note?: string; notifyCandidate?: boolean; expectedVersion?: number },
  ) {
    return this.transition(actor, scope, id, { kind: MoveKind.Rejected, ...input });
  }

  async withdraw(actor: AuthUser, scope: PipelineScope, id: string, input: { note?: string; expectedVersion?: number }) {
    return this.transition(actor, scope, id, { kind: MoveKind.Withdrawn, ...input });
  }

  async reopen(actor: AuthUser, scope: PipelineScope, id: string, input: { note?: string; expectedVersion?: number }) {
    return this.mapActiveConflict(() => this.transition(actor, scope, id, { kind: MoveKind.Reopened, ...input }));
  }

  /** A rejection inside the caller's transaction (a hiring decision that must commit with its record). */
  rejectWithin(
    manager: EntityManager,
    actor: AuthUser,
    scope: PipelineScope,
    id: string,
    input: { reasonId: string; note?: string; expectedVersion?: number },
  ) {
    return this.transitionIn(manager, actor, scope, id, { kind: MoveKind.Rejected, ...input });
  }

  private transition(actor: AuthUser, scope: PipelineScope, id: string, t: Transition): Promise<ApplicationView> {
    return this.dataSource.transaction((manager) => this.transitionIn(manager, actor, scope, id, t));
  }

  private async transitionIn(manager: EntityManager, actor: AuthUser, scope: PipelineScope, id: string, t: Transition): Promise<ApplicationView> {
    const app = await this.lock(manager, scope, id);
    if (t.kind === MoveKind.Rejected) await this.reasons.assertExists(manager, actor.organizationId, t.reasonId!);
    if (t.expectedVersion !== undefined && app.version !== t.expectedVersion) throw staleVersion('expectedVersion', app.version);
    let row: ApplicationRow;
    if (t.kind === MoveKind.Reopened) {
      if (app.status !== ApplicationStatus.Rejected && app.status !== ApplicationStatus.Withdrawn) {
        throw new PipelinesException(
          PipelinesErrorCode.ApplicationNotClosed,
          `Only a rejected or withdrawn application can be reopened (this one is ${app.status}).`,
          {
            extensions: { currentStatus: app.status },
          },
        );
      }
      const others: { id: string }[] = await manager.query(
        `SELECT id FROM applications WHERE candidate_id = $1 AND job_id = $2 AND status = 'active' AND id <> $3`,
        [app.candidate_id, app.job_id, id],
      );
      if (others.length) throw activeExists(others[0].id);
      row = (await updateReturning<ApplicationRow>(
        manager,
        `UPDATE applications a SET status = 'active', rejection_reason_id = NULL, rejection_note = NULL, closed_at = NULL, stage_entered_at = now(),
                version = a.version + 1, updated_at = now() WHERE a.id = $1 RETURNING ${APP_COLUMNS}`,
        [id],
      ))!;
    } else {
      if (app.status !== ApplicationStatus.Active) throw notActive(app.status);
      const status = t.kind === MoveKind.Rejected ? ApplicationStatus.Rejected : ApplicationStatus.Withdrawn;
      row = (await updateReturning<ApplicationRow>(
        manager,
        `UPDATE applications a SET status = $2, rejection_reason_id = $3, rejection_note = $4, closed_at = now(), version = a.version + 1, updated_at = now()
          WHERE a.id = $1 RETURNING ${APP_COLUMNS}`,
        [id, status, t.reasonId ?? null, t.kind === MoveKind.Rejected ? (t.note ?? null) : null],
      ))!;
    }
    await this.recordChange(manager, actor, app, row, t.kind, t.note ?? null, { reasonId: t.reasonId, notifyCandidate: t.notifyCandidate ?? false });
    const jobName =
      t.kind === MoveKind.Rejected
        ? JobName.PipelinesApplicationRejected
        : t.kind === MoveKind.Withdrawn
          ? JobName.PipelinesApplicationWithdrawn
          : JobName.PipelinesApplicationReopened;
    await this.outbox.publish(manager, {
      jobName,
      organizationId: actor.organizationId,
      aggregateType: 'application',
      aggregateId: id,
      payload: {
        applicationId: id,
        jobId: row.job_id,
        candidateId: row.candidate_id,
        status: row.status,
        version: row.version,
        ...(t.kind === MoveKind.Rejected ? { reasonId: t.reasonId, notifyCandidate: t.notifyCandidate ?? false } : {}),
      },
    });
    return toApplicationView(row);
  }

  /** History row (with the time spent in the stage left), audit entry and timeline event of one change. */
  private async recordChange(
    manager: EntityManager,
    actor: AuthUser,
    before: ApplicationRow,
    after: ApplicationRow,
    kind: MoveKind,
    note: string | null,
    extra: Record<string, unknown>,
  ): Promise<void> {
    await manager.query(
      `INSERT INTO application_moves (organization_id, application_id, job_id, kind, from_stage_id, to_stage_id, from_status, to_status, actor_id, note, seconds_in_stage, moved_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, GREATEST(0, floor(extract(epoch FROM ($11::timestamptz - $12::timestamptz))))::bigint, $11)`,
      [
        actor.organizationId,
        after.id,
        after.job_id,
        kind,
        before.stage_id,
        after.stage_id,
        before.status,
        after.status,
        actor.id,
        note,
        new Date(after.stage_entered_at > before.stage_entered_at ? after.stage_entered_at : (after.closed_at ?? new Date())).toISOString(),
        new Date(before.stage_entered_at).toISOString(),
      ],
    );
    const changes: Record<string, { from?: unknown; to?: unknown }> = {};
    if (before.stage_id !== after.stage_id) changes.stageId = { from: before.stage_id, to: after.stage_id };
    if (before.status !== after.status) changes.status = { from: before.status, to: after.status };
    if (before.rejection_reason_id !== after.rejection_reason_id)
      changes.rejectionReasonId = { from: before.rejection_reason_id, to: after.rejection_reason_id };
    changes.version = { from: before.version, to: after.version };
    await this.audit.record(manager, {
      organizationId: actor.organizationId,
      actorId: actor.id,
      entityType: 'application',
      entityId: after.id,
      action: kind,
      changes,
    });
    const activityKind: Record<MoveKind, ActivityKind> = {
      [MoveKind.Created]: ActivityKind.ApplicationCreated,
      [MoveKind.Moved]: ActivityKind.ApplicationMoved,
      [MoveKind.Hired]: ActivityKind.ApplicationHired,
      [MoveKind.Rejected]: ActivityKind.ApplicationRejected,
      [MoveKind.Withdrawn]: ActivityKind.ApplicationWithdrawn,
      [MoveKind.Reopened]: ActivityKind.ApplicationReopened,
    };
    await this.activity.record(manager, {
      organizationId: actor.organizationId,
      candidateId: after.candidate_id,
      applicationId: after.id,
      jobId: after.job_id,
      kind: activityKind[kind],
      actorId: actor.id,
      payload: { fromStageId: before.stage_id, toStageId: after.stage_id, fromStatus: before.status, toStatus: after.status, note, ...extra },
    });
  }

  // ---- bulk ---------------------------------------------------------------------------------

  /** Each item in its own transaction; one failure never hides another item's result. */
  async bulk(actor: AuthUser, scope: PipelineScope, input: BulkApplicationsDto): Promise<{ results: BulkItemResult[] }> {
    if (input.action === BulkAction.Move) {
      const stages = await this.jobReads.stagesByIds(actor.organizationId, [input.toStageId!]);
      if (stages.size === 0) {
        throw new PipelinesException(PipelinesErrorCode.StageNotInJob, 'No such stage.', { errors: [{ field: 'toStageId', message: 'no such stage' }] });
      }
    } else {
      await this.reasons.assertExists(this.dataSource.manager, actor.organizationId, input.reasonId!);
    }
    const results: BulkItemResult[] = [];
    for (const id of input.ids) {
      try {
        const application =
          input.action === BulkAction.Move
            ? await this.move(actor, scope, id, { toStageId: input.toStageId!, note: input.note })
            : await this.reject(actor, scope, id, { reasonId: input.reasonId!, note: input.note, notifyCandidate: input.notifyCandidate });
        results.push({ id, ok: true, status: 200, application });
      } catch (error: unknown) {
        if (!(error instanceof DomainException)) {
          this.logger.error({ err: error, applicationId: id }, 'Bulk item failed');
          results.push({ id, ok: false, status: 500, error: { code: 'internal', detail: 'Unexpected error; nothing was changed for this item.' } });
          continue;
        }
        results.push({ id, ok: false, status: statusOfKind(error.kind), error: { code: error.code, detail: error.message } });
      }
    }
    return { results };
  }
}

function activeExists(existingApplicationId?: string): PipelinesException {
  return new PipelinesException(PipelinesErrorCode.ActiveApplicationExists, 'The candidate already has an active application to this job.', {
    ...(existingApplicationId ? { extensions: { existingApplicationId } } : {}),
  });
}

function notActive(status: string): PipelinesException {
  return new PipelinesException(PipelinesErrorCode.ApplicationNotActive, `The application is ${status}; only active applications can change.`, {
    extensions: { currentStatus: status },
  });
}
