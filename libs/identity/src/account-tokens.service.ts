import { TransactionHost } from '@nestjs-cls/transactional';
import type { TransactionalAdapterTypeOrm } from '@nestjs-cls/transactional-adapter-typeorm';
import { Injectable } from '@nestjs/common';
import { createHash, createHmac, randomUUID, timingSafeEqual } from 'node:crypto';
import type { AppConfig } from '../../config/src/index.js';
import { InjectConfig } from '../../config/src/index.js';
import { JobName, OutboxService, TenantContext } from '../../platform/src/index.js';
import { IdentityErrorCode, IdentityException } from './identity.exception.js';
import { normaliseEmail } from './password.js';

/** What an account link lets its holder do. */
export enum AccountTokenPurpose {
  Invitation = 'invitation',
  PasswordReset = 'password_reset',
  EmailConfirmation = 'email_confirmation',
}

/** How long each link works. */
export const ACCOUNT_TOKEN_LIFETIME_SECONDS: Record<AccountTokenPurpose, number> = {
  [AccountTokenPurpose.Invitation]: 72 * 3600,
  [AccountTokenPurpose.PasswordReset]: 3600,
  [AccountTokenPurpose.EmailConfirmation]: 7 * 24 * 3600,
};

/** The web page each link opens. */
const LINK_PATH: Record<AccountTokenPurpose, string> = {
  [AccountTokenPurpose.Invitation]: '/app/accept-invitation',
  [AccountTokenPurpose.PasswordReset]: '/app/reset-password',
  [AccountTokenPurpose.EmailConfirmation]: '/app/confirm-email',
};

/** Longest token a request may carry (ours are 43 characters); anything longer is simply unknown. */
export const ACCOUNT_TOKEN_MAX_LENGTH = 200;

/** What an account email says, read by the mail module in the worker. */
export interface AccountTokenFacts {
  id: string;
  organizationId: string;
  organizationName: string;
  userId: string;
  email: string;
  name: string;
  purpose: AccountTokenPurpose;
  expiresAt: Date;
  /** Who invited (invitations only). */
  invitedBy: string | null;
}

/** A link that was checked and locked for use, inside the transaction that uses it. */
export interface RedeemedToken {
  id: string;
  organizationId: string;
  userId: string;
}

interface TokenRow {
  id: string;
  organization_id: string;
  user_id: string;
  purpose: AccountTokenPurpose;
  expires_at: Date;
  used_at: Date | null;
  active: boolean;
}

/**
 * Account links (invitations, password resets, email confirmations): single use, with an expiry, kept as a SHA-256 of
 * the token only. The token itself is an HMAC (JWT_SECRET) of the row's random id, so the database never holds a usable
 * link and the worker can write the same link on every send attempt without storing it anywhere.
 */
@Injectable()
export class AccountTokens {
  constructor(
    private readonly txHost: TransactionHost<TransactionalAdapterTypeOrm>,
    private readonly outbox: OutboxService,
    @InjectConfig() private readonly config: AppConfig,
  ) {}

  /**
   * Issues a new link for the user (joins the caller's unit of work); earlier unused links of the same purpose stop
   * working. With `announce` (invitations, confirmations) it publishes `identity.account-email`, which the mail module
   * follows in the worker.
   */
  async issue(organizationId: string, userId: string, purpose: AccountTokenPurpose, createdBy: string | null, announce = true): Promise<string> {
    return this.txHost.withTransaction(async () => {
      const id = randomUUID();
      await this.txHost.tx.query(`UPDATE account_tokens SET used_at = now() WHERE organization_id = $1 AND user_id = $2 AND purpose = $3 AND used_at IS NULL`, [
        organizationId,
        userId,
        purpose,
      ]);
      await this.txHost.tx.query(
        `INSERT INTO account_tokens (id, organization_id, user_id, purpose, token_hash, expires_at, created_by)
         VALUES ($1, $2, $3, $4, $5, now() + make_interval(secs => $6), $7)`,
        [id, organizationId, userId, purpose, hashToken(this.tokenOf(id)), ACCOUNT_TOKEN_LIFETIME_SECONDS[purpose], createdBy],
      );
      if (announce) {
        await this.outbox.publish({
          jobName: JobName.IdentityAccountEmail,
          organizationId,
          aggregateType: 'user',
          aggregateId: userId,
          payload: { tokenId: id },
        });
      }
      return id;
    });
  }

  /** Ends the user's unused links of a purpose (an invited user who chose a password with the one-time password). */
  async revoke(organizationId: string, userId: string, purpose: AccountTokenPurpose): Promise<void> {
    await this.txHost.tx.query(`UPDATE account_tokens SET used_at = now() WHERE organization_id = $1 AND user_id = $2 AND purpose = $3 AND used_at IS NULL`, [
      organizationId,
      userId,
      purpose,
    ]);
  }

  /** The facts an account email needs, or null when the link is gone. Runs in the organization's tenant context. */
  async describe(organizationId: string, tokenId: string): Promise<AccountTokenFacts | null> {
    const rows = await this.txHost.tx.query<
      Array<{
        id: string;
        organization_id: string;
        organization_name: string;
        user_id: string;
        email: string;
        name: string;
        purpose: AccountTokenPurpose;
        expires_at: Date;
        invited_by: string | null;
      }>
    >(
      `SELECT t.id, t.organization_id, o.name AS organization_name, t.user_id, u.email, u.name, t.purpose, t.expires_at, c.name AS invited_by
         FROM account_tokens t
         JOIN users u ON u.organization_id = t.organization_id AND u.id = t.user_id
         JOIN organizations o ON o.id = t.organization_id
         LEFT JOIN users c ON c.organization_id = t.organization_id AND c.id = t.created_by
        WHERE t.organization_id = $1 AND t.id = $2 AND t.used_at IS NULL AND t.expires_at > now() AND u.active`,
      [organizationId, tokenId],
    );
    const row = rows[0];
    if (!row) return null;
    return {
      id: row.id,
      organizationId: row.organization_id,
      organizationName: row.organization_name,
      userId: row.user_id,
      email: row.email,
      name: row.name,
      purpose: row.purpose,
      expiresAt: row.expires_at,
      invitedBy: row.invited_by,
    };
  }

  /** The link to mail, while it still works (unused, not expired, the user active); null otherwise. */
  async link(organizationId: string, tokenId: string): Promise<string | null> {
    const facts = await this.describe(organizationId, tokenId);
    if (!facts) return null;
    return `${this.config.publicBaseUrl}${LINK_PATH[facts.purpose]}?token=${this.tokenOf(facts.id)}`;
  }

  /**
   * The active accounts that have this email, in any organization (at most `limit`, oldest first), for a password
   * reset request: each gets its own link.
   */
  async activeUsersByEmail(email: string, limit: number): Promise<Array<{ id: string; organizationId: string }>> {
    const address = normaliseEmail(email);
    const rows = await TenantContext.crossTenant('a password reset request names an email, whatever its organization', () =>
      this.txHost.tx.query<Array<{ id: string; organization_id: string }>>(
        `SELECT id, organization_id FROM users WHERE email = $1 AND active ORDER BY created_at, id LIMIT $2`,
        [address, limit],
      ),
    );
    return rows.map((r) => ({ id: r.id, organizationId: r.organization_id }));
  }

  /**
   * The organization of a link that still works for `purpose`, or the one "invalid link" answer (unknown, expired,
   * used, another purpose, user inactive: all the same). A cheap look before any costly work (hashing a password).
   */
  async peek(purpose: AccountTokenPurpose, token: string): Promise<{ organizationId: string; userId: string; name: string }> {
    const row = await this.find(token);
    if (!row || !usable(row, purpose)) throw invalidLink();
    const [user] = await TenantContext.run(row.organization_id, () =>
      this.txHost.tx.query<Array<{ name: string }>>(`SELECT name FROM users WHERE organization_id = $1 AND id = $2`, [row.organization_id, row.user_id]),
    );
    return { organizationId: row.organization_id, userId: row.user_id, name: user?.name ?? '' };
  }

  /**
   * Uses a link once: in the link's organization, one transaction locks its row, checks it still works, runs `use`
   * (which joins the transaction) and marks it used. Anything wrong with the link is the one "invalid link" answer.
   */
  async redeem<T>(purpose: AccountTokenPurpose, token: string, use: (token: RedeemedToken) => Promise<T>): Promise<T> {
    const found = await this.find(token);
    if (!found) throw invalidLink();
    return TenantContext.run(found.organization_id, () =>
      this.txHost.withTransaction(async () => {
        const [row] = await this.txHost.tx.query<Array<TokenRow & { expired: boolean }>>(
          `SELECT t.id, t.organization_id, t.user_id, t.purpose, t.expires_at, t.used_at, u.active, t.expires_at <= now() AS expired
             FROM account_tokens t JOIN users u ON u.organization_id = t.organization_id AND u.id = t.user_id
            WHERE t.organization_id = $1 AND t.id = $2 FOR UPDATE OF t`,
          [found.organization_id, found.id],
        );
        if (!row || !usable(row, purpose)) throw invalidLink();
        const result = await use({ id: row.id, organizationId: row.organization_id, userId: row.user_id });
        await this.txHost.tx.query(`UPDATE account_tokens SET used_at = now() WHERE organization_id = $1 AND id = $2`, [row.organization_id, row.id]);
        return result;
      }),
    );
  }

  /** A token's row by its hash (any organization: the link names its account), with whether it expired on the database's clock. */
  private async find(token: string): Promise<(TokenRow & { expired: boolean }) | null> {
    if (typeof token !== 'string' || token.length === 0 || token.length > ACCOUNT_TOKEN_MAX_LENGTH) return null;
    const rows = await TenantContext.crossTenant('an account link names its account, whatever its organization', () =>
      this.txHost.tx.query<Array<TokenRow & { expired: boolean; token_hash: string }>>(
        `SELECT t.id, t.organization_id, t.user_id, t.purpose, t.expires_at, t.used_at, u.active, t.expires_at <= now() AS expired, t.token_hash
           FROM account_tokens t JOIN users u ON u.organization_id = t.organization_id AND u.id = t.user_id
          WHERE t.token_hash = $1`,
        [hashToken(token)],
      ),
    );
    const row = rows[0];
    if (!row) return null;
    // The lookup was by hash; the id-derived token must match too (constant time).
    const expected = Buffer.from(this.tokenOf(row.id));
    const given = Buffer.from(token);
    return expected.length === given.length && timingSafeEqual(expected, given) ? row : null;
  }

  private tokenOf(id: string): string {
    return createHmac('sha256', this.config.jwtSecret).update(`account-token:${id}`).digest('base64url');
  }
}

function usable(row: TokenRow & { expired?: boolean }, purpose: AccountTokenPurpose): boolean {
  return row.purpose === purpose && row.used_at === null && row.active && row.expired === false;
}

export function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

export const invalidLink = () =>
  new IdentityException(IdentityErrorCode.InvalidAccountLink, 'This link does not work any more: it expired or was already used. Ask for a new one.');
