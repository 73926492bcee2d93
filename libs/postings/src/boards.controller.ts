import { Controller, Get, Headers, Param, Query, Req, Res } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiProduces, ApiQuery, ApiTags } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { ApiProblems } from '../../platform/src/index.js';
import { type BoardDocument, type DocumentWanted, etagMatches } from './board-cache.service.js';
import { BoardsService, type RenderAs } from './boards.service.js';
import { BuiltInBoard, type FeedBoard } from './posting.types.js';
import { PostingsErrorCode, PostingsException } from './postings.exception.js';
import { OrganizationFromPath } from '../../identity/src/index.js';

const JSON_TYPE = 'application/json; charset=utf-8';
const truthy = (v?: string) => v === 'true' || v === '1';
const renderAs = (v?: string): RenderAs => {
  if (v === undefined || v === 'list') return 'list';
  if (v === 'tree') return 'tree';
  throw new PostingsException(PostingsErrorCode.InvalidQuery, 'render_as must be list or tree.', {
    errors: [{ field: 'render_as', message: 'render_as must be list or tree' }],
  });
};
const intId = (v: string): number => (/^\d{1,15}$/.test(v) ? Number(v) : -1);

/** What the request can take: gzip (Accept-Encoding) and the ETags it holds (If-None-Match). */
function wantedBy(request: FastifyRequest): DocumentWanted {
  const encodings = String(request.headers['accept-encoding'] ?? '')
    .split(',')
    .map((part) => part.trim().toLowerCase().split(';'));
  const gzip = encodings.some(([name, ...params]) => (name.trim() === 'gzip' || name.trim() === '*') && !params.some((p) => /^\s*q=0(\.0*)?\s*$/.test(p)));
  const inm = request.headers['if-none-match'];
  return { gzip, ifNoneMatch: typeof inm === 'string' ? inm : undefined };
}

/** Sends a cached board document: 304 on a matching If-None-Match, gzip when accepted, always with its ETag. */
async function sendDocument(reply: FastifyReply, document: BoardDocument, cacheControl = 'public, max-age=60'): Promise<void> {
  reply.header('etag', document.etag).header('cache-control', cacheControl).header('vary', 'Accept-Encoding');
  if (document.notModified) {
    await reply.status(304).send();
    return;
  }
  reply.status(200).header('content-type', JSON_TYPE);
  if (document.gzip) await reply.header('content-encoding', 'gzip').send(document.gzip);
  else await reply.send(document.body);
}

/**
 * The Greenhouse-compatible public job board API: same paths and shapes, integer ids. Answers
 * carry an ETag (304 on If-None-Match) and come gzip-encoded when the client accepts it; both
 * are stored with the cached JSON, so a crawler's request costs a Redis read.
 */
@ApiTags('job board (public)')
@OrganizationFromPath()
@Controller('v1/boards')
export class BoardsController {
  constructor(private readonly boards: BoardsService) {}

  @Get(':orgSlug')
  @ApiOperation({ summary: 'Board name and intro content' })
  @ApiOkResponse({ description: '{name, content}' })
  @ApiProblems(404)
  async board(@Param('orgSlug') slug: string, @Req() request: FastifyRequest, @Res() reply: FastifyReply): Promise<void> {
    await sendDocument(reply, await this.boards.boardJson(slug, wantedBy(request)));
  }

  @Get(':orgSlug/jobs')
  @ApiOperation({ summary: 'Live job posts ({jobs, meta: {total}}); content=true adds content, departments and offices' })
  @ApiQuery({ name: 'content', required: false, enum: ['true', 'false'] })
  @ApiOkResponse({ description: 'Greenhouse job list' })
  @ApiProblems(404)
  async jobs(
    @Param('orgSlug') slug: string,
    @Query('content') content: string | undefined,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    await sendDocument(reply, await this.boards.boardJobsJson(slug, truthy(content), wantedBy(request)));
  }

  @Get(':orgSlug/jobs/:id')
  @ApiOperation({ summary: 'One job post; questions=true adds the application questions' })
  @ApiQuery({ name: 'questions', required: false, enum: ['true', 'false'] })
  @ApiOkResponse({ description: 'Greenhouse job' })
  @ApiProblems(404)
  async job(
    @Param('orgSlug') slug: string,
    @Param('id') id: string,
    @Query('questions') questions: string | undefined,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    const { org } = await this.boards.organization(slug);
    await this.boards.livePosting(org.id, intId(id));
    await sendDocument(reply, await this.boards.boardJobJson(slug, intId(id), truthy(questions), wantedBy(request)));
  }

  @Get(':orgSlug/departments')
  @ApiOperation({ summary: 'Departments with their live jobs (render_as=list|tree)' })
  @ApiQuery({ name: 'render_as', required: false, enum: ['list', 'tree'] })
  @ApiProblems(400, 404)
  async departments(
    @Param('orgSlug') slug: string,
    @Query('render_as') render: string | undefined,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    await sendDocument(reply, await this.boards.departmentsJson(slug, renderAs(render), undefined, wantedBy(request)));
  }

  @Get(':orgSlug/departments/:id')
  @ApiOperation({ summary: 'One department with its live jobs' })
  @ApiProblems(400, 404)
  async department(
    @Param('orgSlug') slug: string,
    @Param('id') id: string,
    @Query('render_as') render: string | undefined,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    await sendDocument(reply, await this.boards.departmentsJson(slug, renderAs(render), intId(id), wantedBy(request)));
  }

  @Get(':orgSlug/offices')
  @ApiOperation({ summary: 'Offices with departments and live jobs (render_as=list|tree)' })
  @ApiQuery({ name: 'render_as', required: false, enum: ['list', 'tree'] })
  @ApiProblems(400, 404)
  async offices(
    @Param('orgSlug') slug: string,
    @Query('render_as') render: string | undefined,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    await sendDocument(reply, await this.boards.officesJson(slug, renderAs(render), undefined, wantedBy(request)));
  }

  @Get(':orgSlug/offices/:id')
  @ApiOperation({ summary: 'One office with departments and live jobs' })
  @ApiProblems(400, 404)
  async office(
    @Param('orgSlug') slug: string,
    @Param('id') id: string,
    @Query('render_as') render: string | undefined,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    await sendDocument(reply, await this.boards.officesJson(slug, renderAs(render), intId(id), wantedBy(request)));
  }
}

/** Indeed and LinkedIn XML feeds, served as stored by the worker (ETag, Last-Modified, 304). */
@ApiTags('feeds (public)')
@OrganizationFromPath()
@Controller('feeds')
export class FeedsController {
  constructor(private readonly boards: BoardsService) {}

  @Get(':orgSlug/indeed.xml')
  @ApiOperation({ summary: 'Indeed XML job feed' })
  @ApiProduces('application/xml')
  @ApiProblems(404)
  indeed(
    @Param('orgSlug') slug: string,
    @Headers('if-none-match') inm: string | undefined,
    @Headers('if-modified-since') ims: string | undefined,
    @Res() reply: FastifyReply,
  ) {
    return this.serve(BuiltInBoard.Indeed, slug, inm, ims, reply);
  }

  @Get(':orgSlug/linkedin.xml')
  @ApiOperation({ summary: 'LinkedIn XML job feed' })
  @ApiProduces('application/xml')
  @ApiProblems(404)
  linkedin(
    @Param('orgSlug') slug: string,
    @Headers('if-none-match') inm: string | undefined,
    @Headers('if-modified-since') ims: string | undefined,
    @Res() reply: FastifyReply,
  ) {
    return this.serve(BuiltInBoard.LinkedIn, slug, inm, ims, reply);
  }

  private async serve(
    board: FeedBoard,
    slug: string,
    ifNoneMatch: string | undefined,
    ifModifiedSince: string | undefined,
    reply: FastifyReply,
  ): Promise<void> {
    const feed = await this.boards.feed(slug, board);
    const lastModified = new Date(feed.generatedAt).toUTCString();
    reply.header('etag', feed.etag).header('last-modified', lastModified).header('cache-control', 'public, max-age=300');
    const matches = ifNoneMatch ? etagMatches(ifNoneMatch, feed.etag) : !!ifModifiedSince && Date.parse(ifModifiedSince) >= Date.parse(lastModified);
    if (matches) {
      await reply.status(304).send();
      return;
    }
    await reply.status(200).header('content-type', 'application/xml; charset=utf-8').send(feed.body);
  }
}
