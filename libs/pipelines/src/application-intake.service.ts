import { TransactionHost } from '@nestjs-cls/transactional';
import type { TransactionalAdapterTypeOrm } from '@nestjs-cls/transactional-adapter-typeorm';
import { Injectable } from '@nestjs/common';
import { AuthUser, SelfIdentificationQuestion, type SelfIdentificationAnswers } from '../../identity/src/index.js';
import { JobReadsService, JobsService, JobStatus } from '../../jobs/src/index.js';
import { AuditService, DomainEvents, DomainEventType, isUniqueViolation, JobName, OutboxService } from '../../platform/src/index.js';
import { AccessPolicy, type AccessScope as PipelineScope, Action, Resource } from '../../jobs/src/index.js';
import { ActivityService } from './activity.service.js';
import { CandidatesService } from './candidates.service.js';
import { CreateApplicationDto } from './dto/application.dto.js';
import { ActivityKind } from './pipeline.types.js';
import { forbidden, jobNotFound, PipelinesErrorCode, PipelinesException } from './pipelines.exception.js';
import { toApplicationView, type ApplicationView, type BoardApplyInput, type BoardApplyResult } from './applications.service.js';
import { activeExists, APP_COLUMNS, mapActiveConflict, toStageRow, type ApplicationRow, type StageRow } from './application-rows.js';

/** New applications: added by a recruiter, or through a job board (public apply: the candidate found or created by email). */
@Injectable()
export class ApplicationIntake {
  constructor(
    private readonly txHost: TransactionHost<TransactionalAdapterTypeOrm>,
    private readonly audit: AuditService,
    private readonly outbox: OutboxService,
    private readonly activity: ActivityService,
    private readonly access: AccessPolicy,
    private readonly candidates: CandidatesService,
    private readonly jobs: JobsService,
    private readonly jobReads: JobReadsService,
    private readonly events: DomainEvents,
  ) {}

  // ---- create -------------------------------------------------------------------------------

  async create(actor: AuthUser, scope: PipelineScope, input: CreateApplicationDto): Promise<ApplicationView> {
    const run = () =>
      this.txHost.withTransaction(async () => {
        const { firstStage } = await this.openJob(scope, input.jobId, 'jobId');
        let candidateId: string;
        if (input.candidate) {
          candidateId = (
            await this.candidates.insertCandidate(actor.organizationId, { ...input.candidate, source: input.candidate.source ?? input.source }, actor.id)
          ).id;
        } else {
          candidateId = input.candidateId!;
          const rows = await this.txHost.tx.query<unknown[]>(
            `SELECT c.id FROM candidates c WHERE c.id = $1 AND c.organization_id = $2 AND c.merged_into_id IS NULL`,
            [candidateId, actor.organizationId],
          );
          if (rows.length === 0) {
            throw new PipelinesException(PipelinesErrorCode.CandidateNotFound, 'No such candidate.', {
              errors: [{ field: 'candidateId', message: 'no such candidate' }],
            });
          }
        }
        const row = await this.insertApplication(actor.organizationId, {
          candidateId,
          jobId: input.jobId,
          stage: firstStage,
          source: input.source ?? null,
          actorId: actor.id,
        });
        return toApplicationView(row);
      });
    return this.candidates.withEmailConflicts(actor.organizationId, input.candidate?.emails, () => mapActiveConflict(run));
  }

  /**
   * Public apply (postings): creates or reuses the candidate (normalised email, within the
   * organization) and an application in the job's first stage, tagged with the board as source.
   * 404 for an unknown job, 409 for a closed job or an existing active application. Inside a unit of work
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
    alsoInTransaction?: (result: BoardApplyResult) => Promise<void>,
  ): Promise<BoardApplyResult> {
    const apply = async (): Promise<BoardApplyResult> => {
      const job = await this.jobReads.jobStatus(organizationId, jobId);
      if (!job) throw jobNotFound();
      if (job.status === JobStatus.Closed) throw new PipelinesException(PipelinesErrorCode.JobClosed, 'This job is closed.');
      const firstStage = await this.firstStage(organizationId, jobId);
      let candidateId = await this.candidates.findIdByEmail(organizationId, input.email);
      const candidateCreated = !candidateId;
      if (!candidateId) {
        candidateId = (
          await this.candidates.insertCandidate(
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
        await this.txHost.tx.query(
          `UPDATE candidates SET resume_text = coalesce(resume_text, $2),
                  phones = CASE WHEN $3::text IS NULL OR $3 = ANY(phones) THEN phones ELSE array_append(phones, $3) END, version = version + 1, updated_at = now()
            WHERE id = $1`,
          [candidateId, input.resumeText ?? null, input.phone ? input.phone.replace(/(?!^\+)[^\d]/g, '') : null],
        );
      }
      const row = await this.insertApplication(organizationId, {
        candidateId,
        jobId,
        stage: firstStage,
        source: input.source,
        actorId: null,
        coverLetter: input.coverLetter ?? null,
      });
      const result = { candidateId, applicationId: row.id, candidateCreated };
      await this.recordSelfIdentification(organizationId, row.id, input.selfIdentification);
      await alsoInTransaction?.(result);
      return result;
    };
    // Inside the caller's unit of work: join it (its caller retries the whole transaction if it must).
    if (this.txHost.isTransactionActive()) return apply();
    for (let attempt = 1; ; attempt++) {
      try {
        return await mapActiveConflict(() => this.txHost.withTransaction(apply));
      } catch (error) {
        // Two first applications with one new email at once: the loser retries and reuses the candidate.
        if (attempt < 3 && isUniqueViolation(error, 'candidate_emails_pkey')) continue;
        throw error;
      }
    }
  }

  /** The survey's answers, apart from the candidate; nothing when none was given. Never audited (the log would hold the values). */
  private async recordSelfIdentification(organizationId: string, applicationId: string, answers: SelfIdentificationAnswers | undefined): Promise<void> {
    if (!answers || !Object.values(answers).some(Boolean)) return;
    await this.txHost.tx.query(
      `INSERT INTO self_identifications (organization_id, application_id, sex, race_ethnicity, veteran_status, disability) VALUES ($1, $2, $3, $4, $5, $6)`,
      [
        organizationId,
        applicationId,
        answers[SelfIdentificationQuestion.Sex] ?? null,
        answers[SelfIdentificationQuestion.RaceEthnicity] ?? null,
        answers[SelfIdentificationQuestion.VeteranStatus] ?? null,
        answers[SelfIdentificationQuestion.Disability] ?? null,
      ],
    );
  }

  private async openJob(scope: PipelineScope, jobId: string, field: string): Promise<{ firstStage: StageRow }> {
    const job = await this.jobReads.jobStatus(scope.organizationId, jobId);
    if (!job) throw jobNotFound(field);
    await this.access.assertCan(scope, Action.Write, { resource: Resource.Application, jobId: job.id }, { hidden: () => jobNotFound(field), forbidden });
    if (job.status === JobStatus.Closed)
      throw new PipelinesException(PipelinesErrorCode.JobClosed, 'This job is closed.', { errors: [{ field, message: 'job is closed' }] });
    return { firstStage: await this.firstStage(scope.organizationId, jobId, field) };
  }

  private async firstStage(organizationId: string, jobId: string, field = 'jobId'): Promise<StageRow> {
    const [first] = await this.jobs.getStages(organizationId, jobId);
    const stage = first ? toStageRow(first) : null;
    if (!stage)
      throw new PipelinesException(PipelinesErrorCode.JobHasNoStages, 'The job has no interview plan stages.', {
        errors: [{ field, message: 'job has no stages' }],
      });
    return stage;
  }

  /** Inserts an active application in the given stage with its first history row, audited and published. */
  private async insertApplication(
    organizationId: string,
    input: { candidateId: string; jobId: string; stage: StageRow; source: string | null; actorId: string | null; coverLetter?: string | null },
  ): Promise<ApplicationRow> {
    const existing: { id: string }[] = await this.txHost.tx.query(`SELECT id FROM applications WHERE candidate_id = $1 AND job_id = $2 AND status = 'active'`, [
      input.candidateId,
      input.jobId,
    ]);
    if (existing.length) throw activeExists(existing[0].id);
    const [row]: ApplicationRow[] = await this.txHost.tx.query(
      `INSERT INTO applications AS a (organization_id, candidate_id, job_id, stage_id, source, created_by, cover_letter) VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING ${APP_COLUMNS}`,
      [organizationId, input.candidateId, input.jobId, input.stage.id, input.source, input.actorId, input.coverLetter ?? null],
    );
    await this.txHost.tx.query(
      `INSERT INTO application_moves (organization_id, application_id, job_id, kind, to_stage_id, to_status, actor_id, moved_at) VALUES ($1, $2, $3, 'created', $4, 'active', $5, $6)`,
      [organizationId, row.id, row.job_id, row.stage_id, input.actorId, row.applied_at],
    );
    await this.audit.record({
      organizationId,
      actorId: input.actorId,
      entityType: 'application',
      entityId: row.id,
      action: 'create',
      changes: { candidateId: { to: row.candidate_id }, jobId: { to: row.job_id }, stageId: { to: row.stage_id }, source: { to: row.source } },
    });
    await this.activity.record({
      organizationId,
      candidateId: row.candidate_id,
      applicationId: row.id,
      jobId: row.job_id,
      kind: ActivityKind.ApplicationCreated,
      actorId: input.actorId,
      payload: { stageId: row.stage_id, stageName: input.stage.name, source: row.source },
    });
    await this.outbox.publish({
      jobName: JobName.PipelinesApplicationCreated,
      organizationId,
      aggregateType: 'application',
      aggregateId: row.id,
      // byCandidate: the candidate applied themselves (public apply), so the mail module confirms it.
      payload: {
        applicationId: row.id,
        candidateId: row.candidate_id,
        jobId: row.job_id,
        stageId: row.stage_id,
        source: row.source,
        byCandidate: input.actorId === null,
      },
    });
    await this.events.publish({
      type: DomainEventType.ApplicationCreated,
      organizationId,
      aggregateType: 'application',
      aggregateId: row.id,
      data: toApplicationView(row),
    });
    return row;
  }
}
