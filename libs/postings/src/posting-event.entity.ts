import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn } from 'typeorm';
import { PostingStatus } from './posting.types.js';

/** One transition of a posting's status (its history). */
@Entity('posting_events')
export class PostingEvent {
  @PrimaryGeneratedColumn({ type: 'bigint' })
  id: string;

  @Column({ name: 'posting_id', type: 'uuid' })
  postingId: string;

  @Column({ name: 'organization_id', type: 'uuid' })
  organizationId: string;

  @Column({ name: 'from_status', type: 'text', nullable: true })
  fromStatus: PostingStatus | null;

  @Column({ name: 'to_status', type: 'text' })
  toStatus: PostingStatus;

  @Column({ type: 'text', nullable: true })
  reason: string | null;

  @Column({ type: 'jsonb', default: () => "'{}'" })
  detail: Record<string, unknown>;

  @Column({ name: 'actor_id', type: 'uuid', nullable: true })
  actorId: string | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;
}
