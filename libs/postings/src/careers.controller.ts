import { Controller, Get, Headers, Param, Query, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { BoardsService } from './boards.service.js';
import { htmlNotFound } from './careers-not-found.js';
import { OrganizationFromPath } from '../../identity/src/index.js';
import { CAREERS_CSS, CAREERS_CSS_VERSION } from './render/careers-stylesheet.js';

const HTML = 'text/html; charset=utf-8';
const pick = (v: unknown) => (typeof v === 'string' && v.length > 0 && v.length <= 64 ? v : undefined);

/** The server-rendered careers page (HTML, no JavaScript needed). */
@ApiExcludeController()
@OrganizationFromPath()
@Controller('careers')
export class CareersController {
  constructor(private readonly boards: BoardsService) {}

  @Get(':orgSlug')
  async list(
    @Param('orgSlug') slug: string,
    @Query() query: Record<string, unknown>,
    @Headers('accept') accept: string | undefined,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    const workModel = pick(query.workModel);
    const html = await this.boards
      .careersList(slug, {
        department: pick(query.department),
        office: pick(query.office),
        workModel: workModel && ['onsite', 'hybrid', 'remote'].includes(workModel) ? workModel : undefined,
      })
      .catch((error: unknown) => htmlNotFound(error, accept, reply));
    if (html !== null) await reply.status(200).header('content-type', HTML).send(html);
  }

  @Get(':orgSlug/jobs/:postingId')
  async job(
    @Param('orgSlug') slug: string,
    @Param('postingId') postingId: string,
    @Query() query: Record<string, unknown>,
    @Headers('accept') accept: string | undefined,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    const id = /^\d{1,15}$/.test(postingId) ? Number(postingId) : -1;
    const source = pick(query.source) ?? pick(query.gh_src) ?? 'careers';
    const page = await this.boards.careersJob(slug, id, source).catch((error: unknown) => htmlNotFound(error, accept, reply));
    if (page !== null) await reply.status(page.status).header('content-type', HTML).send(page.html);
  }
}

/** The careers pages' stylesheet (a file, not inline; the pages link it with its version, so it may be cached long). */
@ApiExcludeController()
@Controller('careers/assets')
export class CareersAssetsController {
  @Get('careers.css')
  async stylesheet(@Query('v') version: unknown, @Res() reply: FastifyReply): Promise<void> {
    const cache = version === CAREERS_CSS_VERSION ? 'public, max-age=31536000, immutable' : 'public, max-age=300';
    await reply
      .status(200)
      .header('content-type', 'text/css; charset=utf-8')
      .header('cache-control', cache)
      .header('etag', `"${CAREERS_CSS_VERSION}"`)
      .send(CAREERS_CSS);
  }
}
