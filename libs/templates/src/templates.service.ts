import { TransactionHost } from '@nestjs-cls/transactional';
import type { TransactionalAdapterTypeOrm } from '@nestjs-cls/transactional-adapter-typeorm';
import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import type { AuthUser } from '../../identity/src/index.js';
import { OrganizationsService } from '../../identity/src/index.js';
import { AuditService, keysetPage, Page, PageQueryDto } from '../../platform/src/index.js';
import {
  CreateRevisionDto,
  CreateTemplateDto,
  ForkTemplateDto,
  LintRequestDto,
  ListTemplatesQueryDto,
  MAX_TITLE_LENGTH,
  RenderTemplateDto,
  TemplateSectionsDto,
  TemplateVariableDto,
} from './dto/template.dto.js';
import { builtInVariables } from './library/fragments.js';
import { emptySections, SECTION_ORDER, type TemplateSections, type TemplateVariable } from './library/template-content.js';
import { lintTemplate, type LintContext } from './lint/lint-template.js';
import type { LintFinding } from './lint/lint-rules.js';
import { renderTemplate, type RenderedTemplate } from './render/render-template.js';
import { TemplateVariableError } from './render/template-variable.error.js';
import { TemplateRevision } from './template-revision.entity.js';
import { Template } from './template.entity.js';
import { TemplatesErrorCode, TemplatesException } from './templates.exception.js';

export interface TemplateWithRevision {
  template: Template;
  revision: TemplateRevision;
}

export interface RenderedRevision extends RenderedTemplate {
  title: string;
}

const DUMMY_VALUE: Record<TemplateVariable['type'], string | number | boolean> = { string: 'x', number: 1, currency: 'USD', boolean: true };

/** Sections as stored: every section present, lists as arrays. */
export function normaliseSections(input: Partial<TemplateSections> | TemplateSectionsDto): TemplateSections {
  const sections = emptySections();
  for (const key of SECTION_ORDER) {
    const value = (input as Partial<TemplateSections>)[key];
    if (value !== undefined) (sections as unknown as Record<string, unknown>)[key] = value;
  }
  return sections;
}

/** Declared variables with defaults filled in, plus the standard ones the author did not declare. */
export function normaliseVariables(input: TemplateVariableDto[] | TemplateVariable[] = []): TemplateVariable[] {
  const declared: TemplateVariable[] = input.map((v) => ({
    name: v.name,
    type: v.type,
    required: v.required ?? false,
    ...(v.default === undefined ? {} : { default: v.default }),
    description: v.description ?? '',
  }));
  const names = new Set(declared.map((v) => v.name));
  return [...declared, ...builtInVariables().filter((v) => !names.has(v.name))];
}

/** The salary a render's values describe, for the pay-range lint rules. */
function salaryOfValues(values: Record<string, unknown>, variables: TemplateVariable[]): LintContext['salary'] {
  const valueOf = (name: string) => values[name] ?? variables.find((v) => v.name === name)?.default;
  const min = valueOf('salaryMin');
  const max = valueOf('salaryMax');
  const currency = valueOf('currency');
  if (typeof min !== 'number' || typeof max !== 'number') return null;
  return { min, max, ...(typeof currency === 'string' ? { currency } : {}) };
}

/** Templates: the built-in library (read-only, shared) and each organization's own, with immutable revisions. */
@Injectable()
export class TemplatesService {
  constructor(
    private readonly organizations: OrganizationsService,
    private readonly audit: AuditService,
    private readonly txHost: TransactionHost<TransactionalAdapterTypeOrm>,
  ) {}

  /** A template the organization may read (built-in or its own); 404 otherwise. */
  async findVisible(organizationId: string, id: string): Promise<Template> {
    const repo = this.txHost.tx.getRepository(Template);
    const template = await repo
      .createQueryBuilder('t')
      .where('t.id = :id', { id })
      .andWhere('(t.organization_id IS NULL OR t.organization_id = :org)', { org: organizationId })
      .getOne();
    if (!template) throw new TemplatesException(TemplatesErrorCode.TemplateNotFound, 'No such template.');
    return template;
  }

  async list(actor: AuthUser, query: ListTemplatesQueryDto): Promise<Page<Template>> {
    const qb = this.txHost.tx
      .getRepository(Template)
      .createQueryBuilder('t')
      .where('(t.organization_id IS NULL OR t.organization_id = :org)', { org: actor.organizationId });
    if (query.family) qb.andWhere('t.family = :family', { family: query.family });
    if (query.language) qb.andWhere('t.language = :language', { language: query.language });
    if (query.seniority) qb.andWhere('t.seniority = :seniority', { seniority: query.seniority });
    if (query.systemType) qb.andWhere('t.system_type = :systemType', { systemType: query.systemType });
    if (query.workModel) qb.andWhere('t.work_model = :workModel', { workModel: query.workModel });
    if (query.builtIn !== undefined) qb.andWhere('t.built_in = :builtIn', { builtIn: query.builtIn });
    return keysetPage(qb, {
      columns: [
        { expr: 't.created_at', type: 'timestamp' },
        { expr: 't.id', type: 'uuid' },
      ],
      direction: 'DESC',
      limit: query.limit,
      cursor: query.cursor,
    });
  }

  async getWithLatest(actor: AuthUser, id: string): Promise<TemplateWithRevision & { findings: LintFinding[] }> {
    const template = await this.findVisible(actor.organizationId, id);
    const revision = await this.txHost.tx.getRepository(TemplateRevision).findOneByOrFail({ id: template.latestRevisionId as string });
    return { template, revision, findings: await this.lintRevision(actor.organizationId, template, revision) };
  }

  async listRevisions(actor: AuthUser, id: string, query: PageQueryDto): Promise<Page<TemplateRevision>> {
    const template = await this.findVisible(actor.organizationId, id);
    const qb = this.txHost.tx.getRepository(TemplateRevision).createQueryBuilder('r').where('r.template_id = :id', { id: template.id });
    return keysetPage(qb, { columns: [{ expr: 'r.number', type: 'int' }], direction: 'DESC', limit: query.limit, cursor: query.cursor });
  }

  async create(actor: AuthUser, input: CreateTemplateDto): Promise<TemplateWithRevision & { findings: LintFinding[] }> {
    const sections = normaliseSections(input.sections);
    const variables = normaliseVariables(input.variables);
    this.assertRenderable(input.title, sections, variables);
    const created = await this.txHost.withTransaction(async () => {
      const template = this.txHost.tx.create(Template, {
        id: randomUUID(),
        organizationId: actor.organizationId,
        key: null,
        family: input.family,
        title: input.title,
        language: input.language ?? null,
        seniority: input.seniority ?? null,
        systemType: input.systemType ?? null,
        workModel: input.workModel ?? null,
        builtIn: false,
        forkedFromId: null,
        createdBy: actor.id,
      });
      return this.insertWithFirstRevision(actor, template, input.title, sections, variables, 'create');
    });
    return { ...created, findings: await this.lintRevision(actor.organizationId, created.template, created.revision) };
  }

  async addRevision(actor: AuthUser, id: string, input: CreateRevisionDto): Promise<TemplateWithRevision & { findings: LintFinding[] }> {
    const result = await this.txHost.withTransaction(async () => {
      const visible = await this.findVisible(actor.organizationId, id);
      this.assertEditable(visible);
      const template = await this.txHost.tx.findOneOrFail(Template, { where: { id: visible.id }, lock: { mode: 'pessimistic_write' } });
      const previous = await this.txHost.tx.findOneByOrFail(TemplateRevision, { id: template.latestRevisionId as string });
      const title = input.title ?? previous.title;
      const sections = normaliseSections(input.sections);
      const variables = input.variables ? normaliseVariables(input.variables) : previous.variables;
      this.assertRenderable(title, sections, variables);
      const revision = await this.txHost.tx.save(
        this.txHost.tx.create(TemplateRevision, {
          organizationId: template.organizationId,
          templateId: template.id,
          number: template.latestRevisionNumber + 1,
          title,
          sections,
          variables,
          createdBy: actor.id,
        }),
      );
      await this.txHost.tx.update(Template, { id: template.id }, { latestRevisionId: revision.id, latestRevisionNumber: revision.number, title });
      await this.audit.record({
        organizationId: actor.organizationId,
        actorId: actor.id,
        entityType: 'template',
        entityId: template.id,
        action: 'update',
        changes: {
          latestRevisionNumber: { from: previous.number, to: revision.number },
          ...(title !== previous.title ? { title: { from: previous.title, to: title } } : {}),
        },
      });
      const updated = await this.txHost.tx.findOneByOrFail(Template, { id: template.id });
      return { template: updated, revision };
    });
    return { ...result, findings: await this.lintRevision(actor.organizationId, result.template, result.revision) };
  }

  async fork(actor: AuthUser, id: string, input: ForkTemplateDto): Promise<TemplateWithRevision & { findings: LintFinding[] }> {
    const result = await this.txHost.withTransaction(async () => {
      const source = await this.findVisible(actor.organizationId, id);
      const revision = await this.txHost.tx.findOneByOrFail(TemplateRevision, { id: source.latestRevisionId as string });
      const title = input.title ?? revision.title;
      const template = this.txHost.tx.create(Template, {
        id: randomUUID(),
        organizationId: actor.organizationId,
        key: null,
        family: source.family,
        title,
        language: source.language,
        seniority: source.seniority,
        systemType: source.systemType,
        workModel: source.workModel,
        builtIn: false,
        forkedFromId: source.id,
        createdBy: actor.id,
      });
      return this.insertWithFirstRevision(actor, template, title, revision.sections, revision.variables, 'fork');
    });
    return { ...result, findings: await this.lintRevision(actor.organizationId, result.template, result.revision) };
  }

  async render(
    actor: AuthUser,
    id: string,
    input: RenderTemplateDto,
  ): Promise<{ revision: TemplateRevision; rendered: RenderedRevision; findings: LintFinding[] }> {
    const template = await this.findVisible(actor.organizationId, id);
    const revisionId = input.revisionId ?? (template.latestRevisionId as string);
    const revision = await this.txHost.tx.getRepository(TemplateRevision).findOneBy({ id: revisionId, templateId: template.id });
    if (!revision) {
      throw new TemplatesException(TemplatesErrorCode.RevisionNotFound, 'This template has no such revision.', {
        errors: [{ field: 'revisionId', message: 'no such revision of this template' }],
      });
    }
    const rendered = this.renderRevision(revision, input.variables);
    const settings = await this.organizations.settings(actor.organizationId);
    const findings = lintTemplate(
      { sections: rendered.sections },
      {
        requirePayRange: settings.requirePayRange,
        seniority: template.seniority ?? undefined,
        title: rendered.title,
        salary: salaryOfValues(input.variables, revision.variables),
      },
    );
    return { revision, rendered, findings };
  }

  async lint(actor: AuthUser, input: LintRequestDto): Promise<LintFinding[]> {
    if (input.sections === undefined && input.markdown === undefined) {
      throw new TemplatesException(TemplatesErrorCode.LintInputMissing, 'Give the sections or the markdown to lint.', {
        errors: [{ field: 'sections', message: 'sections or markdown is required' }],
      });
    }
    const settings = await this.organizations.settings(actor.organizationId);
    const context: LintContext = { requirePayRange: settings.requirePayRange, ...(input.context ?? {}) };
    return lintTemplate(
      { ...(input.markdown !== undefined ? { markdown: input.markdown } : { sections: input.sections }), questions: input.questions },
      context,
    );
  }

  // --- used by the jobs module ---------------------------------------------------------------

  /** The revision a job is made from: `templateRevisionId` as given, else the template's latest. 404 unless visible. */
  async resolveRevision(organizationId: string, ref: { templateId?: string; templateRevisionId?: string }): Promise<TemplateWithRevision> {
    if (ref.templateRevisionId) {
      const revision = await this.txHost.tx.findOneBy(TemplateRevision, { id: ref.templateRevisionId });
      const template = revision
        ? await this.txHost.tx
            .getRepository(Template)
            .createQueryBuilder('t')
            .where('t.id = :id', { id: revision.templateId })
            .andWhere('(t.organization_id IS NULL OR t.organization_id = :org)', { org: organizationId })
            .getOne()
        : null;
      if (!revision || !template || (ref.templateId && ref.templateId !== template.id)) {
        throw new TemplatesException(TemplatesErrorCode.RevisionNotFound, 'No such template revision.', {
          errors: [{ field: 'templateRevisionId', message: 'no such template revision' }],
        });
      }
      return { template, revision };
    }
    if (!ref.templateId) {
      throw new TemplatesException(TemplatesErrorCode.TemplateNotFound, 'No such template.', {
        errors: [{ field: 'templateId', message: 'templateId or templateRevisionId is required' }],
      });
    }
    const template = await this.txHost.tx
      .getRepository(Template)
      .createQueryBuilder('t')
      .where('t.id = :id', { id: ref.templateId })
      .andWhere('(t.organization_id IS NULL OR t.organization_id = :org)', { org: organizationId })
      .getOne();
    if (!template)
      throw new TemplatesException(TemplatesErrorCode.TemplateNotFound, 'No such template.', {
        errors: [{ field: 'templateId', message: 'no such template' }],
      });
    const revision = await this.txHost.tx.findOneByOrFail(TemplateRevision, { id: template.latestRevisionId as string });
    return { template, revision };
  }

  async getRevision(id: string): Promise<TemplateRevision | null> {
    return this.txHost.tx.getRepository(TemplateRevision).findOneBy({ id });
  }

  /**
   * Renders one revision in a single pass: values are inserted literally (a `{{…}}` inside a value
   * stays as typed). `title` is a title as written (placeholders allowed) that replaces the
   * revision's; never pass rendered output back in. Every variable problem → 422 naming
   * `variables.<name>`; a title longer than MAX_TITLE_LENGTH once filled in → 422 naming `title`.
   */
  renderRevision(revision: TemplateRevision, values: Record<string, unknown>, title?: string): RenderedRevision {
    let rendered: RenderedRevision;
    try {
      const result = renderTemplate({ title: title ?? revision.title, sections: revision.sections, variables: revision.variables, values });
      rendered = { ...result, title: result.title ?? revision.title };
    } catch (error) {
      if (error instanceof TemplateVariableError) {
        throw new TemplatesException(TemplatesErrorCode.InvalidVariables, 'Some template variables are missing, of the wrong type or too long.', {
          errors: error.problems.map((p) => ({ field: `variables.${p.variable}`, message: `${p.variable} ${p.message}` })),
        });
      }
      throw error;
    }
    if (rendered.title.length > MAX_TITLE_LENGTH) {
      const length = rendered.title.length.toLocaleString('en');
      throw new TemplatesException(
        TemplatesErrorCode.RenderedTooLong,
        `With its variables filled in, the title would be ${length} characters long; a title can have at most ${MAX_TITLE_LENGTH}. Shorten the title or the values it uses.`,
        { errors: [{ field: 'title', message: `title would be ${length} characters long once its variables are filled in (at most ${MAX_TITLE_LENGTH})` }] },
      );
    }
    return rendered;
  }

  // --- internals -----------------------------------------------------------------------------

  private async insertWithFirstRevision(
    actor: AuthUser,
    template: Template,
    title: string,
    sections: TemplateSections,
    variables: TemplateVariable[],
    action: 'create' | 'fork',
  ): Promise<TemplateWithRevision> {
    const revisionId = randomUUID();
    template.latestRevisionId = revisionId;
    template.latestRevisionNumber = 1;
    await this.txHost.tx.insert(Template, template);
    await this.txHost.tx.insert(TemplateRevision, {
      id: revisionId,
      organizationId: template.organizationId,
      templateId: template.id,
      number: 1,
      title,
      sections,
      variables,
      createdBy: actor.id,
    });
    await this.audit.record({
      organizationId: actor.organizationId,
      actorId: actor.id,
      entityType: 'template',
      entityId: template.id,
      action: 'create',
      changes: { title: { to: title }, family: { to: template.family }, ...(action === 'fork' ? { forkedFromId: { to: template.forkedFromId } } : {}) },
    });
    return {
      template: await this.txHost.tx.findOneByOrFail(Template, { id: template.id }),
      revision: await this.txHost.tx.findOneByOrFail(TemplateRevision, { id: revisionId }),
    };
  }

  private assertEditable(template: Template): void {
    if (template.builtIn) {
      throw new TemplatesException(TemplatesErrorCode.BuiltInReadOnly, 'Built-in templates are read-only; fork one into your organization to change it.');
    }
  }

  /** Declarations must fit the text: no undeclared placeholder, no duplicate, defaults of the declared type. */
  private assertRenderable(title: string, sections: TemplateSections, variables: TemplateVariable[]): void {
    const values: Record<string, unknown> = {};
    for (const v of variables) if (v.default === undefined) values[v.name] = DUMMY_VALUE[v.type] ?? 'x';
    try {
      renderTemplate({ title, sections, variables, values });
    } catch (error) {
      if (!(error instanceof TemplateVariableError)) throw error;
      throw new TemplatesException(TemplatesErrorCode.InvalidTemplate, 'The template text and its variable declarations do not fit together.', {
        errors: error.problems.map((p) => {
          const index = variables.findIndex((v) => v.name === p.variable);
          const used = /placeholder used in ([A-Za-z]+)/.exec(p.message);
          const field = used ? (used[1] === 'title' ? 'title' : `sections.${used[1]}`) : index >= 0 ? `variables.${index}` : 'variables';
          return { field, message: `${p.variable} ${p.message}` };
        }),
      });
    }
  }

  private async lintRevision(organizationId: string, template: Template, revision: TemplateRevision): Promise<LintFinding[]> {
    const settings = await this.organizations.settings(organizationId);
    return lintTemplate(
      { sections: revision.sections },
      { requirePayRange: settings.requirePayRange, seniority: template.seniority ?? undefined, title: revision.title },
    );
  }
}
