import { TransactionHost } from '@nestjs-cls/transactional';
import type { TransactionalAdapterTypeOrm } from '@nestjs-cls/transactional-adapter-typeorm';
import { Injectable } from '@nestjs/common';
import { type ErasedRef, type PersonalTerms, personalTermPatterns, returningRows, STRIP_PERSONAL_TEXT } from '../../platform/src/index.js';
import { ApplicationStatus } from './pipeline.types.js';

/** The name an anonymised candidate carries (first and last name, so `full_name` reads "Anonymised candidate"). */
export const ANONYMISED_FIRST_NAME = 'Anonymised';
export const ANONYMISED_LAST_NAME = 'candidate';

/** Who anonymisation is about, read and locked before anything is erased. */
export interface ErasureSubject {
  candidateId: string;
  /** Already anonymised (a second call changes nothing). */
  anonymizedAt: Date | null;
  /** The candidate and every candidate merged into them (their rows still carry the old values). */
  candidateIds: string[];
  applicationIds: string[];
  hasActiveApplication: boolean;
  terms: PersonalTerms;
}

/**
 * Pipelines' half of anonymisation: the candidate's row (names, emails, phones, links, location, resume text), their
 * email index, files and their bytes, cover letters, rejection and move notes, notes' text, and the words of their
 * timeline and notifications. Called by privacy's `CandidateAnonymization` inside its transaction (each method joins it).
 */
@Injectable()
export class CandidateErasure {
  constructor(private readonly txHost: TransactionHost<TransactionalAdapterTypeOrm>) {}

  /**
   * Locks the candidate and every candidate merged into them (also through earlier merges: A into B, then B into C) and
   * reads what identifies them; null when unknown or merged away. Used by anonymisation and by `CandidateDeletion`.
   */
  async subject(organizationId: string, candidateId: string): Promise<ErasureSubject | null> {
    const rows = await this.txHost.tx.query<
      Array<{
        id: string;
        merged_into_id: string | null;
        anonymized_at: Date | null;
        first_name: string;
        last_name: string;
        emails: string[];
        phones: string[];
      }>
    >(
      `WITH RECURSIVE family (id) AS (
         SELECT id FROM candidates WHERE organization_id = $1 AND id = $2
         UNION SELECT c.id FROM candidates c JOIN family f ON c.merged_into_id = f.id WHERE c.organization_id = $1
       )
       SELECT c.id, c.merged_into_id, c.anonymized_at, c.first_name, c.last_name, c.emails, c.phones FROM candidates c
        WHERE c.organization_id = $1 AND c.id IN (SELECT id FROM family) ORDER BY c.id FOR UPDATE`,
      [organizationId, candidateId],
    );
    const main = rows.find((r) => r.id === candidateId);
    if (!main || main.merged_into_id) return null;
    const candidateIds = rows.map((r) => r.id);
    const applications = await this.txHost.tx.query<Array<{ id: string; status: ApplicationStatus }>>(
      `SELECT id, status FROM applications WHERE organization_id = $1 AND candidate_id = ANY($2::uuid[])`,
      [organizationId, candidateIds],
    );
    const indexed = await this.txHost.tx.query<Array<{ email: string }>>(
      `SELECT email FROM candidate_emails WHERE organization_id = $1 AND candidate_id = ANY($2::uuid[])`,
      [organizationId, candidateIds],
    );
    const names = rows.flatMap((r) => [r.first_name, r.last_name, `${r.first_name} ${r.last_name}`]);
    return {
      candidateId,
      anonymizedAt: main.anonymized_at,
      candidateIds,
      applicationIds: applications.map((a) => a.id),
      hasActiveApplication: applications.some((a) => a.status === ApplicationStatus.Active),
      terms: {
        names: main.anonymized_at ? [] : [...new Set(names)],
        emails: [...new Set([...rows.flatMap((r) => r.emails), ...indexed.map((f) => f.email)])],
        phones: [...new Set(rows.flatMap((r) => r.phones))],
      },
    };
  }

  /** Erases pipelines' rows about the subject; answers the audit subjects whose recorded values must be blanked. */
  async eraseForCandidate(organizationId: string, subject: ErasureSubject): Promise<ErasedRef[]> {
    const ids = subject.candidateIds;
    const params = [organizationId, ids];
    await this.txHost.tx.query(
      `UPDATE candidates SET first_name = '${ANONYMISED_FIRST_NAME}', last_name = '${ANONYMISED_LAST_NAME}', emails = '{}', phones = '{}', links = '{}',
              location = NULL, resume_text = NULL, resume_file = NULL, retention_until = NULL,
              anonymized_at = coalesce(anonymized_at, now()), version = version + 1, updated_at = now()
        WHERE organization_id = $1 AND id = ANY($2::uuid[])`,
      params,
    );
    await this.txHost.tx.query(`DELETE FROM candidate_emails WHERE organization_id = $1 AND candidate_id = ANY($2::uuid[])`, params);
    const files = returningRows<{ id: string }>(
      await this.txHost.tx.query(`DELETE FROM candidate_files WHERE organization_id = $1 AND candidate_id = ANY($2::uuid[]) RETURNING id`, params),
    );
    await this.txHost.tx.query(
      `UPDATE applications SET cover_letter = NULL, rejection_note = NULL WHERE organization_id = $1 AND candidate_id = ANY($2::uuid[])`,
      params,
    );
    await this.txHost.tx.query(
      `UPDATE application_moves SET note = NULL WHERE organization_id = $1 AND application_id = ANY($2::uuid[]) AND note IS NOT NULL`,
      [organizationId, subject.applicationIds],
    );
    const notes = returningRows<{ id: string }>(
      await this.txHost.tx.query(
        `UPDATE notes SET body = '', updated_at = now() WHERE organization_id = $1 AND candidate_id = ANY($2::uuid[]) RETURNING id`,
        params,
      ),
    );
    await this.txHost.tx.query(
      `UPDATE activity_events SET payload = ${STRIP_PERSONAL_TEXT}(payload) WHERE organization_id = $1 AND candidate_id = ANY($2::uuid[])`,
      params,
    );
    // Notifications name the candidate by id (or application) in their payload, or by name in their words.
    await this.txHost.tx.query(
      `UPDATE notifications SET payload = ${STRIP_PERSONAL_TEXT}(payload)
        WHERE organization_id = $1 AND (payload->>'candidateId' = ANY($2::text[]) OR payload->>'applicationId' = ANY($3::text[]) OR payload::text ILIKE ANY($4::text[]))`,
      [organizationId, ids, subject.applicationIds, personalTermPatterns(subject.terms)],
    );
    return [
      ...ids.map((id) => ({ entityType: 'candidate', entityId: id })),
      ...subject.applicationIds.map((id) => ({ entityType: 'application', entityId: id })),
      ...files.map((f) => ({ entityType: 'candidate_file', entityId: f.id })),
      ...notes.map((n) => ({ entityType: 'note', entityId: n.id })),
    ];
  }
}
