import { TransactionHost } from '@nestjs-cls/transactional';
import type { TransactionalAdapterTypeOrm } from '@nestjs-cls/transactional-adapter-typeorm';
import { Injectable, Logger } from '@nestjs/common';
import { ACCOUNTS_PER_EMAIL, AccountTokenFacts, AccountTokenPurpose, AccountTokens } from '../../identity/src/index.js';
import { IdempotentConsumer, JobName, OutboxService, TenantContext } from '../../platform/src/index.js';
import { MailSendError, MailTransport, OutgoingMail } from './mail-transport.js';
import { escapeHtml, textToHtml } from './mail.shared.js';

interface AccountEmailRow {
  id: string;
  organization_id: string;
  token_id: string;
  to_address: string;
  subject: string;
  intro: string;
  outro: string;
  status: string;
}

/** The words of an account email, around its link (plain words, the organization's name; no codes). */
export function accountEmailText(facts: AccountTokenFacts): { subject: string; intro: string; outro: string; linkLabel: string } {
  const org = facts.organizationName;
  switch (facts.purpose) {
    case AccountTokenPurpose.Invitation:
      return {
        subject: `You're invited to join ${org} on Hireloop`,
        intro: `Hello ${facts.name},\n\n${facts.invitedBy ? `${facts.invitedBy} invited you` : 'You are invited'} to join ${org} on Hireloop, where the team runs its hiring.\n\nTo accept, choose your password here:`,
        outro: `This link works once and for 3 days. If you did not expect this invitation, you can ignore this email.`,
        linkLabel: 'Choose your password',
      };
    case AccountTokenPurpose.PasswordReset:
      return {
        subject: `Reset your Hireloop password for ${org}`,
        intro: `Hello ${facts.name},\n\nSomeone asked to reset the password of your ${org} account on Hireloop. If it was you, choose a new password here:`,
        outro: `This link works once and for 1 hour. If you did not ask for it, ignore this email: your password stays as it is.`,
        linkLabel: 'Choose a new password',
      };
    case AccountTokenPurpose.EmailConfirmation:
      return {
        subject: `Confirm your email address for ${org} on Hireloop`,
        intro: `Hello ${facts.name},\n\nThank you for setting up ${org} on Hireloop. Please confirm that this is your email address:`,
        outro: `Until you do, you can set up ${org}, but you cannot invite your colleagues yet. This link works once and for 7 days; you can ask for a new one from Hireloop.`,
        linkLabel: 'Confirm my email address',
      };
  }
}

/**
 * Account mail (invitations, password resets, email confirmations): identity issues the link and publishes an event;
 * the worker follows it here. Like candidate mail, each message is a row (`account_emails`) and a `mail.send-account`
 * job, sent through the one transport (MAIL_FROM, SMTP_URL or the development catcher), retried on temporary
 * failures. The link itself is never stored: the row keeps the words around it, and delivery asks identity for the
 * link, so a link that was used or expired meanwhile is not sent at all.
 */
@Injectable()
export class AccountMail {
  private readonly logger = new Logger(AccountMail.name);

  constructor(
    private readonly txHost: TransactionHost<TransactionalAdapterTypeOrm>,
    private readonly consumer: IdempotentConsumer,
    private readonly tokens: AccountTokens,
    private readonly outbox: OutboxService,
    private readonly transport: MailTransport,
  ) {}

  /** `identity.account-email` (in the token's organization): queues the email of an invitation or a confirmation. */
  async followIssuedToken(eventId: string, organizationId: string, tokenId: string): Promise<void> {
    await this.consumer.runOnce('mail.account-email', eventId, () => this.queue(organizationId, tokenId));
  }

  /**
   * `identity.password-reset-requested` (no organization): one reset link per active account with that email (an
   * address may have an account in several organizations; each email names its organization). All of them, or none,
   * are queued with the request's marker: a redelivery does nothing.
   */
  async followResetRequest(eventId: string, email: string): Promise<void> {
    const users = await this.tokens.activeUsersByEmail(email, ACCOUNTS_PER_EMAIL);
    // No such account: nothing to send, but the request is marked handled all the same.
    await this.consumer.runOnce('mail.password-reset', eventId, async () => {
      for (const user of users) {
        await TenantContext.run(user.organizationId, async () => {
          const tokenId = await this.tokens.issue(user.organizationId, user.id, AccountTokenPurpose.PasswordReset, null, false);
          await this.queue(user.organizationId, tokenId);
        });
      }
    });
  }

  /** One account email row and its `mail.send-account` job (joins the caller's unit of work). */
  async queue(organizationId: string, tokenId: string): Promise<void> {
    const facts = await this.tokens.describe(organizationId, tokenId);
    if (!facts) return; // the link was replaced or used before its email was written
    const text = accountEmailText(facts);
    await this.txHost.withTransaction(async () => {
      const [row] = await this.txHost.tx.query<Array<{ id: string }>>(
        `INSERT INTO account_emails (organization_id, user_id, token_id, kind, to_address, subject, intro, outro, status)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, 'queued') RETURNING id`,
        [organizationId, facts.userId, facts.id, facts.purpose, facts.email, text.subject.slice(0, 998), text.intro, text.outro],
      );
      await this.outbox.publish({
        jobName: JobName.MailSendAccount,
        organizationId,
        aggregateType: 'account_email',
        aggregateId: row.id,
        payload: { accountEmailId: row.id },
      });
    });
  }

  /** `mail.send-account`: sends one account email (same classification of failures as candidate mail). */
  async deliver(eventId: string, accountEmailId: string, lastAttempt: boolean): Promise<void> {
    if (this.transport.disabled) {
      this.logger.warn({ accountEmailId }, 'MAIL_DISABLED=true: the account email stays queued');
      return;
    }
    await this.consumer.runOnce('mail.send-account', eventId, async () => {
      const [email] = await this.txHost.tx.query<AccountEmailRow[]>(
        `SELECT id, organization_id, token_id, to_address, subject, intro, outro, status FROM account_emails WHERE id = $1 FOR UPDATE`,
        [accountEmailId],
      );
      if (!email || email.status !== 'queued') return;
      const link = await this.tokens.link(email.organization_id, email.token_id);
      if (!link) {
        await this.finish(email.id, 'cancelled', 'The link was used, replaced or expired before the email went out.');
        return;
      }
      try {
        await this.transport.send(this.message(email, link));
      } catch (error: unknown) {
        const failure = error instanceof MailSendError ? error : new MailSendError('temporary', 'The email could not be sent.');
        if (failure.kind === 'temporary' && !lastAttempt) throw failure;
        this.logger.warn({ accountEmailId, reason: failure.reason }, 'Account email failed');
        await this.finish(email.id, 'failed', failure.reason);
        return;
      }
      await this.finish(email.id, 'sent', null);
    });
  }

  /** The message as it goes out; the same for every attempt (the link is derived, not random per send). */
  message(email: AccountEmailRow, link: string): OutgoingMail {
    const text = `${email.intro}\n\n${link}\n\n${email.outro}`;
    const html = textToHtml(`${email.intro}\n\n\u0000\n\n${email.outro}`).replace('\u0000', `<a href="${escapeHtml(link)}">${escapeHtml(link)}</a>`);
    return { messageId: `<account-${email.id}@${this.transport.messageDomain()}>`, to: email.to_address, subject: email.subject, text, html };
  }

  private async finish(id: string, status: 'sent' | 'failed' | 'cancelled', reason: string | null): Promise<void> {
    await this.txHost.tx.query(
      `UPDATE account_emails SET status = $2, failure_reason = $3, sent_at = CASE WHEN $2 = 'sent' THEN now() ELSE sent_at END, updated_at = now() WHERE id = $1`,
      [id, status, reason],
    );
  }
}
