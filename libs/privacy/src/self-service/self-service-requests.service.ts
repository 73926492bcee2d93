import { TransactionHost } from '@nestjs-cls/transactional';
import type { TransactionalAdapterTypeOrm } from '@nestjs-cls/transactional-adapter-typeorm';
import { Injectable, Logger } from '@nestjs/common';
import type { Redis } from 'ioredis';
import { InjectConfig } from '../../../config/src/index.js';
import type { AppConfig } from '../../../config/src/index.js';
import { type Organization, OrganizationsService } from '../../../identity/src/index.js';
import { CandidateDataExport } from '../../../pipelines/src/index.js';
import { orgProfile, type OrgProfile } from '../../../postings/src/index.js';
import { clientAddressKey, InjectRedis } from '../../../platform/src/index.js';
import { CandidateExports, type ExportDownload } from '../export/candidate-exports.service.js';
import { PrivacyErrorCode, PrivacyException } from '../privacy.exception.js';
import { PrivacyRequestKind, PrivacyRequestStatus, REQUEST_COLUMNS, type RequestRow } from './privacy-request.dto.js';
import { SelfServiceFulfilment } from './self-service-fulfilment.service.js';
import { deadlineDays, hashToken, isLinkToken, LINK_TTL_MS, newLinkToken } from './self-service.shared.js';

/** Per client address: self-service requests in a window (the form, the confirmation and the download share it). */
export const SELF_SERVICE_IP_LIMIT = { max: 10, windowSeconds: 600 };
/** Per organization and email address. */
export const SELF_SERVICE_EMAIL_LIMIT = { max: 3, windowSeconds: 3600 };

const EMAIL = /^[^\s@]{1,64}@[^\s@]{1,189}$/;

export type RequestFormProblem = 'email';

/**
 * The careers page's "Request my data" / "Delete my data" (public, no sign-in). The answer to a request never says
 * whether the address is known: a known address gets an emailed confirmation link (single-use, 24 h, only its hash
 * stored), an unknown one nothing. With mail off, the request waits in the admin queue.
 */
@Injectable()
export class SelfServiceRequests {
  private readonly logger = new Logger(SelfServiceRequests.name);

  constructor(
    private readonly txHost: TransactionHost<TransactionalAdapterTypeOrm>,
    private readonly organizations: OrganizationsService,
    private readonly pipelines: CandidateDataExport,
    private readonly exports: CandidateExports,
    private readonly fulfilment: SelfServiceFulfilment,
    @InjectConfig() private readonly config: AppConfig,
    @InjectRedis() private readonly redis: Redis,
  ) {}

  /** The organization of a careers slug (null: the page is a 404). */
  async organization(slug: string): Promise<{ org: Organization; profile: OrgProfile } | null> {
    const org = /^[a-z0-9-]{1,64}$/.test(slug) ? await this.organizations.findBySlug(slug) : null;
    return org ? { org, profile: orgProfile(org, this.config.publicBaseUrl) } : null;
  }

  /** Spends the client address's budget (call first, before reading anything else). */
  async admit(ip: string): Promise<void> {
    await this.take(`privacy:ip:${clientAddressKey(ip)}`, SELF_SERVICE_IP_LIMIT);
  }

  /**
   * A request from the form. Answers a field problem for a malformed address (nothing written); otherwise nothing,
   * whatever the address: the page says the same for a known and an unknown one.
   */
  async submit(org: Organization, kind: PrivacyRequestKind, rawEmail: unknown): Promise<RequestFormProblem | null> {
    const email = typeof rawEmail === 'string' ? rawEmail.trim().toLowerCase() : '';
    if (email.length > 254 || !EMAIL.test(email)) return 'email';
    await this.take(`privacy:email:${org.id}:${email}`, SELF_SERVICE_EMAIL_LIMIT);
    const candidates = await this.pipelines.candidateIdsByEmail(org.id, email);
    const candidateId = candidates[0];
    if (!candidateId) return null;
    await this.txHost.withTransaction(async () => {
      // One open request per address and kind: asking again while one waits sends nothing new.
      const open = await this.txHost.tx.query<unknown[]>(
        `SELECT 1 FROM privacy_requests WHERE organization_id = $1 AND email = $2 AND kind = $3
            AND (status = 'awaiting_admin' OR (status = 'unconfirmed' AND confirm_expires_at > now())) LIMIT 1`,
        [org.id, email, kind],
      );
      if (open.length) return;
      const applicationId = await this.pipelines.latestApplicationId(org.id, candidateId);
      const mailable = this.fulfilment.mailEnabled && applicationId !== null;
      const link = mailable ? newLinkToken() : null;
      const rows = await this.txHost.tx.query<RequestRow[]>(
        `INSERT INTO privacy_requests (organization_id, kind, email, candidate_id, status, confirm_token_hash, confirm_expires_at, deadline_at)
         VALUES ($1, $2, $3, $4, $5, $6, CASE WHEN $6::bytea IS NULL THEN NULL ELSE now() + make_interval(secs => $7) END, now() + make_interval(days => $8))
         RETURNING ${REQUEST_COLUMNS}`,
        [
          org.id,
          kind,
          email,
          candidateId,
          mailable ? PrivacyRequestStatus.Unconfirmed : PrivacyRequestStatus.AwaitingAdmin,
          link?.hash ?? null,
          LINK_TTL_MS / 1000,
          deadlineDays(org),
        ],
      );
      if (link && applicationId) await this.fulfilment.sendConfirmation(rows[0], applicationId, link.token);
    });
    return null;
  }

  /** Whether a confirmation link is still good (the GET page shows its button only then; nothing is used up). */
  async confirmable(org: Organization, token: unknown): Promise<PrivacyRequestKind | null> {
    if (!isLinkToken(token)) return null;
    const rows = await this.txHost.tx.query<Array<{ kind: PrivacyRequestKind }>>(
      `SELECT kind FROM privacy_requests WHERE organization_id = $1 AND confirm_token_hash = $2 AND status = 'unconfirmed' AND confirm_expires_at > now()`,
      [org.id, hashToken(token)],
    );
    return rows[0]?.kind ?? null;
  }

  /**
   * POST of the confirmation page: uses the link up (its hash is cleared, so it works once) and fulfils the request:
   * a data request starts its export, a deletion request anonymises. Null: the link is unknown, used or expired.
   */
  async confirm(org: Organization, token: unknown): Promise<PrivacyRequestKind | null> {
    if (!isLinkToken(token)) return null;
    return this.txHost.withTransaction(async () => {
      // TypeORM answers an UPDATE with [rows, affected].
      const [rows] = await this.txHost.tx.query<[RequestRow[], number]>(
        `UPDATE privacy_requests SET confirm_token_hash = NULL, confirmed_at = now(), status = 'confirmed', updated_at = now()
          WHERE organization_id = $1 AND confirm_token_hash = $2 AND status = 'unconfirmed' AND confirm_expires_at > now()
          RETURNING ${REQUEST_COLUMNS}`,
        [org.id, hashToken(token)],
      );
      const row = rows[0];
      if (!row) return null;
      if (row.kind === PrivacyRequestKind.Deletion) {
        await this.fulfilment.deletion(row, null);
      } else if (row.candidate_id) {
        const created = await this.exports.create(org.id, row.candidate_id, null);
        await this.txHost.tx.query(`UPDATE privacy_requests SET export_id = $3 WHERE organization_id = $1 AND id = $2`, [org.id, row.id, created.id]);
      }
      return row.kind;
    });
  }

  /** The zip behind an emailed download link (works until the export expires); null when the link is not good. */
  async download(org: Organization, token: unknown): Promise<ExportDownload | null> {
    if (!isLinkToken(token)) return null;
    const rows = await this.txHost.tx.query<Array<{ export_id: string | null }>>(
      `SELECT export_id FROM privacy_requests WHERE organization_id = $1 AND download_token_hash = $2 AND download_expires_at > now()`,
      [org.id, hashToken(token)],
    );
    const exportId = rows[0]?.export_id;
    if (!exportId) return null;
    try {
      return await this.exports.download(org.id, exportId);
    } catch (error: unknown) {
      if (error instanceof PrivacyException) return null;
      throw error;
    }
  }

  private async take(key: string, limit: { max: number; windowSeconds: number }): Promise<void> {
    let count: number;
    try {
      const results = (await this.redis.multi().incr(key).expire(key, limit.windowSeconds, 'NX').exec()) ?? [];
      count = Number(results[0]?.[1] ?? 0);
    } catch (error: unknown) {
      this.logger.warn({ err: error }, 'Self-service throttle unavailable; letting the request through');
      return;
    }
    if (count > limit.max) {
      throw new PrivacyException(PrivacyErrorCode.TooManyRequests, 'Too many requests; please try again later.', {
        retryAfterSeconds: limit.windowSeconds,
      });
    }
  }
}
