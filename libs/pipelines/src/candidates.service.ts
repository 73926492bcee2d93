import type { TextStatus } from './resume-content.js';
import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { AuthUser, normaliseEmail } from '../../identity/src/index.js';
import { JobReadsService } from '../../jobs/src/index.js';
import { AuditService, decodeCursor, diffFields, encodeCursor, isUniqueViolation, JobName, OutboxService, Page } from '../../platform/src/index.js';
import { AccessPolicy, type AccessScope as PipelineScope, Action, Resource } from '../../jobs/src/index.js';
import { ActivityService } from './activity.service.js';
import {
  CANDIDATE_COLUMNS,
  CandidateRow,
  CandidateView,
  normaliseLink,
  normalisePhone,
  toCandidateView,
  uniqueValues,
  updateReturning,
} from './candidate-fields.js';
import type { ResumeFile } from './candidate.entity.js';
import { CreateCandidateDto, CreateNoteDto, SearchCandidatesQueryDto, UpdateCandidateDto } from './dto/candidate.dto.js';
import { ActivityKind } from './pipeline.types.js';
import { candidateCondition, applicationCondition } from './access-sql.js';
import { applicationNotFound, candidateNotFound, forbidden, PipelinesErrorCode, PipelinesException, staleVersion } from './pipelines.exception.js';

export interface CandidateInput {
  firstName: string;
  lastName: string;
  emails?: string[];
  phones?: string[];
  location?: string;
  links?: string[];
  tags?: string[];
  source?: string;
  resumeText?: string;
  resumeFile?: ResumeFile;
  consentGiven?: boolean;
  retentionUntil?: string;
}

export interface ApplicationSummary {
  id: string;
  jobId: string;
  jobTitle: string;
  stageId: string;
  stageName: string;
  status: string;
  source: string | null;
  version: number;
  appliedAt: string;
  stageEnteredAt: string;
}

export interface DuplicateView {
  candidate: CandidateView;
  reasons: string[];
  nameSimilarity: number;
}

export interface NoteView {
  id: string;
  candidateId: string;
  applicationId: string | null;
  authorId: string | null;
  body: string;
  private: boolean;
  createdAt: string;
}

const EDITABLE = [
  'firstName',
  'lastName',
  'emails',
  'phones',
  'location',
  'links',
  'tags',
  'source',
  'resumeText',
  'resumeFile',
  'consentGiven',
  'retentionUntil',
] as const;
/** Word similarity (0..1) above which a name matches a search term with a typo or as a prefix. */
const NAME_MATCH_THRESHOLD = 0.5;
const DUPLICATE_NAME_SIMILARITY = 0.6;
/**
 * How many matches of one search are ranked. A very common term (a language every resume names)
 * matches most of an organization; ranking every match reads each one's tsvector and costs
 * seconds at a million applications. The newest matches (a cheap top-N on created_at, no rank
 * computed) are ranked instead; the set is the same on every page, so keyset pages on
 * (score, id) stay exact. A narrower query (more words, a tag or a source) reaches older matches.
 */
export const SEARCH_RANK_CAP = 1000;

/** Candidates of one organization: create, read, edit, search, duplicates and notes (merge: `CandidateMergeService`). */
@Injectable()
export class CandidatesService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly audit: AuditService,
    private readonly outbox: OutboxService,
    private readonly activity: ActivityService,
    private readonly access: AccessPolicy,
    private readonly jobReads: JobReadsService,
  ) {}

  // ---- create -------------------------------------------------------------------------------

  async create(actor: AuthUser, input: CreateCandidateDto): Promise<CandidateView> {
    return this.withEmailConflicts(actor.organizationId, input.emails, () =>
      this.dataSource.transaction((manager) => this.insertCandidate(manager, actor.organizationId, input, actor.id)),
    );
  }

  /**
   * Inserts a candidate with its email index rows, audited, inside the caller's transaction.
   * A taken email throws EmailTaken (409) naming the existing candidate.
   */
  async insertCandidate(manager: EntityManager, organizationId: string, input: CandidateInput, actorId: string | null): Promise<CandidateView> {
    const emails = uniqueValues(input.emails, normaliseEmail) ?? [];
    await this.assertEmailsFree(manager, organizationId, emails, null);
    const [row]: CandidateRow[] = await manager.query(
      `INSERT INTO candidates AS c (organization_id, first_name, last_name, emails, phones, location, links, tags, source, resume_text, resume_file,
                                    consent_given, consent_at, retention_until, created_by)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, CASE WHEN $12 THEN now() END, $13, $14)
       RETURNING ${CANDIDATE_COLUMNS}`,
      [
        organizationId,
        input.firstName,
        input.lastName,
        emails,
        uniqueValues(input.phones, normalisePhone) ?? [],
        input.location ?? null,
        uniqueValues(input.links, normaliseLink) ?? [],
        uniqueValues(input.tags, (t) => t.trim().toLowerCase()) ?? [],
        input.source ?? null,
        input.resumeText ?? null,
        input.resumeFile ? JSON.stringify(input.resumeFile) : null,
        input.consentGiven ?? false,
        input.retentionUntil ?? null,
        actorId,
      ],
    );
    await this.indexEmails(manager, organizationId, row.id, emails);
    const view = toCandidateView(row);
    await this.audit.record(manager, {
      organizationId,
      actorId,
      entityType: 'candidate',
      entityId: row.id,
      action: 'create',
      changes: diffFields({}, view as unknown as Record<string, unknown>, [
        'firstName',
        'lastName',
        'emails',
        'phones',
        'location',
        'links',
        'tags',
        'source',
        'consentGiven',
        'retentionUntil',
      ]),
    });
    await this.activity.record(manager, { organizationId, candidateId: row.id, kind: ActivityKind.CandidateCreated, actorId, payload: { source: row.source } });
    await this.outbox.publish(manager, {
      jobName: JobName.PipelinesCandidateCreated,
      organizationId,
      aggregateType: 'candidate',
      aggregateId: row.id,
      payload: { candidateId: row.id, source: row.source },
    });
    return view;
  }

  /** The candidate owning a normalised email in the organization, if any (public apply reuses it). */
  async findIdByEmail(manager: EntityManager, organizationId: string, email: string): Promise<string | null> {
    const rows: { candidate_id: string }[] = await manager.query(`SELECT candidate_id FROM candidate_emails WHERE organization_id = $1 AND email = $2`, [
      organizationId,
      normaliseEmail(email),
    ]);
    return rows[0]?.candidate_id ?? null;
  }

  private async indexEmails(manager: EntityManager, organizationId: string, candidateId: string, emails: string[]): Promise<void> {
    if (emails.length === 0) return;
    await manager.query(`INSERT INTO candidate_emails (organization_id, email, candidate_id) SELECT $1, e, $3 FROM unnest($2::text[]) AS e`, [
      organizationId,
      emails,
      candidateId,
    ]);
  }

  private async assertEmailsFree(
    manager: EntityManager | DataSource,
    organizationId: string,
    emails: string[],
    exceptCandidateId: string | null,
  ): Promise<void> {
    if (emails.length === 0) return;
    const taken: { email: string; candidate_id: string }[] = await manager.query(
      `SELECT email, candidate_id FROM candidate_emails WHERE organization_id = $1 AND email = ANY($2::text[]) AND candidate_id IS DISTINCT FROM $3::uuid`,
      [organizationId, emails, exceptCandidateId],
    );
    if (taken.length === 0) return;
    const index = emails.indexOf(taken[0].email);
    throw new PipelinesException(PipelinesErrorCode.EmailTaken, 'A candidate with this email already exists in your organization.', {
      errors: [{ field: `emails.${index}`, message: `email belongs to candidate ${taken[0].candidate_id}` }],
      extensions: { existingCandidateId: taken[0].candidate_id },
    });
  }

  /** Turns a lost race on the unique email index into the same 409 the pre-check gives. */
  async withEmailConflicts<T>(organizationId: string, rawEmails: string[] | undefined, run: () => Promise<T>): Promise<T> {
    try {
      return await run();
    } catch (error) {
      if (isUniqueViolation(error, 'candidate_emails_pkey')) {
        await this.assertEmailsFree(this.dataSource, organizationId, uniqueValues(rawEmails, normaliseEmail) ?? [], null);
      }
      throw error;
    }
  }

  // ---- read ---------------------------------------------------------------------------------

  async get(scope: PipelineScope, id: string): Promise<CandidateView & { applications: ApplicationSummary[] }> {
    const params: unknown[] = [id, scope.organizationId];
    const [row]: (CandidateRow & { text_status: TextStatus | null; text_failure: string | null })[] = await this.dataSource.query(
      `SELECT ${CANDIDATE_COLUMNS}, c.resume_text, rf.text_status, rf.text_failure FROM candidates c
         LEFT JOIN LATERAL (SELECT f.text_status, f.text_failure FROM candidate_files f
                             WHERE f.candidate_id = c.id AND f.storage_key = c.resume_file->>'storageKey' ORDER BY f.created_at DESC LIMIT 1) rf ON true
        WHERE c.id = $1 AND c.organization_id = $2 AND c.merged_into_id IS NULL AND ${candidateCondition(scope, params)}`,
      params,
    );
    if (!row) throw candidateNotFound();
    const view = toCandidateView(row);
    // Where the current resume's text stands (read by the worker after the upload).
    const resumeFile =
      view.resumeFile && row.text_status ? { ...view.resumeFile, textStatus: row.text_status, textFailure: row.text_failure } : view.resumeFile;
    return { ...view, resumeFile, applications: await this.applicationsOf(scope, id) };
  }

  private async applicationsOf(scope: PipelineScope, candidateId: string): Promise<ApplicationSummary[]> {
    const params: unknown[] = [candidateId];
    const rows: Record<string, unknown>[] = await this.dataSource.query(
      `SELECT a.id, a.job_id, a.stage_id, a.status, a.source, a.version, a.applied_at, a.stage_entered_at
         FROM applications a
        WHERE a.candidate_id = $1 AND a.merged_into_id IS NULL AND ${applicationCondition(scope, 'a', params)}
        ORDER BY a.applied_at DESC, a.id DESC`,
      params,
    );
    const [titles, stages] = await Promise.all([
      this.jobReads.titles(
        scope.organizationId,
        rows.map((r) => r.job_id as string),
      ),
      this.jobReads.stagesByIds(
        scope.organizationId,
        rows.map((r) => r.stage_id as string),
      ),
    ]);
    return rows.map((r) => ({
      id: r.id as string,
      jobId: r.job_id as string,
      jobTitle: titles.get(r.job_id as string) ?? '',
      stageId: r.stage_id as string,
      stageName: stages.get(r.stage_id as string)?.name ?? '',
      status: r.status as string,
      source: r.source as string | null,
      version: r.version as number,
      appliedAt: (r.applied_at as Date).toISOString(),
      stageEnteredAt: (r.stage_entered_at as Date).toISOString(),
    }));
  }

  /** Locks a candidate for change: 404 when invisible, 403 when visible but not writable (also used by `CandidateMergeService`). */
  async lockForWrite(manager: EntityManager, scope: PipelineScope, id: string, field?: string): Promise<CandidateRow> {
    const params: unknown[] = [id, scope.organizationId];
    const [row]: (CandidateRow & { merged_into_id: string | null; writable: boolean; visible: boolean })[] = await manager.query(
      `SELECT ${CANDIDATE_COLUMNS}, c.resume_text, c.merged_into_id,
              ${candidateCondition(scope, params)} AS visible, ${candidateCondition(scope, params, true)} AS writable
         FROM candidates c WHERE c.id = $1 AND c.organization_id = $2 FOR UPDATE OF c`,
      params,
    );
    if (!row || !row.visible || row.merged_into_id) {
      const error = candidateNotFound();
      if (field)
        throw new PipelinesException(PipelinesErrorCode.CandidateNotFound, 'No such candidate.', { errors: [{ field, message: 'no such candidate' }] });
      throw error;
    }
    if (!row.writable) throw forbidden();
    return row;
  }

  // ---- update -------------------------------------------------------------------------------

  async update(actor: AuthUser, scope: PipelineScope, id: string, input: UpdateCandidateDto): Promise<CandidateView> {
    return this.withEmailConflicts(actor.organizationId, input.emails, () =>
      this.dataSource.transaction(async (manager) => {
        const row = await this.lockForWrite(manager, scope, id);
        if (row.version !== input.version) throw staleVersion('version', row.version);
        const before = toCandidateView(row) as unknown as Record<string, unknown>;
        const emails = uniqueValues(input.emails, normaliseEmail);
        const next: Record<string, unknown> = {
          ...before,
          ...Object.fromEntries(EDITABLE.filter((f) => input[f] !== undefined).map((f) => [f, input[f]])),
          emails: emails ?? row.emails,
          phones: uniqueValues(input.phones, normalisePhone) ?? row.phones,
          links: uniqueValues(input.links, normaliseLink) ?? row.links,
          tags: uniqueValues(input.tags, (t) => t.trim().toLowerCase()) ?? row.tags,
        };
        const changes = diffFields(before, next, [...EDITABLE]);
        if (Object.keys(changes).length === 0) return toCandidateView(row);
        if (emails) await this.assertEmailsFree(manager, actor.organizationId, emails, id);
        const updated = (await updateReturning<CandidateRow>(
          manager,
          `UPDATE candidates c SET first_name = $2, last_name = $3, emails = $4, phones = $5, location = $6, links = $7, tags = $8, source = $9,
                  resume_text = $10, resume_file = $11, consent_given = $12,
                  consent_at = CASE WHEN $12 AND NOT c.consent_given THEN now() WHEN NOT $12 THEN NULL ELSE c.consent_at END,
                  retention_until = $13, version = c.version + 1, updated_at = now()
            WHERE c.id = $1 RETURNING ${CANDIDATE_COLUMNS}, c.resume_text`,
          [
            id,
            next.firstName,
            next.lastName,
            next.emails,
            next.phones,
            next.location ?? null,
            next.links,
            next.tags,
            next.source ?? null,
            next.resumeText ?? null,
            next.resumeFile ? JSON.stringify(next.resumeFile) : null,
            next.consentGiven,
            next.retentionUntil ?? null,
          ],
        ))!;
        if (emails && changes.emails) {
          await manager.query(`DELETE FROM candidate_emails WHERE candidate_id = $1`, [id]);
          await this.indexEmails(manager, actor.organizationId, id, emails);
        }
        if (changes.resumeText) changes.resumeText = {}; // long text: record that it changed, not its content
        await this.audit.record(manager, {
          organizationId: actor.organizationId,
          actorId: actor.id,
          entityType: 'candidate',
          entityId: id,
          action: 'update',
          changes,
        });
        await this.outbox.publish(manager, {
          jobName: JobName.PipelinesCandidateUpdated,
          organizationId: actor.organizationId,
          aggregateType: 'candidate',
          aggregateId: id,
          payload: { candidateId: id, fields: Object.keys(changes), version: updated.version },
        });
        return toCandidateView(updated);
      }),
    );
  }

  // ---- search -------------------------------------------------------------------------------

  /**
   * Without `q`: newest first. With `q`: ranked by full-text rank (names, emails, tags, resume; every
   * word as a prefix) plus trigram word similarity of name and emails (typos), keyset-paged on (score, id).
   * Only the newest `SEARCH_RANK_CAP` matches are ranked (see there).
   */
  async search(scope: PipelineScope, query: SearchCandidatesQueryDto): Promise<Page<CandidateView>> {
    const params: unknown[] = [scope.organizationId];
    const where = ['c.organization_id = $1', 'c.merged_into_id IS NULL'];
    if (query.tag) {
      params.push(query.tag.toLowerCase());
      where.push(`c.tags @> ARRAY[$${params.length}]::text[]`);
    }
    if (query.source) {
      params.push(query.source);
      where.push(`c.source = $${params.length}`);
    }
    where.push(candidateCondition(scope, params));
    const words = (query.q ?? '').toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? [];
    if (words.length === 0) {
      if (query.cursor) {
        const [at, cid] = decodeCursor(query.cursor, ['timestamp', 'uuid']);
        params.push(at, cid);
        where.push(`(c.created_at, c.id) < ($${params.length - 1}::timestamptz, $${params.length}::uuid)`);
      }
      params.push(query.limit + 1);
      const rows: (CandidateRow & { key: string })[] = await this.dataSource.query(
        `SELECT ${CANDIDATE_COLUMNS}, c.created_at::text AS key FROM candidates c WHERE ${where.join(' AND ')}
          ORDER BY c.created_at DESC, c.id DESC LIMIT $${params.length}`,
        params,
      );
      return this.page(rows, query.limit, (r) => [r.key, r.id]);
    }
    const tsquery = words
      .slice(0, 16)
      .map((w) => `${w}:*`)
      .join(' & ');
    const phrase = words.join(' ');
    params.push(tsquery, phrase);
    const tsq = `$${params.length - 1}`;
    const text = `$${params.length}`;
    let cursorClause = '';
    if (query.cursor) {
      const [score, cid] = decodeCursor(query.cursor, ['float', 'uuid']);
      params.push(score, cid);
      cursorClause = `WHERE (x.score, x.id) < ($${params.length - 1}::float8, $${params.length}::uuid)`;
    }
    params.push(query.limit + 1);
    return this.dataSource.transaction(async (manager) => {
      await manager.query(`SET LOCAL pg_trgm.word_similarity_threshold = ${NAME_MATCH_THRESHOLD}`);
      const rows: (CandidateRow & { key: string })[] = await manager.query(
        `WITH all_matches AS MATERIALIZED (
           -- Planned on its own (no ORDER BY/LIMIT to pull it onto the created_at index): the GIN and
           -- trigram indexes find the matches, so a rare term costs milliseconds.
           SELECT c.id, c.created_at
             FROM candidates c
            WHERE ${where.join(' AND ')}
              AND (c.search @@ (to_tsquery('simple', ${tsq}) || to_tsquery('english', ${tsq}))
                   OR lower(c.full_name) %> ${text}
                   OR hireloop_join_text(c.emails) %> ${text})
         ), matched AS (
           SELECT id FROM all_matches ORDER BY created_at DESC, id DESC LIMIT ${SEARCH_RANK_CAP}
         )
         SELECT x.*, x.score::text AS key FROM (
           SELECT ${CANDIDATE_COLUMNS},
                  (ts_rank(c.search, to_tsquery('simple', ${tsq}) || to_tsquery('english', ${tsq}))
                   + greatest(word_similarity(${text}, lower(c.full_name)), word_similarity(${text}, hireloop_join_text(c.emails))))::float8 AS score
             FROM matched m JOIN candidates c ON c.id = m.id
         ) x ${cursorClause}
         ORDER BY x.score DESC, x.id DESC LIMIT $${params.length}`,
        params,
      );
      return this.page(rows, query.limit, (r) => [r.key, r.id]);
    });
  }

  private page<R extends CandidateRow>(rows: R[], limit: number, key: (row: R) => unknown[]): Page<CandidateView> {
    const more = rows.length > limit;
    const data = rows.slice(0, limit);
    return { data: data.map(toCandidateView), nextCursor: more ? encodeCursor(key(data[data.length - 1])) : null };
  }

  // ---- duplicates ---------------------------------------------------------------------

  /** Same email or phone, or a very similar name sharing a phone or a link. */
  async duplicates(scope: PipelineScope, id: string): Promise<DuplicateView[]> {
    await this.get(scope, id);
    const params: unknown[] = [id];
    const rows: (CandidateRow & { same_email: boolean; same_phone: boolean; same_link: boolean; name_similarity: number })[] = await this.dataSource.query(
      `SELECT ${CANDIDATE_COLUMNS}, (c.emails && o.emails) AS same_email, (c.phones && o.phones) AS same_phone, (c.links && o.links) AS same_link,
              similarity(lower(c.full_name), lower(o.full_name))::float8 AS name_similarity
         FROM candidates o JOIN candidates c ON c.organization_id = o.organization_id AND c.id <> o.id AND c.merged_into_id IS NULL
        WHERE o.id = $1
          AND (c.phones && o.phones OR (c.links && o.links AND similarity(lower(c.full_name), lower(o.full_name)) >= ${DUPLICATE_NAME_SIMILARITY}))
          AND ${candidateCondition(scope, params)}
        ORDER BY c.created_at, c.id LIMIT 50`,
      params,
    );
    return rows.map((r) => {
      const similar = Number(r.name_similarity) >= DUPLICATE_NAME_SIMILARITY;
      const reasons = [
        ...(r.same_email ? ['email'] : []),
        ...(r.same_phone ? ['phone'] : []),
        ...(similar && r.same_phone ? ['name_and_phone'] : []),
        ...(similar && r.same_link ? ['name_and_link'] : []),
      ];
      return { candidate: toCandidateView(r), reasons, nameSimilarity: Math.round(Number(r.name_similarity) * 1000) / 1000 };
    });
  }

  // ---- notes --------------------------------------------------------------------------------

  async addNote(actor: AuthUser, scope: PipelineScope, candidateId: string, input: CreateNoteDto): Promise<NoteView> {
    return this.dataSource.transaction(async (manager) => {
      const params: unknown[] = [candidateId, scope.organizationId];
      const [candidate]: { id: string; visible: boolean }[] = await manager.query(
        `SELECT c.id, ${candidateCondition(scope, params)} AS visible FROM candidates c
          WHERE c.id = $1 AND c.organization_id = $2 AND c.merged_into_id IS NULL`,
        params,
      );
      if (!candidate?.visible) throw candidateNotFound();
      let jobId: string | null = null;
      if (input.applicationId) {
        const [app]: { id: string; job_id: string }[] = await manager.query(
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
      return this.insertNote(manager, actor, candidateId, input.applicationId ?? null, jobId, input);
    });
  }

  /** Inserts a note (audited, on the timeline) inside the caller's transaction; access is checked by the caller. */
  async insertNote(
    manager: EntityManager,
    actor: AuthUser,
    candidateId: string,
    applicationId: string | null,
    jobId: string | null,
    input: { body: string; private?: boolean },
  ): Promise<NoteView> {
    const [note]: Record<string, unknown>[] = await manager.query(
      `INSERT INTO notes (organization_id, candidate_id, application_id, author_id, body, private) VALUES ($1, $2, $3, $4, $5, $6)
       RETURNING id, candidate_id, application_id, author_id, body, private, created_at`,
      [actor.organizationId, candidateId, applicationId, actor.id, input.body, input.private ?? false],
    );
    await this.audit.record(manager, {
      organizationId: actor.organizationId,
      actorId: actor.id,
      entityType: 'note',
      entityId: note.id as string,
      action: 'create',
      changes: { candidateId: { to: candidateId }, applicationId: { to: applicationId }, private: { to: note.private } },
    });
    await this.activity.record(manager, {
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
  }

  async listNotes(scope: PipelineScope, candidateId: string, limit: number, cursor?: string): Promise<Page<NoteView>> {
    await this.get(scope, candidateId);
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
    const rows: Record<string, unknown>[] = await this.dataSource.query(
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
    return this.dataSource.transaction(async (manager) => {
      const [app]: { id: string; job_id: string; candidate_id: string }[] = await manager.query(
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
      return this.insertNote(manager, actor, app.candidate_id, app.id, app.job_id, input);
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
