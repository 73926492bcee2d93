import { Body, Controller, Delete, Get, Headers, HttpCode, Param, Patch, Post, Query, Res } from '@nestjs/common';
import {
  ApiBody,
  ApiConsumes,
  ApiAcceptedResponse,
  ApiCreatedResponse,
  ApiExcludeEndpoint,
  ApiNoContentResponse,
  ApiOkResponse,
  ApiOperation,
  ApiQuery,
  ApiTags,
} from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import type { AppConfig } from '../../config/src/index.js';
import { InjectConfig } from '../../config/src/index.js';
import type { AuthUser } from '../../identity/src/index.js';
import { Authenticated, CurrentUser, Role } from '../../identity/src/index.js';
import { ApiProblems, IdPipe, PageQueryDto, TenantContext } from '../../platform/src/index.js';
import { BulkEmailDto, BulkEmailResultDto, EmailDto, EmailPageDto, SendEmailDto } from './dto/email.dto.js';
import {
  CreateEmailTemplateDto,
  EmailPreviewDto,
  EmailTemplateDto,
  EmailTemplateListDto,
  PreviewEmailTemplateDto,
  UpdateEmailTemplateDto,
} from './dto/email-template.dto.js';
import { EmailTemplates } from './email-templates.service.js';
import { MERGE_FIELDS, MERGE_FIELDS_DESCRIPTION } from './template-rendering.js';
import { EmailSending } from './email-sending.service.js';
import { MailErrorCode, MailException } from './mail.exception.js';
import { readUnsubscribeToken } from './mail.shared.js';
import { DevMailbox } from './dev-mailbox.service.js';
import { InboundMail } from './inbound-mail.service.js';
import type { InboundOutcome } from './inbound-mail.service.js';
import { AssignInboxItemDto, InboxItemDto, InboxPageDto, ReceivedEmailPageDto } from './dto/inbox.dto.js';
import { OrganizationInbox } from './organization-inbox.service.js';

/** Writing to candidates is for admins and recruiters (who see every application of the organization). */
const WRITERS = [Role.Admin, Role.Recruiter];

@ApiTags('email')
@Controller('v1')
export class EmailsController {
  constructor(private readonly sending: EmailSending) {}

  @Post('applications/bulk-email')
  @HttpCode(200)
  @Authenticated({ roles: WRITERS })
  @ApiOperation({
    summary: 'Email many candidates at once, rendered for each (results per item; candidates who unsubscribed get nothing, a 422 item)',
    description: MERGE_FIELDS_DESCRIPTION,
  })
  @ApiOkResponse({ type: BulkEmailResultDto })
  @ApiProblems(400, 403, 422)
  bulk(@CurrentUser() actor: AuthUser, @Body() body: BulkEmailDto): Promise<BulkEmailResultDto> {
    return this.sending.sendBulk(actor, body);
  }

  @Post('applications/:id/emails')
  @HttpCode(202)
  @Authenticated({ roles: WRITERS })
  @ApiOperation({
    summary: "Email the application's candidate now or at `sendAt` (sent by the worker; retried while the mail server is unavailable)",
    description:
      'Plain-text `body` (blank lines separate paragraphs). Replies come back to `reply+<token>@INBOUND_DOMAIN`. Mail about an active application ' +
      'is transactional and reaches candidates who unsubscribed; any other is refused for them (422) and carries List-Unsubscribe (RFC 8058 one-click).',
  })
  @ApiAcceptedResponse({ type: EmailDto })
  @ApiProblems(400, 403, 404, 422)
  send(@CurrentUser() actor: AuthUser, @Param('id', IdPipe) id: string, @Body() body: SendEmailDto): Promise<EmailDto> {
    return this.sending.sendForApplication(actor, id, body);
  }

  @Get('candidates/:id/emails')
  @Authenticated({ roles: WRITERS })
  @ApiOperation({ summary: "The candidate's emails, newest first, with their status (scheduled, queued, sent, failed, bounced, cancelled)" })
  @ApiOkResponse({ type: EmailPageDto })
  @ApiProblems(400, 403, 404)
  list(@CurrentUser() actor: AuthUser, @Param('id', IdPipe) id: string, @Query() query: PageQueryDto): Promise<EmailPageDto> {
    return this.sending.listForCandidate(actor, id, query.limit, query.cursor);
  }

  @Delete('emails/:id')
  @HttpCode(204)
  @Authenticated({ roles: WRITERS })
  @ApiOperation({ summary: 'Cancel an email not yet sent (409 once it was sent or failed)' })
  @ApiNoContentResponse()
  @ApiProblems(403, 404, 409)
  cancel(@CurrentUser() actor: AuthUser, @Param('id', IdPipe) id: string): Promise<void> {
    return this.sending.cancel(actor, id);
  }
}

@ApiTags('email')
@Controller('v1/email-templates')
export class EmailTemplatesController {
  constructor(private readonly templates: EmailTemplates) {}

  @Get()
  @Authenticated({ roles: WRITERS })
  @ApiOperation({ summary: "The built-in default of every type, then the organization's own templates", description: MERGE_FIELDS_DESCRIPTION })
  @ApiOkResponse({ type: EmailTemplateListDto })
  @ApiProblems(403)
  async list(@CurrentUser() actor: AuthUser): Promise<EmailTemplateListDto> {
    return { data: await this.templates.list(actor), mergeFields: Object.entries(MERGE_FIELDS).map(([name, description]) => ({ name, description })) };
  }

  @Post()
  @Authenticated({ roles: WRITERS })
  @ApiOperation({ summary: 'Create a template (422 naming an unknown merge field)', description: MERGE_FIELDS_DESCRIPTION })
  @ApiCreatedResponse({ type: EmailTemplateDto })
  @ApiProblems(400, 403, 422)
  create(@CurrentUser() actor: AuthUser, @Body() body: CreateEmailTemplateDto): Promise<EmailTemplateDto> {
    return this.templates.create(actor, body);
  }

  @Patch(':id')
  @Authenticated({ roles: WRITERS })
  @ApiOperation({ summary: 'Change a template (built-in ones are read-only: 409)', description: MERGE_FIELDS_DESCRIPTION })
  @ApiOkResponse({ type: EmailTemplateDto })
  @ApiProblems(400, 403, 404, 409, 422)
  update(@CurrentUser() actor: AuthUser, @Param('id', IdPipe) id: string, @Body() body: UpdateEmailTemplateDto): Promise<EmailTemplateDto> {
    return this.templates.update(actor, id, body);
  }

  @Post(':id/preview')
  @HttpCode(200)
  @Authenticated({ roles: WRITERS })
  @ApiOperation({
    summary: "The template filled in for an application's candidate (interview, scheduling and offer fields show examples)",
    description: 'With `subject`/`body`, those are filled in instead (unsaved text: the live preview); an unknown merge field is a 422 naming it.',
  })
  @ApiOkResponse({ type: EmailPreviewDto })
  @ApiProblems(400, 403, 404, 422)
  preview(@CurrentUser() actor: AuthUser, @Param('id', IdPipe) id: string, @Body() body: PreviewEmailTemplateDto): Promise<EmailPreviewDto> {
    return this.templates.preview(actor, id, body.applicationId, { subject: body.subject, body: body.body });
  }
}

/** The organization inbox: mail to the organization's inbox address that answers none of our emails. */
@ApiTags('email')
@Controller('v1')
export class InboxController {
  constructor(private readonly inbox: OrganizationInbox) {}

  @Get('inbox')
  @Authenticated({ roles: WRITERS })
  @ApiOperation({
    summary: "Open messages of the organization inbox, newest first, and the organization's inbox address",
    description: 'Mail sent to `inbox+<slug>.<key>@INBOUND_DOMAIN` (the key is signed, so the address cannot be made up) that answers none of our emails.',
  })
  @ApiOkResponse({ type: InboxPageDto })
  @ApiProblems(400, 403)
  list(@CurrentUser() actor: AuthUser, @Query() query: PageQueryDto): Promise<InboxPageDto> {
    return this.inbox.list(actor, query.limit, query.cursor);
  }

  @Post('inbox/:id/assign')
  @HttpCode(200)
  @Authenticated({ roles: WRITERS })
  @ApiOperation({ summary: "Put a message on a candidate's timeline (those who wrote to the candidate are notified); 409 once assigned or dismissed" })
  @ApiOkResponse({ type: InboxItemDto })
  @ApiProblems(400, 403, 404, 409)
  assign(@CurrentUser() actor: AuthUser, @Param('id', IdPipe) id: string, @Body() body: AssignInboxItemDto): Promise<InboxItemDto> {
    return this.inbox.assign(actor, id, body.candidateId);
  }

  @Post('inbox/:id/dismiss')
  @HttpCode(200)
  @Authenticated({ roles: WRITERS })
  @ApiOperation({ summary: 'Take a message out of the inbox (kept, with who dismissed it); 409 once assigned or dismissed' })
  @ApiOkResponse({ type: InboxItemDto })
  @ApiProblems(403, 404, 409)
  dismiss(@CurrentUser() actor: AuthUser, @Param('id', IdPipe) id: string): Promise<InboxItemDto> {
    return this.inbox.dismiss(actor, id);
  }

  @Get('candidates/:id/received-emails')
  @Authenticated({ roles: WRITERS })
  @ApiOperation({ summary: 'What the candidate sent us: replies to our emails and inbox messages assigned to them, newest first' })
  @ApiOkResponse({ type: ReceivedEmailPageDto })
  @ApiProblems(400, 403, 404)
  received(@CurrentUser() actor: AuthUser, @Param('id', IdPipe) id: string, @Query() query: PageQueryDto): Promise<ReceivedEmailPageDto> {
    return this.inbox.receivedFrom(actor, id, query.limit, query.cursor);
  }
}

/** The one-click unsubscribe link of non-transactional mail (RFC 8058): GET shows a button, POST unsubscribes. */
@ApiTags('email')
@Controller('v1/email-unsubscribe')
export class UnsubscribeController {
  constructor(
    private readonly sending: EmailSending,
    @InjectConfig() private readonly config: AppConfig,
  ) {}

  @Get()
  @ApiOperation({ summary: 'The unsubscribe page a link in an email opens (HTML, one button)' })
  @ApiQuery({ name: 'token', required: true })
  @ApiOkResponse({ description: 'HTML page' })
  @ApiProblems(404)
  page(@Query('token') token: string | undefined, @Res() reply: FastifyReply): void {
    this.read(token);
    const action = `/v1/email-unsubscribe?token=${encodeURIComponent(token ?? '')}`;
    void reply
      .type('text/html; charset=utf-8')
      .send(
        `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>Unsubscribe</title></head>` +
          `<body><main><h1>Stop these emails?</h1><p>You will still hear from us about an application you have in progress.</p>` +
          `<form method="post" action="${action.replace(/"/g, '&quot;')}"><input type="hidden" name="List-Unsubscribe" value="One-Click"><button type="submit">Unsubscribe</button></form></main></body></html>`,
      );
  }

  @Post()
  @HttpCode(200)
  @ApiOperation({ summary: 'One-click unsubscribe (RFC 8058: mail clients POST `List-Unsubscribe=One-Click`)' })
  @ApiQuery({ name: 'token', required: true })
  @ApiOkResponse({ description: 'Unsubscribed (idempotent)' })
  @ApiProblems(404)
  async unsubscribe(@Query('token') token: string | undefined, @Res() reply: FastifyReply): Promise<void> {
    const who = this.read(token);
    await TenantContext.run(who.organizationId, () => this.sending.unsubscribe(who.organizationId, who.candidateId));
    void reply
      .type('text/html; charset=utf-8')
      .send(
        '<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Unsubscribed</title></head><body><main><h1>You are unsubscribed.</h1></main></body></html>',
      );
  }

  private read(token: string | undefined): { organizationId: string; candidateId: string } {
    const who = typeof token === 'string' ? readUnsubscribeToken(this.config.jwtSecret, token) : null;
    if (!who) throw new MailException(MailErrorCode.InvalidUnsubscribeLink, 'This unsubscribe link is not valid.');
    return who;
  }
}

/** Inbound mail as mail providers forward it: raw RFC 822, authenticated by a shared secret. */
@ApiTags('email')
@Controller('v1/inbound-email')
export class InboundEmailController {
  constructor(private readonly inbound: InboundMail) {}

  @Post()
  @HttpCode(202)
  @ApiOperation({
    summary:
      'A reply to one of our emails (raw RFC 822, `content-type: message/rfc822`, at most 5 MB; header `X-Hireloop-Inbound-Secret` = INBOUND_EMAIL_SECRET)',
    description:
      'Threaded by the reply token of the address (reply+<token>@INBOUND_DOMAIN), then In-Reply-To/References, never by subject; ' +
      "otherwise kept in the organization inbox when sent to an organization's inbox address, else dropped.",
  })
  @ApiConsumes('message/rfc822')
  @ApiBody({ schema: { type: 'string', format: 'binary' } })
  @ApiAcceptedResponse({
    description:
      'Received: `threaded` when it answers one of our emails, `inbox` when it went to the organization inbox of its inbox+<slug>.<key> address; neither: dropped',
  })
  @ApiProblems(400, 401, 413, 415)
  async receive(@Headers('x-hireloop-inbound-secret') secret: string | undefined, @Body() body: unknown): Promise<InboundOutcome> {
    this.inbound.assertSecret(secret);
    if (!Buffer.isBuffer(body) || body.length === 0) {
      throw new MailException(MailErrorCode.InvalidInboundEmail, 'Send the raw message with content-type message/rfc822.');
    }
    return this.inbound.receive(body);
  }
}

/** Development only: the built-in catcher's mailbox (404 in production). */
@Controller('app/dev')
export class DevMailboxController {
  constructor(
    private readonly mailbox: DevMailbox,
    @InjectConfig() private readonly config: AppConfig,
  ) {}

  @Get('mailbox')
  @ApiExcludeEndpoint()
  async page(@Res() reply: FastifyReply): Promise<void> {
    if (this.config.isProduction) throw new MailException(MailErrorCode.EmailNotFound, 'Not found.');
    void reply.type('text/html; charset=utf-8').send(await this.mailbox.html());
  }
}
