import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsEnum, IsOptional, IsString, IsUUID, MaxLength, ValidateIf, ValidateNested } from 'class-validator';
import { ApproverRole } from '../offer.types.js';

export const MAX_CHAIN = 10;
export const MAX_TEMPLATE = 20000;

export class ApprovalStepSettingDto {
  @ApiPropertyOptional({ format: 'uuid', description: 'A named approver; give userId or role' })
  @ValidateIf((o: ApprovalStepSettingDto) => o.userId !== undefined || o.role === undefined)
  @IsUUID('all', { message: 'userId must be a user id (give userId or role)' })
  userId?: string;

  @ApiPropertyOptional({ enum: ApproverRole, description: "hiring_manager and recruiter mean the job's own" })
  @ValidateIf((o: ApprovalStepSettingDto) => o.role !== undefined || o.userId === undefined)
  @IsEnum(ApproverRole, { message: `role must be one of ${Object.values(ApproverRole).join(', ')}` })
  role?: ApproverRole;
}

export class OfferSettingsDto {
  @ApiProperty({ type: [ApprovalStepSettingDto], description: 'Approvers in order' })
  @IsArray()
  @ArrayMaxSize(MAX_CHAIN)
  @ValidateNested({ each: true })
  @Type(() => ApprovalStepSettingDto)
  approvalChain: ApprovalStepSettingDto[];

  @ApiProperty({ description: 'Markdown with {{placeholders}} (see offerTemplateVariables)', maxLength: MAX_TEMPLATE })
  offerTemplate: string;

  @ApiProperty({ type: [String], description: 'Placeholders the offer template may use' })
  offerTemplateVariables: string[];
}

export class UpdateOfferSettingsDto {
  @ApiProperty({ type: [ApprovalStepSettingDto], description: 'Approvers in order; empty = the default (hiring manager, then an admin)' })
  @IsArray()
  @ArrayMaxSize(MAX_CHAIN)
  @ValidateNested({ each: true })
  @Type(() => ApprovalStepSettingDto)
  approvalChain: ApprovalStepSettingDto[];

  @ApiPropertyOptional({ description: 'Markdown with {{placeholders}}; omitted = the built-in template', maxLength: MAX_TEMPLATE })
  @IsOptional()
  @IsString()
  @MaxLength(MAX_TEMPLATE)
  offerTemplate?: string;
}
