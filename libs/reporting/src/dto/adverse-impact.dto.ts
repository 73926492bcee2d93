import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsDateString, IsOptional, IsUUID } from 'class-validator';
import { SelfIdentificationQuestion } from '../../../identity/src/index.js';

export class AdverseImpactQueryDto {
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
}

export class AdverseImpactGroupDto {
  @ApiProperty({ description: 'The answer that defines the group (e.g. `female`, `asian`)' }) group: string;
  @ApiProperty({ description: 'Fewer people than the minimum entered the stage: no numbers are given' }) tooFewToReport: boolean;
  @ApiPropertyOptional({ description: 'Applications of the group that reached the stage' }) entered?: number;
  @ApiPropertyOptional({ description: 'Of those, how many went past it' }) selected?: number;
  @ApiPropertyOptional({ description: 'selected / entered' }) selectionRate?: number;
  @ApiPropertyOptional({ type: Number, nullable: true, description: "Selection rate / the most selected group's (null when nobody went past)" })
  impactRatio?: number | null;
  @ApiPropertyOptional({ description: 'Impact ratio under the four-fifths threshold' }) flagged?: boolean;
}

export class AdverseImpactStageDto {
  @ApiProperty() stageName: string;
  @ApiProperty() kind: string;
  @ApiProperty() position: number;
  @ApiProperty({ type: [AdverseImpactGroupDto] }) groups: AdverseImpactGroupDto[];
}

export class AdverseImpactQuestionDto {
  @ApiProperty({ enum: SelfIdentificationQuestion, enumName: 'SelfIdentificationQuestion' }) question: SelfIdentificationQuestion;
  @ApiProperty({ type: [AdverseImpactStageDto] }) stages: AdverseImpactStageDto[];
}

export class AdverseImpactReportDto {
  @ApiProperty({ description: 'from, to, jobId as applied' }) filters: Record<string, unknown>;
  @ApiProperty({ description: 'Groups with fewer people entering a stage are "too few to report"' }) minimumGroupSize: number;
  @ApiProperty({ description: 'Impact ratios under this are flagged (the four-fifths rule)' }) threshold: number;
  @ApiProperty({ description: 'Applications in the period that answered the survey' }) respondents: number;
  @ApiProperty({ type: [AdverseImpactQuestionDto] }) questions: AdverseImpactQuestionDto[];
}
