import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, IsString, IsUUID, MaxLength, MinLength } from 'class-validator';
import { Trim } from '../../../platform/src/index.js';
import { EMAIL_TEMPLATE_TYPES, MAX_TEMPLATE_LENGTH, MERGE_FIELDS_DESCRIPTION } from '../template-rendering.js';
import type { EmailTemplateType } from '../template-rendering.js';

export class CreateEmailTemplateDto {
  @ApiProperty({ enum: EMAIL_TEMPLATE_TYPES })
  @IsIn(EMAIL_TEMPLATE_TYPES)
  type!: EmailTemplateType;

  @ApiProperty({ maxLength: 120 })
  @Trim()
  @IsString()
  @MinLength(1)
  @MaxLength(120)
  name!: string;

  @ApiProperty({ maxLength: 300, description: MERGE_FIELDS_DESCRIPTION })
  @IsString()
  @MinLength(1)
  @MaxLength(300)
  subject!: string;

  @ApiProperty({ maxLength: MAX_TEMPLATE_LENGTH, description: MERGE_FIELDS_DESCRIPTION })
  @IsString()
  @MinLength(1)
  @MaxLength(MAX_TEMPLATE_LENGTH)
  body!: string;
}

export class UpdateEmailTemplateDto {
  @ApiPropertyOptional({ maxLength: 120 })
  @IsOptional()
  @Trim()
  @IsString()
  @MinLength(1)
  @MaxLength(120)
  name?: string;

  @ApiPropertyOptional({ maxLength: 300, description: MERGE_FIELDS_DESCRIPTION })
  @IsOptional()
  @IsString()
  @MinLength(1)
  @MaxLength(300)
  subject?: string;

  @ApiPropertyOptional({ maxLength: MAX_TEMPLATE_LENGTH, description: MERGE_FIELDS_DESCRIPTION })
  @IsOptional()
  @IsString()
  @MinLength(1)
  @MaxLength(MAX_TEMPLATE_LENGTH)
  body?: string;
}

export class PreviewEmailTemplateDto {
  @ApiProperty({ format: 'uuid', description: 'The application whose candidate, job and organization fill the merge fields' })
  @IsUUID()
  applicationId!: string;

  @ApiPropertyOptional({ maxLength: 300, description: "An unsaved subject to fill in instead of the template's (a live preview while editing or writing)" })
  @IsOptional()
  @IsString()
  @MinLength(1)
  @MaxLength(300)
  subject?: string;

  @ApiPropertyOptional({ maxLength: MAX_TEMPLATE_LENGTH, description: "An unsaved body to fill in instead of the template's" })
  @IsOptional()
  @IsString()
  @MinLength(1)
  @MaxLength(MAX_TEMPLATE_LENGTH)
  body?: string;
}

export class MergeFieldDto {
  @ApiProperty({ description: 'The field as written in a template, e.g. candidate.first_name' }) name!: string;
  @ApiProperty() description!: string;
}

export class EmailTemplateDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ enum: EMAIL_TEMPLATE_TYPES }) type!: EmailTemplateType;
  @ApiProperty() name!: string;
  @ApiProperty() subject!: string;
  @ApiProperty() body!: string;
  @ApiProperty({ description: "True for Hireloop's built-in default of the type (read-only; create your own to change it)" }) builtIn!: boolean;
  @ApiPropertyOptional({ type: String, format: 'date-time', nullable: true }) updatedAt!: string | null;
}

export class EmailTemplateListDto {
  @ApiProperty({ type: [EmailTemplateDto] }) data!: EmailTemplateDto[];
  @ApiProperty({ type: [MergeFieldDto], description: 'Every merge field a template may use, with what it holds' }) mergeFields!: MergeFieldDto[];
}

export class EmailPreviewDto {
  @ApiProperty() subject!: string;
  @ApiProperty({ description: 'Plain text' }) body!: string;
  @ApiProperty({ description: 'The HTML part as sent (every merge field escaped)' }) html!: string;
}
