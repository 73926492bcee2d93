import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  ArrayUnique,
  IsEnum,
  IsInt,
  IsNumber,
  IsObject,
  IsOptional,
  IsString,
  IsUUID,
  Matches,
  Max,
  MaxLength,
  Min,
  MinLength,
  ValidateIf,
  ValidateNested,
} from 'class-validator';
import { PageQueryDto, Trim } from '../../../platform/src/index.js';
import { LintFindingDto, MAX_TITLE_LENGTH } from '../../../templates/src/index.js';
import { EmploymentType, JobSeniority, JobStatus, JobWorkModel, SalaryPeriod, StageKind } from '../job.types.js';
import { IsIsoCountry, IsIsoCurrency, IsNotLessThan } from '../reference/validators.js';

const enumMessage = (name: string, values: object) => `${name} must be one of ${Object.values(values).join(', ')}`;

export const MAX_OFFICES = 20;
export const MAX_TEAM = 50;
export const MAX_STAGES = 30;
export const MAX_SALARY = 100_000_000;

export class SalaryDto {
  @ApiProperty({ example: 120000, minimum: 0 })
  @IsNumber({ allowNaN: false, allowInfinity: false, maxDecimalPlaces: 2 })
  @Min(0)
  @Max(MAX_SALARY)
  min: number;

  @ApiProperty({ example: 160000, description: 'Not less than min' })
  @IsNumber({ allowNaN: false, allowInfinity: false, maxDecimalPlaces: 2 })
  @Min(0)
  @Max(MAX_SALARY)
  @IsNotLessThan('min', { message: 'max must not be less than min' })
  max: number;

  @ApiProperty({ example: 'USD', description: 'ISO 4217' })
  @IsIsoCurrency()
  currency: string;

  @ApiProperty({ enum: SalaryPeriod })
  @IsEnum(SalaryPeriod, { message: enumMessage('period', SalaryPeriod) })
  period: SalaryPeriod;
}

export class HiringTeamDto {
  @ApiPropertyOptional({ type: [String], format: 'uuid', description: 'Active users holding the recruiter (or admin) role' })
  @IsOptional()
  @ArrayMaxSize(MAX_TEAM)
  @ArrayUnique()
  @IsUUID('all', { each: true })
  recruiterIds?: string[];

  @ApiPropertyOptional({ type: [String], format: 'uuid', description: 'Active users holding the hiring_manager role' })
  @IsOptional()
  @ArrayMaxSize(MAX_TEAM)
  @ArrayUnique()
  @IsUUID('all', { each: true })
  hiringManagerIds?: string[];

  @ApiPropertyOptional({ type: [String], format: 'uuid', description: 'Active users holding the interviewer role' })
  @IsOptional()
  @ArrayMaxSize(MAX_TEAM)
  @ArrayUnique()
  @IsUUID('all', { each: true })
  interviewerIds?: string[];
}

export class StageInputDto {
  @ApiPropertyOptional({ format: 'uuid', description: 'Id of an existing stage of this job (keep, rename or move it); omit for a new stage' })
  @IsOptional()
  @IsUUID('all')
  id?: string;

  @ApiProperty({ example: 'System design', maxLength: 100 })
  @Trim()
  @IsString()
  @MinLength(1)
  @MaxLength(100)
  name: string;

  @ApiProperty({ enum: StageKind })
  @IsEnum(StageKind, { message: enumMessage('kind', StageKind) })
  kind: StageKind;

  @ApiPropertyOptional({ nullable: true, type: String, example: 'rate-limiter-design', description: 'Key of an interview kit' })
  @ValidateIf((_, value) => value !== null && value !== undefined)
  @IsString()
  @Matches(/^[a-z0-9]+(-[a-z0-9]+)*$/, { message: 'kitKey must be a kit key such as rate-limiter-design' })
  @MaxLength(80)
  kitKey?: string | null;

  @ApiPropertyOptional({ nullable: true, type: Number, minimum: 1, maximum: 365 })
  @ValidateIf((_, value) => value !== null && value !== undefined)
  @IsInt()
  @Min(1)
  @Max(365)
  slaDays?: number | null;
}

export class CreateJobDto {
  @ApiPropertyOptional({ format: 'uuid', description: 'Template (its latest revision is used); give this or templateRevisionId' })
  @ValidateIf((o: CreateJobDto) => o.templateId !== undefined || o.templateRevisionId === undefined)
  @IsUUID('all', { message: 'templateId must be a UUID (give templateId or templateRevisionId)' })
  templateId?: string;

  @ApiPropertyOptional({ format: 'uuid', description: 'Exact template revision to use' })
  @IsOptional()
  @IsUUID('all')
  templateRevisionId?: string;

  @ApiPropertyOptional({
    type: 'object',
    additionalProperties: true,
    description:
      'Template variable values. companyName, teamName, location and the salary variables default to the organization, department, offices and salary band.',
  })
  @IsOptional()
  @IsObject()
  variables?: Record<string, unknown>;

  @ApiPropertyOptional({ description: 'Defaults to the template revision title', maxLength: MAX_TITLE_LENGTH })
  @IsOptional()
  @Trim()
  @IsString()
  @MinLength(1)
  @MaxLength(MAX_TITLE_LENGTH)
  title?: string;

  @ApiProperty({ format: 'uuid' })
  @IsUUID('all')
  departmentId: string;

  @ApiProperty({ type: [String], format: 'uuid', maxItems: MAX_OFFICES })
  @ArrayMaxSize(MAX_OFFICES)
  @ArrayUnique()
  @IsUUID('all', { each: true })
  officeIds: string[];

  @ApiProperty({ enum: JobWorkModel })
  @IsEnum(JobWorkModel, { message: enumMessage('workModel', JobWorkModel) })
  workModel: JobWorkModel;

  @ApiPropertyOptional({ type: [String], example: ['DE', 'NL'], description: 'ISO 3166-1 alpha-2; required (non-empty) when workModel is remote' })
  @ValidateIf((o: CreateJobDto) => o.workModel === JobWorkModel.Remote || o.remoteCountries !== undefined)
  @ArrayMinSize(1, { message: 'remoteCountries must name at least one country when workModel is remote' })
  @ArrayMaxSize(250)
  @ArrayUnique()
  @IsIsoCountry({ each: true })
  remoteCountries?: string[];

  @ApiProperty({ enum: EmploymentType })
  @IsEnum(EmploymentType, { message: enumMessage('employmentType', EmploymentType) })
  employmentType: EmploymentType;

  @ApiProperty({ enum: JobSeniority })
  @IsEnum(JobSeniority, { message: enumMessage('seniority', JobSeniority) })
  seniority: JobSeniority;

  @ApiPropertyOptional({ type: SalaryDto, description: 'When omitted, the reference band for the seniority is suggested (salary.suggested = true)' })
  @IsOptional()
  @IsObject()
  @ValidateNested()
  @Type(() => SalaryDto)
  salary?: SalaryDto;

  @ApiProperty({ minimum: 1, maximum: 1000, example: 1 })
  @IsInt()
  @Min(1)
  @Max(1000)
  openings: number;

  @ApiPropertyOptional({ type: HiringTeamDto })
  @IsOptional()
  @IsObject()
  @ValidateNested()
  @Type(() => HiringTeamDto)
  hiringTeam?: HiringTeamDto;

  @ApiPropertyOptional({ type: [StageInputDto], description: 'Interview plan; the default backend plan when omitted' })
  @IsOptional()
  @ArrayMinSize(1)
  @ArrayMaxSize(MAX_STAGES)
  @ValidateNested({ each: true })
  @Type(() => StageInputDto)
  interviewPlan?: StageInputDto[];
}

export class UpdateJobDto {
  @ApiProperty({ description: 'The version you read; a stale version → 409' })
  @IsInt()
  @Min(1)
  version: number;

  @ApiPropertyOptional({ format: 'uuid', description: 'Move the job to another revision (e.g. a newer one) of a template' })
  @IsOptional()
  @IsUUID('all')
  templateRevisionId?: string;

  @ApiPropertyOptional({ type: 'object', additionalProperties: true, description: 'Replaces the variable values' })
  @IsOptional()
  @IsObject()
  variables?: Record<string, unknown>;

  @ApiPropertyOptional({ maxLength: 200 })
  @IsOptional()
  @Trim()
  @IsString()
  @MinLength(1)
  @MaxLength(MAX_TITLE_LENGTH)
  title?: string;

  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @IsUUID('all')
  departmentId?: string;

  @ApiPropertyOptional({ type: [String], format: 'uuid' })
  @IsOptional()
  @ArrayMaxSize(MAX_OFFICES)
  @ArrayUnique()
  @IsUUID('all', { each: true })
  officeIds?: string[];

  @ApiPropertyOptional({ enum: JobWorkModel })
  @IsOptional()
  @IsEnum(JobWorkModel, { message: enumMessage('workModel', JobWorkModel) })
  workModel?: JobWorkModel;

  @ApiPropertyOptional({ type: [String] })
  @IsOptional()
  @ArrayMaxSize(250)
  @ArrayUnique()
  @IsIsoCountry({ each: true })
  remoteCountries?: string[];

  @ApiPropertyOptional({ enum: EmploymentType })
  @IsOptional()
  @IsEnum(EmploymentType, { message: enumMessage('employmentType', EmploymentType) })
  employmentType?: EmploymentType;

  @ApiPropertyOptional({ enum: JobSeniority })
  @IsOptional()
  @IsEnum(JobSeniority, { message: enumMessage('seniority', JobSeniority) })
  seniority?: JobSeniority;

  @ApiPropertyOptional({ type: SalaryDto })
  @IsOptional()
  @IsObject()
  @ValidateNested()
  @Type(() => SalaryDto)
  salary?: SalaryDto;

  @ApiPropertyOptional({ minimum: 1, maximum: 1000 })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(1000)
  openings?: number;

  @ApiPropertyOptional({ type: HiringTeamDto, description: 'Replaces the hiring team (each list given replaces that role)' })
  @IsOptional()
  @IsObject()
  @ValidateNested()
  @Type(() => HiringTeamDto)
  hiringTeam?: HiringTeamDto;
}

export class ReplaceStagesDto {
  @ApiProperty({
    type: [StageInputDto],
    description: 'The full ordered plan: existing stages by id (renamed/moved), new ones without id; stages left out are removed',
  })
  @ArrayMinSize(1)
  @ArrayMaxSize(MAX_STAGES)
  @ValidateNested({ each: true })
  @Type(() => StageInputDto)
  stages: StageInputDto[];

  @ApiPropertyOptional({ description: 'The job version you read; a stale version → 409' })
  @IsOptional()
  @IsInt()
  @Min(1)
  version?: number;
}

export class CloseJobDto {
  @ApiProperty({ example: 'Position filled', maxLength: 500 })
  @Trim()
  @IsString()
  @MinLength(1, { message: 'reason must not be empty' })
  @MaxLength(500)
  reason: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsInt()
  @Min(1)
  version?: number;
}

export class TransitionJobDto {
  @ApiPropertyOptional({ description: 'The job version you read; a stale version → 409' })
  @IsOptional()
  @IsInt()
  @Min(1)
  version?: number;
}

export class ListJobsQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ enum: JobStatus })
  @IsOptional()
  @IsEnum(JobStatus, { message: enumMessage('status', JobStatus) })
  status?: JobStatus;

  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @IsUUID('all')
  departmentId?: string;

  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @IsUUID('all')
  officeId?: string;

  @ApiPropertyOptional({ enum: JobSeniority })
  @IsOptional()
  @IsEnum(JobSeniority, { message: enumMessage('seniority', JobSeniority) })
  seniority?: JobSeniority;

  @ApiPropertyOptional({ enum: JobWorkModel })
  @IsOptional()
  @IsEnum(JobWorkModel, { message: enumMessage('workModel', JobWorkModel) })
  workModel?: JobWorkModel;

  @ApiPropertyOptional({ format: 'uuid', description: 'Jobs on whose hiring team this user is (any role)' })
  @IsOptional()
  @IsUUID('all')
  hiringTeamMember?: string;

  @ApiPropertyOptional({ description: 'Title contains (case-insensitive)', maxLength: 100 })
  @IsOptional()
  @Trim()
  @IsString()
  @MinLength(1)
  @MaxLength(100)
  q?: string;
}

// --- responses ---------------------------------------------------------------------------------

export class SalaryResponseDto {
  @ApiProperty()
  min: number;
  @ApiProperty()
  max: number;
  @ApiProperty()
  currency: string;
  @ApiProperty({ enum: SalaryPeriod })
  period: SalaryPeriod;
  @ApiProperty({ description: 'True when the band was suggested from the salary reference because none was given' })
  suggested: boolean;
}

export class HiringTeamResponseDto {
  @ApiProperty({ type: [String] })
  recruiterIds: string[];
  @ApiProperty({ type: [String] })
  hiringManagerIds: string[];
  @ApiProperty({ type: [String] })
  interviewerIds: string[];
}

export class StageDto {
  @ApiProperty({ format: 'uuid' })
  id: string;
  @ApiProperty({ description: '0 = where new applications land' })
  position: number;
  @ApiProperty()
  name: string;
  @ApiProperty({ enum: StageKind })
  kind: StageKind;
  @ApiProperty({ nullable: true, type: String })
  kitKey: string | null;
  @ApiProperty({ nullable: true, type: Number })
  slaDays: number | null;
}

export class JobDescriptionDto {
  @ApiProperty()
  markdown: string;
  @ApiProperty({ description: 'Sanitised HTML' })
  html: string;
}

export class JobSummaryDto {
  @ApiProperty({ format: 'uuid' })
  id: string;
  @ApiProperty({ format: 'uuid' })
  organizationId: string;
  @ApiProperty()
  title: string;
  @ApiProperty({ enum: JobStatus })
  status: JobStatus;
  @ApiProperty({ format: 'uuid' })
  templateId: string;
  @ApiProperty({ format: 'uuid' })
  templateRevisionId: string;
  @ApiProperty({ format: 'uuid', nullable: true, type: String })
  departmentId: string | null;
  @ApiProperty({ type: [String] })
  officeIds: string[];
  @ApiProperty({ enum: JobWorkModel })
  workModel: JobWorkModel;
  @ApiProperty({ type: [String] })
  remoteCountries: string[];
  @ApiProperty({ enum: EmploymentType })
  employmentType: EmploymentType;
  @ApiProperty({ enum: JobSeniority })
  seniority: JobSeniority;
  @ApiProperty({ type: SalaryResponseDto, nullable: true })
  salary: SalaryResponseDto | null;
  @ApiProperty()
  openings: number;
  @ApiProperty()
  filled: number;
  @ApiProperty({ description: 'Applications to this job (merged duplicates not counted)' })
  applicantCount: number;
  @ApiProperty({ description: 'Applications still in process (not hired, rejected or withdrawn)' })
  activeApplicantCount: number;
  @ApiProperty({ type: HiringTeamResponseDto })
  hiringTeam: HiringTeamResponseDto;
  @ApiProperty({ nullable: true, type: String })
  closeReason: string | null;
  @ApiProperty()
  version: number;
  @ApiProperty({ nullable: true, type: String })
  openedAt: string | null;
  @ApiProperty({ nullable: true, type: String })
  closedAt: string | null;
  @ApiProperty()
  createdAt: string;
  @ApiProperty()
  updatedAt: string;
}

export class JobDto extends JobSummaryDto {
  @ApiProperty({ type: 'object', additionalProperties: true })
  variables: Record<string, unknown>;
  @ApiProperty({ type: JobDescriptionDto })
  description: JobDescriptionDto;
  @ApiProperty({ type: [LintFindingDto] })
  findings: LintFindingDto[];
  @ApiProperty({ type: [StageDto], description: 'Ordered interview plan' })
  interviewPlan: StageDto[];
}

export class JobPageDto {
  @ApiProperty({ type: [JobSummaryDto] })
  data: JobSummaryDto[];
  @ApiProperty({ nullable: true, type: String })
  nextCursor: string | null;
}

export class InterviewPlanDto {
  @ApiProperty({ type: [StageDto] })
  stages: StageDto[];
  @ApiProperty()
  version: number;
}
