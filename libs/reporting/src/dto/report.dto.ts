import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsDateString, IsOptional, IsUUID } from 'class-validator';

export class HiringReportQueryDto {
  @ApiPropertyOptional({ example: '2026-01-01', description: 'Applications from this date (inclusive)' })
  @IsOptional()
  @IsDateString({ strict: true })
  from?: string;

  @ApiPropertyOptional({ example: '2026-12-31', description: 'Applications up to this date (inclusive)' })
  @IsOptional()
  @IsDateString({ strict: true })
  to?: string;

  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @IsUUID('all')
  jobId?: string;

  @ApiPropertyOptional({ format: 'uuid', description: "Only applications to this department's jobs" })
  @IsOptional()
  @IsUUID('all')
  departmentId?: string;
}

export class HiringReportDto {
  @ApiProperty({ description: 'from, to, jobId, departmentId as applied' }) filters: Record<string, unknown>;
  @ApiProperty({ description: 'hires, medianDays, p90Days (application to acceptance)' }) timeToHire: Record<string, unknown>;
  @ApiProperty({ type: [Object], description: 'Per stage: exits, medianHours, averageHours' }) timeInStage: unknown[];
  @ApiProperty({ description: 'made (sent), accepted, declined, expired, withdrawn, acceptanceRate (accepted / answered)' }) offers: Record<string, unknown>;
  @ApiProperty({
    type: [Object],
    description: "reason, reasonId, count: declines grouped by the organization's decline reason when one was picked (its label), else by the free text",
  })
  declineReasons: unknown[];
  @ApiProperty({ type: [Object], description: 'Per source: applications, offers, hires, hireRate' }) sourceEffectiveness: unknown[];
  @ApiProperty({ type: [Object], description: 'Per stage: reached, passed (went further), rate' }) passThrough: unknown[];
}

export class ReportQueryDto {
  @ApiPropertyOptional({ description: 'Scorecards submitted at or after (default: 90 days ago)' })
  @IsOptional()
  @IsDateString({ strict: true })
  from?: string;

  @ApiPropertyOptional({ description: 'Scorecards submitted before (default: now)' })
  @IsOptional()
  @IsDateString({ strict: true })
  to?: string;

  @ApiPropertyOptional({ format: 'uuid', description: 'Only scorecards on applications to this job' })
  @IsOptional()
  @IsUUID('all')
  jobId?: string;

  @ApiPropertyOptional({ format: 'uuid', description: "Only scorecards on applications to this department's jobs" })
  @IsOptional()
  @IsUUID('all')
  departmentId?: string;
}

export class InterviewerCalibrationDto {
  @ApiProperty() interviewerId: string;
  @ApiProperty() interviewerName: string;
  @ApiProperty() submitted: number;
  @ApiProperty({ type: Number, nullable: true }) medianHoursToSubmit: number | null;
  @ApiProperty({ type: Number, nullable: true }) lateShare: number | null;
  @ApiProperty({ type: Number, nullable: true }) overallDeviation: number | null;
  @ApiProperty({ type: Number, nullable: true }) ratingDeviation: number | null;
  @ApiProperty({ enum: ['lenient', 'severe', 'calibrated', 'unknown'] }) tendency: string;
  @ApiProperty({ type: Number, nullable: true }) decisionAgreement: number | null;
  @ApiProperty() decided: number;
  @ApiProperty({ type: Number, nullable: true }) noSignalShare: number | null;
  @ApiProperty() compared: number;
}

export class InterviewerReportDto {
  @ApiProperty() from: string;
  @ApiProperty() to: string;
  @ApiProperty({ type: [InterviewerCalibrationDto] }) data: InterviewerCalibrationDto[];
}

/** One application waiting for a hiring manager's decision. */
export class DecisionQueueItemDto {
  @ApiProperty({ format: 'uuid' }) applicationId: string;
  @ApiProperty({ format: 'uuid' }) candidateId: string;
  @ApiProperty() candidateName: string;
  @ApiProperty({ format: 'uuid' }) jobId: string;
  @ApiProperty() jobTitle: string;
  @ApiProperty({ format: 'uuid' }) stageId: string;
  @ApiProperty() stageName: string;
  @ApiProperty({
    description: 'The stage kind: hiring_manager, or the kind of the stage right before the offer stage when the plan has no hiring-manager stage',
  })
  stageKind: string;
  @ApiProperty({ format: 'date-time' }) stageEnteredAt: string;
  @ApiProperty({ description: 'Seconds since the application entered its current stage' }) secondsInStage: number;
  @ApiProperty({ description: 'Panel members (interview, interviewer) of scheduled interviews whose scorecard is not submitted yet' }) owedScorecards: number;
}

export class DecisionQueuePageDto {
  @ApiProperty({ type: [DecisionQueueItemDto] }) data: DecisionQueueItemDto[];
  @ApiProperty({ type: String, nullable: true, description: 'Cursor of the next page, null on the last' }) nextCursor: string | null;
}
