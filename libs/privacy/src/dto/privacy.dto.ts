import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsBoolean, IsInt, IsOptional, IsString, IsUrl, Max, MaxLength, Min, MinLength, ValidateIf } from 'class-validator';
import { PageQueryDto, Trim } from '../../../platform/src/index.js';
import { RetentionRule } from '../../../pipelines/src/index.js';

export const MAX_RETENTION_DAYS = 3650;
export const MAX_GRACE_DAYS = 90;
export const MAX_KEEP_REASON = 500;

export class PrivacySettingsDto {
  @ApiProperty({ type: String, nullable: true, description: "The organization's privacy notice (https), linked on the apply form" })
  privacyNoticeUrl: string | null;

  @ApiProperty({ description: 'Applying needs the candidate to tick a consent box (recorded with the version of its text and the time)' })
  consentRequired: boolean;

  @ApiProperty({ description: 'The consent sentence the apply form shows' })
  consentText: string;

  @ApiProperty({ description: 'Version of the consent text (changes with the sentence or the notice address)' })
  consentTextVersion: string;

  @ApiProperty({
    type: Number,
    nullable: true,
    description: 'Rejected or withdrawn candidates are anonymised this many days after their last application closed; null: never',
  })
  closedApplicationDays: number | null;

  @ApiProperty({ type: Number, nullable: true, description: 'Candidates without activity for this many days are anonymised; null: never' })
  inactiveCandidateDays: number | null;

  @ApiProperty({ type: Number, nullable: true, description: 'Hired candidates are anonymised this many days after they were hired; null: never' })
  hiredCandidateDays: number | null;

  @ApiProperty({ description: 'Days a due candidate is listed (and may be kept) before being anonymised' })
  gracePeriodDays: number;
}

const days = (o: object, key: string) => (o as Record<string, unknown>)[key] !== null;

export class UpdatePrivacySettingsDto {
  @ApiPropertyOptional({ type: String, nullable: true, maxLength: 2000, description: 'An https address; null removes it' })
  @IsOptional()
  @ValidateIf((o: UpdatePrivacySettingsDto) => o.privacyNoticeUrl !== null)
  @Trim()
  @MaxLength(2000)
  @IsUrl({ protocols: ['https'], require_protocol: true, require_tld: true }, { message: 'privacyNoticeUrl must be an https address' })
  privacyNoticeUrl?: string | null;

  @ApiPropertyOptional()
  @IsOptional()
  @IsBoolean()
  consentRequired?: boolean;

  @ApiPropertyOptional({ type: Number, nullable: true, minimum: 1, maximum: MAX_RETENTION_DAYS })
  @IsOptional()
  @ValidateIf((o: object) => days(o, 'closedApplicationDays'))
  @IsInt()
  @Min(1)
  @Max(MAX_RETENTION_DAYS)
  closedApplicationDays?: number | null;

  @ApiPropertyOptional({ type: Number, nullable: true, minimum: 1, maximum: MAX_RETENTION_DAYS })
  @IsOptional()
  @ValidateIf((o: object) => days(o, 'inactiveCandidateDays'))
  @IsInt()
  @Min(1)
  @Max(MAX_RETENTION_DAYS)
  inactiveCandidateDays?: number | null;

  @ApiPropertyOptional({ type: Number, nullable: true, minimum: 1, maximum: MAX_RETENTION_DAYS })
  @IsOptional()
  @ValidateIf((o: object) => days(o, 'hiredCandidateDays'))
  @IsInt()
  @Min(1)
  @Max(MAX_RETENTION_DAYS)
  hiredCandidateDays?: number | null;

  @ApiPropertyOptional({ minimum: 0, maximum: MAX_GRACE_DAYS })
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(MAX_GRACE_DAYS)
  gracePeriodDays?: number;
}

export class DueCandidateDto {
  @ApiProperty({ format: 'uuid' }) candidateId: string;
  @ApiProperty() candidateName: string;
  @ApiProperty({ enum: RetentionRule, enumName: 'RetentionRule', description: 'The rule that made the candidate due' }) rule: RetentionRule;
  @ApiProperty({ format: 'date-time' }) flaggedAt: string;
  @ApiProperty({ format: 'date-time', description: 'When the candidate is anonymised unless kept' }) anonymizeAt: string;
}

export class DueCandidatePageDto {
  @ApiProperty({ type: [DueCandidateDto] }) data: DueCandidateDto[];
  @ApiProperty({ type: String, nullable: true }) nextCursor: string | null;
}

export class DueListQueryDto extends PageQueryDto {}

export class KeepCandidateDto {
  @ApiProperty({ minLength: 1, maxLength: MAX_KEEP_REASON, description: 'Why the candidate is kept (audited)' })
  @Trim()
  @IsString()
  @MinLength(1, { message: 'reason must not be empty' })
  @MaxLength(MAX_KEEP_REASON)
  reason: string;

  @ApiPropertyOptional({ minimum: 1, maximum: MAX_RETENTION_DAYS, description: 'Keep for this many days (default 365)' })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(MAX_RETENTION_DAYS)
  days?: number;
}

export class KeptCandidateDto {
  @ApiProperty({ format: 'uuid' }) candidateId: string;
  @ApiProperty({ format: 'date-time' }) keptUntil: string;
  @ApiProperty() reason: string;
}
