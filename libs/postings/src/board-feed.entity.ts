import { Column, Entity, PrimaryColumn } from 'typeorm';

/** An organization's generated XML feed for one board, served as stored (ETag, Last-Modified). */
@Entity('board_feeds')
export class BoardFeed {
  @PrimaryColumn({ name: 'organization_id', type: 'uuid' })
  organizationId: string;

  @PrimaryColumn({ type: 'text' })
  board: string;

  @Column({ type: 'text' })
  body: string;

  @Column({ type: 'text' })
  etag: string;

  @Column({ name: 'job_count', type: 'integer', default: 0 })
  jobCount: number;

  @Column({ name: 'generated_at', type: 'timestamptz' })
  generatedAt: Date;
}
