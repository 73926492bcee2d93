import { TransactionHost } from '@nestjs-cls/transactional';
import type { TransactionalAdapterTypeOrm } from '@nestjs-cls/transactional-adapter-typeorm';
import { Injectable, Logger } from '@nestjs/common';
import type { AppConfig } from '../../config/src/index.js';
import { InjectConfig } from '../../config/src/index.js';
import { ActivityService, PipelineReadsService } from '../../pipelines/src/index.js';
import { IdempotentConsumer } from '../../platform/src/index.js';
import { MailSendError, MailTransport, OutgoingMail } from './mail-transport.js';
import { textToHtml, unsubscribeToken } from './mail.shared.js';

interface EmailRow {
  id: string;
  organization_id: string;
  candidate_id: string;
  application_id: string | null;
  kind: string;
  transactional: boolean;
  to_address: string;
  subject: string;
  body: string;
  status: string;
  reply_token: string;
  calendar: string | null;
  calendar_method: 'REQUEST' | 'CANCEL' | null;
}

/**
 * The worker's half: sends one queued email (job `mail.send`). The row is locked while it is sent, so a redelivered
 * job or a cancel waits; the `processed_events` marker and the `sent` status commit together, and the Message-ID is
 * derived from the email's id, so a retry after a lost acknowledgement is the same message.
 * A temporary failure (4xx, no connection) throws: BullMQ retries with backoff and the email stays queued. A permanent
 * one (5xx), or a temporary one on the last attempt, marks it failed with the reason on the candidate's timeline.
 */
@Injectable()
export class EmailDelivery {
  private readonly logger = new Logger(EmailDelivery.name);

  constructor(
    private readonly txHost: TransactionHost<TransactionalAdapterTypeOrm>,
    private readonly consumer: IdempotentConsumer,
    private readonly transport: MailTransport,
    private readonly activity: ActivityService,
    private readonly reads: PipelineReadsService,
    @InjectConfig() private readonly config: AppConfig,
  ) {}

  async deliver(eventId: string, emailId: string, lastAttempt: boolean): Promise<void> {
    if (this.transport.disabled) {
      this.logger.warn({ emailId }, 'MAIL_DISABLED=true: the email stays queued');
      return;
    }
    await this.consumer.runOnce('mail.send', eventId, async () => {
      // The candidate before the email, as anonymisation locks them (candidate, then its emails): the timeline entry
      // written after the send needs the candidate's key share (its foreign key), so taking the email first and the
      // candidate last deadlocked with an anonymisation of the same candidate. Now one waits for the other: an
      // anonymisation that went first has cancelled the email; one that comes after erases this send's entry too.
      const [owner] = await this.txHost.tx.query<Array<{ organization_id: string; candidate_id: string }>>(
        `SELECT organization_id, candidate_id FROM emails WHERE id = $1`,
        [emailId],
      );
      if (owner) await this.reads.holdCandidate(owner.organization_id, owner.candidate_id);
      const rows: EmailRow[] = await this.txHost.tx.query(
        `SELECT id, organization_id, candidate_id, application_id, kind, transactional, to_address, subject, body, status, reply_token, calendar, calendar_method
           FROM emails WHERE id = $1 FOR UPDATE`,
        [emailId],
      );
      const email = rows[0];
      if (!email || (email.status !== 'queued' && email.status !== 'scheduled')) return;
      if (!email.transactional) {
        const refused = await this.contactRefused(email);
        if (refused) {
          await this.finish(email, 'cancelled', refused);
          return;
        }
      }
      try {
        await this.transport.send(this.message(email));
      } catch (error: unknown) {
        const failure = error instanceof MailSendError ? error : new MailSendError('temporary', 'The email could not be sent.');
        if (failure.kind === 'temporary' && !lastAttempt) throw failure;
        await this.finish(email, 'failed', failure.reason);
        await this.activity.record({
          organizationId: email.organization_id,
          candidateId: email.candidate_id,
          applicationId: email.application_id,
          kind: 'email.failed',
          subjectType: 'email',
          subjectId: email.id,
          payload: { subject: email.subject, reason: failure.reason },
        });
        return;
      }
      await this.finish(email, 'sent', null);
      await this.activity.record({
        organizationId: email.organization_id,
        candidateId: email.candidate_id,
        applicationId: email.application_id,
        kind: 'email.sent',
        subjectType: 'email',
        subjectId: email.id,
        payload: { subject: email.subject },
      });
    });
  }

  /** The message as it goes out; the same for every attempt. */
  message(email: EmailRow): OutgoingMail {
    const headers: Record<string, string> = {};
    let text = email.body;
    if (!email.transactional) {
      const link = `${this.config.publicBaseUrl}/v1/email-unsubscribe?token=${unsubscribeToken(this.config.jwtSecret, email.organization_id, email.candidate_id)}`;
      headers['List-Unsubscribe'] = `<${link}>`;
      headers['List-Unsubscribe-Post'] = 'List-Unsubscribe=One-Click';
      text = `${text}\n\nTo stop receiving these emails, open ${link}`;
    }
    return {
      messageId: `<${email.id}@${this.transport.messageDomain()}>`,
      to: email.to_address,
      subject: email.subject,
      text,
      html: textToHtml(text),
      replyTo: this.config.inboundDomain ? `reply+${email.reply_token}@${this.config.inboundDomain}` : undefined,
      headers,
      calendar: email.calendar && email.calendar_method ? { content: email.calendar, method: email.calendar_method } : undefined,
    };
  }

  /** Why a non-transactional email may no longer go out (the candidate unsubscribed or was marked "Do not contact"), or null. */
  private async contactRefused(email: EmailRow): Promise<string | null> {
    const rows: unknown[] = await this.txHost.tx.query(`SELECT 1 FROM email_unsubscribes WHERE organization_id = $1 AND candidate_id = $2`, [
      email.organization_id,
      email.candidate_id,
    ]);
    if (rows.length > 0) return 'The candidate unsubscribed before it was sent.';
    const candidate = await this.reads.candidate(email.organization_id, email.candidate_id);
    return candidate?.doNotContact ? 'The candidate was marked "Do not contact" before it was sent.' : null;
  }

  private async finish(email: EmailRow, status: 'sent' | 'failed' | 'cancelled', reason: string | null): Promise<void> {
    await this.txHost.tx.query(
      `UPDATE emails SET status = $2, failure_reason = $3, sent_at = CASE WHEN $2 = 'sent' THEN now() ELSE sent_at END, updated_at = now() WHERE id = $1`,
      [email.id, status, reason],
    );
  }
}
