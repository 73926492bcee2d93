import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { MoneyDto } from './offer.dto.js';

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
