import { Controller, Get, Header, Headers, Param, Query, Res } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiProduces, ApiQuery, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { ApiProblems } from '../../platform/src/index.js';
import { BoardsService, type RenderAs } from './boards.service.js';
import { BuiltInBoard, type FeedBoard } from './posting.types.js';
import { PostingsErrorCode, PostingsException } from './postings.exception.js';

const JSON_TYPE = 'application/json; charset=utf-8';
const truthy = (v?: string) => v === 'true' || v === '1';
const renderAs = (v?: string): RenderAs => {
  if (v === undefined || v === 'list') return 'list';
  if (v === 'tree') return 'tree';
  throw new PostingsException(PostingsErrorCode.InvalidQuery, 'render_as must be list or tree.', { errors: [{ field: 'render_as', message: 'render_as must be list or tree' }] });
};
const intId = (v: string): number => (/^\d{1,15}$/.test(v) ? Number(v) : -1);

/** The Greenhouse-compatible public job board API: same paths and shapes, integer ids. */
@ApiTags('job board (public)')
@Controller('v1/boards')
export class BoardsController {
  constructor(private readonly boards: BoardsService) {}

  @Get(':orgSlug')
  @Header('content-type', JSON_TYPE)
  @ApiOperation({ summary: 'Board name and intro content' })
  @ApiOkResponse({ description: '{name, content}' })
  @ApiProblems(404)
  board(@Param('orgSlug') slug: string): Promise<string> {
    return this.boards.boardJson(slug);
  }

  @Get(':orgSlug/jobs')
  @Header('content-type', JSON_TYPE)
  @Header('cache-control', 'public, max-age=60')
  @ApiOperation({ summary: 'Live job posts ({jobs, meta: {total}}); content=true adds content, departments and offices' })
  @ApiQuery({ name: 'content', required: false, enum: ['true', 'false'] })
  @ApiOkResponse({ description: 'Greenhouse job list' })
  @ApiProblems(404)
  jobs(@Param('orgSlug') slug: string, @Query('content') content?: string): Promise<string> {
    return this.boards.boardJobsJson(slug, truthy(content));
  }

  @Get(':orgSlug/jobs/:id')
  @Header('content-type', JSON_TYPE)
  @ApiOperation({ summary: 'One job post; questions=true adds the application questions' })
  @ApiQuery({ name: 'questions', required: false, enum: ['true', 'false'] })
  @ApiOkResponse({ description: 'Greenhouse job' })
  @ApiProblems(404)
  job(@Param('orgSlug') slug: string, @Param('id') id: string, @Query('questions') questions?: string): Promise<string> {
    return this.boards.organization(slug).then(({ org }) => this.boards.livePosting(org.id, intId(id))).then(() => this.boards.boardJobJson(slug, intId(id), truthy(questions)));
  }

  @Get(':orgSlug/departments')
  @Header('content-type', JSON_TYPE)
  @ApiOperation({ summary: 'Departments with their live jobs (render_as=list|tree)' })
  @ApiQuery({ name: 'render_as', required: false, enum: ['list', 'tree'] })
  @ApiProblems(400, 404)
  departments(@Param('orgSlug') slug: string, @Query('render_as') render?: string): Promise<string> {
    return this.boards.departmentsJson(slug, renderAs(render));
  }

  @Get(':orgSlug/departments/:id')
  @Header('content-type', JSON_TYPE)
  @ApiOperation({ summary: 'One department with its live jobs' })
  @ApiProblems(400, 404)
  department(@Param('orgSlug') slug: string, @Param('id') id: string, @Query('render_as') render?: string): Promise<string> {
    return this.boards.departmentsJson(slug, renderAs(render), intId(id));
  }

  @Get(':orgSlug/offices')
  @Header('content-type', JSON_TYPE)
  @ApiOperation({ summary: 'Offices with departments and live jobs (render_as=list|tree)' })
  @ApiQuery({ name: 'render_as', required: false, enum: ['list', 'tree'] })
  @ApiProblems(400, 404)
  offices(@Param('orgSlug') slug: string, @Query('render_as') render?: string): Promise<string> {
    return this.boards.officesJson(slug, renderAs(render));
  }

  @Get(':orgSlug/offices/:id')
  @Header('content-type', JSON_TYPE)
  @ApiOperation({ summary: 'One office with departments and live jobs' })
  @ApiProblems(400, 404)
  office(@Param('orgSlug') slug: string, @Param('id') id: string, @Query('render_as') render?: string): Promise<string> {
    return this.boards.officesJson(slug, renderAs(render), intId(id));
  }
}

/** Indeed and LinkedIn XML feeds, served as stored by the worker (ETag, Last-Modified, 304). */
@ApiTags('feeds (public)')
@Controller('feeds')
export class FeedsController {
  constructor(private readonly boards: BoardsService) {}

  @Get(':orgSlug/indeed.xml')
  @ApiOperation({ summary: 'Indeed XML job feed' })
  @ApiProduces('application/xml')
  @ApiProblems(404)
  indeed(@Param('orgSlug') slug: string, @Headers('if-none-match') inm: string | undefined, @Headers('if-modified-since') ims: string | undefined, @Res() reply: FastifyReply) {
    return this.serve(BuiltInBoard.Indeed, slug, inm, ims, reply);
  }

  @Get(':orgSlug/linkedin.xml')
  @ApiOperation({ summary: 'LinkedIn XML job feed' })
  @ApiProduces('application/xml')
  @ApiProblems(404)
  linkedin(@Param('orgSlug') slug: string, @Headers('if-none-match') inm: string | undefined, @Headers('if-modified-since') ims: string | undefined, @Res() reply: FastifyReply) {
    return this.serve(BuiltInBoard.LinkedIn, slug, inm, ims, reply);
  }

  private async serve(board: FeedBoard, slug: string, ifNoneMatch: string | undefined, ifModifiedSince: string | undefined, reply: FastifyReply): Promise<void> {
    const feed = await this.boards.feed(slug, board);
    const lastModified = new Date(feed.generatedAt).toUTCString();
    reply.header('etag', feed.etag).header('last-modified', lastModified).header('cache-control', 'public, max-age=300');
    const matches = ifNoneMatch
      ? ifNoneMatch.split(',').some((t) => t.trim() === feed.etag || t.trim() === `W/${feed.etag}` || t.trim() === '*')
      : !!ifModifiedSince && Date.parse(ifModifiedSince) >= Date.parse(lastModified);
    if (matches) {
      await reply.status(304).send();
      return;
    }
    await reply.status(200).header('content-type', 'application/xml; charset=utf-8').send(feed.body);
  }
}
