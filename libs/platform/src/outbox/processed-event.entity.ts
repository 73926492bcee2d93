import { CreateDateColumn, Entity, PrimaryColumn } from 'typeorm';

/** Marks an outbox event as handled by one consumer, so a redelivery changes nothing. */
@Entity('processed_events')
export class ProcessedEvent {
  @PrimaryColumn({ type: 'text' })
  consumer: string;

  @PrimaryColumn({ name: 'event_id', type: 'text' })
  eventId: string;

  @CreateDateColumn({ name: 'processed_at', type: 'timestamptz' })
  processedAt: Date;
}
