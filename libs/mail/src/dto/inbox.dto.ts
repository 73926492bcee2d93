import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsUUID } from 'class-validator';

export const INBOX_STATES = ['open', 'assigned', 'dismissed'] as const;
export type InboxState = (typeof INBOX_STATES)[number];

/** A message in the organization inbox: sent to the organization's inbox address, threaded to no email of ours. */
export class InboxItemDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ description: "The sender's address" }) from!: string;
  @ApiProperty({ description: 'The inbox address it was sent to' }) to!: string;
  @ApiProperty() subject!: string;
  @ApiProperty({ description: 'The plain-text body (at most 50 000 characters)' }) body!: string;
  @ApiProperty({ enum: INBOX_STATES }) state!: InboxState;
  @ApiPropertyOptional({ type: String, format: 'uuid', nullable: true, description: 'The candidate it was assigned to' }) candidateId!: string | null;
  @ApiProperty({ format: 'date-time' }) receivedAt!: string;

  static from(r: Record<string, unknown>): InboxItemDto {
    return {
      id: r.id as string,
      from: r.from_address as string,
      to: (r.to_address as string | null) ?? '',
      subject: r.subject as string,
      body: r.body as string,
      state: r.inbox_state as InboxState,
      candidateId: (r.candidate_id as string | null) ?? null,
      receivedAt: new Date(r.received_at as string).toISOString(),
    };
  }
}

export class InboxPageDto {
  @ApiProperty({ type: [InboxItemDto], description: 'Open items, newest first' }) data!: InboxItemDto[];
  @ApiPropertyOptional({ type: String, nullable: true }) nextCursor!: string | null;
  @ApiPropertyOptional({
    type: String,
    nullable: true,
    description: "The organization's inbox address (inbox+<slug>.<key>@INBOUND_DOMAIN); null while INBOUND_DOMAIN is not set",
  })
  address!: string | null;
}

export class AssignInboxItemDto {
  @ApiProperty({ format: 'uuid', description: 'The candidate whose timeline gets the message' })
  @IsUUID()
  candidateId!: string;
}

/** A message a candidate sent us: a threaded reply, or an inbox message assigned to them. */
export class ReceivedEmailDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ format: 'uuid' }) candidateId!: string;
  @ApiPropertyOptional({ type: String, format: 'uuid', nullable: true, description: 'The email of ours it answers' }) inReplyToEmailId!: string | null;
  @ApiProperty() from!: string;
  @ApiProperty() subject!: string;
  @ApiProperty() body!: string;
  @ApiProperty({ format: 'date-time' }) receivedAt!: string;

  static from(r: Record<string, unknown>): ReceivedEmailDto {
    return {
      id: r.id as string,
      candidateId: r.candidate_id as string,
      inReplyToEmailId: (r.in_reply_to_email_id as string | null) ?? null,
      from: r.from_address as string,
      subject: r.subject as string,
      body: r.body as string,
      receivedAt: new Date(r.received_at as string).toISOString(),
    };
  }
}

export class ReceivedEmailPageDto {
  @ApiProperty({ type: [ReceivedEmailDto] }) data!: ReceivedEmailDto[];
  @ApiPropertyOptional({ type: String, nullable: true }) nextCursor!: string | null;
}
