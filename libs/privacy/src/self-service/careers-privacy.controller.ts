import { Body, Controller, Get, Param, Post, Query, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { OrganizationFromPath } from '../../../identity/src/index.js';
import { PrivacyErrorCode, PrivacyException } from '../privacy.exception.js';
import { confirmedPage, confirmPage, linkInvalidPage, requestFormPage, requestSentPage, tooManyPage } from './careers-privacy-html.js';
import { PrivacyRequestKind } from './privacy-request.dto.js';
import { SelfServiceRequests } from './self-service-requests.service.js';

const HTML = 'text/html; charset=utf-8';
const NOT_FOUND = '<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Not found</title></head><body><h1>Not found</h1></body></html>';

const kindOf = (value: unknown): PrivacyRequestKind | null => (value === PrivacyRequestKind.Access || value === PrivacyRequestKind.Deletion ? value : null);
const field = (body: unknown, name: string): unknown =>
  body && typeof body === 'object' && !Array.isArray(body) ? (body as Record<string, unknown>)[name] : undefined;

/**
 * The careers page's self-service privacy requests (server-rendered, no script, public): the form, the one answer,
 * the confirmation page (a button, so following a link uses nothing up), and the download of a ready export.
 * Throttled per client address (and per email address for the form).
 */
@ApiExcludeController()
@OrganizationFromPath()
@Controller('careers/:orgSlug/privacy')
export class CareersPrivacyController {
  constructor(private readonly requests: SelfServiceRequests) {}

  @Get('request')
  async form(@Param('orgSlug') slug: string, @Query('kind') kind: unknown, @Res() reply: FastifyReply): Promise<void> {
    const found = await this.requests.organization(slug);
    const which = kindOf(kind);
    if (!found || !which) return void (await reply.status(404).header('content-type', HTML).send(NOT_FOUND));
    await reply
      .status(200)
      .header('content-type', HTML)
      .send(requestFormPage(found.profile, which, false));
  }

  @Post('request')
  async submit(@Param('orgSlug') slug: string, @Body() body: unknown, @Req() request: FastifyRequest, @Res() reply: FastifyReply): Promise<void> {
    const found = await this.requests.organization(slug);
    if (!found) return void (await reply.status(404).header('content-type', HTML).send(NOT_FOUND));
    await this.throttled(reply, found.profile, async () => {
      await this.requests.admit(request.ip);
      const kind = kindOf(field(body, 'kind'));
      if (!kind)
        return void (await reply
          .status(400)
          .header('content-type', HTML)
          .send(requestFormPage(found.profile, PrivacyRequestKind.Access, true)));
      const email = field(body, 'email');
      const problem = await this.requests.submit(found.org, kind, email);
      if (problem) {
        const typed = typeof email === 'string' ? email.slice(0, 254) : '';
        return void (await reply
          .status(400)
          .header('content-type', HTML)
          .send(requestFormPage(found.profile, kind, true, typed)));
      }
      await reply.status(200).header('content-type', HTML).send(requestSentPage(found.profile));
    });
  }

  @Get('confirm')
  async confirmForm(@Param('orgSlug') slug: string, @Query('token') token: unknown, @Req() request: FastifyRequest, @Res() reply: FastifyReply): Promise<void> {
    const found = await this.requests.organization(slug);
    if (!found) return void (await reply.status(404).header('content-type', HTML).send(NOT_FOUND));
    await this.throttled(reply, found.profile, async () => {
      await this.requests.admit(request.ip);
      const kind = await this.requests.confirmable(found.org, token);
      if (!kind) return void (await reply.status(410).header('content-type', HTML).send(linkInvalidPage(found.profile)));
      await reply
        .status(200)
        .header('content-type', HTML)
        .header('referrer-policy', 'no-referrer')
        .send(confirmPage(found.profile, kind, String(token)));
    });
  }

  @Post('confirm')
  async confirm(@Param('orgSlug') slug: string, @Body() body: unknown, @Req() request: FastifyRequest, @Res() reply: FastifyReply): Promise<void> {
    const found = await this.requests.organization(slug);
    if (!found) return void (await reply.status(404).header('content-type', HTML).send(NOT_FOUND));
    await this.throttled(reply, found.profile, async () => {
      await this.requests.admit(request.ip);
      const kind = await this.requests.confirm(found.org, field(body, 'token'));
      if (!kind) return void (await reply.status(410).header('content-type', HTML).send(linkInvalidPage(found.profile)));
      await reply.status(200).header('content-type', HTML).send(confirmedPage(found.profile, kind));
    });
  }

  @Get('download')
  async download(@Param('orgSlug') slug: string, @Query('token') token: unknown, @Req() request: FastifyRequest, @Res() reply: FastifyReply): Promise<void> {
    const found = await this.requests.organization(slug);
    if (!found) return void (await reply.status(404).header('content-type', HTML).send(NOT_FOUND));
    await this.throttled(reply, found.profile, async () => {
      await this.requests.admit(request.ip);
      const file = await this.requests.download(found.org, token);
      if (!file) return void (await reply.status(410).header('content-type', HTML).send(linkInvalidPage(found.profile)));
      await reply
        .status(200)
        .header('content-type', 'application/zip')
        .header('content-length', String(file.sizeBytes))
        .header('content-disposition', `attachment; filename="${file.fileName}"`)
        .header('x-content-type-options', 'nosniff')
        .header('cache-control', 'private, no-store')
        .header('referrer-policy', 'no-referrer')
        .send(file.stream);
    });
  }

  /** Runs a page; a spent budget answers 429 with a page in words (and Retry-After). */
  private async throttled(reply: FastifyReply, profile: Parameters<typeof tooManyPage>[0], page: () => Promise<void>): Promise<void> {
    try {
      await page();
    } catch (error: unknown) {
      if (!(error instanceof PrivacyException) || error.code !== (PrivacyErrorCode.TooManyRequests as string)) throw error;
      await reply
        .status(429)
        .header('content-type', HTML)
        .header('retry-after', String(error.retryAfterSeconds ?? 600))
        .send(tooManyPage(profile));
    }
  }
}
