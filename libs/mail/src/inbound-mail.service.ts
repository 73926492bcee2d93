import { timingSafeEqual } from 'node:crypto';
import { TransactionHost } from '@nestjs-cls/transactional';
import type { TransactionalAdapterTypeOrm } from '@nestjs-cls/transactional-adapter-typeorm';
import { Injectable, Logger } from '@nestjs/common';
import { simpleParser } from 'mailparser';
import type { AddressObject, ParsedMail } from 'mailparser';
import type { AppConfig } from '../../config/src/index.js';
import { InjectConfig } from '../../config/src/index.js';
import { OrganizationsService } from '../../identity/src/index.js';
import { ActivityService, NotificationsService } from '../../pipelines/src/index.js';
import { TenantContext } from '../../platform/src/index.js';
import { MailErrorCode, MailException } from './mail.exception.js';
import { isInboxKey, readInboxLocalPart } from './mail.shared.js';

/** The largest raw message POST /v1/inbound-email accepts (checked by Fastify before parsing). */
export const INBOUND_EMAIL_MAX_BYTES = 5 * 1024 * 1024;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

interface Thread {
  organization_id: string;
  candidate_id: string;
  application_id: string | null;
  id: string;
  created_by: string | null;
}

/** Where an inbound message went: threaded to one of our emails, into an organization's inbox, or dropped. */
export interface InboundOutcome {
  threaded: boolean;
  inbox: boolean;
}

/** What the transport knows beyond the message: the SMTP envelope's recipients (RCPT TO). */
export interface InboundEnvelope {
  recipients?: string[];
}

/**
 * Replies from candidates: authenticated by the shared secret (HTTP) or arriving at the built-in SMTP listener, parsed
 * with mailparser, threaded by the reply token of the address (`reply+<token>@INBOUND_DOMAIN`), else by the Message-IDs
 * in In-Reply-To/References (ours are `<email id@domain>`), never by subject. A threaded reply is stored, put on the
 * candidate's timeline and notified to the user who wrote the email. Mail that threads nowhere but is addressed to an
 * organization's inbox address (`inbox+<slug>.<key>@INBOUND_DOMAIN`, the key signed with JWT_SECRET) waits in that
 * organization's inbox (OrganizationInbox); anything else names no organization and is dropped with a log line (never
 * guessed from the sender's address, which could be any organization's candidate).
 */
@Injectable()
export class InboundMail {
  private readonly logger = new Logger(InboundMail.name);

  constructor(
    private readonly txHost: TransactionHost<TransactionalAdapterTypeOrm>,
    private readonly activity: ActivityService,
    private readonly notifications: NotificationsService,
    private readonly organizations: OrganizationsService,
    @InjectConfig() private readonly config: AppConfig,
  ) {}

  assertSecret(given: string | undefined): void {
    const secret = this.config.inboundEmailSecret;
    const a = Buffer.from(String(given ?? ''));
    const b = Buffer.from(secret ?? '');
    if (!secret || a.length !== b.length || !timingSafeEqual(a, b)) {
      throw new MailException(MailErrorCode.InboundUnauthorized, 'The inbound email secret is missing or wrong.');
    }
  }

  async receive(raw: Buffer, envelope: InboundEnvelope = {}): Promise<InboundOutcome> {
    const mail = await simpleParser(raw, { skipHtmlToText: false, maxHtmlLengthToParse: 1_000_000 });
    const addresses = this.addressesOf(mail, envelope);
    const thread = await TenantContext.crossTenant('inbound mail names its thread by reply token or Message-ID', async () => {
      const token = this.tokenOf(addresses);
      if (token) {
        const rows: Thread[] = await this.txHost.tx.query(
          `SELECT organization_id, candidate_id, application_id, id, created_by FROM emails WHERE reply_token = $1`,
          [token],
        );
        if (rows[0]) return { ...rows[0], by: 'token' as const };
      }
      const references = [mail.inReplyTo, ...(Array.isArray(mail.references) ? mail.references : mail.references ? [mail.references] : [])];
      for (const ref of references) {
        const id = this.ourEmailId(ref);
        if (!id) continue;
        const rows: Thread[] = await this.txHost.tx.query(`SELECT organization_id, candidate_id, application_id, id, created_by FROM emails WHERE id = $1`, [
          id,
        ]);
        if (rows[0]) return { ...rows[0], by: 'in_reply_to' as const };
      }
      return null;
    });
    const from = mail.from?.value[0]?.address ?? '';
    const subject = (mail.subject ?? '').slice(0, 500);
    const body = (mail.text ?? '').slice(0, 50_000);
    if (!thread) {
      const inbox = await this.organizationInbox(addresses);
      if (!inbox) {
        this.logger.warn({ messageId: mail.messageId }, 'Inbound email matched no thread and no organization inbox; dropped');
        return { threaded: false, inbox: false };
      }
      await TenantContext.run(inbox.organizationId, () =>
        this.txHost.tx.query(
          `INSERT INTO inbound_emails (organization_id, message_id, from_address, to_address, subject, body, threaded_by, inbox_state)
           VALUES ($1, $2, $3, $4, $5, $6, 'organization_address', 'open') ON CONFLICT (organization_id, message_id) DO NOTHING`,
          [inbox.organizationId, mail.messageId?.slice(0, 998) ?? null, from.slice(0, 320), inbox.address.slice(0, 320), subject, body],
        ),
      );
      return { threaded: false, inbox: true };
    }
    await TenantContext.run(thread.organization_id, () =>
      this.txHost.withTransaction(async () => {
        const inserted: Array<{ id: string }> = await this.txHost.tx.query(
          `INSERT INTO inbound_emails (organization_id, candidate_id, in_reply_to_email_id, message_id, from_address, subject, body, threaded_by)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8) ON CONFLICT (organization_id, message_id) DO NOTHING RETURNING id`,
          [thread.organization_id, thread.candidate_id, thread.id, mail.messageId?.slice(0, 998) ?? null, from.slice(0, 320), subject, body, thread.by],
        );
        if (!inserted[0]) return;
        await this.activity.record({
          organizationId: thread.organization_id,
          candidateId: thread.candidate_id,
          applicationId: thread.application_id,
          kind: 'email.reply',
          subjectType: 'inbound_email',
          subjectId: inserted[0].id,
          payload: { subject, from },
        });
        if (thread.created_by) {
          await this.notifications.notify({
            organizationId: thread.organization_id,
            userIds: [thread.created_by],
            kind: 'email.reply',
            payload: { candidateId: thread.candidate_id, applicationId: thread.application_id, subject },
            dedupeKey: `email-reply:${inserted[0].id}`,
          });
        }
      }),
    );
    return { threaded: true, inbox: false };
  }

  /** Every address the message was delivered to: To, Cc, Delivered-To, X-Original-To and the envelope's recipients. */
  private addressesOf(mail: ParsedMail, envelope: InboundEnvelope): string[] {
    const headers = [mail.to, mail.cc].flat<Array<AddressObject | AddressObject[] | undefined>>();
    const all = headers.flatMap((a) => a?.value ?? []).map((v) => v.address ?? '');
    for (const name of ['delivered-to', 'x-original-to']) {
      const value = mail.headers.get(name);
      if (typeof value === 'string') all.push(value);
      else if (Array.isArray(value)) all.push(...value.filter((v): v is string => typeof v === 'string'));
    }
    all.push(...(envelope.recipients ?? []));
    return all
      .slice(0, 200)
      .map((a) => a.trim())
      .filter((a) => a.length > 0 && a.length <= 320);
  }

  /** The local parts of the addresses at INBOUND_DOMAIN (as written). */
  private ownLocalParts(addresses: string[]): string[] {
    const domain = this.config.inboundDomain?.toLowerCase();
    if (!domain) return [];
    return addresses.flatMap((address) => {
      const at = address.lastIndexOf('@');
      return at > 0 && address.slice(at + 1).toLowerCase() === domain ? [address.slice(0, at)] : [];
    });
  }

  /** The reply token of the first `reply+<token>@INBOUND_DOMAIN` address, if any. */
  private tokenOf(addresses: string[]): string | null {
    for (const local of this.ownLocalParts(addresses)) {
      if (!local.toLowerCase().startsWith('reply+')) continue;
      const token = local.slice('reply+'.length);
      if (/^[A-Za-z0-9]{10,64}$/.test(token)) return token;
    }
    return null;
  }

  /** The organization whose inbox address (`inbox+<slug>.<key>@INBOUND_DOMAIN`, key checked) the message was sent to. */
  private async organizationInbox(addresses: string[]): Promise<{ organizationId: string; address: string } | null> {
    for (const local of this.ownLocalParts(addresses)) {
      const named = readInboxLocalPart(local);
      if (!named) continue;
      const organizationId = await this.organizations.idOfPublicSlug(named.slug);
      if (organizationId && isInboxKey(this.config.jwtSecret, organizationId, named.key)) {
        return { organizationId, address: `${local.toLowerCase()}@${this.config.inboundDomain?.toLowerCase()}` };
      }
    }
    return null;
  }

  /** `<uuid@domain>` of a message we sent → the email id. */
  private ourEmailId(ref: string | undefined): string | null {
    if (!ref) return null;
    const inner = ref.trim().replace(/^</, '').replace(/>$/, '');
    const at = inner.indexOf('@');
    const id = at > 0 ? inner.slice(0, at) : '';
    return UUID.test(id) ? id : null;
  }
}
