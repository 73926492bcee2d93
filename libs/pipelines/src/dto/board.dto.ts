import { ApiProperty } from '@nestjs/swagger';

export class BoardStageDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() name: string;
  @ApiProperty() kind: string;
  @ApiProperty() position: number;
  @ApiProperty({ nullable: true, type: Number }) slaDays: number | null;
  @ApiProperty() activeCount: number;
  @ApiProperty() overSlaCount: number;
  @ApiProperty({ nullable: true, type: String }) oldestEnteredAt: string | null;
}

export class BoardDto {
  @ApiProperty({ format: 'uuid' }) jobId: string;
  @ApiProperty({ type: [BoardStageDto] }) stages: BoardStageDto[];
}

export class BoardItemDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ format: 'uuid' }) candidateId: string;
  @ApiProperty() candidateName: string;
  @ApiProperty({ format: 'uuid' }) stageId: string;
  @ApiProperty() status: string;
  @ApiProperty({ nullable: true, type: String }) source: string | null;
  @ApiProperty() version: number;
  @ApiProperty() appliedAt: string;
  @ApiProperty() stageEnteredAt: string;
  @ApiProperty({ description: 'Time in the current stage' }) secondsInStage: number;
  @ApiProperty({ nullable: true, type: String, description: 'From the scorecards module when installed' }) scorecardStatus: string | null;
}

export class BoardItemPageDto {
  @ApiProperty({ type: [BoardItemDto] }) data: BoardItemDto[];
  @ApiProperty({ nullable: true, type: String }) nextCursor: string | null;
}

export class FunnelStageDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() name: string;
  @ApiProperty() kind: string;
  @ApiProperty() position: number;
  @ApiProperty() reached: number;
  @ApiProperty() passedThrough: number;
  @ApiProperty() rejected: number;
  @ApiProperty({ nullable: true, type: Number }) conversionRate: number | null;
  @ApiProperty({ nullable: true, type: Number }) medianDays: number | null;
}

export class FunnelDto {
  @ApiProperty({ format: 'uuid' }) jobId: string;
  @ApiProperty({ type: [FunnelStageDto] }) stages: FunnelStageDto[];
}
