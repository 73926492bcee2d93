import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsBoolean, IsInt, IsNumber, IsOptional, Max, Min } from 'class-validator';

export const MAX_SCORECARD_DEADLINE_HOURS = 24 * 30;
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
}
