import { TransactionHost } from '@nestjs-cls/transactional';
import type { TransactionalAdapterTypeOrm } from '@nestjs-cls/transactional-adapter-typeorm';
import type { TextStatus } from './resume-content.js';
import { Injectable } from '@nestjs/common';
import { AuthUser, normaliseEmail } from '../../identity/src/index.js';
import { JobReadsService } from '../../jobs/src/index.js';
import { AuditService, diffFields, DomainEvents, DomainEventType, isUniqueViolation, JobName, OutboxService } from '../../platform/src/index.js';
import { AccessPolicy, type AccessScope as PipelineScope } from '../../jobs/src/index.js';
import { ActivityService } from './activity.service.js';
import {
  CANDIDATE_COLUMNS,
  canonicalTimeZone,
  CandidateRow,
  CandidateView,
  normaliseLink,
  normalisePhone,
  toCandidateView,
  uniqueValues,
  updateReturning,
} from './candidate-fields.js';
import type { ResumeFile } from './candidate.entity.js';
import { CreateCandidateDto, UpdateCandidateDto } from './dto/candidate.dto.js';
import { ActivityKind } from './pipeline.types.js';
import { candidateCondition, applicationCondition } from './access-sql.js';
import { candidateNotFound, forbidden, PipelinesErrorCode, PipelinesException, staleVersion } from './pipelines.exception.js';

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
  'doNotContact',
  'timeZone',
] as const;

/** Candidates of one organization: create, read, edit (search and duplicates: `CandidateSearch`; notes: `CandidateNotes`; merge: `CandidateMergeService`). */
@Injectable()
export class CandidatesService {
  constructor(
    private readonly txHost: TransactionHost<TransactionalAdapterTypeOrm>,
    private readonly audit: AuditService,
    private readonly outbox: OutboxService,
    private readonly activity: ActivityService,
    private readonly access: AccessPolicy,
    private readonly jobReads: JobReadsService,
    private readonly events: DomainEvents,
  ) {}

  // ---- create -------------------------------------------------------------------------------

  async create(actor: AuthUser, input: CreateCandidateDto): Promise<CandidateView> {
    return this.withEmailConflicts(actor.organizationId, input.emails, () =>
      this.txHost.withTransaction(() => this.insertCandidate(actor.organizationId, input, actor.id)),
    );
  }

  /**
   * Inserts a candidate with its email index rows, audited, inside the caller's transaction.
   * A taken email throws EmailTaken (409) naming the existing candidate.
   */
  async insertCandidate(organizationId: string, input: CandidateInput, actorId: string | null): Promise<CandidateView> {
    return this.txHost.withTransaction(async () => {
      const emails = uniqueValues(input.emails, normaliseEmail) ?? [];
      await this.assertEmailsFree(organizationId, emails, null);
      const [row]: CandidateRow[] = await this.txHost.tx.query(
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
      await this.indexEmails(organizationId, row.id, emails);
      const view = toCandidateView(row);
      await this.audit.record({
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
      await this.activity.record({ organizationId, candidateId: row.id, kind: ActivityKind.CandidateCreated, actorId, payload: { source: row.source } });
      await this.outbox.publish({
        jobName: JobName.PipelinesCandidateCreated,
        organizationId,
        aggregateType: 'candidate',
        aggregateId: row.id,
        payload: { candidateId: row.id, source: row.source },
      });
      await this.events.publish({ type: DomainEventType.CandidateCreated, organizationId, aggregateType: 'candidate', aggregateId: row.id, data: view });
      return view;
    });
  }

  /**
   * Announces a domain event about the candidate inside the caller's transaction; `data` is the candidate as the API
   * returns it (plus `extra`, e.g. the merged candidate's id).
   */
  async announceEvent(type: DomainEventType, organizationId: string, id: string, extra: object = {}): Promise<void> {
    const [row] = await this.txHost.tx.query<CandidateRow[]>(`SELECT ${CANDIDATE_COLUMNS} FROM candidates c WHERE c.id = $1 AND c.organization_id = $2`, [
      id,
      organizationId,
    ]);
    if (!row) return;
    await this.events.publish({ type, organizationId, aggregateType: 'candidate', aggregateId: id, data: { ...toCandidateView(row), ...extra } });
  }

  /** The candidate owning a normalised email in the organization, if any (public apply reuses it). */
  async findIdByEmail(organizationId: string, email: string): Promise<string | null> {
    const rows: { candidate_id: string }[] = await this.txHost.tx.query(`SELECT candidate_id FROM candidate_emails WHERE organization_id = $1 AND email = $2`, [
      organizationId,
      normaliseEmail(email),
    ]);
    return rows[0]?.candidate_id ?? null;
  }

  private async indexEmails(organizationId: string, candidateId: string, emails: string[]): Promise<void> {
    if (emails.length === 0) return;
    await this.txHost.tx.query(`INSERT INTO candidate_emails (organization_id, email, candidate_id) SELECT $1, e, $3 FROM unnest($2::text[]) AS e`, [
      organizationId,
      emails,
      candidateId,
    ]);
  }

  private async assertEmailsFree(organizationId: string, emails: string[], exceptCandidateId: string | null): Promise<void> {
    if (emails.length === 0) return;
    const taken: { email: string; candidate_id: string }[] = await this.txHost.tx.query(
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
        // The failed transaction is over (or aborted): look outside it, on a connection of its own.
        await this.txHost.withoutTransaction(() => this.assertEmailsFree(organizationId, uniqueValues(rawEmails, normaliseEmail) ?? [], null));
      }
      throw error;
    }
  }

  // ---- read ---------------------------------------------------------------------------------

  async get(scope: PipelineScope, id: string): Promise<CandidateView & { applications: ApplicationSummary[] }> {
    const params: unknown[] = [id, scope.organizationId];
    const [row]: (CandidateRow & { text_status: TextStatus | null; text_failure: string | null })[] = await this.txHost.tx.query(
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
    const rows: Record<string, unknown>[] = await this.txHost.tx.query(
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
  async lockForWrite(scope: PipelineScope, id: string, field?: string): Promise<CandidateRow> {
    const params: unknown[] = [id, scope.organizationId];
    const [row]: (CandidateRow & { merged_into_id: string | null; writable: boolean; visible: boolean })[] = await this.txHost.tx.query(
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
      this.txHost.withTransaction(async () => {
        const row = await this.lockForWrite(scope, id);
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
          timeZone: input.timeZone === undefined ? row.time_zone : input.timeZone === null ? null : canonicalTimeZone(input.timeZone),
        };
        const changes = diffFields(before, next, [...EDITABLE]);
        if (Object.keys(changes).length === 0) return toCandidateView(row);
        if (emails) await this.assertEmailsFree(actor.organizationId, emails, id);
        const updated = (await updateReturning<CandidateRow>(
          this.txHost.tx,
          `UPDATE candidates c SET first_name = $2, last_name = $3, emails = $4, phones = $5, location = $6, links = $7, tags = $8, source = $9,
                  resume_text = $10, resume_file = $11, consent_given = $12,
                  consent_at = CASE WHEN $12 AND NOT c.consent_given THEN now() WHEN NOT $12 THEN NULL ELSE c.consent_at END,
                  retention_until = $13, do_not_contact = $14, time_zone = $15, version = c.version + 1, updated_at = now()
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
            next.doNotContact,
            next.timeZone ?? null,
          ],
        ))!;
        if (emails && changes.emails) {
          await this.txHost.tx.query(`DELETE FROM candidate_emails WHERE candidate_id = $1`, [id]);
          await this.indexEmails(actor.organizationId, id, emails);
        }
        if (changes.resumeText) changes.resumeText = {}; // long text: record that it changed, not its content
        await this.audit.record({
          organizationId: actor.organizationId,
          actorId: actor.id,
          entityType: 'candidate',
          entityId: id,
          action: 'update',
          changes,
        });
        await this.outbox.publish({
          jobName: JobName.PipelinesCandidateUpdated,
          organizationId: actor.organizationId,
          aggregateType: 'candidate',
          aggregateId: id,
          payload: { candidateId: id, fields: Object.keys(changes), version: updated.version },
        });
        const view = toCandidateView(updated);
        await this.events.publish({
          type: DomainEventType.CandidateUpdated,
          organizationId: actor.organizationId,
          aggregateType: 'candidate',
          aggregateId: id,
          data: view,
        });
        return view;
      }),
    );
  }
}
