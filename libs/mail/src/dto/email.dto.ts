import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ArrayMaxSize, ArrayMinSize, ArrayUnique, IsDateString, IsOptional, IsString, IsUUID, MaxLength, MinLength } from 'class-validator';
import { MERGE_FIELDS_DESCRIPTION } from '../template-rendering.js';
import { Trim } from '../../../platform/src/index.js';

export const EMAIL_STATUSES = ['scheduled', 'queued', 'sent', 'failed', 'bounced', 'cancelled'] as const;
export type EmailStatus = (typeof EMAIL_STATUSES)[number];

export const MAX_SUBJECT_LENGTH = 300;
export const MAX_BODY_LENGTH = 50_000;

export class SendEmailDto {
  @ApiPropertyOptional({ format: 'uuid', description: 'The email template the message was written from (its type is recorded with the email)' })
  @IsOptional()
  @IsUUID()
  templateId?: string;

  @ApiProperty({ maxLength: MAX_SUBJECT_LENGTH, description: MERGE_FIELDS_DESCRIPTION })
  @Trim()
  @IsString()
  @MinLength(1)
  @MaxLength(MAX_SUBJECT_LENGTH)
  subject!: string;

  @ApiProperty({ maxLength: MAX_BODY_LENGTH, description: `Plain text; blank lines separate paragraphs. ${MERGE_FIELDS_DESCRIPTION}` })
  @IsString()
  @MinLength(1)
  @MaxLength(MAX_BODY_LENGTH)
  body!: string;

  @ApiPropertyOptional({ format: 'date-time', description: 'When to send (at most a year ahead); now when left out' })
  @IsOptional()
  @IsDateString({ strict: true })
  sendAt?: string;
}

export const MAX_BULK_EMAILS = 100;

export class BulkEmailDto extends SendEmailDto {
  @ApiProperty({ type: [String], format: 'uuid', minItems: 1, maxItems: MAX_BULK_EMAILS })
  @ArrayMinSize(1)
  @ArrayMaxSize(MAX_BULK_EMAILS)
  @ArrayUnique()
  @IsUUID('all', { each: true })
  applicationIds!: string[];
}

export class EmailDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ format: 'uuid' }) candidateId!: string;
  @ApiPropertyOptional({ type: String, format: 'uuid', nullable: true }) applicationId!: string | null;
  @ApiProperty({ description: 'What the email is: custom, application_received, rejection, interview_invitation, ...' }) kind!: string;
  @ApiProperty() to!: string;
  @ApiProperty() subject!: string;
  @ApiProperty() body!: string;
  @ApiProperty({ enum: EMAIL_STATUSES }) status!: EmailStatus;
  @ApiPropertyOptional({ type: String, format: 'date-time', nullable: true }) sendAt!: string | null;
  @ApiPropertyOptional({ type: String, format: 'date-time', nullable: true }) sentAt!: string | null;
  @ApiPropertyOptional({ type: String, nullable: true, description: 'Why it failed, in words' }) failureReason!: string | null;
  @ApiProperty({ format: 'date-time' }) createdAt!: string;

  static from(r: Record<string, unknown>): EmailDto {
    const iso = (v: unknown) => (v instanceof Date ? v.toISOString() : v == null ? null : new Date(v as string).toISOString());
    return {
      id: r.id as string,
      candidateId: r.candidate_id as string,
      applicationId: (r.application_id as string | null) ?? null,
      kind: r.kind as string,
      to: r.to_address as string,
      subject: r.subject as string,
      body: r.body as string,
      status: r.status as EmailStatus,
      sendAt: iso(r.send_at),
      sentAt: iso(r.sent_at),
      failureReason: (r.failure_reason as string | null) ?? null,
      createdAt: iso(r.created_at) as string,
    };
  }
}

export class EmailPageDto {
  @ApiProperty({ type: [EmailDto] }) data!: EmailDto[];
  @ApiPropertyOptional({ type: String, nullable: true }) nextCursor!: string | null;
}

export class BulkEmailItemDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty() ok!: boolean;
  @ApiProperty({ description: 'HTTP status this item would have had on its own' }) status!: number;
  @ApiPropertyOptional({ description: 'code and detail of the failure' }) error?: { code: string; detail: string };
  @ApiPropertyOptional({ type: EmailDto }) email?: EmailDto;
}

export class BulkEmailResultDto {
  @ApiProperty({ type: [BulkEmailItemDto] }) results!: BulkEmailItemDto[];
}
