import { TransactionHost } from '@nestjs-cls/transactional';
import type { TransactionalAdapterTypeOrm } from '@nestjs-cls/transactional-adapter-typeorm';
import { Injectable } from '@nestjs/common';
import { randomBytes } from 'node:crypto';
import { AuditService, diffFields, isUniqueViolation, keysetPage, Page } from '../../platform/src/index.js';
import type { AppConfig } from '../../config/src/index.js';
import { InjectConfig } from '../../config/src/index.js';
import { AccountTokenPurpose, AccountTokens } from './account-tokens.service.js';
import { AUTH_USER_SQL, authUserFromRow, AuthUserRow, loadedUserRow, USER_NAMES_SQL } from './auth/auth-queries.js';
import { AuthUser } from './auth/auth-user.js';
import { CreateUserDto, InviteUserDto, ListUsersQueryDto, UpdateUserDto } from './dto/user.dto.js';
import { IdentityErrorCode, IdentityException } from './identity.exception.js';
import { hashPassword, normaliseEmail } from './password.js';
import { Role } from './role.js';
import { User } from './user.entity.js';

/** Users of one organization: created by admins, scoped by organization on every query. */
@Injectable()
export class UsersService {
  constructor(
    private readonly txHost: TransactionHost<TransactionalAdapterTypeOrm>,
    private readonly audit: AuditService,
    private readonly tokens: AccountTokens,
    @InjectConfig() private readonly config: AppConfig,
  ) {}

  /** The user behind a token, only while active and only for a token of the user's current epoch; null otherwise. */
  findActiveAuthUser(userId: string, organizationId: string, tokenEpoch: number): Promise<AuthUser | null> {
    // Raw and selected columns, one promise: this runs on every authenticated request (no entity hydration).
    return this.txHost.tx.query<AuthUserRow[]>(AUTH_USER_SQL, [userId, organizationId, tokenEpoch]).then(([row]) => (row ? authUserFromRow(row) : null));
  }

  async insertUser(
    organizationId: string,
    input: { email: string; name: string; password: string; roles: Role[]; mustChangePassword?: boolean; emailConfirmed?: boolean },
    actorId: string | null,
  ): Promise<User> {
    const email = normaliseEmail(input.email);
    const passwordHash = await hashPassword(input.password);
    try {
      const user = await this.txHost.tx.save(
        this.txHost.tx.create(User, {
          organizationId,
          email,
          name: input.name,
          passwordHash,
          roles: input.roles,
          active: true,
          mustChangePassword: input.mustChangePassword ?? false,
          // Users an admin adds are vouched for by that (confirmed) admin; only a self-registered admin starts unconfirmed.
          emailConfirmedAt: input.emailConfirmed === false ? null : new Date(),
        }),
      );
      await this.audit.record({
        organizationId,
        actorId: actorId ?? user.id,
        entityType: 'user',
        entityId: user.id,
        action: input.mustChangePassword ? 'invite' : 'create',
        changes: { email: { to: email }, name: { to: user.name }, roles: { to: user.roles }, password: {} },
      });
      return user;
    } catch (error) {
      // Emails are unique within an organization only: this tells an admin about their own users, nothing more.
      if (isUniqueViolation(error)) {
        throw new IdentityException(IdentityErrorCode.EmailTaken, 'Someone in this organization already has this email address.', {
          errors: [{ field: 'email', message: 'Someone in this organization already uses this email address.' }],
        });
      }
      throw error;
    }
  }

  async create(actor: AuthUser, input: CreateUserDto): Promise<User> {
    await this.assertEmailConfirmed(actor);
    return this.txHost.withTransaction(() => this.insertUser(actor.organizationId, input, actor.id));
  }

  /**
   * Adds a user with a generated one-time password, answered once (only its hash is kept): they must choose their
   * own password at first sign-in, and until then every other route refuses them. They are also mailed a link to
   * choose it (72 hours, single use; the worker sends it through the mail module).
   */
  async invite(actor: AuthUser, input: InviteUserDto): Promise<{ user: User; oneTimePassword: string; invitationEmailed: boolean }> {
    await this.assertEmailConfirmed(actor);
    const oneTimePassword = generateOneTimePassword();
    const user = await this.txHost.withTransaction(async () => {
      const user = await this.insertUser(actor.organizationId, { ...input, password: oneTimePassword, mustChangePassword: true }, actor.id);
      await this.tokens.issue(actor.organizationId, user.id, AccountTokenPurpose.Invitation, actor.id);
      return user;
    });
    return { user, oneTimePassword, invitationEmailed: !this.config.mailDisabled };
  }

  /** An admin who registered the organization adds nobody until they confirmed their email address (403). */
  private async assertEmailConfirmed(actor: AuthUser): Promise<void> {
    const loaded = loadedUserRow(actor);
    const confirmed = loaded
      ? loaded.email_confirmed_at !== null
      : (
          await this.txHost.tx.query<Array<{ confirmed: boolean }>>(
            `SELECT email_confirmed_at IS NOT NULL AS confirmed FROM users WHERE organization_id = $1 AND id = $2`,
            [actor.organizationId, actor.id],
          )
        )[0]?.confirmed === true;
    if (!confirmed) {
      throw new IdentityException(
        IdentityErrorCode.EmailNotConfirmed,
        'Confirm your email address before you add people: open the link we emailed you, or ask for a new one.',
      );
    }
  }

  async get(actor: AuthUser, id: string): Promise<User> {
    const user = await this.txHost.tx.getRepository(User).findOne({ where: { id, organizationId: actor.organizationId } });
    if (!user) throw new IdentityException(IdentityErrorCode.UserNotFound, 'No such user.');
    return user;
  }

  /** Users of the given ids in the actor's organization (used to validate hiring teams, panels, approvers). */
  async findInOrganization(organizationId: string, ids: string[]): Promise<User[]> {
    if (ids.length === 0) return [];
    return this.txHost.tx
      .getRepository(User)
      .createQueryBuilder('u')
      .where('u.organization_id = :organizationId', { organizationId })
      .andWhere('u.id IN (:...ids)', { ids })
      .getMany();
  }

  /** Names of the organization's users by id (one light query; unknown ids are left out). */
  async namesOf(organizationId: string, ids: readonly string[]): Promise<Map<string, string>> {
    const unique = [...new Set(ids)];
    if (!unique.length) return new Map();
    const rows = await this.txHost.tx.query<Array<{ id: string; name: string }>>(USER_NAMES_SQL, [organizationId, unique]);
    return new Map(rows.map((r) => [r.id, r.name]));
  }

  /** Active users of the organization holding the role (e.g. the recruiters told when a job has none on its team). */
  async activeWithRole(organizationId: string, role: Role): Promise<User[]> {
    return this.txHost.tx
      .getRepository(User)
      .createQueryBuilder('u')
      .where('u.organization_id = :organizationId AND u.active AND :role = ANY(u.roles)', { organizationId, role })
      .orderBy('u.id')
      .getMany();
  }

  async list(actor: AuthUser, query: ListUsersQueryDto): Promise<Page<User>> {
    const qb = this.txHost.tx.getRepository(User).createQueryBuilder('u').where('u.organization_id = :org', { org: actor.organizationId });
    if (query.role) qb.andWhere(':role = ANY(u.roles)', { role: query.role });
    if (query.active !== undefined) qb.andWhere('u.active = :active', { active: query.active });
    return keysetPage(qb, {
      columns: [
        { expr: 'u.created_at', type: 'timestamp' },
        { expr: 'u.id', type: 'uuid' },
      ],
      direction: 'ASC',
      limit: query.limit,
      cursor: query.cursor,
    });
  }

  /** Ends every session of the user: each token minted before this call is refused from now on. */
  async revokeTokens(userId: string, organizationId: string): Promise<void> {
    await this.txHost.tx.getRepository(User).increment({ id: userId, organizationId }, 'tokenEpoch', 1);
  }

  async update(actor: AuthUser, id: string, input: UpdateUserDto): Promise<User> {
    if (id === actor.id && (input.active === false || (input.roles && !input.roles.includes(Role.Admin)))) {
      throw new IdentityException(IdentityErrorCode.CannotChangeOwnAccess, 'You cannot deactivate yourself or remove your own admin role.', {
        errors: [{ field: input.active === false ? 'active' : 'roles', message: 'cannot change your own access' }],
      });
    }
    return this.txHost.withTransaction(async () => {
      const user = await this.txHost.tx.findOne(User, { where: { id, organizationId: actor.organizationId }, lock: { mode: 'pessimistic_write' } });
      if (!user) throw new IdentityException(IdentityErrorCode.UserNotFound, 'No such user.');
      const before = { ...user } as Record<string, unknown>;
      if (input.name !== undefined) user.name = input.name;
      if (input.roles !== undefined) user.roles = input.roles;
      if (input.active !== undefined) user.active = input.active;
      // Deactivation ends every session for good: tokens minted before stay refused after a reactivation.
      if (before.active === true && user.active === false) user.tokenEpoch += 1;
      const changes = diffFields(before, user as unknown as Record<string, unknown>, ['name', 'roles', 'active']);
      if (Object.keys(changes).length === 0) return user;
      const saved = await this.txHost.tx.save(user);
      await this.audit.record({
        organizationId: actor.organizationId,
        actorId: actor.id,
        entityType: 'user',
        entityId: id,
        action: 'update',
        changes,
      });
      return saved;
    });
  }
}

const OTP_ALPHABET = 'abcdefghjkmnpqrstuvwxyz23456789';

/** Four groups of four characters that cannot be mistaken for each other (no 0/o, 1/l/i): about 79 bits. */
export function generateOneTimePassword(): string {
  const bytes = randomBytes(16);
  const chars = [...bytes].map((b) => OTP_ALPHABET[b % OTP_ALPHABET.length]);
  return [0, 4, 8, 12].map((i) => chars.slice(i, i + 4).join('')).join('-');
}
