import { Body, Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { AuthUser } from '../../identity/src/index.js';
import { Authenticated, CurrentUser, Role } from '../../identity/src/index.js';
import { ApiProblems, IdPipe, mapPage, PageQueryDto } from '../../platform/src/index.js';
import {
  CreateRevisionDto,
  CreateTemplateDto,
  ForkTemplateDto,
  LintFindingDto,
  LintRequestDto,
  LintResultDto,
  ListTemplatesQueryDto,
  RenderResultDto,
  RenderTemplateDto,
  TemplateDetailDto,
  TemplateDto,
  TemplatePageDto,
  TemplateRevisionDto,
  TemplateRevisionPageDto,
} from './dto/template.dto.js';
import { TemplatesService } from './templates.service.js';

const WRITERS = [Role.Admin, Role.Recruiter];

@ApiTags('templates')
@Controller('v1/templates')
export class TemplatesController {
  constructor(private readonly templates: TemplatesService) {}

  @Get()
  @Authenticated({ roles: WRITERS })
  @ApiOperation({ summary: 'Built-in templates and your organization’s own, newest first, filterable by family and the four axes (keyset pages)' })
  @ApiOkResponse({ type: TemplatePageDto })
  @ApiProblems(400)
  async list(@CurrentUser() actor: AuthUser, @Query() query: ListTemplatesQueryDto): Promise<TemplatePageDto> {
    return mapPage(await this.templates.list(actor, query), (t) => TemplateDto.from(t));
  }

  @Post()
  @Authenticated({ roles: WRITERS })
  @ApiOperation({ summary: 'Create an organization template (revision 1)' })
  @ApiCreatedResponse({ type: TemplateDetailDto })
  @ApiProblems(400, 413, 422)
  async create(@CurrentUser() actor: AuthUser, @Body() body: CreateTemplateDto): Promise<TemplateDetailDto> {
    const { template, revision, findings } = await this.templates.create(actor, body);
    return TemplateDetailDto.detail(template, revision, findings);
  }

  @Post('lint')
  @HttpCode(200)
  @Authenticated({ roles: WRITERS })
  @ApiOperation({ summary: 'Lint sections or markdown, with an optional job context; pay-range strictness follows your organization setting requirePayRange' })
  @ApiOkResponse({ type: LintResultDto })
  @ApiProblems(400, 413)
  async lint(@CurrentUser() actor: AuthUser, @Body() body: LintRequestDto): Promise<LintResultDto> {
    return { findings: (await this.templates.lint(actor, body)).map((f) => LintFindingDto.from(f)) };
  }

  @Get(':id')
  @Authenticated({ roles: WRITERS })
  @ApiOperation({ summary: 'A template with its latest revision and that revision’s lint findings' })
  @ApiOkResponse({ type: TemplateDetailDto })
  @ApiProblems(404)
  async get(@CurrentUser() actor: AuthUser, @Param('id', IdPipe) id: string): Promise<TemplateDetailDto> {
    const { template, revision, findings } = await this.templates.getWithLatest(actor, id);
    return TemplateDetailDto.detail(template, revision, findings);
  }

  @Post(':id/revisions')
  @Authenticated({ roles: WRITERS })
  @ApiOperation({ summary: 'Edit a template: adds a new immutable revision (built-ins are read-only: 403)' })
  @ApiCreatedResponse({ type: TemplateDetailDto })
  @ApiProblems(400, 403, 404, 413, 422)
  async addRevision(@CurrentUser() actor: AuthUser, @Param('id', IdPipe) id: string, @Body() body: CreateRevisionDto): Promise<TemplateDetailDto> {
    const { template, revision, findings } = await this.templates.addRevision(actor, id, body);
    return TemplateDetailDto.detail(template, revision, findings);
  }

  @Get(':id/revisions')
  @Authenticated({ roles: WRITERS })
  @ApiOperation({ summary: 'Revisions of a template, newest first (keyset pages)' })
  @ApiOkResponse({ type: TemplateRevisionPageDto })
  @ApiProblems(400, 404)
  async listRevisions(@CurrentUser() actor: AuthUser, @Param('id', IdPipe) id: string, @Query() query: PageQueryDto): Promise<TemplateRevisionPageDto> {
    return mapPage(await this.templates.listRevisions(actor, id, query), (r) => TemplateRevisionDto.from(r));
  }

  @Post(':id/fork')
  @Authenticated({ roles: WRITERS })
  @ApiOperation({ summary: 'Copy a template (typically a built-in) into your organization' })
  @ApiCreatedResponse({ type: TemplateDetailDto })
  @ApiProblems(400, 404)
  async fork(@CurrentUser() actor: AuthUser, @Param('id', IdPipe) id: string, @Body() body: ForkTemplateDto): Promise<TemplateDetailDto> {
    const { template, revision, findings } = await this.templates.fork(actor, id, body);
    return TemplateDetailDto.detail(template, revision, findings);
  }

  @Post(':id/render')
  @HttpCode(200)
  @Authenticated({ roles: WRITERS })
  @ApiOperation({
    summary:
      'Render the latest (or a given) revision with variables → markdown, sanitised HTML and lint findings; a missing or mistyped variable → 422 naming each',
  })
  @ApiOkResponse({ type: RenderResultDto })
  @ApiProblems(400, 404, 422)
  async render(@CurrentUser() actor: AuthUser, @Param('id', IdPipe) id: string, @Body() body: RenderTemplateDto): Promise<RenderResultDto> {
    const { revision, rendered, findings } = await this.templates.render(actor, id, body);
    return {
      templateRevisionId: revision.id,
      title: rendered.title,
      markdown: rendered.markdown,
      html: rendered.html,
      findings: findings.map((f) => LintFindingDto.from(f)),
    };
  }
}
