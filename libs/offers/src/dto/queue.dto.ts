import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { MoneyDto } from './offer.dto.js';

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

/** The approval step the caller may act on now. */
export class AwaitingStepDto {
  @ApiProperty() step: number;
  @ApiPropertyOptional({ format: 'uuid' }) userId?: string;
  @ApiPropertyOptional({ enum: ['hiring_manager', 'recruiter', 'admin'] }) role?: string;
  @ApiPropertyOptional({ enum: ['out_of_band'], description: 'Why the step was added beyond the organization chain' }) reason?: string;
}

/** An offer pending approval whose current step the caller may approve or reject. */
export class AwaitingApprovalItemDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ format: 'uuid' }) applicationId: string;
  @ApiProperty({ format: 'uuid' }) jobId: string;
  @ApiProperty() candidateName: string;
  @ApiProperty() jobTitle: string;
  @ApiProperty({ type: MoneyDto }) base: MoneyDto;
  @ApiProperty() outOfBand: boolean;
  @ApiProperty({ format: 'date-time' }) submittedAt: string;
  @ApiProperty() version: number;
  @ApiProperty({ type: AwaitingStepDto }) step: AwaitingStepDto;
}

export class AwaitingApprovalPageDto {
  @ApiProperty({ type: [AwaitingApprovalItemDto] }) data: AwaitingApprovalItemDto[];
  @ApiProperty({ type: String, nullable: true, description: 'Cursor of the next page, null on the last' }) nextCursor: string | null;
}
