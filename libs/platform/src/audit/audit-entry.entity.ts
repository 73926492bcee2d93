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

  /** Position in the organization's hash chain, given when the entry's transaction commits (see AuditChain migration). */
  @Column({ name: 'chain_seq', type: 'bigint', nullable: true, insert: false, update: false })
  chainSeq: string | null;

  @Column({ name: 'previous_hash', type: 'bytea', nullable: true, insert: false, update: false })
  previousHash: Buffer | null;

  @Column({ name: 'content_hash', type: 'bytea', nullable: true, insert: false, update: false })
  contentHash: Buffer | null;

  /** SHA-256 of each changed value (`{ field: { from: hex, to: hex } }`): what the chain covers, kept when values are erased. */
  @Column({ name: 'change_digests', type: 'jsonb', nullable: true, insert: false, update: false })
  changeDigests: Record<string, unknown> | null;

  /** When the personal values in `changes` were erased (anonymisation); field names and digests stay. */
  @Column({ name: 'erased_at', type: 'timestamptz', nullable: true, insert: false, update: false })
  erasedAt: Date | null;
}
