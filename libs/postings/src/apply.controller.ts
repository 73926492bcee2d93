import { Controller, Headers, HttpCode, Param, Post, Req, Res } from '@nestjs/common';
import { ApiBody, ApiConsumes, ApiCreatedResponse, ApiExcludeEndpoint, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { ApiProblems, DomainException, statusOfKind } from '../../platform/src/index.js';
import { readApplication } from './apply-request.js';
import { ApplyService } from './apply.service.js';
import { BoardsService } from './boards.service.js';
import { htmlNotFound } from './careers-not-found.js';
import { ApplyDto, ApplyResultDto } from './dto/apply.dto.js';
import { confirmationPage, messagePage } from './render/careers-html.js';
import { OrganizationFromPath } from '../../identity/src/index.js';

const intId = (v: string): number => (/^\d{1,15}$/.test(v) ? Number(v) : -1);
const HTML = 'text/html; charset=utf-8';

/** Public apply: Greenhouse's application endpoint and the careers page's form. */
@ApiTags('job board (public)')
@OrganizationFromPath()
@Controller()
export class ApplyController {
  constructor(
    private readonly applyService: ApplyService,
    private readonly boards: BoardsService,
  ) {}

  @Post('v1/boards/:orgSlug/jobs/:id')
  @HttpCode(201)
  @ApiOperation({ summary: 'Apply to a job post (JSON or multipart, Greenhouse field names); throttled per IP and email' })
  @ApiConsumes('application/json', 'multipart/form-data')
  @ApiBody({ type: ApplyDto })
  @ApiCreatedResponse({ type: ApplyResultDto })
  @ApiProblems(400, 404, 409, 410, 413, 415, 429)
  async apply(@Param('orgSlug') slug: string, @Param('id') id: string, @Req() request: FastifyRequest): Promise<ApplyResultDto> {
    await this.applyService.admit(request.ip); // before any file part of the body is read
    const { fields, files } = await readApplication(request);
    await this.applyService.apply(slug, intId(id), fields, files);
    return { success: true, status: 'submitted', message: 'Application submitted.' };
  }

  /** The careers page's form post: answers a confirmation page, or the form again with the problems. */
  @Post('careers/:orgSlug/jobs/:postingId/apply')
  @ApiExcludeEndpoint()
  async applyForm(
    @Param('orgSlug') slug: string,
    @Param('postingId') postingId: string,
    @Headers('accept') accept: string | undefined,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    const id = intId(postingId);
    let fields: Record<string, unknown> = {};
    try {
      await this.applyService.admit(request.ip); // before any file part of the body is read
      const read = await readApplication(request);
      fields = read.fields;
      await this.applyService.apply(slug, id, read.fields, read.files);
      const page = await this.boards.careersJob(slug, id);
      await reply.status(201).header('content-type', HTML).send(confirmationPage(page.org, page.posting));
    } catch (error) {
      if (!(error instanceof DomainException)) throw error;
      const status = statusOfKind(error.kind);
      if (status === 404) {
        await htmlNotFound(error, accept, reply);
        return;
      }
      const page = await this.boards.careersJob(slug, id).catch(() => null);
      if (page?.status === 410) {
        await reply.status(410).header('content-type', HTML).send(page.html);
        return;
      }
      if (!page || page.status !== 200) throw error;
      if (status === 409) {
        await reply
          .status(409)
          .header('content-type', HTML)
          .send(messagePage(page.org, 'You have already applied', 'We already have your application for this job; we will be in touch.'));
        return;
      }
      if (error.retryAfterSeconds) reply.header('retry-after', String(error.retryAfterSeconds));
      // Field problems go beside their fields; a problem with the whole application (too many attempts) in the summary.
      const problems = error.errors?.length
        ? error.errors
        : [{ field: '', message: status === 429 ? 'Too many applications were sent from here. Please try again later.' : error.message }];
      const values = Object.fromEntries(Object.entries(fields).filter(([, v]) => typeof v === 'string')) as Record<string, string>;
      const again = await this.boards.careersJob(slug, id, String(values.source ?? 'careers'), problems, values);
      await reply.status(status).header('content-type', HTML).send(again.html);
    }
  }
}
