import { TransactionHost } from '@nestjs-cls/transactional';
import type { TransactionalAdapterTypeOrm } from '@nestjs-cls/transactional-adapter-typeorm';
import { Injectable } from '@nestjs/common';
import type { AuthUser } from '../../identity/src/index.js';
import { OrganizationsService } from '../../identity/src/index.js';
import { JobReadsService } from '../../jobs/src/index.js';
import { PipelineReadsService } from '../../pipelines/src/index.js';
import { AuditService } from '../../platform/src/index.js';
import { CreateEmailTemplateDto, EmailPreviewDto, EmailTemplateDto, UpdateEmailTemplateDto } from './dto/email-template.dto.js';
import { MailErrorCode, MailException } from './mail.exception.js';
import { textToHtml } from './mail.shared.js';
import { BUILT_IN_TEMPLATES, checkTemplate, EMAIL_TEMPLATE_TYPES, EmailTemplateType, MergeValues, renderTemplate } from './template-rendering.js';

/** Fixed ids of the built-in defaults (not rows: every organization reads the same ones). */
export const BUILT_IN_TEMPLATE_IDS: Record<EmailTemplateType, string> = Object.fromEntries(
  EMAIL_TEMPLATE_TYPES.map((type, i) => [type, `00000000-0000-4000-8000-${String(i + 1).padStart(12, '0')}`]),
) as Record<EmailTemplateType, string>;

const templateNotFound = () => new MailException(MailErrorCode.TemplateNotFound, 'No such email template.');

/** Example values the preview shows for facts an application does not have yet. */
const PREVIEW_EXTRAS: MergeValues = {
  interview: { starts_at: 'Tuesday, 2 June 2026 at 10:00 (Europe/Berlin)', duration_minutes: 60, location: 'Video call' },
  scheduling: { link: 'https://example.com/scheduling-link' },
  offer: {
    letter_url: 'https://example.com/offer-letter',
    letter: 'Offer of employment\n\nDear candidate, we are delighted to offer you the position. (Your offer letter template fills this in.)',
    expires_at: 'Friday, 12 June 2026 at 17:00 (Europe/Berlin)',
    start_date: '1 July 2026',
  },
};

/** Email templates per organization (Liquid, checked at save time), the built-in defaults, the merge values of an application. */
@Injectable()
export class EmailTemplates {
  constructor(
    private readonly txHost: TransactionHost<TransactionalAdapterTypeOrm>,
    private readonly reads: PipelineReadsService,
    private readonly jobReads: JobReadsService,
    private readonly organizations: OrganizationsService,
    private readonly audit: AuditService,
  ) {}

  async list(actor: AuthUser): Promise<EmailTemplateDto[]> {
    const rows: Record<string, unknown>[] = await this.txHost.tx.query(
      `SELECT id, type, name, subject, body, updated_at FROM email_templates WHERE organization_id = $1 ORDER BY type, created_at, id LIMIT 500`,
      [actor.organizationId],
    );
    return [...EMAIL_TEMPLATE_TYPES.map((type) => builtIn(type)), ...rows.map((r) => toDto(r))];
  }

  /** A template of the organization or a built-in, or null. */
  async find(organizationId: string, id: string): Promise<EmailTemplateDto | null> {
    const type = EMAIL_TEMPLATE_TYPES.find((t) => BUILT_IN_TEMPLATE_IDS[t] === id);
    if (type) return builtIn(type);
    const rows: Record<string, unknown>[] = await this.txHost.tx.query(
      `SELECT id, type, name, subject, body, updated_at FROM email_templates WHERE id = $1 AND organization_id = $2`,
      [id, organizationId],
    );
    return rows[0] ? toDto(rows[0]) : null;
  }

  /** The organization's newest template of a type, else the built-in default. */
  async forType(organizationId: string, type: EmailTemplateType): Promise<EmailTemplateDto> {
    const rows: Record<string, unknown>[] = await this.txHost.tx.query(
      `SELECT id, type, name, subject, body, updated_at FROM email_templates WHERE organization_id = $1 AND type = $2 ORDER BY updated_at DESC, id DESC LIMIT 1`,
      [organizationId, type],
    );
    return rows[0] ? toDto(rows[0]) : builtIn(type);
  }

  async create(actor: AuthUser, dto: CreateEmailTemplateDto): Promise<EmailTemplateDto> {
    assertValid(dto.subject, dto.body);
    return this.txHost.withTransaction(async () => {
      const rows: Record<string, unknown>[] = await this.txHost.tx.query(
        `INSERT INTO email_templates (organization_id, type, name, subject, body) VALUES ($1, $2, $3, $4, $5) RETURNING id, type, name, subject, body, updated_at`,
        [actor.organizationId, dto.type, dto.name, dto.subject, dto.body],
      );
      await this.audit.record({
        organizationId: actor.organizationId,
        actorId: actor.id,
        entityType: 'email_template',
        entityId: rows[0].id as string,
        action: 'created',
      });
      return toDto(rows[0]);
    });
  }

  async update(actor: AuthUser, id: string, dto: UpdateEmailTemplateDto): Promise<EmailTemplateDto> {
    return this.txHost.withTransaction(async () => {
      const current = await this.find(actor.organizationId, id);
      if (!current) throw templateNotFound();
      if (current.builtIn) throw new MailException(MailErrorCode.BuiltInTemplate, 'Built-in templates cannot be changed; create your own of the same type.');
      const next = { name: dto.name ?? current.name, subject: dto.subject ?? current.subject, body: dto.body ?? current.body };
      assertValid(next.subject, next.body);
      // TypeORM answers an UPDATE ... RETURNING with [rows, affected].
      const [rows]: [Record<string, unknown>[], number] = await this.txHost.tx.query(
        `UPDATE email_templates SET name = $3, subject = $4, body = $5, updated_at = now() WHERE id = $1 AND organization_id = $2
         RETURNING id, type, name, subject, body, updated_at`,
        [id, actor.organizationId, next.name, next.subject, next.body],
      );
      await this.audit.record({ organizationId: actor.organizationId, actorId: actor.id, entityType: 'email_template', entityId: id, action: 'updated' });
      return toDto(rows[0]);
    });
  }

  /** The template (or the `subject`/`body` given instead, unsaved: the editor's live preview) filled in for an application. */
  async preview(actor: AuthUser, id: string, applicationId: string, draft: { subject?: string; body?: string } = {}): Promise<EmailPreviewDto> {
    const found = await this.find(actor.organizationId, id);
    if (!found) throw templateNotFound();
    const template = { subject: draft.subject ?? found.subject, body: draft.body ?? found.body };
    if (draft.subject !== undefined || draft.body !== undefined) assertValid(template.subject, template.body);
    const values = await this.valuesFor(actor.organizationId, applicationId);
    if (!values)
      throw new MailException(MailErrorCode.ApplicationNotFound, 'No such application.', {
        errors: [{ field: 'applicationId', message: 'No such application.' }],
      });
    const rendered = await this.render(template.subject, template.body, { ...PREVIEW_EXTRAS, ...values });
    return { ...rendered, html: textToHtml(rendered.body) };
  }

  /** The merge values of an application (candidate, job, organization), or null when it is not the organization's. */
  async valuesFor(organizationId: string, applicationId: string): Promise<MergeValues | null> {
    const app = await this.reads.application(organizationId, applicationId);
    if (!app) return null;
    const [candidate, titles, organization] = await Promise.all([
      this.reads.candidate(organizationId, app.candidateId),
      this.jobReads.titles(organizationId, [app.jobId]),
      this.organizations.findById(organizationId),
    ]);
    if (!candidate) return null;
    return {
      candidate: { first_name: candidate.firstName, last_name: candidate.lastName, full_name: candidate.fullName },
      job: { title: titles.get(app.jobId) ?? '' },
      organization: { name: organization?.name ?? '' },
    };
  }

  /** Renders with the values; a field the values lack (e.g. an interview time in a plain message) is a 422 naming it. */
  async render(subject: string, body: string, values: MergeValues): Promise<{ subject: string; body: string }> {
    try {
      return await renderTemplate(subject, body, values);
    } catch (error: unknown) {
      const message = error instanceof Error ? error.message.split(', line:')[0] : 'it could not be rendered';
      throw new MailException(MailErrorCode.InvalidTemplate, `This message cannot be filled in: ${message}.`, {
        errors: [
          { field: 'body', message: `This message cannot be filled in for this application: ${message.replace('undefined variable', 'no value for')}.` },
        ],
      });
    }
  }
}

/** 422 naming each unknown merge field (or unreadable template) of subject and body. */
export function assertValid(subject: string, body: string): void {
  const problems = [...checkTemplate('subject', subject), ...checkTemplate('body', body)];
  if (problems.length) {
    throw new MailException(MailErrorCode.InvalidTemplate, problems[0].message, { errors: problems.map((p) => ({ field: p.field, message: p.message })) });
  }
}

function builtIn(type: EmailTemplateType): EmailTemplateDto {
  return { id: BUILT_IN_TEMPLATE_IDS[type], type, ...BUILT_IN_TEMPLATES[type], builtIn: true, updatedAt: null };
}

function toDto(r: Record<string, unknown>): EmailTemplateDto {
  return {
    id: r.id as string,
    type: r.type as EmailTemplateType,
    name: r.name as string,
    subject: r.subject as string,
    body: r.body as string,
    builtIn: false,
    updatedAt: (r.updated_at as Date).toISOString(),
  };
}
