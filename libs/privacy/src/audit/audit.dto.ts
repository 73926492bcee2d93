import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsDateString, IsOptional } from 'class-validator';
import { AuditBreak } from '../../../platform/src/index.js';

export class AuditExportQueryDto {
  @ApiPropertyOptional({ example: '2026-01-01', description: 'Entries created at or after this time (a date: from its start, UTC)' })
  @IsOptional()
  @IsDateString({ strict: true })
  from?: string;

  @ApiPropertyOptional({ example: '2026-12-31', description: 'Entries created before this time (a date: up to its end, UTC)' })
  @IsOptional()
  @IsDateString({ strict: true })
  to?: string;
}

export class AuditVerificationDto {
  @ApiProperty({ description: 'True when every entry still gives its hash and points at the one before it' }) ok: boolean;
  @ApiProperty({ description: 'Entries checked and found intact (before the break, when there is one)' }) entries: number;
  @ApiPropertyOptional({ type: String, nullable: true, description: 'The first entry that does not verify (null when the newest entries are missing)' })
  firstBrokenEntryId?: string | null;
  @ApiPropertyOptional({ description: 'Position in the chain of the break (1 for the first entry)' }) position?: number;
  @ApiPropertyOptional({ enum: AuditBreak, enumName: 'AuditBreak', description: 'What is wrong there' }) reason?: AuditBreak;
}
