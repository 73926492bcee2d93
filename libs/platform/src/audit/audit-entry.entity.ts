import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/** `create`, `update`, `delete`, or a domain verb (`approve`, `merge`, ...). */
export type AuditAction = string;

/** One recorded change of a business entity, written in the same transaction as the change. */
@Entity('audit_log')
@Index('audit_log_entity_idx', ['organizationId', 'entityType', 'entityId', 'id'])
export class AuditEntry {
  @PrimaryGeneratedColumn({ type: 'bigint' })
  id: string;

  @Column({ name: 'organization_id', type: 'uuid' })
  organizationId: string;

  @Column({ name: 'actor_id', type: 'uuid', nullable: true })
  actorId: string | null;

  /** The API key that acted, when one did (`actor_id` is then the admin the key acts for). */
  @Column({ name: 'actor_api_key_id', type: 'uuid', nullable: true })
  actorApiKeyId: string | null;

  @Column({ name: 'entity_type', type: 'text' })
  entityType: string;

  @Column({ name: 'entity_id', type: 'text' })
  entityId: string;

  @Column({ type: 'text' })
  action: AuditAction;

  /** Changed fields: `{ field: { from, to } }`; secrets are never recorded, only that they changed. */
  @Column({ type: 'jsonb', default: () => "'{}'" })
  changes: Record<string, { from?: unknown; to?: unknown }>;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;
}
