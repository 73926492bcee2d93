import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { DataSource, EntityManager, Repository } from 'typeorm';
import { AuditService, diffFields, isUniqueViolation, keysetPage, Page } from '../../platform/src/index.js';
import { AUTH_USER_SQL, authUserFromRow, AuthUserRow, USER_NAMES_SQL } from './auth/auth-queries.js';
import { AuthUser } from './auth/auth-user.js';
import { CreateUserDto, ListUsersQueryDto, UpdateUserDto } from './dto/user.dto.js';
import { IdentityErrorCode, IdentityException } from './identity.exception.js';
import { hashPassword, normaliseEmail } from './password.js';
import { Role } from './role.js';
import { User } from './user.entity.js';

/** Users of one organization: created by admins, scoped by organization on every query. */
@Injectable()
export class UsersService {
  constructor(
    @InjectRepository(User) private readonly users: Repository<User>,
    private readonly dataSource: DataSource,
    private readonly audit: AuditService,
  ) {}

  /** The user behind a token, only while active and only for a token of the user's current epoch; null otherwise. */
  async findActiveAuthUser(userId: string, organizationId: string, tokenEpoch: number): Promise<AuthUser | null> {
    // Raw and selected columns: this runs on every authenticated request (no entity hydration).
    const [row] = await this.dataSource.query<AuthUserRow[]>(AUTH_USER_SQL, [userId, organizationId, tokenEpoch]);
    return row ? authUserFromRow(row) : null;
  }

  async insertUser(
    manager: EntityManager,
    organizationId: string,
    input: { email: string; name: string; password: string; roles: Role[] },
    actorId: string | null,
  ): Promise<User> {
    const email = normaliseEmail(input.email);
    const passwordHash = await hashPassword(input.password);
    try {
      const user = await manager.save(manager.create(User, { organizationId, email, name: input.name, passwordHash, roles: input.roles, active: true }));
      await this.audit.record(manager, {
        organizationId,
        actorId: actorId ?? user.id,
        entityType: 'user',
        entityId: user.id,
        action: 'create',
        changes: { email: { to: email }, name: { to: user.name }, roles: { to: user.roles }, password: {} },
      });
      return user;
    } catch (error) {
      if (isUniqueViolation(error)) {
        throw new IdentityException(IdentityErrorCode.EmailTaken, 'A user with this email already exists.', {
          errors: [{ field: 'email', message: 'email is already registered' }],
        });
      }
      throw error;
    }
  }

  async create(actor: AuthUser, input: CreateUserDto): Promise<User> {
    return this.dataSource.transaction((manager) => this.insertUser(manager, actor.organizationId, input, actor.id));
  }

  async get(actor: AuthUser, id: string): Promise<User> {
    const user = await this.users.findOne({ where: { id, organizationId: actor.organizationId } });
    if (!user) throw new IdentityException(IdentityErrorCode.UserNotFound, 'No such user.');
    return user;
  }

  /** Users of the given ids in the actor's organization (used to validate hiring teams, panels, approvers). */
  async findInOrganization(organizationId: string, ids: string[]): Promise<User[]> {
    if (ids.length === 0) return [];
    return this.users.createQueryBuilder('u').where('u.organization_id = :organizationId', { organizationId }).andWhere('u.id IN (:...ids)', { ids }).getMany();
  }

  /** Names of the organization's users by id (one light query; unknown ids are left out). */
  async namesOf(organizationId: string, ids: readonly string[]): Promise<Map<string, string>> {
    const unique = [...new Set(ids)];
    if (!unique.length) return new Map();
    const rows = await this.dataSource.query<Array<{ id: string; name: string }>>(USER_NAMES_SQL, [organizationId, unique]);
    return new Map(rows.map((r) => [r.id, r.name]));
  }

  /** Active users of the organization holding the role (e.g. the recruiters told when a job has none on its team). */
  async activeWithRole(organizationId: string, role: Role): Promise<User[]> {
    return this.users
      .createQueryBuilder('u')
      .where('u.organization_id = :organizationId AND u.active AND :role = ANY(u.roles)', { organizationId, role })
      .orderBy('u.id')
      .getMany();
  }

  async list(actor: AuthUser, query: ListUsersQueryDto): Promise<Page<User>> {
    const qb = this.users.createQueryBuilder('u').where('u.organization_id = :org', { org: actor.organizationId });
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
    await this.users.increment({ id: userId, organizationId }, 'tokenEpoch', 1);
  }

  async update(actor: AuthUser, id: string, input: UpdateUserDto): Promise<User> {
    if (id === actor.id && (input.active === false || (input.roles && !input.roles.includes(Role.Admin)))) {
      throw new IdentityException(IdentityErrorCode.CannotChangeOwnAccess, 'You cannot deactivate yourself or remove your own admin role.', {
        errors: [{ field: input.active === false ? 'active' : 'roles', message: 'cannot change your own access' }],
      });
    }
    return this.dataSource.transaction(async (manager) => {
      const user = await manager.findOne(User, { where: { id, organizationId: actor.organizationId }, lock: { mode: 'pessimistic_write' } });
      if (!user) throw new IdentityException(IdentityErrorCode.UserNotFound, 'No such user.');
      const before = { ...user } as Record<string, unknown>;
      if (input.name !== undefined) user.name = input.name;
      if (input.roles !== undefined) user.roles = input.roles;
      if (input.active !== undefined) user.active = input.active;
      // Deactivation ends every session for good: tokens minted before stay refused after a reactivation.
      if (before.active === true && user.active === false) user.tokenEpoch += 1;
      const changes = diffFields(before, user as unknown as Record<string, unknown>, ['name', 'roles', 'active']);
      if (Object.keys(changes).length === 0) return user;
      const saved = await manager.save(user);
      await this.audit.record(manager, {
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
