import { TransactionHost } from '@nestjs-cls/transactional';
import type { TransactionalAdapterTypeOrm } from '@nestjs-cls/transactional-adapter-typeorm';
import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { AuditService, JobName, OutboxService, TenantContext } from '../../platform/src/index.js';
import { AccountTokenPurpose, AccountTokens, RedeemedToken } from './account-tokens.service.js';
import { AuthService } from './auth.service.js';
import { AccountThrottle } from './auth/account-throttle.service.js';
import type { AuthUser } from './auth/auth-user.js';
import { loadedUserRow } from './auth/auth-queries.js';
import { hashPassword, normaliseEmail } from './password.js';
import { User } from './user.entity.js';

/**
 * The account routes that work by email: forgot/reset password, accepting an invitation, confirming the address of a
 * self-registered admin. Nothing here tells whether an email has an account: a reset request is answered before anyone
 * looks it up (the worker does, see `identity.password-reset-requested`), and every broken link is the same answer.
 */
@Injectable()
export class AccountLinks {
  constructor(
    private readonly txHost: TransactionHost<TransactionalAdapterTypeOrm>,
    private readonly tokens: AccountTokens,
    private readonly throttle: AccountThrottle,
    private readonly outbox: OutboxService,
    private readonly audit: AuditService,
    private readonly auth: AuthService,
  ) {}

  /**
   * POST /v1/auth/forgot-password: spends the address's and the email's budgets, then only writes an outbox event; the
   * worker looks the email up and mails a reset link when an active account has it. Same work, same answer either way.
   */
  async forgotPassword(email: string, ip: string): Promise<void> {
    const address = normaliseEmail(email);
    await this.throttle.takeResetRequest(ip, address);
    await TenantContext.crossTenant('a password reset request names no organization until the worker looks the email up', () =>
      this.txHost.withTransaction(() =>
        this.outbox.publish({
          jobName: JobName.IdentityPasswordResetRequested,
          organizationId: null,
          aggregateType: 'password_reset_request',
          aggregateId: randomUUID(),
          payload: { email: address },
        }),
      ),
    );
  }

  /** POST /v1/auth/invitation: who the invitation is for, so the page can greet them before they choose a password. */
  async invitation(token: string, ip: string): Promise<{ name: string }> {
    await this.throttle.takeLinkUse(ip);
    const { name } = await this.tokens.peek(AccountTokenPurpose.Invitation, token);
    return { name };
  }

  /** POST /v1/auth/accept-invitation: the invited user chooses their password; answers a token like sign-in. */
  async acceptInvitation(token: string, password: string, ip: string): Promise<{ accessToken: string; expiresIn: number }> {
    return this.setPasswordByLink(AccountTokenPurpose.Invitation, token, password, ip, 'accept_invitation');
  }

  /** POST /v1/auth/reset-password: a new password from a reset link; every other session ends; answers a token like sign-in. */
  async resetPassword(token: string, password: string, ip: string): Promise<{ accessToken: string; expiresIn: number }> {
    return this.setPasswordByLink(AccountTokenPurpose.PasswordReset, token, password, ip, 'reset_password');
  }

  /** POST /v1/auth/confirm-email: the address is confirmed (idempotent for the user; the link works once). */
  async confirmEmail(token: string, ip: string): Promise<void> {
    await this.throttle.takeLinkUse(ip);
    await this.tokens.redeem(AccountTokenPurpose.EmailConfirmation, token, async (t) => {
      await this.txHost.tx.query(`UPDATE users SET email_confirmed_at = COALESCE(email_confirmed_at, now()) WHERE organization_id = $1 AND id = $2`, [
        t.organizationId,
        t.userId,
      ]);
      await this.audit.record({ organizationId: t.organizationId, actorId: t.userId, entityType: 'user', entityId: t.userId, action: 'confirm_email' });
    });
  }

  /** POST /v1/auth/resend-confirmation: a new confirmation link (the earlier ones stop working); nothing when already confirmed. */
  async resendConfirmation(actor: AuthUser): Promise<{ sent: boolean }> {
    await this.throttle.takeResend(actor.id);
    const loaded = loadedUserRow(actor);
    const confirmed = loaded
      ? loaded.email_confirmed_at !== null
      : (
          await this.txHost.tx.query<Array<{ confirmed: boolean }>>(
            `SELECT email_confirmed_at IS NOT NULL AS confirmed FROM users WHERE organization_id = $1 AND id = $2`,
            [actor.organizationId, actor.id],
          )
        )[0]?.confirmed !== false;
    if (confirmed) return { sent: false };
    await this.txHost.withTransaction(() => this.tokens.issue(actor.organizationId, actor.id, AccountTokenPurpose.EmailConfirmation, null));
    return { sent: true };
  }

  private async setPasswordByLink(
    purpose: AccountTokenPurpose,
    token: string,
    password: string,
    ip: string,
    action: string,
  ): Promise<{ accessToken: string; expiresIn: number }> {
    await this.throttle.takeLinkUse(ip);
    // A cheap look first, so a broken link costs no password hash; the use below checks again under a lock.
    await this.tokens.peek(purpose, token);
    const passwordHash = await hashPassword(password);
    const user = await this.tokens.redeem(purpose, token, (t) => this.setPassword(t, passwordHash, action));
    return this.auth.tokenFor(user);
  }

  /** Sets the password, ends every session (token epoch), clears a pending invitation and confirms the address (the link came by email). */
  private async setPassword(t: RedeemedToken, passwordHash: string, action: string): Promise<User> {
    await this.txHost.tx.update(
      User,
      { id: t.userId, organizationId: t.organizationId },
      { passwordHash, mustChangePassword: false, tokenEpoch: () => 'token_epoch + 1', emailConfirmedAt: () => 'COALESCE(email_confirmed_at, now())' },
    );
    // One password, one way in: the other kind of link stops working too.
    for (const other of [AccountTokenPurpose.Invitation, AccountTokenPurpose.PasswordReset]) await this.tokens.revoke(t.organizationId, t.userId, other);
    await this.audit.record({
      organizationId: t.organizationId,
      actorId: t.userId,
      entityType: 'user',
      entityId: t.userId,
      action,
      changes: { password: {} },
    });
    return this.txHost.tx.findOneByOrFail(User, { id: t.userId, organizationId: t.organizationId });
  }
}
