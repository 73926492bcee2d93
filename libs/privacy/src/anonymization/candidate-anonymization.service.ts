import { TransactionHost } from '@nestjs-cls/transactional';
import type { TransactionalAdapterTypeOrm } from '@nestjs-cls/transactional-adapter-typeorm';
import { Injectable, Logger } from '@nestjs/common';
import { InterviewErasure } from '../../../interviews/src/index.js';
import { MailErasure } from '../../../mail/src/index.js';
import { OfferErasure } from '../../../offers/src/index.js';
import { CandidateErasure, CandidatesService, type ErasureSubject } from '../../../pipelines/src/index.js';
import { AuditService, DomainEventType, type ErasedRef, OutboxService } from '../../../platform/src/index.js';
import { ScorecardErasure } from '../../../scorecards/src/index.js';
import { WebhookErasure } from '../../../webhooks/src/index.js';
import { RetentionDueStore } from '../retention/retention-due.store.js';
import { candidateNotFound } from '../privacy.exception.js';

export interface AnonymizationOutcome {
  /** False when the candidate was already anonymised: nothing changed, no event. */
  anonymized: boolean;
}

/**
 * Anonymises a candidate across every module, in one transaction: each module erases its own rows through its own
 * service (pipelines, interviews, scorecards, offers, mail, webhooks, platform's outbox and audit log), then the
 * candidate is announced as `candidate.anonymized` (data: the candidate as GET returns it, now anonymised).
 * Irreversible; a second call finds the candidate anonymised and changes nothing. Used by the admin route and by the
 * retention sweep at the end of a grace period.
 */
@Injectable()
export class CandidateAnonymization {
  private readonly logger = new Logger(CandidateAnonymization.name);

  constructor(
    private readonly txHost: TransactionHost<TransactionalAdapterTypeOrm>,
    private readonly candidates: CandidateErasure,
    private readonly candidatesService: CandidatesService,
    private readonly interviews: InterviewErasure,
    private readonly scorecards: ScorecardErasure,
    private readonly offers: OfferErasure,
    private readonly mail: MailErasure,
    private readonly webhooks: WebhookErasure,
    private readonly outbox: OutboxService,
    private readonly audit: AuditService,
    private readonly due: RetentionDueStore,
  ) {}

  /**
   * `onlyWhen(subject)` lets the caller refuse inside the transaction, with the candidate locked (the sweep: never
   * a candidate who applied again meanwhile); answering false leaves everything as it was.
   */
  anonymize(
    organizationId: string,
    candidateId: string,
    actorId: string | null,
    onlyWhen?: (subject: ErasureSubject) => Promise<boolean>,
  ): Promise<AnonymizationOutcome> {
    return this.txHost.withTransaction(async () => {
      const subject = await this.candidates.subject(organizationId, candidateId);
      if (!subject) throw candidateNotFound();
      if (subject.anonymizedAt) return { anonymized: false };
      if (onlyWhen && !(await onlyWhen(subject))) return { anonymized: false };

      await this.eraseEverywhere(organizationId, subject);
      await this.audit.record({ organizationId, actorId, entityType: 'candidate', entityId: candidateId, action: 'anonymize', changes: {} });
      await this.candidatesService.announceEvent(DomainEventType.CandidateAnonymized, organizationId, candidateId);
      this.logger.log({ organizationId, candidateId, by: actorId ?? 'retention sweep' }, 'Candidate anonymised');
      return { anonymized: true };
    });
  }

  /**
   * Every module's erasure, in the caller's transaction (the candidate locked by `CandidateErasure.subject`): the list
   * anonymisation runs, and the one `CandidateDeletion` (pipelines) runs through the `PERSONAL_DATA_ERASURE` port before
   * it deletes the rows, so what outlives them (audit values, kept webhook events, outbox payloads, a privacy request's
   * address) keeps nothing personal either. A new module storing candidate data adds its erase call here.
   */
  eraseEverywhere(organizationId: string, subject: ErasureSubject): Promise<void> {
    return this.txHost.withTransaction(async () => {
      const refs: ErasedRef[] = [
        ...(await this.candidates.eraseForCandidate(organizationId, subject)),
        ...subject.candidateIds.map((id) => ({ entityType: 'retention', entityId: id })),
      ];
      const interviews = await this.interviews.eraseForCandidate(organizationId, subject.candidateIds);
      refs.push(...interviews.refs);
      refs.push(...(await this.scorecards.eraseFreeText(organizationId, subject.applicationIds)));
      refs.push(...(await this.offers.eraseForCandidate(organizationId, subject.candidateIds, subject.applicationIds)));
      refs.push(...(await this.mail.eraseForCandidate(organizationId, subject.candidateIds)));
      // The outbox first: it waits for the webhook fan-outs reading this organization's payloads
      // (`OutboxService.currentPayloads`, the erasure lock) to commit, so the webhook events erased next include what
      // they kept, and later fan-outs read the stripped payloads.
      await this.outbox.erasePersonalPayloads(organizationId, subject.terms);
      await this.webhooks.eraseEvents(
        organizationId,
        refs.map((r) => r.entityId),
        subject.terms,
      );
      await this.eraseOwnRecords(organizationId, subject);
      await this.eraseAuditValues(organizationId, refs);
      await this.due.remove(organizationId, subject.candidateId);
    });
  }

  // ---- privacy's own tables ----------------------------------------------------------------------------------------
  // A data export is a copy of everything about the candidate: its bytes go. A self-service request stays as the record
  // that it was made and handled, without the address it came from.
  private async eraseOwnRecords(organizationId: string, subject: ErasureSubject): Promise<void> {
    await this.txHost.tx.query(`DELETE FROM privacy_exports WHERE organization_id = $1 AND candidate_id = ANY($2::uuid[])`, [
      organizationId,
      subject.candidateIds,
    ]);
    await this.txHost.tx.query(
      `UPDATE privacy_requests SET email = '', confirm_token_hash = NULL, updated_at = now()
        WHERE organization_id = $1 AND (candidate_id = ANY($2::uuid[]) OR lower(email) = ANY($3::text[]))`,
      [organizationId, subject.candidateIds, subject.terms.emails.map((e) => e.toLowerCase())],
    );
  }

  // ---- the audit log ------------------------------------------------------------------------------------------------
  // Platform's `AuditService.erasePersonalValues(organizationId, entityRefs)` blanks the recorded values of every entry
  // about these entities (the audit hash chain keeps verifying: it covers digests of the values).
  private async eraseAuditValues(organizationId: string, refs: ErasedRef[]): Promise<void> {
    await this.audit.erasePersonalValues(organizationId, refs);
  }
}
