import { TransactionHost } from '@nestjs-cls/transactional';
import type { TransactionalAdapterTypeOrm } from '@nestjs-cls/transactional-adapter-typeorm';
import { Inject, Injectable, Logger } from '@nestjs/common';
import { type AuthUser, hasRole, Role } from '../../identity/src/index.js';
import { AuditService, DomainEvents, DomainEventType } from '../../platform/src/index.js';
import { CandidateErasure } from './candidate-erasure.service.js';
import { PERSONAL_DATA_ERASURE, type PersonalDataEraser } from './personal-data-erasure.js';
import { ApplicationStatus } from './pipeline.types.js';
import { candidateNotFound, forbidden, PipelinesErrorCode, PipelinesException } from './pipelines.exception.js';

/**
 * What `candidate.deleted` carries: ids and a time, nothing personal. The candidate's applications (and the candidates
 * merged into them earlier) went with them, announced by this one event: there is no `application.*` event for them.
 */
export interface CandidateDeletedData {
  id: string;
  deletedAt: string;
  /** Every application of the candidate, removed with them (folded ones of a merge included). */
  applicationIds: string[];
  /** Candidates merged into this one earlier (their ids answered 404 already), removed with them. */
  mergedCandidateIds: string[];
}

/**
 * Deleting a candidate for good (admins): a spam or test profile, or a duplicate created by mistake. One transaction:
 * the candidate and every candidate merged into them are locked; a candidate ever hired (a hired application, which an
 * accepted offer always makes) is refused, since those records are kept (anonymise instead), and so is one with
 * interviews still ahead (cancel them first, so the panel's and the candidate's invitations are cancelled); every module's personal
 * data about them is erased through the `PERSONAL_DATA_ERASURE` port (privacy's anonymisation list, so the audit log,
 * kept webhook events and outbox keep nothing personal); then pipelines deletes its own rows (notifications about them,
 * applications, candidates) and the database's `ON DELETE CASCADE` keys remove everything hanging off them in every
 * module (moves, notes, timeline, files, email index, SLA breaches, self-identification, interviews and their panels,
 * scorecards, hiring decisions, offers and approvals, emails, replies, unsubscriptions, scheduling requests, retention
 * flags, data exports). A privacy request about them stays, as the record that it was made, without its address.
 * An audit entry (`candidate`/`delete`, counts only) and `candidate.deleted` commit with it.
 */
@Injectable()
export class CandidateDeletion {
  private readonly logger = new Logger(CandidateDeletion.name);

  constructor(
    private readonly txHost: TransactionHost<TransactionalAdapterTypeOrm>,
    private readonly erasure: CandidateErasure,
    @Inject(PERSONAL_DATA_ERASURE) private readonly everywhere: PersonalDataEraser,
    private readonly audit: AuditService,
    private readonly events: DomainEvents,
  ) {}

  /** Unknown, another organization's, or merged into another candidate: 404 (a merged candidate answers 404 everywhere). */
  async delete(actor: AuthUser, candidateId: string): Promise<void> {
    if (!hasRole(actor, Role.Admin)) throw forbidden('Only admins may delete a candidate.');
    const organizationId = actor.organizationId;
    await this.txHost.withTransaction(async () => {
      const subject = await this.erasure.subject(organizationId, candidateId);
      if (!subject) throw candidateNotFound();
      // Locked, so a hire cannot commit between the check and the delete (a hire locks the application first).
      const applications = await this.txHost.tx.query<Array<{ id: string; status: ApplicationStatus }>>(
        `SELECT id, status FROM applications WHERE organization_id = $1 AND candidate_id = ANY($2::uuid[]) ORDER BY id FOR UPDATE`,
        [organizationId, subject.candidateIds],
      );
      const hired = applications.filter((a) => a.status === ApplicationStatus.Hired).length;
      if (hired > 0) {
        throw new PipelinesException(
          PipelinesErrorCode.CandidateHasHire,
          'This candidate was hired, so their records (the hired application, an accepted offer) are kept for reporting and the job, and they cannot be deleted. Anonymise the candidate instead to remove their personal data.',
          { extensions: { hiredApplications: hired } },
        );
      }
      const applicationIds = applications.map((a) => a.id);
      const upcoming = await this.everywhere.upcomingInterviews(organizationId, applicationIds);
      if (upcoming > 0) {
        throw new PipelinesException(
          PipelinesErrorCode.CandidateHasUpcomingInterviews,
          `This candidate has ${upcoming === 1 ? 'an interview' : `${upcoming} interviews`} still ahead. Cancel ${upcoming === 1 ? 'it' : 'them'} first, so the interviewers and the candidate are told, then delete the candidate.`,
          { extensions: { upcomingInterviews: upcoming } },
        );
      }
      const mergedCandidateIds = subject.candidateIds.filter((id) => id !== candidateId);

      await this.everywhere.eraseEverywhere(organizationId, subject);
      await this.txHost.tx.query(
        `DELETE FROM notifications WHERE organization_id = $1 AND (payload->>'candidateId' = ANY($2::text[]) OR payload->>'applicationId' = ANY($3::text[]))`,
        [organizationId, subject.candidateIds, applicationIds],
      );
      // Applications first: their key to the candidate is RESTRICT (nothing else removes one by accident).
      await this.txHost.tx.query(`DELETE FROM applications WHERE organization_id = $1 AND id = ANY($2::uuid[])`, [organizationId, applicationIds]);
      await this.txHost.tx.query(`DELETE FROM candidates WHERE organization_id = $1 AND id = ANY($2::uuid[])`, [organizationId, subject.candidateIds]);
      await this.audit.record({
        organizationId,
        actorId: actor.id,
        entityType: 'candidate',
        entityId: candidateId,
        action: 'delete',
        changes: {
          applications: { from: applicationIds.length, to: 0 },
          ...(mergedCandidateIds.length ? { mergedCandidates: { from: mergedCandidateIds.length, to: 0 } } : {}),
        },
      });
      const data: CandidateDeletedData = { id: candidateId, deletedAt: new Date().toISOString(), applicationIds, mergedCandidateIds };
      await this.events.publish({ type: DomainEventType.CandidateDeleted, organizationId, aggregateType: 'candidate', aggregateId: candidateId, data });
      this.logger.log({ organizationId, candidateId, by: actor.id, applications: applicationIds.length }, 'Candidate deleted');
    });
  }
}
