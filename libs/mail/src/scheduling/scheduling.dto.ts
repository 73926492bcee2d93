import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ArrayMaxSize, ArrayMinSize, ArrayUnique, IsInt, IsOptional, IsUUID, Max, Min } from 'class-validator';
import { InterviewLocation, InterviewVideoUrl } from '../../../interviews/src/index.js';

/** Bounds that keep the slot computation small: at most 30 days × 10 interviewers. */
export const MAX_WINDOW_DAYS = 30;
export const MAX_SCHEDULING_PANEL = 10;

export class CreateSchedulingRequestDto {
  @ApiProperty({ description: 'A stage of the application’s job' })
  @IsUUID()
  stageId: string;

  @ApiPropertyOptional({ description: 'Interview kit (default: the stage’s kit); its latest revision is pinned when the candidate books' })
  @IsOptional()
  @IsUUID()
  kitId?: string;

  @ApiProperty({ type: [String], minItems: 1, maxItems: MAX_SCHEDULING_PANEL, description: 'Everyone on the panel must be free for a slot to be offered' })
  @ArrayMinSize(1)
  @ArrayMaxSize(MAX_SCHEDULING_PANEL)
  @ArrayUnique()
  @IsUUID('all', { each: true })
  interviewerIds: string[];

  @ApiProperty({ minimum: 15, maximum: 480, example: 45 })
  @IsInt()
  @Min(15)
  @Max(480)
  durationMinutes: number;

  @ApiProperty({ minimum: 1, maximum: MAX_WINDOW_DAYS, example: 14, description: 'The candidate may pick a time within this many days; the link expires then' })
  @IsInt()
  @Min(1)
  @Max(MAX_WINDOW_DAYS)
  windowDays: number;

  @ApiProperty({
    minimum: 0,
    maximum: 336,
    example: 24,
    description: 'No slot starts sooner than this; also the cut-off for rescheduling or cancelling from the link',
  })
  @IsInt()
  @Min(0)
  @Max(336)
  minNoticeHours: number;

  @ApiProperty({ minimum: 0, maximum: 240, example: 15, description: 'Minutes kept free between this interview and the interviewers’ other interviews' })
  @IsInt()
  @Min(0)
  @Max(240)
  bufferMinutes: number;

  @InterviewLocation('A room or address; give this or videoUrl')
  location?: string;

  @InterviewVideoUrl()
  videoUrl?: string;
}

export class SchedulingPersonDto {
  @ApiProperty() id: string;
  @ApiProperty() name: string;
}

export class SchedulingRequestDto {
  @ApiProperty() id: string;
  @ApiProperty() applicationId: string;
  @ApiProperty({ enum: ['open', 'booked', 'cancelled', 'expired'], description: 'open: waiting for the candidate; expired: the window passed unbooked' })
  status: 'open' | 'booked' | 'cancelled' | 'expired';
  @ApiProperty() stageId: string;
  @ApiProperty({ type: String, nullable: true }) kitId: string | null;
  @ApiProperty({ type: [SchedulingPersonDto] }) interviewers: SchedulingPersonDto[];
  @ApiProperty() durationMinutes: number;
  @ApiProperty() minNoticeHours: number;
  @ApiProperty() bufferMinutes: number;
  @ApiProperty({ type: String, nullable: true }) location: string | null;
  @ApiProperty({ type: String, nullable: true }) videoUrl: string | null;
  @ApiProperty({ description: 'The link works until then' }) expiresAt: string;
  @ApiProperty({ type: String, nullable: true, description: 'The interview the candidate booked' }) interviewId: string | null;
  @ApiProperty({ type: String, nullable: true }) bookedAt: string | null;
  @ApiProperty({ type: String, nullable: true, description: 'The email that carried the link' }) emailId: string | null;
  @ApiProperty({ type: String, nullable: true, description: 'Where the link was sent' }) sentTo: string | null;
  @ApiPropertyOptional({ description: 'The candidate’s link, answered once when the request is created (only its hash is kept)' })
  link?: string;
  @ApiProperty() createdAt: string;
}

export class SchedulingRequestListDto {
  @ApiProperty({ type: [SchedulingRequestDto], description: 'The application’s latest 20 requests, newest first' }) data: SchedulingRequestDto[];
}
