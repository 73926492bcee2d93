import { TransactionHost } from '@nestjs-cls/transactional';
import type { TransactionalAdapterTypeOrm } from '@nestjs-cls/transactional-adapter-typeorm';
import { Injectable } from '@nestjs/common';
import { AuthUser } from '../../identity/src/index.js';
import { AccessPolicy, type AccessScope as PipelineScope, Action, Resource } from '../../jobs/src/index.js';
import { AuditService, DomainEvents, DomainEventType, DomainException, JobName, OutboxService, statusOfKind } from '../../platform/src/index.js';
import { ActivityService } from './activity.service.js';
import { APP_COLUMNS, notActive, type ApplicationRow, type StageRow } from './application-rows.js';
import { toApplicationView, type BulkItemResult } from './applications.service.js';
import { ActivityKind, ApplicationStatus, MoveKind } from './pipeline.types.js';
import { applicationNotFound, forbidden, PipelinesErrorCode, PipelinesException } from './pipelines.exception.js';

/**
 * A bulk move as one set-based change: one transaction locks every listed application (in id order, so two bulk
 * moves never deadlock), checks each one exactly as a single move does (visible, writable, active, the stage is of
 * its job and not its current one) and reports each failure on its own item, then writes the valid ones with one
 * UPDATE and one multi-row INSERT each for the move history, the audit log, the timeline and the outbox, and the
 * domain events a single move announces (`application.stage_changed`, or `application.hired`).
 * Of the listed items, the valid ones all move or (an unexpected database error) none does.
 */
@Injectable()
export class ApplicationBulkMoves {
  constructor(
    private readonly txHost: TransactionHost<TransactionalAdapterTypeOrm>,
    private readonly audit: AuditService,
    private readonly outbox: OutboxService,
    private readonly activity: ActivityService,
    private readonly access: AccessPolicy,
    private readonly events: DomainEvents,
  ) {}

  async move(actor: AuthUser, scope: PipelineScope, ids: string[], stage: StageRow, note: string | null): Promise<BulkItemResult[]> {
    return this.txHost.withTransaction(async () => {
      const locked = await this.txHost.tx.query<ApplicationRow[]>(
        `SELECT ${APP_COLUMNS} FROM applications a WHERE a.id = ANY($1::uuid[]) AND a.organization_id = $2 AND a.merged_into_id IS NULL ORDER BY a.id FOR UPDATE`,
        [ids, scope.organizationId],
      );
      const byId = new Map(locked.map((r) => [r.id, r]));
      const failures = new Map<string, BulkItemResult>();
      const valid: ApplicationRow[] = [];
      for (const id of ids) {
        try {
          valid.push(await this.check(scope, byId.get(id), stage));
        } catch (error: unknown) {
          if (!(error instanceof DomainException)) throw error;
          failures.set(id, { id, ok: false, status: statusOfKind(error.kind), error: { code: error.code, detail: error.message } });
        }
      }
      const moved = valid.length ? await this.write(actor, valid, stage, note) : new Map<string, ApplicationRow>();
      return ids.map((id): BulkItemResult => failures.get(id) ?? { id, ok: true, status: 200, application: toApplicationView(moved.get(id)!) });
    });
  }

  /** The checks of a single move, on a locked row. */
  private async check(scope: PipelineScope, app: ApplicationRow | undefined, stage: StageRow): Promise<ApplicationRow> {
    if (!app) throw applicationNotFound();
    await this.access.assertCan(
      scope,
      Action.Write,
      { resource: Resource.Application, jobId: app.job_id, applicationId: app.id },
      { hidden: applicationNotFound, forbidden },
    );
    if (stage.job_id !== app.job_id) {
      throw new PipelinesException(PipelinesErrorCode.StageNotInJob, "The stage is not one of this application's job.", {
        errors: [{ field: 'toStageId', message: "not a stage of the application's job" }],
      });
    }
    if (app.status !== ApplicationStatus.Active) throw notActive(app.status);
    if (stage.id === app.stage_id) {
      throw new PipelinesException(PipelinesErrorCode.AlreadyInStage, 'The application is already in this stage.', {
        errors: [{ field: 'toStageId', message: 'already in this stage' }],
      });
    }
    return app;
  }

  private async write(actor: AuthUser, before: ApplicationRow[], stage: StageRow, note: string | null): Promise<Map<string, ApplicationRow>> {
    const hired = stage.kind === 'hired';
    const kind = hired ? MoveKind.Hired : MoveKind.Moved;
    // TypeORM answers an UPDATE ... RETURNING with [rows, affected count].
    const [after] = await this.txHost.tx.query<[ApplicationRow[], number]>(
      `UPDATE applications a SET stage_id = $2, stage_entered_at = now(), status = $3, closed_at = CASE WHEN $3 = 'hired' THEN now() END,
              version = a.version + 1, updated_at = now()
        WHERE a.id = ANY($1::uuid[]) RETURNING ${APP_COLUMNS}`,
      [before.map((r) => r.id), stage.id, hired ? ApplicationStatus.Hired : ApplicationStatus.Active],
    );
    const moved = new Map(after.map((r) => [r.id, r]));
    const pairs = before.map((b) => ({ b, a: moved.get(b.id)! }));
    // History: one row per item, with the time it spent in the stage it left.
    await this.txHost.tx.query(
      `INSERT INTO application_moves (organization_id, application_id, job_id, kind, from_stage_id, to_stage_id, from_status, to_status, actor_id, note, seconds_in_stage, moved_at)
       SELECT $1::uuid, m.application_id, m.job_id, $2::text, m.from_stage_id, m.to_stage_id, m.from_status, m.to_status, $3::uuid, $4::text,
              GREATEST(0, floor(extract(epoch FROM (m.moved_at - m.entered_at))))::bigint, m.moved_at
         FROM unnest($5::uuid[], $6::uuid[], $7::uuid[], $8::uuid[], $9::text[], $10::text[], $11::timestamptz[], $12::timestamptz[])
           AS m(application_id, job_id, from_stage_id, to_stage_id, from_status, to_status, moved_at, entered_at)`,
      [
        actor.organizationId,
        kind,
        actor.id,
        note,
        pairs.map(({ a }) => a.id),
        pairs.map(({ a }) => a.job_id),
        pairs.map(({ b }) => b.stage_id),
        pairs.map(({ a }) => a.stage_id),
        pairs.map(({ b }) => b.status),
        pairs.map(({ a }) => a.status),
        // As a single move: the move happens when the new stage is entered (or at the close, for a clock-skewed entry).
        pairs.map(({ b, a }) => new Date(a.stage_entered_at > b.stage_entered_at ? a.stage_entered_at : (a.closed_at ?? new Date())).toISOString()),
        pairs.map(({ b }) => new Date(b.stage_entered_at).toISOString()),
      ],
    );
    await this.audit.recordMany(
      pairs.map(({ b, a }) => ({
        organizationId: actor.organizationId,
        actorId: actor.id,
        entityType: 'application',
        entityId: a.id,
        action: kind,
        changes: {
          stageId: { from: b.stage_id, to: a.stage_id },
          ...(b.status !== a.status ? { status: { from: b.status, to: a.status } } : {}),
          version: { from: b.version, to: a.version },
        },
      })),
    );
    await this.activity.recordMany(
      pairs.map(({ b, a }) => ({
        organizationId: actor.organizationId,
        candidateId: a.candidate_id,
        applicationId: a.id,
        jobId: a.job_id,
        kind: hired ? ActivityKind.ApplicationHired : ActivityKind.ApplicationMoved,
        actorId: actor.id,
        payload: { fromStageId: b.stage_id, toStageId: a.stage_id, fromStatus: b.status, toStatus: a.status, note, toStageName: stage.name },
      })),
    );
    await this.outbox.publishMany(
      pairs.map(({ b, a }) => ({
        jobName: JobName.PipelinesApplicationMoved,
        organizationId: actor.organizationId,
        aggregateType: 'application',
        aggregateId: a.id,
        payload: {
          applicationId: a.id,
          jobId: a.job_id,
          candidateId: a.candidate_id,
          fromStageId: b.stage_id,
          toStageId: a.stage_id,
          status: a.status,
          version: a.version,
        },
      })),
    );
    // The domain events a single move announces (webhooks), one per moved application: its sequences and outbox rows
    // in one statement each.
    await this.events.publishMany(
      pairs.map(({ a }) => ({
        type: hired ? DomainEventType.ApplicationHired : DomainEventType.ApplicationStageChanged,
        organizationId: actor.organizationId,
        aggregateType: 'application',
        aggregateId: a.id,
        data: toApplicationView(a),
      })),
    );
    return moved;
  }
}
