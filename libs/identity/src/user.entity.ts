import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn, Unique, UpdateDateColumn, VersionColumn } from 'typeorm';
import { Role } from './role.js';

/**
 * A person who signs in to one organization. Emails are stored normalised (trimmed, lower-case) and are unique within
 * an organization: the same address may have an account in several organizations, each its own.
 */
@Entity('users')
@Index('users_org_created_idx', ['organizationId', 'createdAt', 'id'])
@Unique('users_organization_id_email_key', ['organizationId', 'email'])
@Index('users_email_idx', ['email'])
export class User {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ name: 'organization_id', type: 'uuid' })
  organizationId: string;

  @Column({ type: 'text' })
  email: string;

  @Column({ type: 'text' })
  name: string;

  @Column({ name: 'password_hash', type: 'text', select: false })
  passwordHash: string;

  @Column({ type: 'text', array: true })
  roles: Role[];

  @Column({ type: 'boolean', default: true })
  active: boolean;

  /** Tokens carry the epoch they were minted in; bumping it (deactivation, sign out everywhere) kills all older ones. */
  @Column({ name: 'token_epoch', type: 'integer', default: 0 })
  tokenEpoch: number;

  /** Invited with a one-time password: must choose their own before anything else. */
  @Column({ name: 'must_change_password', type: 'boolean', default: false })
  mustChangePassword: boolean;

  /** When the user proved the address (a self-registered admin, by the confirmation link); users an admin adds start confirmed. */
  @Column({ name: 'email_confirmed_at', type: 'timestamptz', nullable: true })
  emailConfirmedAt: Date | null;

  @VersionColumn({ default: 1 })
  version: number;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;
}
