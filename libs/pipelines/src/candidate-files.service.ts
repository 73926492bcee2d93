import { TransactionHost } from '@nestjs-cls/transactional';
import type { TransactionalAdapterTypeOrm } from '@nestjs-cls/transactional-adapter-typeorm';
import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { AuthUser } from '../../identity/src/index.js';
import { AuditService, DomainEventType, JobName, OutboxService } from '../../platform/src/index.js';
import { CandidatesService } from './candidates.service.js';
import type { AccessScope } from '../../jobs/src/index.js';
import { ActivityService } from './activity.service.js';
import type { ResumeFile } from './candidate.entity.js';
import { updateReturning } from './candidate-fields.js';
import { ActivityKind } from './pipeline.types.js';
import { candidateCondition } from './access-sql.js';
import { candidateNotFound, forbidden, PipelinesErrorCode, PipelinesException } from './pipelines.exception.js';
import { detectResumeKind, MAX_RESUME_BYTES, RESUME_CONTENT_TYPES, ResumeKind, TextStatus } from './resume-content.js';

/** A resume checked by size and by content (nothing parsed), ready to be stored (no database work yet). */
export interface PreparedResume {
  kind: ResumeKind;
  fileName: string;
  contentType: string;
  bytes: Buffer;
}

export interface StoreResumeInput {
  organizationId: string;
  candidateId: string;
  fileName: string;
  /** What the client claimed; informational only, the stored type is the one found by content. */
  contentType?: string | null;
  bytes: Buffer;
  actorId: string | null;
  /** Where the file came from: `upload`, or the board of a public application (`careers`, `indeed`, ...). */
  source: string;
  applicationId?: string | null;
  jobId?: string | null;
  /** The result of `prepare()` when the caller checked the file before opening its transaction. */
  prepared?: PreparedResume;
}

export interface CandidateFileView {
  id: string;
  candidateId: string;
  kind: 'resume';
  fileName: string;
  contentType: string;
  sizeBytes: number;
  /** Whether text was extracted from the file (and so is searchable); false while it is pending. */
  textExtracted: boolean;
  /** `pending` until the worker has read the file, then `extracted`, `empty` (no text in it) or `failed`. */
  textStatus: TextStatus;
  /** Why the text could not be read, when `textStatus` is `failed`. */
  textFailure: string | null;
  createdBy: string | null;
  createdAt: string;
  /** The candidate's version after the upload (send it with the next PATCH). */
  candidateVersion: number;
}

export interface ResumeDownload {
  fileName: string;
  contentType: string;
  content: Buffer;
}

const STORAGE_PREFIX = 'db:candidate_file_contents/';

/** A file name safe to store and show: no directories, no control characters, at most 255 characters. */
function cleanFileName(name: string | undefined, kind: ResumeKind): string {
  const base = (name ?? '').split(/[\\/]/).pop() ?? '';
  const cleaned = base
    // eslint-disable-next-line no-control-regex -- control characters are exactly what a file name must lose
    .replace(/[\u0000-\u001f\u007f]/g, '')
    .trim()
    .slice(0, 255);
  return cleaned || `resume.${kind}`;
}

/**
 * Candidate files (resumes) kept in Postgres: `candidate_files` holds the metadata, and
 * `candidate_file_contents` the bytes, so lists never read them. Storing a resume also points
 * `candidates.resume_file` at it. The file is untrusted: the request only checks its size and its
 * type by content (headers and a ZIP's directory, nothing inflated or parsed) and stores it as
 * `pending`; the worker reads its text in a sandbox (`ResumeTextService`) and puts it in
 * `candidates.resume_text`, which the full-text search indexes.
 */
@Injectable()
export class CandidateFilesService {
  constructor(
    private readonly txHost: TransactionHost<TransactionalAdapterTypeOrm>,
    private readonly audit: AuditService,
    private readonly outbox: OutboxService,
    private readonly activity: ActivityService,
    private readonly candidates: CandidatesService,
  ) {}

  /** Checks size (413) and type by content (415) without parsing the file; writes nothing. */
  prepare(fileName: string | undefined, bytes: Buffer, field = 'resume'): PreparedResume {
    if (bytes.length > MAX_RESUME_BYTES) {
      throw new PipelinesException(PipelinesErrorCode.ResumeTooLarge, 'The resume is larger than 5 MB.', {
        errors: [{ field, message: `${field} must be at most 5 MB` }],
      });
    }
    const kind = detectResumeKind(bytes);
    if (!kind) {
      throw new PipelinesException(PipelinesErrorCode.UnsupportedResume, 'The resume must be a PDF, DOCX or text file.', {
        errors: [{ field, message: `${field} must be PDF, DOCX or TXT (checked by content)` }],
      });
    }
    return { kind, fileName: cleanFileName(fileName, kind), contentType: RESUME_CONTENT_TYPES[kind], bytes };
  }

  /**
   * Stores a resume for a candidate inside the caller's transaction: the file (text `pending`) and
   * its bytes, the candidate's `resume_file`, audited, on the timeline, and through the outbox both
   * announced and queued for text extraction in the worker. Throws 413/415 for a file that is too
   * large or of the wrong type.
   */
  async storeResume(input: StoreResumeInput): Promise<CandidateFileView> {
    return this.txHost.withTransaction(async () => {
      const prepared = input.prepared ?? this.prepare(input.fileName, input.bytes);
      const id = randomUUID();
      const storageKey = `${STORAGE_PREFIX}${id}`;
      const [file]: { id: string; created_at: Date }[] = await this.txHost.tx.query(
        `INSERT INTO candidate_files (id, organization_id, candidate_id, kind, file_name, content_type, size_bytes, storage_key, created_by, text_status)
         SELECT $1, c.organization_id, c.id, 'resume', $4, $5, $6, $7, $8, 'pending' FROM candidates c WHERE c.id = $2 AND c.organization_id = $3 AND c.merged_into_id IS NULL
         RETURNING id, created_at`,
        [id, input.candidateId, input.organizationId, prepared.fileName, prepared.contentType, prepared.bytes.length, storageKey, input.actorId],
      );
      if (!file) throw candidateNotFound();
      await this.txHost.tx.query(`INSERT INTO candidate_file_contents (organization_id, file_id, content) VALUES ($1, $2, $3)`, [
        input.organizationId,
        file.id,
        prepared.bytes,
      ]);

      const resumeFile: ResumeFile = { fileName: prepared.fileName, contentType: prepared.contentType, sizeBytes: prepared.bytes.length, storageKey };
      const after = (await updateReturning<{ version: number; before: ResumeFile | null }>(
        this.txHost.tx,
        `UPDATE candidates c SET resume_file = $2::jsonb, version = c.version + 1, updated_at = now()
           FROM (SELECT resume_file FROM candidates WHERE id = $1) old
          WHERE c.id = $1 RETURNING c.version, old.resume_file AS before`,
        [input.candidateId, JSON.stringify(resumeFile)],
      ))!;
      const changes: Record<string, { from?: unknown; to?: unknown }> = { resumeFile: { from: after.before, to: resumeFile } };
      await this.audit.record({
        organizationId: input.organizationId,
        actorId: input.actorId,
        entityType: 'candidate',
        entityId: input.candidateId,
        action: 'update',
        changes,
      });
      await this.activity.record({
        organizationId: input.organizationId,
        candidateId: input.candidateId,
        applicationId: input.applicationId ?? null,
        jobId: input.jobId ?? null,
        kind: ActivityKind.ResumeAdded,
        actorId: input.actorId,
        subjectType: 'candidate_file',
        subjectId: file.id,
        payload: {
          fileName: prepared.fileName,
          contentType: prepared.contentType,
          sizeBytes: prepared.bytes.length,
          source: input.source,
          textStatus: 'pending',
        },
      });
      await this.outbox.publish({
        jobName: JobName.PipelinesCandidateUpdated,
        organizationId: input.organizationId,
        aggregateType: 'candidate',
        aggregateId: input.candidateId,
        payload: { candidateId: input.candidateId, fields: Object.keys(changes), version: after.version },
      });
      await this.candidates.announceEvent(DomainEventType.CandidateUpdated, input.organizationId, input.candidateId);
      await this.outbox.publish({
        jobName: JobName.PipelinesResumeText,
        organizationId: input.organizationId,
        aggregateType: 'candidate_file',
        aggregateId: file.id,
        payload: { fileId: file.id },
      });
      return {
        id: file.id,
        candidateId: input.candidateId,
        kind: 'resume',
        fileName: prepared.fileName,
        contentType: prepared.contentType,
        sizeBytes: prepared.bytes.length,
        textExtracted: false,
        textStatus: 'pending',
        textFailure: null,
        createdBy: input.actorId,
        createdAt: new Date(file.created_at).toISOString(),
        candidateVersion: after.version,
      };
    });
  }

  /**
   * Keeps a cover letter file a candidate attached (a public application), inside the caller's transaction: the
   * file (`kind` `cover_letter`) and its bytes, audited, and queued for text reading like a resume (the worker
   * only ever copies text to the candidate's resume when the file is the current resume, so this one stays its own).
   */
  async storeCoverLetter(
    input: Omit<StoreResumeInput, 'prepared' | 'source' | 'applicationId' | 'jobId'> & { applicationId: string },
  ): Promise<{ id: string }> {
    const prepared = this.prepare(input.fileName, input.bytes, 'cover_letter');
    const id = randomUUID();
    const [file]: { id: string }[] = await this.txHost.tx.query(
      `INSERT INTO candidate_files (id, organization_id, candidate_id, kind, file_name, content_type, size_bytes, storage_key, created_by, text_status)
       SELECT $1, c.organization_id, c.id, 'cover_letter', $4, $5, $6, $7, $8, 'pending' FROM candidates c WHERE c.id = $2 AND c.organization_id = $3 AND c.merged_into_id IS NULL
       RETURNING id`,
      [id, input.candidateId, input.organizationId, prepared.fileName, prepared.contentType, prepared.bytes.length, `${STORAGE_PREFIX}${id}`, input.actorId],
    );
    if (!file) throw candidateNotFound();
    await this.txHost.tx.query(`INSERT INTO candidate_file_contents (organization_id, file_id, content) VALUES ($1, $2, $3)`, [
      input.organizationId,
      file.id,
      prepared.bytes,
    ]);
    await this.audit.record({
      organizationId: input.organizationId,
      actorId: input.actorId,
      entityType: 'candidate_file',
      entityId: file.id,
      action: 'create',
      changes: { kind: { to: 'cover_letter' }, fileName: { to: prepared.fileName }, applicationId: { to: input.applicationId } },
    });
    await this.outbox.publish({
      jobName: JobName.PipelinesResumeText,
      organizationId: input.organizationId,
      aggregateType: 'candidate_file',
      aggregateId: file.id,
      payload: { fileId: file.id },
    });
    return { id: file.id };
  }

  /** `POST /v1/candidates/:id/resume`: 404 for a candidate the user cannot see, 403 for one they may only read. */
  async upload(
    actor: AuthUser,
    scope: AccessScope,
    candidateId: string,
    file: { fileName: string; contentType?: string; bytes: Buffer },
  ): Promise<CandidateFileView> {
    await this.assertAccess(scope, candidateId, false);
    const prepared = this.prepare(file.fileName, file.bytes);
    return this.txHost.withTransaction(async () => {
      await this.assertAccess(scope, candidateId, true);
      return this.storeResume({
        organizationId: actor.organizationId,
        candidateId,
        fileName: file.fileName,
        contentType: file.contentType,
        bytes: file.bytes,
        actorId: actor.id,
        source: 'upload',
        prepared,
      });
    });
  }

  /** The candidate's current resume (the one `resume_file` points at, else the newest stored one). */
  async latestResume(scope: AccessScope, candidateId: string): Promise<ResumeDownload> {
    await this.assertAccess(scope, candidateId, false, true);
    const [row]: { file_name: string; content_type: string; content: Buffer }[] = await this.txHost.tx.query(
      `SELECT f.file_name, f.content_type, fc.content
         FROM candidates c
         JOIN candidate_files f ON f.candidate_id = c.id AND f.kind = 'resume'
         JOIN candidate_file_contents fc ON fc.file_id = f.id
        WHERE c.id = $1 AND c.organization_id = $2
        ORDER BY coalesce(f.storage_key = c.resume_file->>'storageKey', false) DESC, f.created_at DESC, f.id DESC
        LIMIT 1`,
      [candidateId, scope.organizationId],
    );
    if (!row) throw new PipelinesException(PipelinesErrorCode.ResumeNotFound, 'This candidate has no stored resume file.');
    return { fileName: row.file_name, contentType: row.content_type, content: row.content };
  }

  /** 404 when the candidate is not visible (or merged away); 403 when `write` and the user may only read it. */
  private async assertAccess(scope: AccessScope, candidateId: string, lock: boolean, readOnly = false): Promise<void> {
    const params: unknown[] = [candidateId, scope.organizationId];
    const visible = candidateCondition(scope, params);
    const writable = readOnly ? 'true' : candidateCondition(scope, params, true);
    const [row]: { visible: boolean; writable: boolean }[] = await this.txHost.tx.query(
      `SELECT ${visible} AS visible, ${writable} AS writable FROM candidates c
        WHERE c.id = $1 AND c.organization_id = $2 AND c.merged_into_id IS NULL ${lock ? 'FOR UPDATE OF c' : ''}`,
      params,
    );
    if (!row || !row.visible) throw candidateNotFound();
    if (!row.writable) throw forbidden();
  }
}
