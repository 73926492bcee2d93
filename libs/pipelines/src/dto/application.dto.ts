import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  ArrayUnique,
  IsBoolean,
  IsDefined,
  IsEnum,
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  IsUUID,
  MaxLength,
  Min,
  MinLength,
  Validate,
  ValidateIf,
  ValidateNested,
  ValidationArguments,
  ValidatorConstraint,
  ValidatorConstraintInterface,
} from 'class-validator';
import { PageQueryDto, Trim } from '../../../platform/src/index.js';
import { ApplicationStatus, MoveKind, RejectionReasonKind } from '../pipeline.types.js';
import { CreateCandidateDto } from './candidate.dto.js';

/** The property may not be given together with the named other property. */
@ValidatorConstraint({ name: 'exclusiveWith' })
class ExclusiveWith implements ValidatorConstraintInterface {
  validate(_value: unknown, args: ValidationArguments): boolean {
    return (args.object as Record<string, unknown>)[args.constraints[0] as string] === undefined;
  }
  defaultMessage(args: ValidationArguments): string {
    return `give either ${args.property} or ${args.constraints[0] as string}, not both`;
  }
}

export const MAX_BULK_ITEMS = 100;

export class CreateApplicationDto {
  @ApiPropertyOptional({ format: 'uuid', description: 'An existing candidate (or give `candidate`)' })
  @ValidateIf((o: CreateApplicationDto) => o.candidate === undefined || o.candidateId !== undefined)
  @IsUUID('all', { message: 'candidateId must be a UUID (or give candidate)' })
  @Validate(ExclusiveWith, ['candidate'])
  candidateId?: string;

  @ApiPropertyOptional({ type: CreateCandidateDto, description: 'A new candidate to create with the application' })
  @ValidateIf((o: CreateApplicationDto) => o.candidateId === undefined)
  @IsDefined({ message: 'give candidateId or candidate' })
  @ValidateNested()
  @Type(() => CreateCandidateDto)
  candidate?: CreateCandidateDto;

  @ApiProperty({ format: 'uuid' })
  @IsUUID('all')
  jobId: string;

  @ApiPropertyOptional({ maxLength: 100, example: 'referral' })
  @IsOptional()
  @Trim()
  @IsString()
  @MinLength(1)
  @MaxLength(100)
  source?: string;
}

export class MoveApplicationDto {
  @ApiProperty({ format: 'uuid', description: 'A stage of the same job' })
  @IsUUID('all')
  toStageId: string;

  @ApiProperty({ description: 'The version you read; a stale one is answered 409' })
  @IsInt()
  @Min(1)
  expectedVersion: number;

  @ApiPropertyOptional({ maxLength: 2000 })
  @IsOptional()
  @Trim()
  @IsString()
  @MaxLength(2000)
  note?: string;
}

export class RejectApplicationDto {
  @ApiProperty({ format: 'uuid', description: 'One of GET /v1/rejection-reasons' })
  @IsUUID('all')
  reasonId: string;

  @ApiPropertyOptional({ maxLength: 2000 })
  @IsOptional()
  @Trim()
  @IsString()
  @MaxLength(2000)
  note?: string;

  @ApiPropertyOptional({ default: false, description: 'Send the candidate a rejection email' })
  @IsOptional()
  @IsBoolean()
  notifyCandidate?: boolean;

  @ApiPropertyOptional({ description: 'When given, a stale version is answered 409' })
  @IsOptional()
  @IsInt()
  @Min(1)
  expectedVersion?: number;
}

export class ChangeApplicationStatusDto {
  @ApiPropertyOptional({ maxLength: 2000 })
  @IsOptional()
  @Trim()
  @IsString()
  @MaxLength(2000)
  note?: string;

  @ApiPropertyOptional({ description: 'When given, a stale version is answered 409' })
  @IsOptional()
  @IsInt()
  @Min(1)
  expectedVersion?: number;
}

export class ApplicationNoteDto {
  @ApiProperty({ maxLength: 10000 })
  @Trim()
  @IsString()
  @MinLength(1)
  @MaxLength(10000)
  body: string;

  @ApiPropertyOptional({ default: false, description: 'Hidden from interviewers' })
  @IsOptional()
  @IsBoolean()
  private?: boolean;
}

export enum BulkAction {
  Move = 'move',
  Reject = 'reject',
}

export class BulkApplicationsDto {
  @ApiProperty({ enum: BulkAction })
  @IsEnum(BulkAction, { message: 'action must be move or reject' })
  action: BulkAction;

  @ApiProperty({ type: [String], format: 'uuid', minItems: 1, maxItems: MAX_BULK_ITEMS })
  @ArrayMinSize(1)
  @ArrayMaxSize(MAX_BULK_ITEMS)
  @ArrayUnique()
  @IsUUID('all', { each: true })
  ids: string[];

  @ApiPropertyOptional({ format: 'uuid', description: 'Required for move' })
  @ValidateIf((o: BulkApplicationsDto) => o.action === BulkAction.Move || o.toStageId !== undefined)
  @IsUUID('all', { message: 'toStageId must be a UUID (required for move)' })
  toStageId?: string;

  @ApiPropertyOptional({ format: 'uuid', description: 'Required for reject' })
  @ValidateIf((o: BulkApplicationsDto) => o.action === BulkAction.Reject || o.reasonId !== undefined)
  @IsUUID('all', { message: 'reasonId must be a UUID (required for reject)' })
  reasonId?: string;

  @ApiPropertyOptional({ maxLength: 2000 })
  @IsOptional()
  @Trim()
  @IsString()
  @MaxLength(2000)
  note?: string;

  @ApiPropertyOptional({ default: false })
  @IsOptional()
  @IsBoolean()
  notifyCandidate?: boolean;
}

export class CreateRejectionReasonDto {
  @ApiProperty({ maxLength: 200, example: 'Needs more distributed-systems experience' })
  @Trim()
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  label: string;

  @ApiPropertyOptional({ enum: RejectionReasonKind, default: RejectionReasonKind.Rejected })
  @IsOptional()
  @IsEnum(RejectionReasonKind)
  kind?: RejectionReasonKind;
}

export class ListJobApplicationsQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @IsUUID('all')
  stageId?: string;

  @ApiPropertyOptional({ enum: ApplicationStatus })
  @IsOptional()
  @IsEnum(ApplicationStatus)
  status?: ApplicationStatus;

  @ApiPropertyOptional({ enum: ['applied_at', 'stage_entered_at'], default: 'applied_at' })
  @IsOptional()
  @IsIn(['applied_at', 'stage_entered_at'])
  sort: 'applied_at' | 'stage_entered_at' = 'applied_at';

  @ApiPropertyOptional({ enum: ['asc', 'desc'], default: 'desc' })
  @IsOptional()
  @IsIn(['asc', 'desc'])
  direction: 'asc' | 'desc' = 'desc';
}

/** `GET /v1/applications?jobId=…`: a job's applications, the same pages as `GET /v1/jobs/{id}/applications`. */
export class ListApplicationsQueryDto extends ListJobApplicationsQueryDto {
  @ApiProperty({ format: 'uuid', description: 'The job whose applications to list' })
  @IsUUID('all')
  jobId: string;
}

// ---- responses ------------------------------------------------------------------------------

export class ApplicationDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ format: 'uuid' }) candidateId: string;
  @ApiProperty({ format: 'uuid' }) jobId: string;
  @ApiProperty({ format: 'uuid' }) stageId: string;
  @ApiProperty({ enum: ApplicationStatus }) status: ApplicationStatus;
  @ApiProperty({ nullable: true, type: String }) source: string | null;
  @ApiProperty() version: number;
  @ApiProperty() appliedAt: string;
  @ApiProperty() stageEnteredAt: string;
  @ApiProperty({ nullable: true, type: String }) rejectionReasonId: string | null;
  @ApiProperty({ nullable: true, type: String }) rejectionNote: string | null;
  @ApiProperty({ nullable: true, type: String }) closedAt: string | null;
}

export class ApplicationMoveDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ enum: MoveKind }) kind: MoveKind;
  @ApiProperty({ nullable: true, type: String }) fromStageId: string | null;
  @ApiProperty({ nullable: true, type: String }) toStageId: string | null;
  @ApiProperty({ nullable: true, type: String }) fromStatus: string | null;
  @ApiProperty() toStatus: string;
  @ApiProperty({ nullable: true, type: String }) actorId: string | null;
  @ApiProperty({ nullable: true, type: String }) note: string | null;
  @ApiProperty({ nullable: true, type: Number, description: 'Seconds spent in fromStageId before this move' }) secondsInStage: number | null;
  @ApiProperty() movedAt: string;
}

export class ApplicationDetailDto extends ApplicationDto {
  @ApiProperty() candidateName: string;
  @ApiProperty() jobTitle: string;
  @ApiProperty() stageName: string;
  @ApiProperty({ nullable: true, type: String, maxLength: 20000, description: 'The cover letter the candidate pasted when applying on a job board' })
  coverLetter: string | null;
  @ApiProperty({ type: [ApplicationMoveDto] }) moves: ApplicationMoveDto[];
}

export class BulkItemResultDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() ok: boolean;
  @ApiProperty({ description: 'HTTP status this item would have had on its own' }) status: number;
  @ApiPropertyOptional({ description: 'code and detail of the failure' }) error?: { code: string; detail: string };
  @ApiPropertyOptional({ type: ApplicationDto }) application?: ApplicationDto;
}

export class BulkResultDto {
  @ApiProperty({ type: [BulkItemResultDto] }) results: BulkItemResultDto[];
}

export class RejectionReasonDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() label: string;
  @ApiProperty({ enum: RejectionReasonKind }) kind: RejectionReasonKind;
  @ApiProperty() builtIn: boolean;
}

export class RejectionReasonListDto {
  @ApiProperty({ type: [RejectionReasonDto] }) data: RejectionReasonDto[];
}
