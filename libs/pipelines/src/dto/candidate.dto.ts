import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { TEXT_STATUSES, type TextStatus } from '../resume-content.js';
import { Transform, Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsBoolean,
  IsDateString,
  IsEmail,
  IsInt,
  IsOptional,
  IsString,
  IsUrl,
  IsUUID,
  Matches,
  MaxLength,
  Min,
  MinLength,
  registerDecorator,
  ValidateNested,
} from 'class-validator';
import { PageQueryDto, Trim } from '../../../platform/src/index.js';
import { canonicalTimeZone } from '../candidate-fields.js';

/** An IANA time zone Intl knows (`Europe/Berlin`, `UTC`); null passes (it forgets the zone). */
function IsTimeZone(): PropertyDecorator {
  return (target, propertyName) =>
    registerDecorator({
      name: 'isTimeZone',
      target: target.constructor,
      propertyName: String(propertyName),
      validator: {
        validate: (value: unknown) => value === null || (typeof value === 'string' && canonicalTimeZone(value) !== null),
        defaultMessage: () => 'timeZone must be a time zone such as Europe/Berlin',
      },
    });
}

const trimEach = ({ value }: { value: unknown }) => (Array.isArray(value) ? (value as unknown[]).map((v) => (typeof v === 'string' ? v.trim() : v)) : value);

export const PHONE_PATTERN = /^\+?[0-9 ().-]{5,30}$/;

export class ResumeFileDto {
  @ApiProperty({ example: 'jane-doe.pdf' })
  @IsString()
  @MinLength(1)
  @MaxLength(255)
  fileName: string;

  @ApiProperty({ example: 'application/pdf' })
  @IsString()
  @Matches(/^[\w.+-]+\/[\w.+-]+$/, { message: 'contentType must be a media type' })
  @MaxLength(100)
  contentType: string;

  @ApiProperty({ minimum: 0, maximum: 20 * 1024 * 1024 })
  @IsInt()
  @Min(0)
  sizeBytes: number;

  @ApiProperty({ description: 'Key of the stored file in the object store' })
  @IsString()
  @MinLength(1)
  @MaxLength(500)
  storageKey: string;
}

/** A candidate's current resume as read back: on the single-candidate read, with where its text stands. */
export class StoredResumeFileDto extends ResumeFileDto {
  @ApiPropertyOptional({
    enum: TEXT_STATUSES,
    description: 'On the single-candidate read: `pending` until the worker has read the file, then `extracted`, `empty` or `failed`',
  })
  textStatus?: TextStatus;
  @ApiPropertyOptional({ nullable: true, type: String, description: 'On the single-candidate read: why the text could not be read, when textStatus is failed' })
  textFailure?: string | null;
}

/** Fields a candidate may be created with; every field except the name is optional. */
export class CandidateFieldsDto {
  @ApiPropertyOptional({ type: [String], maxItems: 10, example: ['jane.doe@example.com'] })
  @IsOptional()
  @Transform(trimEach)
  @ArrayMaxSize(10)
  @IsEmail({}, { each: true, message: 'each email must be an email address' })
  @MaxLength(320, { each: true })
  emails?: string[];

  @ApiPropertyOptional({ type: [String], maxItems: 10, example: ['+44 20 7946 0000'] })
  @IsOptional()
  @Transform(trimEach)
  @ArrayMaxSize(10)
  @Matches(PHONE_PATTERN, { each: true, message: 'each phone must be a phone number' })
  phones?: string[];

  @ApiPropertyOptional({ maxLength: 200 })
  @IsOptional()
  @Trim()
  @IsString()
  @MaxLength(200)
  location?: string;

  @ApiPropertyOptional({ type: [String], maxItems: 20, example: ['https://github.com/janedoe'] })
  @IsOptional()
  @Transform(trimEach)
  @ArrayMaxSize(20)
  @IsUrl({ require_protocol: true, protocols: ['http', 'https'] }, { each: true, message: 'each link must be an http(s) URL' })
  @MaxLength(500, { each: true })
  links?: string[];

  @ApiPropertyOptional({ type: [String], maxItems: 50, example: ['golang', 'referral'] })
  @IsOptional()
  @Transform(trimEach)
  @ArrayMaxSize(50)
  @IsString({ each: true })
  @MinLength(1, { each: true })
  @MaxLength(50, { each: true })
  tags?: string[];

  @ApiPropertyOptional({ maxLength: 100, example: 'referral' })
  @IsOptional()
  @Trim()
  @IsString()
  @MinLength(1)
  @MaxLength(100)
  source?: string;

  @ApiPropertyOptional({ maxLength: 200000, description: 'Text extracted from the resume' })
  @IsOptional()
  @IsString()
  @MaxLength(200000)
  resumeText?: string;

  @ApiPropertyOptional({ type: ResumeFileDto })
  @IsOptional()
  @ValidateNested()
  @Type(() => ResumeFileDto)
  resumeFile?: ResumeFileDto;

  @ApiPropertyOptional({ description: 'The candidate consented to their data being kept' })
  @IsOptional()
  @IsBoolean()
  consentGiven?: boolean;

  @ApiPropertyOptional({ example: '2027-12-31', description: 'Delete or anonymise after this date' })
  @IsOptional()
  @IsDateString({ strict: true }, { message: 'retentionUntil must be a date (YYYY-MM-DD)' })
  @Matches(/^\d{4}-\d{2}-\d{2}$/, { message: 'retentionUntil must be a date (YYYY-MM-DD)' })
  retentionUntil?: string;
}

export class CreateCandidateDto extends CandidateFieldsDto {
  @ApiProperty({ example: 'Jane', maxLength: 100 })
  @Trim()
  @IsString()
  @MinLength(1)
  @MaxLength(100)
  firstName: string;

  @ApiProperty({ example: 'Doe', maxLength: 100 })
  @Trim()
  @IsString()
  @MinLength(1)
  @MaxLength(100)
  lastName: string;
}

export class UpdateCandidateDto extends CandidateFieldsDto {
  @ApiPropertyOptional({ maxLength: 100 })
  @IsOptional()
  @Trim()
  @IsString()
  @MinLength(1)
  @MaxLength(100)
  firstName?: string;

  @ApiPropertyOptional({ maxLength: 100 })
  @IsOptional()
  @Trim()
  @IsString()
  @MinLength(1)
  @MaxLength(100)
  lastName?: string;

  @ApiPropertyOptional({
    description:
      'Do not contact: the candidate receives only transactional email about an active application (no bulk email, nothing about closed applications)',
  })
  @IsOptional()
  @IsBoolean()
  doNotContact?: boolean;

  @ApiPropertyOptional({
    nullable: true,
    type: String,
    maxLength: 64,
    example: 'Europe/Berlin',
    description: "The candidate's IANA time zone (interview times in emails are written in it); null forgets it",
  })
  @IsOptional()
  @IsString()
  @MaxLength(64)
  @IsTimeZone()
  timeZone?: string | null;

  @ApiProperty({ description: 'The version you read; a stale one is answered 409' })
  @IsInt()
  @Min(1)
  version: number;
}

export class SearchCandidatesQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ description: 'Words of a name, email, tag or resume; prefixes and typos match', maxLength: 200 })
  @IsOptional()
  @Trim()
  @IsString()
  @MaxLength(200)
  q?: string;

  @ApiPropertyOptional({ maxLength: 50 })
  @IsOptional()
  @Trim()
  @IsString()
  @MinLength(1)
  @MaxLength(50)
  tag?: string;

  @ApiPropertyOptional({ maxLength: 100 })
  @IsOptional()
  @Trim()
  @IsString()
  @MinLength(1)
  @MaxLength(100)
  source?: string;
}

export class MergeCandidatesDto {
  @ApiProperty({ format: 'uuid', description: 'The duplicate folded into the candidate of the path, which survives' })
  @IsUUID('all')
  otherId: string;
}

export class CreateNoteDto {
  @ApiProperty({ maxLength: 10000 })
  @Trim()
  @IsString()
  @MinLength(1)
  @MaxLength(10000)
  body: string;

  @ApiPropertyOptional({ description: 'Hidden from interviewers', default: false })
  @IsOptional()
  @IsBoolean()
  private?: boolean;

  @ApiPropertyOptional({ format: 'uuid', description: "Attach the note to one of the candidate's applications" })
  @IsOptional()
  @IsUUID('all')
  applicationId?: string;
}

export class ApplicationSummaryDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ format: 'uuid' }) jobId: string;
  @ApiProperty() jobTitle: string;
  @ApiProperty({ format: 'uuid' }) stageId: string;
  @ApiProperty() stageName: string;
  @ApiProperty() status: string;
  @ApiProperty({ nullable: true, type: String }) source: string | null;
  @ApiProperty() version: number;
  @ApiProperty() appliedAt: string;
  @ApiProperty() stageEnteredAt: string;
}

export class CandidateDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() firstName: string;
  @ApiProperty() lastName: string;
  @ApiProperty() name: string;
  @ApiProperty({ type: [String] }) emails: string[];
  @ApiProperty({ type: [String] }) phones: string[];
  @ApiProperty({ nullable: true, type: String }) location: string | null;
  @ApiProperty({ type: [String] }) links: string[];
  @ApiProperty({ type: [String] }) tags: string[];
  @ApiProperty({ nullable: true, type: String }) source: string | null;
  @ApiPropertyOptional({ nullable: true, type: String }) resumeText?: string | null;
  @ApiProperty({ nullable: true, type: StoredResumeFileDto }) resumeFile: StoredResumeFileDto | null;
  @ApiProperty() consentGiven: boolean;
  @ApiProperty({ nullable: true, type: String }) consentAt: string | null;
  @ApiProperty({ nullable: true, type: String }) retentionUntil: string | null;
  @ApiProperty({ description: 'Only transactional email about an active application reaches this candidate' }) doNotContact: boolean;
  @ApiProperty({ nullable: true, type: String, example: 'Europe/Berlin', description: 'IANA time zone, when known' }) timeZone: string | null;
  @ApiProperty() version: number;
  @ApiProperty() createdAt: string;
  @ApiProperty() updatedAt: string;
  @ApiPropertyOptional({ type: [ApplicationSummaryDto], description: 'On the single-candidate read only' })
  applications?: ApplicationSummaryDto[];
  @ApiPropertyOptional({ description: 'Search relevance (on search results only)' })
  score?: number;
}

export class CandidatePageDto {
  @ApiProperty({ type: [CandidateDto] }) data: CandidateDto[];
  @ApiProperty({ nullable: true, type: String }) nextCursor: string | null;
}

export class DuplicateDto {
  @ApiProperty({ type: CandidateDto }) candidate: CandidateDto;
  @ApiProperty({ type: [String], example: ['phone'], description: 'email, phone, name_and_phone, name_and_link' }) reasons: string[];
  @ApiProperty({ description: 'Name similarity, 0..1' }) nameSimilarity: number;
}

export class DuplicateListDto {
  @ApiProperty({ type: [DuplicateDto] }) data: DuplicateDto[];
}

export class NoteDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ format: 'uuid' }) candidateId: string;
  @ApiProperty({ format: 'uuid', nullable: true, type: String }) applicationId: string | null;
  @ApiProperty({ format: 'uuid', nullable: true, type: String }) authorId: string | null;
  @ApiProperty() body: string;
  @ApiProperty() private: boolean;
  @ApiProperty() createdAt: string;
}

export class NotePageDto {
  @ApiProperty({ type: [NoteDto] }) data: NoteDto[];
  @ApiProperty({ nullable: true, type: String }) nextCursor: string | null;
}

export class ActivityItemDto {
  @ApiProperty() id: string;
  @ApiProperty({ example: 'application.moved' }) kind: string;
  @ApiProperty({ format: 'uuid' }) candidateId: string;
  @ApiProperty({ nullable: true, type: String }) applicationId: string | null;
  @ApiProperty({ nullable: true, type: String }) jobId: string | null;
  @ApiProperty({ nullable: true, type: String }) actorId: string | null;
  @ApiProperty({ nullable: true, type: String }) subjectType: string | null;
  @ApiProperty({ nullable: true, type: String }) subjectId: string | null;
  @ApiProperty() private: boolean;
  @ApiProperty({ type: Object }) payload: Record<string, unknown>;
  @ApiProperty() occurredAt: string;
}

export class ActivityPageDto {
  @ApiProperty({ type: [ActivityItemDto] }) data: ActivityItemDto[];
  @ApiProperty({ nullable: true, type: String }) nextCursor: string | null;
}
