import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsBoolean, IsInt, IsOptional, Max, Min } from 'class-validator';

export const MAX_SCORECARD_DEADLINE_HOURS = 24 * 30;
export const MAX_SCORECARD_AMENDMENT_HOURS = 24 * 30;

/** The organization settings other modules read, with their defaults applied. */
export class OrganizationSettingsDto {
  @ApiProperty({ description: 'A job description must state a pay range (lint error when missing)' })
  requirePayRange: boolean;

  @ApiProperty({ description: 'Hours after an interview ends before its scorecard is due (reminder); escalation at twice that' })
  scorecardDeadlineHours: number;

  @ApiProperty({ description: 'Hours after submitting during which an interviewer may amend their scorecard with a reason (default 48)' })
  scorecardAmendmentHours: number;
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

  @ApiPropertyOptional({ minimum: 0, maximum: MAX_SCORECARD_AMENDMENT_HOURS, description: '0 turns amendments off' })
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(MAX_SCORECARD_AMENDMENT_HOURS)
  scorecardAmendmentHours?: number;
}
