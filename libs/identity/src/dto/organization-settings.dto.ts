import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ArrayMaxSize, ArrayUnique, IsBoolean, IsEnum, IsInt, IsNumber, IsOptional, IsUrl, Matches, Max, MaxLength, Min } from 'class-validator';
import { SelfIdentificationQuestion } from '../self-identification.js';
import { ACCENT_COLOR } from '../careers-branding.js';

export const MAX_SCORECARD_DEADLINE_HOURS = 24 * 30;
export const MAX_SCORECARD_AMENDMENT_HOURS = 24 * 30;
export const MAX_REQUESTS_PER_SECOND = 10_000;
export const MAX_BURST = 100_000;

/** The organization settings other modules read, with their defaults applied. */
export class OrganizationSettingsDto {
  @ApiProperty({ description: 'A job description must state a pay range (lint error when missing)' })
  requirePayRange: boolean;

  @ApiProperty({ description: 'Hours after an interview ends before its scorecard is due (reminder); escalation at twice that' })
  scorecardDeadlineHours: number;

  @ApiProperty({ description: 'Requests per second an API key may make, sustained (token bucket refill rate)' })
  apiKeyRequestsPerSecond: number;

  @ApiProperty({ description: 'Requests an API key may make at once (token bucket size)' })
  apiKeyBurst: number;

  @ApiProperty({ description: 'Requests per second a signed-in person may make, sustained' })
  userRequestsPerSecond: number;

  @ApiProperty({ description: 'Requests a signed-in person may make at once' })
  userBurst: number;
  @ApiProperty({ description: 'Hours after submitting during which an interviewer may amend their scorecard with a reason (default 48)' })
  scorecardAmendmentHours: number;

  @ApiProperty({ description: 'Hours between rejecting an application (with the candidate told) and the rejection email; reopening before then cancels it' })
  rejectionEmailDelayHours: number;

  @ApiProperty({ type: String, nullable: true, description: 'Logo shown on the careers page (an https URL)' })
  logoUrl: string | null;

  @ApiProperty({ type: String, nullable: true, example: '#1f5fbf', description: 'Accent colour of the careers page (#rrggbb, readable with white text)' })
  accentColor: string | null;
  @ApiProperty({ description: 'Ask applicants the voluntary self-identification survey on the apply form (default off)' })
  selfIdentificationSurvey: boolean;
  @ApiProperty({
    enum: SelfIdentificationQuestion,
    enumName: 'SelfIdentificationQuestion',
    isArray: true,
    description: 'The questions the survey asks (US EEO-1 categories by default)',
  })
  selfIdentificationQuestions: SelfIdentificationQuestion[];
}

export class UpdateOrganizationSettingsDto {
  @ApiPropertyOptional()
  @IsOptional()
  @IsBoolean()
  requirePayRange?: boolean;

  @ApiPropertyOptional({ minimum: 1, maximum: MAX_SCORECARD_DEADLINE_HOURS })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(MAX_SCORECARD_DEADLINE_HOURS)
  scorecardDeadlineHours?: number;

  @ApiPropertyOptional({ minimum: 0.001, maximum: MAX_REQUESTS_PER_SECOND })
  @IsOptional()
  @IsNumber({ allowNaN: false, allowInfinity: false, maxDecimalPlaces: 3 })
  @Min(0.001)
  @Max(MAX_REQUESTS_PER_SECOND)
  apiKeyRequestsPerSecond?: number;

  @ApiPropertyOptional({ minimum: 1, maximum: MAX_BURST })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(MAX_BURST)
  apiKeyBurst?: number;

  @ApiPropertyOptional({ minimum: 0.001, maximum: MAX_REQUESTS_PER_SECOND })
  @IsOptional()
  @IsNumber({ allowNaN: false, allowInfinity: false, maxDecimalPlaces: 3 })
  @Min(0.001)
  @Max(MAX_REQUESTS_PER_SECOND)
  userRequestsPerSecond?: number;

  @ApiPropertyOptional({ minimum: 1, maximum: MAX_BURST })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(MAX_BURST)
  userBurst?: number;
  @ApiPropertyOptional({ minimum: 0, maximum: MAX_SCORECARD_AMENDMENT_HOURS, description: '0 turns amendments off' })
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(MAX_SCORECARD_AMENDMENT_HOURS)
  scorecardAmendmentHours?: number;

  @ApiPropertyOptional({ minimum: 0, maximum: 24 * 30, description: 'Hours between rejecting (with the candidate told) and the rejection email' })
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(24 * 30)
  rejectionEmailDelayHours?: number;

  @ApiPropertyOptional({ type: String, nullable: true, maxLength: 2000, description: 'An https URL of the logo for the careers page; null removes it' })
  @IsOptional()
  @MaxLength(2000)
  @IsUrl({ protocols: ['https'], require_protocol: true, require_tld: true }, { message: 'logoUrl must be an https address of an image' })
  logoUrl?: string | null;

  @ApiPropertyOptional({
    type: String,
    nullable: true,
    example: '#1f5fbf',
    description: 'Accent colour of the careers page (#rrggbb); null returns to the default',
  })
  @IsOptional()
  @Matches(ACCENT_COLOR, { message: 'accentColor must be a hexadecimal color' })
  accentColor?: string | null;

  @ApiPropertyOptional({ description: 'Ask the voluntary self-identification survey on the apply form' })
  @IsOptional()
  @IsBoolean()
  selfIdentificationSurvey?: boolean;

  @ApiPropertyOptional({ enum: SelfIdentificationQuestion, enumName: 'SelfIdentificationQuestion', isArray: true, maxItems: 4 })
  @IsOptional()
  @IsEnum(SelfIdentificationQuestion, { each: true })
  @ArrayUnique()
  @ArrayMaxSize(4)
  selfIdentificationQuestions?: SelfIdentificationQuestion[];
}
