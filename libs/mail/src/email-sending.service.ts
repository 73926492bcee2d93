import { TransactionHost } from '@nestjs-cls/transactional';
import type { TransactionalAdapterTypeOrm } from '@nestjs-cls/transactional-adapter-typeorm';
import { Injectable, Logger } from '@nestjs/common';
import type { AuthUser } from '../../identity/src/index.js';
import { PipelineReadsService } from '../../pipelines/src/index.js';
import { AuditService, decodeCursor, DomainException, encodeCursor, JobName, OutboxService, Page, statusOfKind } from '../../platform/src/index.js';
import { BulkEmailDto, BulkEmailItemDto, EmailDto, SendEmailDto } from './dto/email.dto.js';
import { assertValid, EmailTemplates } from './email-templates.service.js';
import type { MergeValues } from './template-rendering.js';
import { applicationNotFound, candidateNotFound, emailNotFound, MailErrorCode, MailException } from './mail.exception.js';
import { EMAIL_COLUMNS, newReplyToken } from './mail.shared.js';

const MAX_SCHEDULE_MS = 365 * 24 * 3600 * 1000;

/** What a queued email is about: a kind (template type or `custom`) and whether it is transactional. */
export interface QueueEmail {
  organizationId: string;
  applicationId: string;
  kind: string;
  templateId?: string | null;
  /** Liquid sources, rendered with the application's merge values (and `extra`). */
  subject: string;
  body: string;
  sendAt?: Date;
  actorId?: string | null;
  /** Merge values beyond the application's own (interview, scheduling, offer). */
  extra?: MergeValues;
  /** Another recipient than the candidate (an interviewer of the candidate's interview). */
  to?: string;
  /** An iCalendar attachment (interview invitations). */
  calendar?: { content: string; method: 'REQUEST' | 'CANCEL' };
  /** Transactional mail (about an active application) reaches unsubscribed candidates too. Default: the application is active. */
  transactional?: boolean;
}

/**
 * Writing to candidates: an email row and its `mail.send` outbox event in one transaction (the worker sends it, see
 * EmailDelivery), the candidate's emails, cancelling one not yet sent.
 */
@Injectable()
export class EmailSending {
  constructor(
    private readonly txHost: TransactionHost<TransactionalAdapterTypeOrm>,
    private readonly reads: PipelineReadsService,
    private readonly outbox: OutboxService,
    private readonly audit: AuditService,
    private readonly templates: EmailTemplates,
  ) {}

  private readonly logger = new Logger(EmailSending.name);

  /** POST /v1/applications/:id/emails (admins and recruiters, who see every application). */
  async sendForApplication(actor: AuthUser, applicationId: string, dto: SendEmailDto): Promise<EmailDto> {
    assertValid(dto.subject, dto.body);
    const sendAt = this.sendAt(dto.sendAt);
    const template = await this.template(actor.organizationId, dto.templateId);
    return this.queue({ organizationId: actor.organizationId, applicationId, ...template, subject: dto.subject, body: dto.body, sendAt, actorId: actor.id });
  }

  /** POST /v1/applications/bulk-email: rendered and queued per application, one result per item (one item's failure leaves the others). */
  async sendBulk(actor: AuthUser, dto: BulkEmailDto): Promise<{ results: BulkEmailItemDto[] }> {
    assertValid(dto.subject, dto.body);
    const sendAt = this.sendAt(dto.sendAt);
    const template = await this.template(actor.organizationId, dto.templateId);
    const results: BulkEmailItemDto[] = [];
    for (const id of dto.applicationIds) {
      try {
        // Bulk mail is never transactional: unsubscribed candidates are skipped with a 422 for their item.
        const email = await this.queue({
          organizationId: actor.organizationId,
          applicationId: id,
          ...template,
          subject: dto.subject,
          body: dto.body,
          sendAt,
          actorId: actor.id,
          transactional: false,
        });
        results.push({ id, ok: true, status: 202, email });
      } catch (error: unknown) {
        if (!(error instanceof DomainException)) {
          this.logger.error({ err: error, applicationId: id }, 'Bulk email item failed');
          results.push({ id, ok: false, status: 500, error: { code: 'internal', detail: 'Unexpected error; nothing was sent to this candidate.' } });
          continue;
        }
        results.push({ id, ok: false, status: statusOfKind(error.kind), error: { code: error.code, detail: error.message } });
      }
    }
    return { results };
  }

  private sendAt(value: string | undefined): Date | undefined {
    const sendAt = value ? new Date(value) : undefined;
    if (sendAt && sendAt.getTime() - Date.now() > MAX_SCHEDULE_MS) {
      throw new MailException(MailErrorCode.InvalidSendAt, 'An email can be scheduled at most a year ahead.', {
        errors: [{ field: 'sendAt', message: 'Choose a time within the next year.' }],
      });
    }
    return sendAt;
  }

  /** The kind and template row of a `templateId` (404-like 422 naming the field when it is not one of the organization's). */
  private async template(organizationId: string, templateId: string | undefined): Promise<{ kind: string; templateId: string | null }> {
    if (!templateId) return { kind: 'custom', templateId: null };
    const template = await this.templates.find(organizationId, templateId);
    if (!template) {
      throw new MailException(MailErrorCode.TemplateNotFound, 'No such email template.', {
        errors: [{ field: 'templateId', message: 'No such email template.' }],
      });
    }
    return { kind: template.type, templateId: template.builtIn ? null : template.id };
  }

  /** Queues one email to the application's candidate (joins the caller's unit of work). */
  async queue(input: QueueEmail): Promise<EmailDto> {
    return this.txHost.withTransaction(async () => {
      const app = await this.reads.application(input.organizationId, input.applicationId);
      if (!app) throw applicationNotFound();
      const candidate = await this.reads.candidate(input.organizationId, app.candidateId);
      if (!candidate) throw applicationNotFound();
      const to = input.to ?? candidate.emails[0];
      if (!to) throw new MailException(MailErrorCode.NoAddress, 'This candidate has no email address.');
      const transactional = input.transactional ?? app.status === 'active';
      if (!transactional && (candidate.doNotContact || (await this.unsubscribed(input.organizationId, candidate.id)))) {
        throw new MailException(
          MailErrorCode.DoNotContact,
          candidate.doNotContact
            ? 'This candidate is marked "Do not contact": they receive only email about an application in progress.'
            : 'This candidate asked not to receive email.',
        );
      }
      const values = await this.templates.valuesFor(input.organizationId, app.id);
      const rendered = await this.templates.render(input.subject, input.body, { ...input.extra, ...(values ?? {}) });
      const later = input.sendAt && input.sendAt.getTime() > Date.now();
      const rows: Record<string, unknown>[] = await this.txHost.tx.query(
        `INSERT INTO emails (organization_id, candidate_id, application_id, kind, transactional, to_address, subject, body, status, send_at, reply_token, created_by, template_id,
                             calendar, calendar_method)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15) RETURNING ${EMAIL_COLUMNS}`,
        [
          input.organizationId,
          candidate.id,
          app.id,
          input.kind,
          transactional,
          to,
          rendered.subject.slice(0, 998),
          rendered.body,
          later ? 'scheduled' : 'queued',
          input.sendAt ?? null,
          newReplyToken(),
          input.actorId ?? null,
          input.templateId ?? null,
          input.calendar?.content ?? null,
          input.calendar?.method ?? null,
        ],
      );
      const row = rows[0];
      const id = row.id as string;
      await this.audit.record({ organizationId: input.organizationId, actorId: input.actorId ?? null, entityType: 'email', entityId: id, action: 'queued' });
      await this.outbox.publish({
        jobName: JobName.MailSend,
        organizationId: input.organizationId,
        aggregateType: 'email',
        aggregateId: id,
        payload: { emailId: id },
        runAt: later ? input.sendAt : undefined,
      });
      return EmailDto.from(row);
    });
  }

  /** DELETE /v1/emails/:id: cancels an email not yet sent (409 once it went out or failed). */
  async cancel(actor: AuthUser, id: string): Promise<void> {
    await this.txHost.withTransaction(async () => {
      const rows: Array<{ status: string }> = await this.txHost.tx.query(`SELECT status FROM emails WHERE id = $1 AND organization_id = $2 FOR UPDATE`, [
        id,
        actor.organizationId,
      ]);
      if (!rows[0]) throw emailNotFound();
      if (rows[0].status === 'cancelled') return;
      if (rows[0].status !== 'scheduled' && rows[0].status !== 'queued') {
        throw new MailException(MailErrorCode.AlreadySent, 'This email was already sent (or could not be sent), so it can no longer be cancelled.');
      }
      await this.txHost.tx.query(`UPDATE emails SET status = 'cancelled', updated_at = now() WHERE id = $1 AND organization_id = $2`, [
        id,
        actor.organizationId,
      ]);
      await this.audit.record({ organizationId: actor.organizationId, actorId: actor.id, entityType: 'email', entityId: id, action: 'cancelled' });
    });
  }

  /** Cancels the application's emails of a kind not yet sent (e.g. a pending rejection when it is reopened). */
  async cancelPending(organizationId: string, applicationId: string, kind: string): Promise<number> {
    // TypeORM answers an UPDATE with [rows, affected].
    const [, affected]: [unknown[], number] = await this.txHost.tx.query(
      `UPDATE emails SET status = 'cancelled', updated_at = now()
        WHERE organization_id = $1 AND application_id = $2 AND kind = $3 AND status IN ('scheduled', 'queued')`,
      [organizationId, applicationId, kind],
    );
    return affected;
  }

  /** GET /v1/candidates/:id/emails, newest first (keyset). */
  async listForCandidate(actor: AuthUser, candidateId: string, limit: number, cursor?: string): Promise<Page<EmailDto>> {
    const candidate = await this.reads.candidate(actor.organizationId, candidateId);
    if (!candidate) throw candidateNotFound();
    const params: unknown[] = [actor.organizationId, candidateId];
    let after = '';
    if (cursor) {
      const [at, id] = decodeCursor(cursor, ['timestamp', 'uuid']);
      params.push(at, id);
      after = `AND (created_at, id) < ($3::timestamptz, $4::uuid)`;
    }
    params.push(limit + 1);
    const rows: Record<string, unknown>[] = await this.txHost.tx.query(
      `SELECT ${EMAIL_COLUMNS} FROM emails WHERE organization_id = $1 AND candidate_id = $2 ${after}
        ORDER BY created_at DESC, id DESC LIMIT $${params.length}`,
      params,
    );
    const data = rows.slice(0, limit);
    const last = data[data.length - 1];
    return {
      data: data.map((r) => EmailDto.from(r)),
      nextCursor: rows.length > limit && last ? encodeCursor([last.created_at, last.id]) : null,
    };
  }

  async unsubscribed(organizationId: string, candidateId: string): Promise<boolean> {
    const rows: unknown[] = await this.txHost.tx.query(`SELECT 1 FROM email_unsubscribes WHERE organization_id = $1 AND candidate_id = $2`, [
      organizationId,
      candidateId,
    ]);
    return rows.length > 0;
  }

  /** Records the candidate's unsubscription (idempotent). */
  async unsubscribe(organizationId: string, candidateId: string): Promise<void> {
    await this.txHost.tx.query(`INSERT INTO email_unsubscribes (organization_id, candidate_id) VALUES ($1, $2) ON CONFLICT DO NOTHING`, [
      organizationId,
      candidateId,
    ]);
  }
}
