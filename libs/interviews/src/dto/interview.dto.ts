import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  ArrayUnique,
  IsBoolean,
  IsDateString,
  IsInt,
  IsOptional,
  IsString,
  IsUUID,
  Max,
  MaxLength,
  Min,
  MinLength,
} from 'class-validator';
import { PageQueryDto, Trim } from '../../../platform/src/index.js';
import { InterviewStatus } from '../interview.entity.js';
import { InterviewLocation, InterviewVideoUrl } from './interview-place.dto.js';

const toBoolean = ({ value }: { value: unknown }) => (value === 'true' ? true : value === 'false' ? false : value);

export const MAX_PANEL = 12;

export class ScheduleInterviewDto {
  @ApiProperty({ description: 'A stage of the application’s job' })
  @IsUUID()
  stageId: string;

  @ApiPropertyOptional({ description: 'Kit to use (default: the stage’s kit); its latest revision is pinned' })
  @IsOptional()
  @IsUUID()
  kitId?: string;

  @ApiProperty({ example: '2025-06-02T14:00:00Z' })
  @IsDateString({ strict: true })
  startsAt: string;

  @ApiProperty({ minimum: 5, maximum: 480 })
  @IsInt()
  @Min(5)
  @Max(480)
  durationMinutes: number;

  @ApiProperty({ type: [String], minItems: 1, maxItems: MAX_PANEL })
  @ArrayMinSize(1)
  @ArrayMaxSize(MAX_PANEL)
  @ArrayUnique()
  @IsUUID('all', { each: true })
  interviewerIds: string[];

  @InterviewLocation('A room or address; give this or videoUrl')
  location?: string;

  @InterviewVideoUrl()
  videoUrl?: string;

  @ApiPropertyOptional({ default: false, description: 'Book even when an interviewer is busy at that time' })
  @IsOptional()
  @IsBoolean()
  allowOverlap?: boolean;
}

export class RescheduleInterviewDto {
  @ApiProperty({ description: 'The version you read; a stale version → 409' })
  @IsInt()
  @Min(1)
  version: number;

  @ApiPropertyOptional()
  @IsOptional()
  @IsDateString({ strict: true })
  startsAt?: string;

  @ApiPropertyOptional({ minimum: 5, maximum: 480 })
  @IsOptional()
  @IsInt()
  @Min(5)
  @Max(480)
  durationMinutes?: number;

  @ApiPropertyOptional({ type: [String], minItems: 1, maxItems: MAX_PANEL })
  @IsOptional()
  @ArrayMinSize(1)
  @ArrayMaxSize(MAX_PANEL)
  @ArrayUnique()
  @IsUUID('all', { each: true })
  interviewerIds?: string[];

  @InterviewLocation()
  location?: string;

  @InterviewVideoUrl()
  videoUrl?: string;

  @ApiPropertyOptional({ default: false })
  @IsOptional()
  @IsBoolean()
  allowOverlap?: boolean;
}

export class CancelInterviewDto {
  @ApiProperty({ maxLength: 1000 })
  @Trim()
  @IsString()
  @MinLength(1)
  @MaxLength(1000)
  reason: string;

  @ApiPropertyOptional({ description: 'The version you read; a stale version → 409' })
  @IsOptional()
  @IsInt()
  @Min(1)
  version?: number;
}

export class ListInterviewsQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ description: 'Only interviews you are on (always true for interviewers)' })
  @IsOptional()
  @Transform(toBoolean)
  @IsBoolean()
  mine?: boolean;

  @ApiPropertyOptional({ description: 'Interviews starting at or after' })
  @IsOptional()
  @IsDateString({ strict: true })
  from?: string;

  @ApiPropertyOptional({ description: 'Interviews starting before' })
  @IsOptional()
  @IsDateString({ strict: true })
  to?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsUUID()
  applicationId?: string;
}

export class PersonDto {
  @ApiProperty() id: string;
  @ApiProperty() name: string;
}

export class InterviewJobRefDto {
  @ApiProperty() id: string;
  @ApiProperty() title: string;
}

export class InterviewStageRefDto {
  @ApiProperty() id: string;
  @ApiProperty() name: string;
}

export class InterviewKitRefDto {
  @ApiProperty() id: string;
  @ApiProperty() revisionId: string;
  @ApiProperty() key: string;
  @ApiProperty() title: string;
}

export class MyScorecardDto {
  @ApiProperty({ enum: ['none', 'draft', 'submitted'] }) status: 'none' | 'draft' | 'submitted';
  @ApiProperty({ description: 'The interview has ended and your scorecard is not submitted' }) due: boolean;
  @ApiProperty({ description: 'Reminder time (end + your organization’s deadline)' }) dueAt: string;
  @ApiProperty() overdue: boolean;
}

export class InterviewDto {
  @ApiProperty() id: string;
  @ApiProperty() applicationId: string;
  @ApiProperty({ type: PersonDto, description: 'The candidate' }) candidate: PersonDto;
  @ApiProperty({ type: InterviewJobRefDto }) job: InterviewJobRefDto;
  @ApiProperty({ type: InterviewStageRefDto }) stage: InterviewStageRefDto;
  @ApiProperty({ type: InterviewKitRefDto, nullable: true }) kit: InterviewKitRefDto | null;
  @ApiProperty() startsAt: string;
  @ApiProperty() endsAt: string;
  @ApiProperty() durationMinutes: number;
  @ApiProperty({ type: String, nullable: true }) location: string | null;
  @ApiProperty({ type: String, nullable: true }) videoUrl: string | null;
  @ApiProperty({ enum: ['scheduled', 'cancelled'] }) status: InterviewStatus;
  @ApiProperty({ type: String, nullable: true }) cancelReason: string | null;
  @ApiProperty({ type: [PersonDto] }) interviewers: PersonDto[];
  @ApiProperty({ type: MyScorecardDto, nullable: true, description: 'Your own scorecard for it, when you are on the panel' })
  myScorecard: MyScorecardDto | null;
  @ApiProperty() version: number;
  @ApiProperty() createdAt: string;
}

export class InterviewPageDto {
  @ApiProperty({ type: [InterviewDto] }) data: InterviewDto[];
  @ApiProperty({ type: String, nullable: true }) nextCursor: string | null;
}

const toIdList = ({ value }: { value: unknown }) => (typeof value === 'string' ? value.split(',').map((v) => v.trim()) : value);

/** The longest window the busy read covers: a scheduling form asks about one day. */
export const MAX_BUSY_WINDOW_HOURS = 48;

export class InterviewerBusyQueryDto {
  @ApiProperty({ type: [String], maxItems: MAX_PANEL, description: 'Interviewer ids (repeat the parameter or separate them with commas)' })
  @Transform(toIdList)
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(MAX_PANEL)
  @IsUUID('all', { each: true })
  interviewerIds: string[];

  @ApiPropertyOptional({ description: 'Start of the window (default: now)' })
  @IsOptional()
  @IsDateString({ strict: true })
  from?: string;

  @ApiPropertyOptional({ description: `End of the window (default: 24 hours after from; at most ${MAX_BUSY_WINDOW_HOURS} hours after it)` })
  @IsOptional()
  @IsDateString({ strict: true })
  to?: string;
}

export class BusySlotDto {
  @ApiProperty() interviewId: string;
  @ApiProperty() startsAt: string;
  @ApiProperty() endsAt: string;
}

export class InterviewerBusyDto {
  @ApiProperty() interviewerId: string;
  @ApiProperty() name: string;
  @ApiProperty({ type: [BusySlotDto], description: 'Their scheduled interviews overlapping the window, by start time' }) interviews: BusySlotDto[];
}

export class InterviewerBusyListDto {
  @ApiProperty() from: string;
  @ApiProperty() to: string;
  @ApiProperty({ type: [InterviewerBusyDto], description: 'One entry per active interviewer of your organization asked about' }) data: InterviewerBusyDto[];
}
