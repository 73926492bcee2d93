import { TransactionHost } from '@nestjs-cls/transactional';
import type { TransactionalAdapterTypeOrm } from '@nestjs-cls/transactional-adapter-typeorm';
import { Injectable } from '@nestjs/common';
import { AuthUser } from '../../identity/src/index.js';
import { AuditService, decodeCursor, encodeCursor, Page } from '../../platform/src/index.js';
import { AccessPolicy, type AccessScope as PipelineScope, Action, Resource } from '../../jobs/src/index.js';
import { ActivityService } from './activity.service.js';
import { CreateNoteDto } from './dto/candidate.dto.js';
import { ActivityKind } from './pipeline.types.js';
import { candidateCondition } from './access-sql.js';
import { applicationNotFound, candidateNotFound, forbidden, PipelinesErrorCode, PipelinesException } from './pipelines.exception.js';
import { CandidatesService } from './candidates.service.js';

export interface NoteView {
  id: string;
  candidateId: string;
  applicationId: string | null;
  authorId: string | null;
  body: string;
  private: boolean;
  createdAt: string;
}

/** Notes on candidates and on their applications (private notes are their author's), audited and on the timeline. */
@Injectable()
export class CandidateNotes {
  constructor(
    private readonly txHost: TransactionHost<TransactionalAdapterTypeOrm>,
    private readonly audit: AuditService,
    private readonly activity: ActivityService,
    private readonly access: AccessPolicy,
    private readonly candidates: CandidatesService,
  ) {}

  // ---- notes --------------------------------------------------------------------------------

  async addNote(actor: AuthUser, scope: PipelineScope, candidateId: string, input: CreateNoteDto): Promise<NoteView> {
    return this.txHost.withTransaction(async () => {
      const params: unknown[] = [candidateId, scope.organizationId];
      const [candidate]: { id: string; visible: boolean }[] = await this.txHost.tx.query(
        `SELECT c.id, ${candidateCondition(scope, params)} AS visible FROM candidates c
          WHERE c.id = $1 AND c.organization_id = $2 AND c.merged_into_id IS NULL`,
        params,
      );
      if (!candidate?.visible) throw candidateNotFound();
      let jobId: string | null = null;
      if (input.applicationId) {
        const [app]: { id: string; job_id: string }[] = await this.txHost.tx.query(
          `SELECT id, job_id FROM applications WHERE id = $1 AND candidate_id = $2 AND organization_id = $3 AND merged_into_id IS NULL`,
          [input.applicationId, candidateId, scope.organizationId],
        );
        const noSuchApplication = () =>
          new PipelinesException(PipelinesErrorCode.ApplicationNotFound, 'No such application of this candidate.', {
            errors: [{ field: 'applicationId', message: 'no such application of this candidate' }],
          });
        if (!app) throw noSuchApplication();
        await this.access.assertCan(
          scope,
          Action.Write,
          { resource: Resource.Application, jobId: app.job_id, applicationId: app.id },
          { hidden: noSuchApplication, forbidden },
        );
        jobId = app.job_id;
      } else if (!scope.all && scope.jobIds.length === 0) {
        throw forbidden();
      }
      return this.insertNote(actor, candidateId, input.applicationId ?? null, jobId, input);
    });
  }

  /** Inserts a note (audited, on the timeline) inside the caller's transaction; access is checked by the caller. */
  async insertNote(
    actor: AuthUser,
    candidateId: string,
    applicationId: string | null,
    jobId: string | null,
    input: { body: string; private?: boolean },
  ): Promise<NoteView> {
    return this.txHost.withTransaction(async () => {
      const [note]: Record<string, unknown>[] = await this.txHost.tx.query(
        `INSERT INTO notes (organization_id, candidate_id, application_id, author_id, body, private) VALUES ($1, $2, $3, $4, $5, $6)
         RETURNING id, candidate_id, application_id, author_id, body, private, created_at`,
        [actor.organizationId, candidateId, applicationId, actor.id, input.body, input.private ?? false],
      );
      await this.audit.record({
        organizationId: actor.organizationId,
        actorId: actor.id,
        entityType: 'note',
        entityId: note.id as string,
        action: 'create',
        changes: { candidateId: { to: candidateId }, applicationId: { to: applicationId }, private: { to: note.private } },
      });
      await this.activity.record({
        organizationId: actor.organizationId,
        candidateId,
        applicationId,
        jobId,
        kind: ActivityKind.NoteAdded,
        actorId: actor.id,
        subjectType: 'note',
        subjectId: note.id as string,
        private: note.private as boolean,
        payload: { body: input.body },
      });
      return toNoteView(note);
    });
  }

  async listNotes(scope: PipelineScope, candidateId: string, limit: number, cursor?: string): Promise<Page<NoteView>> {
    await this.candidates.get(scope, candidateId);
    const params: unknown[] = [candidateId];
    const where = ['n.candidate_id = $1'];
    if (!scope.all) {
      params.push(scope.jobIds, scope.applicationIds);
      where.push(
        `(n.application_id IS NULL OR EXISTS (SELECT 1 FROM applications a WHERE a.id = n.application_id AND (a.job_id = ANY($2::uuid[]) OR a.id = ANY($3::uuid[]))))`,
      );
    }
    if (!scope.seesPrivateNotes) where.push('NOT n.private');
    if (cursor) {
      const [at, nid] = decodeCursor(cursor, ['timestamp', 'uuid']);
      params.push(at, nid);
      where.push(`(n.created_at, n.id) < ($${params.length - 1}::timestamptz, $${params.length}::uuid)`);
    }
    params.push(limit + 1);
    const rows: Record<string, unknown>[] = await this.txHost.tx.query(
      `SELECT n.id, n.candidate_id, n.application_id, n.author_id, n.body, n.private, n.created_at, n.created_at::text AS key
         FROM notes n WHERE ${where.join(' AND ')} ORDER BY n.created_at DESC, n.id DESC LIMIT $${params.length}`,
      params,
    );
    const more = rows.length > limit;
    const data = rows.slice(0, limit);
    const last = data[data.length - 1];
    return { data: data.map(toNoteView), nextCursor: more && last ? encodeCursor([last.key, last.id]) : null };
  }

  /** A note on one application (the candidate is the application's). */
  async addApplicationNote(actor: AuthUser, scope: PipelineScope, applicationId: string, input: { body: string; private?: boolean }): Promise<NoteView> {
    return this.txHost.withTransaction(async () => {
      const [app]: { id: string; job_id: string; candidate_id: string }[] = await this.txHost.tx.query(
        `SELECT id, job_id, candidate_id FROM applications WHERE id = $1 AND organization_id = $2 AND merged_into_id IS NULL`,
        [applicationId, scope.organizationId],
      );
      if (!app) throw applicationNotFound();
      await this.access.assertCan(
        scope,
        Action.Write,
        { resource: Resource.Application, jobId: app.job_id, applicationId: app.id },
        { hidden: applicationNotFound, forbidden },
      );
      return this.insertNote(actor, app.candidate_id, app.id, app.job_id, input);
    });
  }
}

function toNoteView(r: Record<string, unknown>): NoteView {
  return {
    id: r.id as string,
    candidateId: r.candidate_id as string,
    applicationId: (r.application_id as string | null) ?? null,
    authorId: (r.author_id as string | null) ?? null,
    body: r.body as string,
    private: r.private as boolean,
    createdAt: (r.created_at as Date).toISOString(),
  };
}
