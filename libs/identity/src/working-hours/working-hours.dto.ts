import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsObject, IsOptional, IsString, MaxLength } from 'class-validator';
import type { WeeklyHours } from './working-hours.js';

export class TimeRangeDto {
  @ApiProperty({ example: '09:00', description: 'Local time "HH:MM"' }) from: string;
  @ApiProperty({ example: '17:00', description: 'Local time "HH:MM" after from (24:00 ends the day)' }) to: string;
}

/** Per weekday, up to four ranges of local time in order and not overlapping; a day left out or empty is a day off. */
export class WeeklyHoursDto {
  @ApiProperty({ type: [TimeRangeDto], maxItems: 4 }) mon: TimeRangeDto[];
  @ApiProperty({ type: [TimeRangeDto], maxItems: 4 }) tue: TimeRangeDto[];
  @ApiProperty({ type: [TimeRangeDto], maxItems: 4 }) wed: TimeRangeDto[];
  @ApiProperty({ type: [TimeRangeDto], maxItems: 4 }) thu: TimeRangeDto[];
  @ApiProperty({ type: [TimeRangeDto], maxItems: 4 }) fri: TimeRangeDto[];
  @ApiProperty({ type: [TimeRangeDto], maxItems: 4 }) sat: TimeRangeDto[];
  @ApiProperty({ type: [TimeRangeDto], maxItems: 4 }) sun: TimeRangeDto[];
}

const WEEK_SCHEMA = {
  type: WeeklyHoursDto,
  description: 'Per weekday (`mon` … `sun`), up to four ranges "HH:MM"–"HH:MM" of local time, in order and not overlapping; a day left out is a day off.',
};

export class UpdateWorkingHoursDto {
  @ApiPropertyOptional({ example: 'Europe/Berlin', description: 'An IANA time zone name' })
  @IsOptional()
  @IsString()
  @MaxLength(64)
  timeZone?: string;

  @ApiPropertyOptional(WEEK_SCHEMA)
  @IsOptional()
  @IsObject()
  workingHours?: Partial<WeeklyHours>;
}

export class WorkingHoursDto {
  @ApiProperty({ format: 'uuid' }) userId: string;
  @ApiProperty({ example: 'Europe/Berlin' }) timeZone: string;
  @ApiProperty(WEEK_SCHEMA) workingHours: WeeklyHours;
  @ApiProperty({ description: 'True while the user has not set their own hours (Monday to Friday, 09:00–17:00) or time zone (UTC)' })
  isDefault: boolean;
}
