import { TransactionHost } from '@nestjs-cls/transactional';
import type { TransactionalAdapterTypeOrm } from '@nestjs-cls/transactional-adapter-typeorm';
import { Injectable } from '@nestjs/common';
import type { AppConfig } from '../../config/src/index.js';
import { InjectConfig } from '../../config/src/index.js';
import type { AuthUser } from '../../identity/src/index.js';
import { OrganizationsService } from '../../identity/src/index.js';
import { ActivityService, NotificationsService, PipelineReadsService } from '../../pipelines/src/index.js';
import { AuditService, decodeCursor, encodeCursor, Page } from '../../platform/src/index.js';
import { InboxItemDto, InboxPageDto, ReceivedEmailDto } from './dto/inbox.dto.js';
import { candidateNotFound, MailErrorCode, MailException } from './mail.exception.js';
import { inboxLocalPart } from './mail.shared.js';

const INBOX_COLUMNS = `id, from_address, to_address, subject, body, inbox_state, candidate_id, received_at`;
const RECEIVED_COLUMNS = `id, candidate_id, in_reply_to_email_id, from_address, subject, body, received_at`;

const itemNotFound = () => new MailException(MailErrorCode.InboxItemNotFound, 'No such message in the inbox.');

/**
 * The organization inbox (admins and recruiters, who see every candidate): mail sent to the organization's inbox
 * address that threads to none of our emails (InboundMail stores it with no candidate). A recruiter assigns a message
 * to a candidate (it joins the candidate's timeline and the people who wrote to the candidate are told) or dismisses
 * it. Also the messages a candidate sent us, for the thread on the profile.
 */
@Injectable()
export class OrganizationInbox {
  constructor(
    private readonly txHost: TransactionHost<TransactionalAdapterTypeOrm>,
    private readonly reads: PipelineReadsService,
    private readonly activity: ActivityService,
    private readonly notifications: NotificationsService,
    private readonly organizations: OrganizationsService,
    private readonly audit: AuditService,
    @InjectConfig() private readonly config: AppConfig,
  ) {}

  /** GET /v1/inbox: open messages, newest first, and the organization's inbox address. */
  async list(actor: AuthUser, limit: number, cursor?: string): Promise<InboxPageDto> {
    const params: unknown[] = [actor.organizationId];
    let after = '';
    if (cursor) {
      const [at, id] = decodeCursor(cursor, ['timestamp', 'uuid']);
      params.push(at, id);
      after = `AND (received_at, id) < ($2::timestamptz, $3::uuid)`;
    }
    params.push(limit + 1);
    const [rows, address] = await Promise.all([
      this.txHost.tx.query<Record<string, unknown>[]>(
        `SELECT ${INBOX_COLUMNS} FROM inbound_emails WHERE organization_id = $1 AND inbox_state = 'open' ${after}
          ORDER BY received_at DESC, id DESC LIMIT $${params.length}`,
        params,
      ),
      this.address(actor.organizationId),
    ]);
    const data = rows.slice(0, limit);
    const last = data[data.length - 1];
    return {
      data: data.map((r) => InboxItemDto.from(r)),
      nextCursor: rows.length > limit && last ? encodeCursor([last.received_at, last.id]) : null,
      address,
    };
  }

  /** The organization's inbox address, or null while INBOUND_DOMAIN is not set. */
  async address(organizationId: string): Promise<string | null> {
    const domain = this.config.inboundDomain?.toLowerCase();
    if (!domain) return null;
    const organization = await this.organizations.findById(organizationId);
    return organization ? `${inboxLocalPart(this.config.jwtSecret, organization.slug, organizationId)}@${domain}` : null;
  }

  /** POST /v1/inbox/:id/assign: the message joins the candidate's timeline; who wrote to the candidate is told. */
  assign(actor: AuthUser, id: string, candidateId: string): Promise<InboxItemDto> {
    return this.txHost.withTransaction(async () => {
      await this.lockOpen(actor.organizationId, id);
      const candidate = await this.reads.candidate(actor.organizationId, candidateId);
      if (!candidate) {
        throw new MailException(MailErrorCode.CandidateNotFound, 'No such candidate.', { errors: [{ field: 'candidateId', message: 'No such candidate.' }] });
      }
      const [row] = await this.txHost.tx.query<Record<string, unknown>[]>(
        `WITH changed AS (UPDATE inbound_emails SET candidate_id = $3, inbox_state = 'assigned', handled_by = $4, handled_at = now()
          WHERE organization_id = $1 AND id = $2 RETURNING ${INBOX_COLUMNS}) SELECT * FROM changed`,
        [actor.organizationId, id, candidateId, actor.id],
      );
      const item = InboxItemDto.from(row);
      await this.activity.record({
        organizationId: actor.organizationId,
        candidateId,
        kind: 'email.received',
        actorId: actor.id,
        subjectType: 'inbound_email',
        subjectId: id,
        payload: { subject: item.subject, from: item.from },
      });
      const writers = await this.txHost.tx.query<Array<{ created_by: string }>>(
        `SELECT DISTINCT created_by FROM emails WHERE organization_id = $1 AND candidate_id = $2 AND created_by IS NOT NULL AND created_by <> $3`,
        [actor.organizationId, candidateId, actor.id],
      );
      await this.notifications.notify({
        organizationId: actor.organizationId,
        userIds: writers.map((w) => w.created_by),
        kind: 'email.received',
        payload: { candidateId, subject: item.subject },
        dedupeKey: `email-received:${id}`,
      });
      await this.audit.record({
        organizationId: actor.organizationId,
        actorId: actor.id,
        entityType: 'inbound_email',
        entityId: id,
        action: 'assign',
        changes: { candidateId: { to: candidateId } },
      });
      return item;
    });
  }

  /** POST /v1/inbox/:id/dismiss: the message leaves the inbox (kept, with who dismissed it). */
  dismiss(actor: AuthUser, id: string): Promise<InboxItemDto> {
    return this.txHost.withTransaction(async () => {
      await this.lockOpen(actor.organizationId, id);
      const [row] = await this.txHost.tx.query<Record<string, unknown>[]>(
        `WITH changed AS (UPDATE inbound_emails SET inbox_state = 'dismissed', handled_by = $3, handled_at = now()
          WHERE organization_id = $1 AND id = $2 RETURNING ${INBOX_COLUMNS}) SELECT * FROM changed`,
        [actor.organizationId, id, actor.id],
      );
      await this.audit.record({ organizationId: actor.organizationId, actorId: actor.id, entityType: 'inbound_email', entityId: id, action: 'dismiss' });
      return InboxItemDto.from(row);
    });
  }

  /** GET /v1/candidates/:id/received-emails: replies and assigned inbox messages, newest first. */
  async receivedFrom(actor: AuthUser, candidateId: string, limit: number, cursor?: string): Promise<Page<ReceivedEmailDto>> {
    if (!(await this.reads.candidate(actor.organizationId, candidateId))) throw candidateNotFound();
    const params: unknown[] = [actor.organizationId, candidateId];
    let after = '';
    if (cursor) {
      const [at, id] = decodeCursor(cursor, ['timestamp', 'uuid']);
      params.push(at, id);
      after = `AND (received_at, id) < ($3::timestamptz, $4::uuid)`;
    }
    params.push(limit + 1);
    const rows = await this.txHost.tx.query<Record<string, unknown>[]>(
      `SELECT ${RECEIVED_COLUMNS} FROM inbound_emails WHERE organization_id = $1 AND candidate_id = $2 ${after}
        ORDER BY received_at DESC, id DESC LIMIT $${params.length}`,
      params,
    );
    const data = rows.slice(0, limit);
    const last = data[data.length - 1];
    return {
      data: data.map((r) => ReceivedEmailDto.from(r)),
      nextCursor: rows.length > limit && last ? encodeCursor([last.received_at, last.id]) : null,
    };
  }

  /** Locks an inbox message of the organization; 404 when there is none, 409 once it was assigned or dismissed. */
  private async lockOpen(organizationId: string, id: string): Promise<void> {
    const [row] = await this.txHost.tx.query<Array<{ inbox_state: string }>>(
      `SELECT inbox_state FROM inbound_emails WHERE organization_id = $1 AND id = $2 AND inbox_state IS NOT NULL FOR UPDATE`,
      [organizationId, id],
    );
    if (!row) throw itemNotFound();
    if (row.inbox_state !== 'open') {
      throw new MailException(
        MailErrorCode.InboxItemHandled,
        row.inbox_state === 'assigned' ? 'This message was already assigned to a candidate.' : 'This message was already dismissed.',
      );
    }
  }
}
