import { TransactionHost } from '@nestjs-cls/transactional';
import type { TransactionalAdapterTypeOrm } from '@nestjs-cls/transactional-adapter-typeorm';
import { Injectable, Logger } from '@nestjs/common';
import { InjectConfig } from '../../../config/src/index.js';
import type { AppConfig } from '../../../config/src/index.js';
import { OrganizationsService } from '../../../identity/src/index.js';
import { EmailSending } from '../../../mail/src/index.js';
import { CandidateDataExport } from '../../../pipelines/src/index.js';
import { AuditService } from '../../../platform/src/index.js';
import { CandidateAnonymization } from '../anonymization/candidate-anonymization.service.js';
import { PrivacyRequestKind, PrivacyRequestStatus, REQUEST_COLUMNS, type RequestRow } from './privacy-request.dto.js';
import { LINK_TTL_MS, newLinkToken } from './self-service.shared.js';

/**
 * What happens to a request once it is confirmed (by the candidate's link or by an admin): a data request gets an
 * export, whose download link is emailed when it is ready; a deletion request anonymises the candidate. Shared by the
 * public confirmation, the admin queue and the export builder (which calls `exportReady` in its transaction).
 */
@Injectable()
export class SelfServiceFulfilment {
  private readonly logger = new Logger(SelfServiceFulfilment.name);

  constructor(
    private readonly txHost: TransactionHost<TransactionalAdapterTypeOrm>,
    private readonly pipelines: CandidateDataExport,
    private readonly mail: EmailSending,
    private readonly organizations: OrganizationsService,
    private readonly audit: AuditService,
    @InjectConfig() private readonly config: AppConfig,
    private readonly anonymization: CandidateAnonymization,
  ) {}

  /** Whether candidate email can be sent at all (MAIL_DISABLED leaves every email queued forever). */
  get mailEnabled(): boolean {
    return !this.config.mailDisabled;
  }

  /** Erases (anonymises) the candidate of a confirmed deletion request. */
  async deletion(row: RequestRow, actorId: string | null): Promise<PrivacyRequestStatus> {
    if (!row.candidate_id) return this.setStatus(row, PrivacyRequestStatus.Fulfilled, actorId);
    await this.anonymization.anonymize(row.organization_id, row.candidate_id, actorId);
    return this.setStatus(row, PrivacyRequestStatus.Fulfilled, actorId);
  }

  async setStatus(row: RequestRow, status: PrivacyRequestStatus, actorId: string | null): Promise<PrivacyRequestStatus> {
    await this.txHost.tx.query(
      `UPDATE privacy_requests SET status = $3, updated_at = now(),
              decided_by = COALESCE($4, decided_by), decided_at = CASE WHEN $3 IN ('fulfilled', 'rejected') THEN now() ELSE decided_at END
        WHERE organization_id = $1 AND id = $2`,
      [row.organization_id, row.id, status, actorId],
    );
    await this.audit.record({
      organizationId: row.organization_id,
      actorId,
      entityType: 'privacy_request',
      entityId: row.id,
      action: status,
      changes: { status: { from: row.status, to: status } },
    });
    return status;
  }

  /**
   * Called by the export builder in its transaction: a confirmed data request whose export this is gets its download
   * link emailed (a fresh token; the link works as long as the export does). Without mail, the request waits for an admin.
   */
  async exportReady(organizationId: string, exportId: string): Promise<void> {
    const rows = await this.txHost.tx.query<RequestRow[]>(
      `SELECT ${REQUEST_COLUMNS} FROM privacy_requests WHERE organization_id = $1 AND export_id = $2 AND status = 'confirmed' AND kind = 'access' FOR UPDATE`,
      [organizationId, exportId],
    );
    const row = rows[0];
    if (!row) return;
    const applicationId = row.candidate_id ? await this.pipelines.latestApplicationId(organizationId, row.candidate_id) : null;
    if (!this.mailEnabled || !applicationId) {
      await this.setStatus(row, PrivacyRequestStatus.AwaitingAdmin, null);
      return;
    }
    const { token, hash } = newLinkToken();
    await this.txHost.tx.query(
      `UPDATE privacy_requests SET download_token_hash = $3, download_expires_at = now() + make_interval(secs => $4) WHERE organization_id = $1 AND id = $2`,
      [organizationId, row.id, hash, LINK_TTL_MS / 1000],
    );
    const link = `${await this.careersUrl(organizationId)}/privacy/download?token=${token}`;
    await this.mail.queue({
      organizationId,
      applicationId,
      kind: 'privacy_download',
      to: row.email,
      transactional: true,
      subject: 'Your data from {{ organization.name }}',
      body: `Hello,\n\nThe copy of your data you asked {{ organization.name }} for is ready. Download it within 24 hours:\n\n${link}\n\nThe link works for 24 hours. If you did not ask for this, you can ignore this email.`,
    });
    await this.setStatus(row, PrivacyRequestStatus.Fulfilled, null);
  }

  /** Emails the confirmation link of a new request (joins the caller's transaction). */
  async sendConfirmation(row: RequestRow, applicationId: string, token: string): Promise<void> {
    const link = `${await this.careersUrl(row.organization_id)}/privacy/confirm?token=${token}`;
    const what = row.kind === PrivacyRequestKind.Access ? 'a copy of the data we hold about you' : 'the deletion of the data we hold about you';
    await this.mail.queue({
      organizationId: row.organization_id,
      applicationId,
      kind: 'privacy_confirmation',
      to: row.email,
      transactional: true,
      subject: 'Confirm your request to {{ organization.name }}',
      body: `Hello,\n\nSomeone asked {{ organization.name }} for ${what} using this email address. If it was you, confirm within 24 hours:\n\n${link}\n\nThe link works once. If you did not ask for this, ignore this email and nothing will happen.`,
    });
  }

  private async careersUrl(organizationId: string): Promise<string> {
    const org = await this.organizations.findById(organizationId);
    return `${this.config.publicBaseUrl}/careers/${org?.slug ?? ''}`;
  }
}
