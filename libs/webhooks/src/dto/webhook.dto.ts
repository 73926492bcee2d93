import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, ArrayMinSize, ArrayUnique, IsBoolean, IsDate, IsIn, IsOptional, IsString, MaxLength } from 'class-validator';
import { ALL_DOMAIN_EVENT_TYPES, IsHttpUrl, PageQueryDto, Trim } from '../../../platform/src/index.js';

export const ALL_EVENTS = '*';
const EVENT_CHOICES = [ALL_EVENTS, ...ALL_DOMAIN_EVENT_TYPES];

export class CreateWebhookDto {
  @ApiProperty({ description: 'http(s) address receiving signed events (Standard Webhooks)', maxLength: 2000 })
  @IsString()
  @MaxLength(2000)
  @IsHttpUrl()
  url: string;

  @ApiProperty({ description: 'Event types to receive, or ["*"] for every event', example: ['application.stage_changed'], isArray: true, enum: EVENT_CHOICES })
  @ArrayMinSize(1)
  @ArrayMaxSize(EVENT_CHOICES.length)
  @ArrayUnique()
  @IsIn(EVENT_CHOICES, { each: true, message: 'each event must be a known event type or *' })
  events: string[];

  @ApiPropertyOptional({ maxLength: 500 })
  @IsOptional()
  @Trim()
  @IsString()
  @MaxLength(500)
  description?: string;
}

export class UpdateWebhookDto {
  @ApiPropertyOptional({ maxLength: 2000 })
  @IsOptional()
  @IsString()
  @MaxLength(2000)
  @IsHttpUrl()
  url?: string;

  @ApiPropertyOptional({ isArray: true, enum: EVENT_CHOICES })
  @IsOptional()
  @ArrayMinSize(1)
  @ArrayMaxSize(EVENT_CHOICES.length)
  @ArrayUnique()
  @IsIn(EVENT_CHOICES, { each: true, message: 'each event must be a known event type or *' })
  events?: string[];

  @ApiPropertyOptional({ description: 'false pauses deliveries (they wait); true resumes them' })
  @IsOptional()
  @IsBoolean()
  enabled?: boolean;

  @ApiPropertyOptional({ maxLength: 500, nullable: true, type: String })
  @IsOptional()
  @Trim()
  @IsString()
  @MaxLength(500)
  description?: string;
}

export class WebhookDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() url: string;
  @ApiProperty({ isArray: true, type: String }) events: string[];
  @ApiProperty() enabled: boolean;
  @ApiProperty({ type: String, nullable: true }) description: string | null;
  @ApiProperty({
    type: String,
    nullable: true,
    enum: ['gone', 'failing'],
    description: 'Why Hireloop turned the endpoint off: it answered 410 Gone, or failed for 3 days',
  })
  disabledReason: 'gone' | 'failing' | null;
  @ApiProperty({ type: String, format: 'date-time', nullable: true, description: 'Until then the previous secret also signs' })
  previousSecretValidUntil: string | null;
  @ApiProperty({ format: 'date-time' }) createdAt: string;
  @ApiProperty({ format: 'date-time' }) updatedAt: string;
}

export class PingResultDto {
  @ApiProperty() ok: boolean;
  @ApiProperty({ type: Number, nullable: true, description: 'HTTP status the receiver answered, null when it could not be reached' })
  status: number | null;
}

export class CreatedWebhookDto extends WebhookDto {
  @ApiProperty({ description: 'The signing secret (whsec_…), shown this once' }) secret: string;
  @ApiProperty({ type: PingResultDto }) ping: PingResultDto;
}

export class RotatedSecretDto {
  @ApiProperty({ description: 'The new signing secret, shown this once' }) secret: string;
  @ApiProperty({ format: 'date-time', description: 'Until then the previous secret also signs' }) previousSecretValidUntil: string;
}

export class WebhookPageDto {
  @ApiProperty({ type: [WebhookDto] }) data: WebhookDto[];
  @ApiProperty({ type: String, nullable: true }) nextCursor: string | null;
}

export const DELIVERY_STATUSES = ['pending', 'delivered', 'failed'] as const;
export type DeliveryStatus = (typeof DELIVERY_STATUSES)[number];

export class DeliveryDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ description: 'The event id, sent as webhook-id' }) eventId: string;
  @ApiProperty() eventType: string;
  @ApiProperty({ enum: DELIVERY_STATUSES }) status: DeliveryStatus;
  @ApiProperty() attempts: number;
  @ApiProperty({ type: Number, nullable: true }) lastStatusCode: number | null;
  @ApiProperty({ type: Number, nullable: true }) lastDurationMs: number | null;
  @ApiProperty({ type: String, nullable: true, description: 'Why the last attempt failed, in plain words' }) lastError: string | null;
  @ApiProperty({ type: String, nullable: true, description: 'The start of what the receiver answered (admins only)' }) responseExcerpt: string | null;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) lastAttemptAt: string | null;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) nextRetryAt: string | null;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) deliveredAt: string | null;
  @ApiProperty({ format: 'date-time' }) createdAt: string;
}

export class DeliveryPageDto {
  @ApiProperty({ type: [DeliveryDto] }) data: DeliveryDto[];
  @ApiProperty({ type: String, nullable: true }) nextCursor: string | null;
}

export class ListDeliveriesQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ enum: DELIVERY_STATUSES })
  @IsOptional()
  @IsIn(DELIVERY_STATUSES)
  status?: DeliveryStatus;

  @ApiPropertyOptional({ enum: ALL_DOMAIN_EVENT_TYPES })
  @IsOptional()
  @IsIn([...ALL_DOMAIN_EVENT_TYPES])
  eventType?: string;

  @ApiPropertyOptional({ format: 'date-time', description: 'Deliveries created at or after this time' })
  @IsOptional()
  @Type(() => Date)
  @IsDate()
  since?: Date;

  @ApiPropertyOptional({ format: 'date-time', description: 'Deliveries created before this time' })
  @IsOptional()
  @Type(() => Date)
  @IsDate()
  until?: Date;
}

export class ReplayDto {
  @ApiProperty({ format: 'date-time', description: 'Events that occurred at or after this time (at most 30 days back: older ones are not kept)' })
  @Type(() => Date)
  @IsDate({ message: 'since must be a date-time' })
  since: Date;

  @ApiPropertyOptional({ format: 'date-time', description: 'Events that occurred before this time (default: now)' })
  @IsOptional()
  @Type(() => Date)
  @IsDate({ message: 'until must be a date-time' })
  until?: Date;

  @ApiPropertyOptional({ isArray: true, enum: ALL_DOMAIN_EVENT_TYPES, description: 'Only these event types (default: what the endpoint subscribes to)' })
  @IsOptional()
  @ArrayMinSize(1)
  @ArrayMaxSize(ALL_DOMAIN_EVENT_TYPES.length)
  @ArrayUnique()
  @IsIn([...ALL_DOMAIN_EVENT_TYPES], { each: true, message: 'each event must be a known event type' })
  events?: string[];
}

export class ReplayResultDto {
  @ApiProperty({ description: 'Events queued for delivery, in order per aggregate' }) queued: number;
}

export class EventTypeDto {
  @ApiProperty() type: string;
  @ApiProperty({ description: 'The API key scope an endpoint made with a key needs to receive it' }) scope: string;
}
