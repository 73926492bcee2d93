import { TransactionHost } from '@nestjs-cls/transactional';
import type { TransactionalAdapterTypeOrm } from '@nestjs-cls/transactional-adapter-typeorm';
import { Injectable, Logger } from '@nestjs/common';
import { AuthUser } from '../../identity/src/index.js';
import { JobReadsService } from '../../jobs/src/index.js';
import { AuditService, DomainEvents, DomainEventType, DomainException, JobName, OutboxService, statusOfKind } from '../../platform/src/index.js';
import { AccessPolicy, type AccessScope as PipelineScope, Action, Resource } from '../../jobs/src/index.js';
import { ActivityService } from './activity.service.js';
import { ApplicationBulkMoves } from './application-bulk-moves.service.js';
import { BulkAction, BulkApplicationsDto } from './dto/application.dto.js';
import { ActivityKind, ApplicationStatus, MoveKind } from './pipeline.types.js';
import { applicationNotFound, forbidden, PipelinesErrorCode, PipelinesException, staleVersion } from './pipelines.exception.js';
import { updateReturning } from './candidate-fields.js';
import { RejectionReasonsService } from './rejection-reasons.service.js';
import { toApplicationView, type ApplicationView, type BulkItemResult } from './applications.service.js';
import { activeExists, APP_COLUMNS, mapActiveConflict, notActive, toStageRow, type ApplicationRow } from './application-rows.js';

/** Who makes a change: a signed-in user, or nobody (the candidate through a signed link; recorded with no actor). */
type MoveActor = { id: string | null; organizationId: string };

type Transition = {
  kind: MoveKind.Rejected | MoveKind.Withdrawn | MoveKind.Reopened;
  note?: string;
  expectedVersion?: number;
  reasonId?: string;
  notifyCandidate?: boolean;
};

/**
 * Moves of applications (move, reject, withdraw, reopen, bulk; `moveWithin` / `rejectWithin` for hires and decisions). Every change locks the application row, checks its version and
 * status, writes the move history, the audit entry, the timeline event and the outbox event in one
 * transaction: of concurrent moves with one expectedVersion exactly one wins, the rest get 409.
 */
@Injectable()
export class ApplicationMoves {
  private readonly logger = new Logger(ApplicationMoves.name);

  constructor(
    private readonly txHost: TransactionHost<TransactionalAdapterTypeOrm>,
    private readonly audit: AuditService,
    private readonly outbox: OutboxService,
    private readonly activity: ActivityService,
    private readonly access: AccessPolicy,
    private readonly reasons: RejectionReasonsService,
    private readonly bulkMoves: ApplicationBulkMoves,
    private readonly jobReads: JobReadsService,
    private readonly events: DomainEvents,
  ) {}

  // ---- changes ------------------------------------------------------------------------------

  /** Locks the application: 404 when invisible, 403 when read-only for this user, 409 on a stale version. */
  private async lock(scope: PipelineScope, id: string): Promise<ApplicationRow> {
    const row = await this.lockRow(scope.organizationId, id);
    await this.access.assertCan(
      scope,
      Action.Write,
      { resource: Resource.Application, jobId: row.job_id, applicationId: row.id },
      { hidden: applicationNotFound, forbidden },
    );
    return row;
  }

  private async lockRow(organizationId: string, id: string): Promise<ApplicationRow> {
    const [row]: ApplicationRow[] = await this.txHost.tx.query(
      `SELECT ${APP_COLUMNS} FROM applications a WHERE a.id = $1 AND a.organization_id = $2 AND a.merged_into_id IS NULL FOR UPDATE`,
      [id, organizationId],
    );
    if (!row) throw applicationNotFound();
    return row;
  }

  async move(
    actor: AuthUser,
    scope: PipelineScope,
    id: string,
    input: { toStageId: string; expectedVersion?: number; note?: string },
  ): Promise<ApplicationView> {
    return this.txHost.withTransaction(() => this.moveWithin(actor, scope, id, input));
  }

  /** A move inside the caller's transaction (a hire that must commit with its offer, a decision with its record). */
  async moveWithin(
    actor: AuthUser,
    scope: PipelineScope,
    id: string,
    input: { toStageId: string; expectedVersion?: number; note?: string },
  ): Promise<ApplicationView> {
    return this.moveIn(actor, () => this.lock(scope, id), id, input);
  }

  /**
   * The candidate's own move (they accepted their offer through its signed link, which the offers module checked): the
   * move of `moveWithin` inside the caller's transaction, recorded with no user (history, audit and timeline name nobody).
   */
  async moveAsCandidate(organizationId: string, id: string, input: { toStageId: string; note?: string }): Promise<ApplicationView> {
    return this.moveIn({ id: null, organizationId }, () => this.lockRow(organizationId, id), id, input);
  }

  private async moveIn(
    actor: MoveActor,
    lock: () => Promise<ApplicationRow>,
    id: string,
    input: { toStageId: string; expectedVersion?: number; note?: string },
  ): Promise<ApplicationView> {
    return this.txHost.withTransaction(async () => {
      const app = await lock();
      const found = (await this.jobReads.stagesByIds(actor.organizationId, [input.toStageId])).get(input.toStageId);
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
        this.txHost.tx,
        `UPDATE applications a SET stage_id = $2, stage_entered_at = now(), status = $3, closed_at = CASE WHEN $3 = 'hired' THEN now() END,
                version = a.version + 1, updated_at = now()
          WHERE a.id = $1 RETURNING ${APP_COLUMNS}`,
        [id, stage.id, hired ? ApplicationStatus.Hired : ApplicationStatus.Active],
      ))!;
      const kind = hired ? MoveKind.Hired : MoveKind.Moved;
      await this.recordChange(actor, app, row, kind, input.note ?? null, { toStageName: stage.name });
      await this.outbox.publish({
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
      const view = toApplicationView(row);
      await this.events.publish({
        type: hired ? DomainEventType.ApplicationHired : DomainEventType.ApplicationStageChanged,
        organizationId: actor.organizationId,
        aggregateType: 'application',
        aggregateId: id,
        data: view,
      });
      return view;
    });
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
    return mapActiveConflict(() => this.transition(actor, scope, id, { kind: MoveKind.Reopened, ...input }));
  }

  /** A rejection inside the caller's transaction (a hiring decision that must commit with its record). */
  async rejectWithin(actor: AuthUser, scope: PipelineScope, id: string, input: { reasonId: string; note?: string; expectedVersion?: number }) {
    return this.txHost.withTransaction(async () => {
      return this.transitionIn(actor, scope, id, { kind: MoveKind.Rejected, ...input });
    });
  }

  private transition(actor: AuthUser, scope: PipelineScope, id: string, t: Transition): Promise<ApplicationView> {
    return this.txHost.withTransaction(() => this.transitionIn(actor, scope, id, t));
  }

  private async transitionIn(actor: AuthUser, scope: PipelineScope, id: string, t: Transition): Promise<ApplicationView> {
    const app = await this.lock(scope, id);
    if (t.kind === MoveKind.Rejected) await this.reasons.assertExists(actor.organizationId, t.reasonId!);
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
      const others: { id: string }[] = await this.txHost.tx.query(
        `SELECT id FROM applications WHERE candidate_id = $1 AND job_id = $2 AND status = 'active' AND id <> $3`,
        [app.candidate_id, app.job_id, id],
      );
      if (others.length) throw activeExists(others[0].id);
      row = (await updateReturning<ApplicationRow>(
        this.txHost.tx,
        `UPDATE applications a SET status = 'active', rejection_reason_id = NULL, rejection_note = NULL, closed_at = NULL, stage_entered_at = now(),
                version = a.version + 1, updated_at = now() WHERE a.id = $1 RETURNING ${APP_COLUMNS}`,
        [id],
      ))!;
    } else {
      if (app.status !== ApplicationStatus.Active) throw notActive(app.status);
      const status = t.kind === MoveKind.Rejected ? ApplicationStatus.Rejected : ApplicationStatus.Withdrawn;
      row = (await updateReturning<ApplicationRow>(
        this.txHost.tx,
        `UPDATE applications a SET status = $2, rejection_reason_id = $3, rejection_note = $4, closed_at = now(), version = a.version + 1, updated_at = now()
          WHERE a.id = $1 RETURNING ${APP_COLUMNS}`,
        [id, status, t.reasonId ?? null, t.kind === MoveKind.Rejected ? (t.note ?? null) : null],
      ))!;
    }
    await this.recordChange(actor, app, row, t.kind, t.note ?? null, { reasonId: t.reasonId, notifyCandidate: t.notifyCandidate ?? false });
    const jobName =
      t.kind === MoveKind.Rejected
        ? JobName.PipelinesApplicationRejected
        : t.kind === MoveKind.Withdrawn
          ? JobName.PipelinesApplicationWithdrawn
          : JobName.PipelinesApplicationReopened;
    await this.outbox.publish({
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
    const view = toApplicationView(row);
    await this.events.publish({
      type:
        t.kind === MoveKind.Rejected
          ? DomainEventType.ApplicationRejected
          : t.kind === MoveKind.Withdrawn
            ? DomainEventType.ApplicationWithdrawn
            : DomainEventType.ApplicationReopened,
      organizationId: actor.organizationId,
      aggregateType: 'application',
      aggregateId: id,
      data: view,
    });
    return view;
  }

  /** History row (with the time spent in the stage left), audit entry and timeline event of one change. */
  private async recordChange(
    actor: MoveActor,
    before: ApplicationRow,
    after: ApplicationRow,
    kind: MoveKind,
    note: string | null,
    extra: Record<string, unknown>,
  ): Promise<void> {
    await this.txHost.tx.query(
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
    await this.audit.record({
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
    await this.activity.record({
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

  /**
   * Moves: one transaction for the whole list, each item checked and reported on its own (ApplicationBulkMoves).
   * Rejections: each item in its own transaction; one failure never hides another item's result.
   */
  async bulk(actor: AuthUser, scope: PipelineScope, input: BulkApplicationsDto): Promise<{ results: BulkItemResult[] }> {
    if (input.action === BulkAction.Move) {
      const stage = (await this.jobReads.stagesByIds(actor.organizationId, [input.toStageId!])).get(input.toStageId!);
      if (!stage) {
        throw new PipelinesException(PipelinesErrorCode.StageNotInJob, 'No such stage.', { errors: [{ field: 'toStageId', message: 'no such stage' }] });
      }
      try {
        return { results: await this.bulkMoves.move(actor, scope, input.ids, toStageRow(stage), input.note ?? null) };
      } catch (error: unknown) {
        this.logger.error({ err: error }, 'Bulk move failed');
        const detail = 'Unexpected error; nothing was changed for this item.';
        return { results: input.ids.map((id) => ({ id, ok: false, status: 500, error: { code: 'internal', detail } })) };
      }
    } else {
      await this.reasons.assertExists(actor.organizationId, input.reasonId!);
    }
    const results: BulkItemResult[] = [];
    for (const id of input.ids) {
      try {
        const application = await this.reject(actor, scope, id, { reasonId: input.reasonId!, note: input.note, notifyCandidate: input.notifyCandidate });
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
