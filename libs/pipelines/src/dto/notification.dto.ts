import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsBoolean, IsOptional } from 'class-validator';
import { PageQueryDto } from '../../../platform/src/index.js';

export class ListNotificationsQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ description: 'Only unread notifications' })
  @IsOptional()
  @Transform(({ value }: { value: unknown }) => (value === 'true' ? true : value === 'false' ? false : value))
  @IsBoolean()
  unread?: boolean;
}

export class NotificationDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ example: 'stage_sla_breached' }) kind: string;
  @ApiProperty({ type: Object }) payload: Record<string, unknown>;
  @ApiProperty({ nullable: true, type: String }) readAt: string | null;
  @ApiProperty() createdAt: string;
}

export class NotificationPageDto {
  @ApiProperty({ type: [NotificationDto] }) data: NotificationDto[];
  @ApiProperty({ nullable: true, type: String }) nextCursor: string | null;
  @ApiProperty({ description: 'Unread notifications in total' }) unreadCount: number;
}

export class ReadAllResultDto {
  @ApiProperty() updated: number;
}

export class UnreadCountDto {
  @ApiProperty({ description: 'Unread notifications in total' }) unreadCount: number;
}
