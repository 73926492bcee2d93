import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsBoolean,
  IsIn,
  IsNumber,
  IsObject,
  IsOptional,
  IsString,
  IsUUID,
  Matches,
  MaxLength,
  Min,
  MinLength,
  ValidateNested,
  registerDecorator,
  ValidationOptions,
} from 'class-validator';
import { PageQueryDto, Trim } from '../../../platform/src/index.js';
import { LANGUAGES, SENIORITIES, SYSTEM_TYPES, WORK_MODELS } from '../library/template-content.js';
import type { Language, Seniority, SystemType, TemplateSections, VariableType, WorkModel } from '../library/template-content.js';
import type { LintFinding } from '../lint/lint-rules.js';
import type { TemplateRevision } from '../template-revision.entity.js';
import type { Template } from '../template.entity.js';

const VARIABLE_TYPES: VariableType[] = ['string', 'number', 'currency', 'boolean'];

export const MAX_SECTION_TEXT = 5000;
export const MAX_SECTION_ITEMS = 40;
export const MAX_ITEM_TEXT = 1000;
export const MAX_VARIABLES = 50;
/** Longest title, as written and once its variables are filled in (templates and jobs). */
export const MAX_TITLE_LENGTH = 200;

/** A value that is a string, a finite number or a boolean (a variable default). */
function IsScalar(options?: ValidationOptions) {
  return (object: object, propertyName: string) =>
    registerDecorator({
      name: 'isScalar',
      target: object.constructor,
      propertyName,
      options: { message: `${propertyName} must be a string, a number or a boolean`, ...options },
      validator: {
        validate: (value: unknown) =>
          (typeof value === 'string' && value.length <= MAX_ITEM_TEXT) || (typeof value === 'number' && Number.isFinite(value)) || typeof value === 'boolean',
      },
    });
}

export class TemplateSectionsDto implements Partial<TemplateSections> {
  @ApiPropertyOptional({ maxLength: MAX_SECTION_TEXT })
  @IsOptional()
  @IsString()
  @MaxLength(MAX_SECTION_TEXT)
  summary?: string;

  @ApiPropertyOptional({ type: [String], maxItems: MAX_SECTION_ITEMS })
  @IsOptional()
  @ArrayMaxSize(MAX_SECTION_ITEMS)
  @IsString({ each: true })
  @MaxLength(MAX_ITEM_TEXT, { each: true })
  responsibilities?: string[];

  @ApiPropertyOptional({ type: [String], maxItems: MAX_SECTION_ITEMS })
  @IsOptional()
  @ArrayMaxSize(MAX_SECTION_ITEMS)
  @IsString({ each: true })
  @MaxLength(MAX_ITEM_TEXT, { each: true })
  requirements?: string[];

  @ApiPropertyOptional({ type: [String], maxItems: MAX_SECTION_ITEMS })
  @IsOptional()
  @ArrayMaxSize(MAX_SECTION_ITEMS)
  @IsString({ each: true })
  @MaxLength(MAX_ITEM_TEXT, { each: true })
  niceToHave?: string[];

  @ApiPropertyOptional({ type: [String], maxItems: MAX_SECTION_ITEMS })
  @IsOptional()
  @ArrayMaxSize(MAX_SECTION_ITEMS)
  @IsString({ each: true })
  @MaxLength(MAX_ITEM_TEXT, { each: true })
  skills?: string[];

  @ApiPropertyOptional({ type: [String], maxItems: MAX_SECTION_ITEMS, description: 'What the interview loop will probe' })
  @IsOptional()
  @ArrayMaxSize(MAX_SECTION_ITEMS)
  @IsString({ each: true })
  @MaxLength(MAX_ITEM_TEXT, { each: true })
  interviewFocus?: string[];

  @ApiPropertyOptional({ maxLength: MAX_SECTION_TEXT })
  @IsOptional()
  @IsString()
  @MaxLength(MAX_SECTION_TEXT)
  compensationNote?: string;
}

export class TemplateVariableDto {
  @ApiProperty({ example: 'teamName', pattern: '^[A-Za-z_][A-Za-z0-9_]*$' })
  @IsString()
  @Matches(/^[A-Za-z_][A-Za-z0-9_]*$/, { message: 'name must start with a letter or underscore and hold only letters, digits and underscores' })
  @MaxLength(64)
  name: string;

  @ApiProperty({ enum: VARIABLE_TYPES })
  @IsIn(VARIABLE_TYPES, { message: `type must be one of ${VARIABLE_TYPES.join(', ')}` })
  type: VariableType;

  @ApiPropertyOptional({ default: false })
  @IsOptional()
  @IsBoolean()
  required?: boolean;

  @ApiPropertyOptional({ description: 'Default value, of the declared type', oneOf: [{ type: 'string' }, { type: 'number' }, { type: 'boolean' }] })
  @IsOptional()
  @IsScalar()
  default?: string | number | boolean;

  @ApiPropertyOptional({ maxLength: 500 })
  @IsOptional()
  @IsString()
  @MaxLength(500)
  description?: string;
}

export class CreateTemplateDto {
  @ApiProperty({ example: 'backend-developer', description: 'Family slug (lower-case letters, digits, dashes)' })
  @IsString()
  @Matches(/^[a-z0-9]+(-[a-z0-9]+)*$/, { message: 'family must be a lower-case slug such as backend-developer' })
  @MaxLength(60)
  family: string;

  @ApiProperty({ example: 'Senior Backend Engineer (Go)' })
  @Trim()
  @IsString()
  @MinLength(1)
  @MaxLength(MAX_TITLE_LENGTH)
  title: string;

  @ApiPropertyOptional({ enum: LANGUAGES })
  @IsOptional()
  @IsIn(LANGUAGES as string[], { message: `language must be one of ${LANGUAGES.join(', ')}` })
  language?: Language;

  @ApiPropertyOptional({ enum: SENIORITIES })
  @IsOptional()
  @IsIn(SENIORITIES as string[], { message: `seniority must be one of ${SENIORITIES.join(', ')}` })
  seniority?: Seniority;

  @ApiPropertyOptional({ enum: SYSTEM_TYPES })
  @IsOptional()
  @IsIn(SYSTEM_TYPES as string[], { message: `systemType must be one of ${SYSTEM_TYPES.join(', ')}` })
  systemType?: SystemType;

  @ApiPropertyOptional({ enum: WORK_MODELS })
  @IsOptional()
  @IsIn(WORK_MODELS as string[], { message: `workModel must be one of ${WORK_MODELS.join(', ')}` })
  workModel?: WorkModel;

  @ApiProperty({ type: TemplateSectionsDto })
  @IsObject()
  @ValidateNested()
  @Type(() => TemplateSectionsDto)
  sections: TemplateSectionsDto;

  @ApiPropertyOptional({
    type: [TemplateVariableDto],
    maxItems: MAX_VARIABLES,
    description:
      'Declared variables. companyName, teamName, location, salaryMin, salaryMax and currency are declared for you unless you declare them yourself.',
  })
  @IsOptional()
  @ArrayMaxSize(MAX_VARIABLES)
  @ValidateNested({ each: true })
  @Type(() => TemplateVariableDto)
  variables?: TemplateVariableDto[];
}

export class CreateRevisionDto {
  @ApiPropertyOptional({ description: 'New title; the previous revision title when omitted' })
  @IsOptional()
  @Trim()
  @IsString()
  @MinLength(1)
  @MaxLength(MAX_TITLE_LENGTH)
  title?: string;

  @ApiProperty({ type: TemplateSectionsDto })
  @IsObject()
  @ValidateNested()
  @Type(() => TemplateSectionsDto)
  sections: TemplateSectionsDto;

  @ApiPropertyOptional({ type: [TemplateVariableDto], maxItems: MAX_VARIABLES, description: 'The previous revision variables when omitted' })
  @IsOptional()
  @ArrayMaxSize(MAX_VARIABLES)
  @ValidateNested({ each: true })
  @Type(() => TemplateVariableDto)
  variables?: TemplateVariableDto[];
}

export class ForkTemplateDto {
  @ApiPropertyOptional({ description: 'Title of the copy; the original title when omitted' })
  @IsOptional()
  @Trim()
  @IsString()
  @MinLength(1)
  @MaxLength(MAX_TITLE_LENGTH)
  title?: string;
}

export class RenderTemplateDto {
  @ApiProperty({ type: 'object', additionalProperties: true, example: { companyName: 'Acme', salaryMin: 120000, salaryMax: 160000 } })
  @IsObject()
  variables: Record<string, unknown>;

  @ApiPropertyOptional({ format: 'uuid', description: 'Render this revision of the template instead of the latest' })
  @IsOptional()
  @IsUUID('all')
  revisionId?: string;
}

export class LintSalaryDto {
  @ApiProperty()
  @IsNumber({ allowNaN: false, allowInfinity: false })
  @Min(0)
  min: number;

  @ApiProperty()
  @IsNumber({ allowNaN: false, allowInfinity: false })
  @Min(0)
  max: number;

  @ApiPropertyOptional({ example: 'USD' })
  @IsOptional()
  @IsString()
  @Matches(/^[A-Z]{3}$/, { message: 'currency must be an ISO 4217 code such as USD' })
  currency?: string;
}

export class LintContextDto {
  @ApiPropertyOptional({ enum: SENIORITIES })
  @IsOptional()
  @IsIn(SENIORITIES as string[], { message: `seniority must be one of ${SENIORITIES.join(', ')}` })
  seniority?: Seniority;

  @ApiPropertyOptional({ type: LintSalaryDto })
  @IsOptional()
  @IsObject()
  @ValidateNested()
  @Type(() => LintSalaryDto)
  salary?: LintSalaryDto;

  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @MaxLength(MAX_TITLE_LENGTH)
  title?: string;
}

export class LintRequestDto {
  @ApiPropertyOptional({ type: TemplateSectionsDto, description: 'Give sections or markdown' })
  @IsOptional()
  @IsObject()
  @ValidateNested()
  @Type(() => TemplateSectionsDto)
  sections?: TemplateSectionsDto;

  @ApiPropertyOptional({ maxLength: 50000, description: 'Give sections or markdown (markdown wins when both are given)' })
  @IsOptional()
  @IsString()
  @MaxLength(50000)
  markdown?: string;

  @ApiPropertyOptional({
    type: LintContextDto,
    description: 'Job context: seniority, salary band, title. Whether a pay range is required comes from your organization settings.',
  })
  @IsOptional()
  @IsObject()
  @ValidateNested()
  @Type(() => LintContextDto)
  context?: LintContextDto;

  @ApiPropertyOptional({
    type: [String],
    maxItems: 50,
    description: 'Application questions asked with the job, each checked on its own (e.g. for salary-history-question)',
  })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(50)
  @IsString({ each: true })
  @MaxLength(2000, { each: true })
  questions?: string[];
}

export class ListTemplatesQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ example: 'backend-developer' })
  @IsOptional()
  @IsString()
  @MaxLength(60)
  family?: string;

  @ApiPropertyOptional({ enum: LANGUAGES })
  @IsOptional()
  @IsIn(LANGUAGES as string[], { message: `language must be one of ${LANGUAGES.join(', ')}` })
  language?: Language;

  @ApiPropertyOptional({ enum: SENIORITIES })
  @IsOptional()
  @IsIn(SENIORITIES as string[], { message: `seniority must be one of ${SENIORITIES.join(', ')}` })
  seniority?: Seniority;

  @ApiPropertyOptional({ enum: SYSTEM_TYPES })
  @IsOptional()
  @IsIn(SYSTEM_TYPES as string[], { message: `systemType must be one of ${SYSTEM_TYPES.join(', ')}` })
  systemType?: SystemType;

  @ApiPropertyOptional({ enum: WORK_MODELS })
  @IsOptional()
  @IsIn(WORK_MODELS as string[], { message: `workModel must be one of ${WORK_MODELS.join(', ')}` })
  workModel?: WorkModel;

  @ApiPropertyOptional({ description: 'true: only built-ins; false: only your organization templates' })
  @IsOptional()
  @Transform(({ value }: { value: unknown }) => (value === 'true' ? true : value === 'false' ? false : value))
  @IsBoolean()
  builtIn?: boolean;
}

// --- responses ---------------------------------------------------------------------------------

export class LintFindingDto {
  @ApiProperty({ example: 'pay-range-missing' })
  rule: string;

  @ApiProperty({ enum: ['error', 'warning', 'info'] })
  severity: string;

  @ApiProperty()
  message: string;

  @ApiProperty({ example: 'requirements[3]' })
  section: string;

  @ApiProperty()
  start: number;

  @ApiProperty()
  end: number;

  @ApiPropertyOptional()
  suggestion?: string;

  static from(finding: LintFinding): LintFindingDto {
    return { ...finding };
  }
}

export class TemplateVariableResponseDto {
  @ApiProperty()
  name: string;

  @ApiProperty({ enum: VARIABLE_TYPES })
  type: VariableType;

  @ApiProperty()
  required: boolean;

  @ApiPropertyOptional({ oneOf: [{ type: 'string' }, { type: 'number' }, { type: 'boolean' }] })
  default?: string | number | boolean;

  @ApiProperty()
  description: string;
}

export class TemplateSectionsResponseDto implements TemplateSections {
  @ApiProperty()
  summary: string;
  @ApiProperty({ type: [String] })
  responsibilities: string[];
  @ApiProperty({ type: [String] })
  requirements: string[];
  @ApiProperty({ type: [String] })
  niceToHave: string[];
  @ApiProperty({ type: [String] })
  skills: string[];
  @ApiProperty({ type: [String] })
  interviewFocus: string[];
  @ApiProperty()
  compensationNote: string;
}

export class TemplateRevisionDto {
  @ApiProperty({ format: 'uuid' })
  id: string;

  @ApiProperty({ format: 'uuid' })
  templateId: string;

  @ApiProperty()
  number: number;

  @ApiProperty()
  title: string;

  @ApiProperty({ type: TemplateSectionsResponseDto })
  sections: TemplateSectionsResponseDto;

  @ApiProperty({ type: [TemplateVariableResponseDto] })
  variables: TemplateVariableResponseDto[];

  @ApiProperty({ format: 'uuid', nullable: true, type: String })
  createdBy: string | null;

  @ApiProperty()
  createdAt: string;

  static from(revision: TemplateRevision): TemplateRevisionDto {
    return {
      id: revision.id,
      templateId: revision.templateId,
      number: revision.number,
      title: revision.title,
      sections: revision.sections,
      variables: revision.variables,
      createdBy: revision.createdBy,
      createdAt: revision.createdAt.toISOString(),
    };
  }
}

export class TemplateDto {
  @ApiProperty({ format: 'uuid' })
  id: string;

  @ApiProperty({ format: 'uuid', nullable: true, type: String, description: 'Null for built-ins' })
  organizationId: string | null;

  @ApiProperty({ nullable: true, type: String, description: 'Stable key of a built-in, e.g. backend-developer.go.staff.platform.remote' })
  key: string | null;

  @ApiProperty()
  family: string;

  @ApiProperty()
  title: string;

  @ApiProperty({ enum: LANGUAGES, nullable: true })
  language: Language | null;

  @ApiProperty({ enum: SENIORITIES, nullable: true })
  seniority: Seniority | null;

  @ApiProperty({ enum: SYSTEM_TYPES, nullable: true })
  systemType: SystemType | null;

  @ApiProperty({ enum: WORK_MODELS, nullable: true })
  workModel: WorkModel | null;

  @ApiProperty()
  builtIn: boolean;

  @ApiProperty({ format: 'uuid', nullable: true, type: String })
  forkedFromId: string | null;

  @ApiProperty({ format: 'uuid' })
  latestRevisionId: string;

  @ApiProperty()
  latestRevisionNumber: number;

  @ApiProperty()
  createdAt: string;

  @ApiProperty()
  updatedAt: string;

  static from(template: Template): TemplateDto {
    return {
      id: template.id,
      organizationId: template.organizationId,
      key: template.key,
      family: template.family,
      title: template.title,
      language: template.language,
      seniority: template.seniority,
      systemType: template.systemType,
      workModel: template.workModel,
      builtIn: template.builtIn,
      forkedFromId: template.forkedFromId,
      latestRevisionId: template.latestRevisionId as string,
      latestRevisionNumber: template.latestRevisionNumber,
      createdAt: template.createdAt.toISOString(),
      updatedAt: template.updatedAt.toISOString(),
    };
  }
}

export class TemplateDetailDto extends TemplateDto {
  @ApiProperty({ type: TemplateRevisionDto })
  latestRevision: TemplateRevisionDto;

  @ApiProperty({ type: [LintFindingDto], description: 'Lint findings of the latest revision (with your organization settings)' })
  findings: LintFindingDto[];

  static detail(template: Template, revision: TemplateRevision, findings: LintFinding[]): TemplateDetailDto {
    return { ...TemplateDto.from(template), latestRevision: TemplateRevisionDto.from(revision), findings: findings.map((f) => LintFindingDto.from(f)) };
  }
}

export class TemplatePageDto {
  @ApiProperty({ type: [TemplateDto] })
  data: TemplateDto[];

  @ApiProperty({ nullable: true, type: String })
  nextCursor: string | null;
}

export class TemplateRevisionPageDto {
  @ApiProperty({ type: [TemplateRevisionDto] })
  data: TemplateRevisionDto[];

  @ApiProperty({ nullable: true, type: String })
  nextCursor: string | null;
}

export class RenderResultDto {
  @ApiProperty({ format: 'uuid' })
  templateRevisionId: string;

  @ApiProperty()
  title: string;

  @ApiProperty()
  markdown: string;

  @ApiProperty({ description: 'Sanitised HTML (no scripts, event handlers or javascript: links)' })
  html: string;

  @ApiProperty({ type: [LintFindingDto] })
  findings: LintFindingDto[];
}

export class LintResultDto {
  @ApiProperty({ type: [LintFindingDto] })
  findings: LintFindingDto[];
}
