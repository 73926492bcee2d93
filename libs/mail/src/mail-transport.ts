import { TransactionHost } from '@nestjs-cls/transactional';
import type { TransactionalAdapterTypeOrm } from '@nestjs-cls/transactional-adapter-typeorm';
import { Injectable, OnModuleDestroy } from '@nestjs/common';
import nodemailer from 'nodemailer';
import type { Transporter } from 'nodemailer';
import type { AppConfig } from '../../config/src/index.js';
import { InjectConfig } from '../../config/src/index.js';

/** One message as the transport sends it: no path or URL the transport could fetch, only what is given here. */
export interface OutgoingMail {
  messageId: string;
  to: string;
  subject: string;
  text: string;
  html: string;
  replyTo?: string;
  headers?: Record<string, string>;
  attachments?: Array<{ filename: string; content: string; contentType: string }>;
  /** An iCalendar invitation: sent as the text/calendar alternative and as `invite.ics`. */
  calendar?: { content: string; method: 'REQUEST' | 'CANCEL' };
}

/** How a send went wrong: `temporary` is retried with backoff (4xx, connection trouble), `permanent` is not (5xx). */
export class MailSendError extends Error {
  constructor(
    readonly kind: 'temporary' | 'permanent',
    readonly reason: string,
  ) {
    super(reason);
    this.name = 'MailSendError';
  }
}

/**
 * Sends through `SMTP_URL` (operator configuration only: nothing a user or template writes reaches the connection
 * options, and file and URL access of nodemailer are off for every message), or, without it outside production, keeps
 * the message in the built-in catcher (`dev_mailbox`, read at /app/dev/mailbox).
 */
@Injectable()
export class MailTransport implements OnModuleDestroy {
  private smtp: Transporter | null = null;
  private readonly catcher: Transporter;

  constructor(
    @InjectConfig() private readonly config: AppConfig,
    private readonly txHost: TransactionHost<TransactionalAdapterTypeOrm>,
  ) {
    this.catcher = nodemailer.createTransport({ streamTransport: true, buffer: true, newline: 'unix' });
  }

  /** True when messages go to the built-in catcher rather than a mail server. */
  get catching(): boolean {
    return !this.config.smtpUrl;
  }

  get disabled(): boolean {
    return this.config.mailDisabled;
  }

  /** The domain of Message-IDs: the inbound domain, else the sender's, else `hireloop.local`. */
  messageDomain(): string {
    if (this.config.inboundDomain) return this.config.inboundDomain;
    const at = this.config.mailFrom.lastIndexOf('@');
    const domain =
      at >= 0
        ? this.config.mailFrom
            .slice(at + 1)
            .replace('>', '')
            .trim()
        : '';
    return /^[a-z0-9.-]{1,253}$/i.test(domain) ? domain : 'hireloop.local';
  }

  async send(mail: OutgoingMail): Promise<void> {
    const message = {
      from: this.config.mailFrom,
      to: mail.to,
      subject: mail.subject,
      text: mail.text,
      html: mail.html,
      messageId: mail.messageId,
      replyTo: mail.replyTo,
      headers: mail.headers,
      attachments: mail.attachments,
      icalEvent: mail.calendar ? { filename: 'invite.ics', method: mail.calendar.method, content: mail.calendar.content } : undefined,
      disableFileAccess: true,
      disableUrlAccess: true,
    };
    if (!this.config.smtpUrl) {
      if (this.config.isProduction) throw new MailSendError('temporary', 'No mail server is configured.');
      const info = (await this.catcher.sendMail(message)) as { message: Buffer };
      await this.txHost.tx.query(`INSERT INTO dev_mailbox (message_id, to_address, subject, raw) VALUES ($1, $2, $3, $4) ON CONFLICT (message_id) DO NOTHING`, [
        mail.messageId,
        mail.to,
        mail.subject,
        info.message.toString('utf8'),
      ]);
      return;
    }
    // nodemailer waits 2 minutes for a connection and 10 for a quiet socket by default; the worker holds the email's
    // row lock while it sends, so a server that goes quiet mid-message is given up on after SMTP_TIMEOUT_SECONDS
    // (a temporary failure: retried with backoff) instead of holding the email, its candidate and a connection.
    const timeout = this.config.smtpTimeoutSeconds * 1000;
    this.smtp ??= nodemailer.createTransport({ url: this.config.smtpUrl, connectionTimeout: timeout, greetingTimeout: timeout, socketTimeout: timeout });
    try {
      await this.smtp.sendMail(message);
    } catch (error: unknown) {
      throw classify(error);
    }
  }

  onModuleDestroy(): void {
    this.smtp?.close();
    this.catcher.close();
  }
}

/** A 5xx answer from the server is permanent; a 4xx, a refused or dropped connection or a timeout is temporary. */
export function classify(error: unknown): MailSendError {
  const code = typeof error === 'object' && error !== null ? (error as { responseCode?: unknown }).responseCode : undefined;
  const response = typeof error === 'object' && error !== null ? (error as { response?: unknown }).response : undefined;
  const said = typeof response === 'string' ? response.replace(/[^\x20-\x7e]/g, ' ').slice(0, 200) : '';
  if (typeof code === 'number' && code >= 500 && code < 600) {
    return new MailSendError('permanent', `The recipient's mail server refused the message${said ? ` (it said: ${said})` : ''}.`);
  }
  if (typeof code === 'number' && code >= 400) return new MailSendError('temporary', 'The mail server asked us to try again later.');
  return new MailSendError('temporary', 'The mail server could not be reached.');
}
