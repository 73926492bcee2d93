import { Injectable, Logger } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { JwtService } from '@nestjs/jwt';
import { InjectRepository } from '@nestjs/typeorm';
import { DataSource, Repository } from 'typeorm';
import { InjectConfig } from '../../config/src/index.js';
import type { AppConfig } from '../../config/src/index.js';
import { AuditService, isUniqueViolation, JobName, OutboxService, TenantContext } from '../../platform/src/index.js';
import { loadedUserRow, ORGANIZATION_SUMMARY_SQL, OrganizationSummaryRow } from './auth/auth-queries.js';
import { AccessTokenClaims, AuthUser } from './auth/auth-user.js';
import { OrganizationDto } from './dto/organization.dto.js';
import { UserDto, userDtoFromRow } from './dto/user.dto.js';
import { LoginThrottleService } from './auth/login-throttle.service.js';
import { LoginDto, RegisterDto } from './dto/register.dto.js';
import { IdentityErrorCode, IdentityException } from './identity.exception.js';
import { Organization } from './organization.entity.js';
import { decoyPasswordHash, normaliseEmail, verifyPassword } from './password.js';
import { Role } from './role.js';
import { User } from './user.entity.js';
import { UsersService } from './users.service.js';

export interface Registration {
  accessToken: string;
  expiresIn: number;
  user: User;
  organization: Organization;
}

/** Sign-up of a new organization with its first admin, and sign-in. */
@Injectable()
export class AuthService {
  private readonly logger = new Logger(AuthService.name);

  constructor(
    private readonly dataSource: DataSource,
    private readonly jwt: JwtService,
    private readonly users: UsersService,
    private readonly throttle: LoginThrottleService,
    private readonly audit: AuditService,
    private readonly outbox: OutboxService,
    @InjectRepository(User) private readonly userRepository: Repository<User>,
    @InjectConfig() private readonly config: AppConfig,
  ) {}

  async register(input: RegisterDto): Promise<Registration> {
    // The new organization's id is chosen here, so its rows are written in its own tenant context.
    const organizationId = randomUUID();
    const { organization, user } = await TenantContext.run(organizationId, () => this.registerIn(organizationId, input));
    return { ...this.issueToken(user), user, organization };
  }

  private registerIn(organizationId: string, input: RegisterDto): Promise<{ organization: Organization; user: User }> {
    return this.dataSource.transaction(async (manager) => {
      let organization: Organization;
      try {
        organization = await manager.save(
          manager.create(Organization, { id: organizationId, name: input.organizationName, slug: input.organizationSlug, settings: {} }),
        );
      } catch (error) {
        if (isUniqueViolation(error)) {
          throw new IdentityException(IdentityErrorCode.SlugTaken, 'This organization slug is taken.', {
            errors: [{ field: 'organizationSlug', message: 'organizationSlug is already taken' }],
          });
        }
        throw error;
      }
      const user = await this.users.insertUser(
        manager,
        organization.id,
        { email: input.email, name: input.name, password: input.password, roles: [Role.Admin] },
        null,
      );
      await this.audit.record(manager, {
        organizationId: organization.id,
        actorId: user.id,
        entityType: 'organization',
        entityId: organization.id,
        action: 'create',
        changes: { name: { to: organization.name }, slug: { to: organization.slug } },
      });
      await this.outbox.publish(manager, {
        jobName: JobName.OrganizationRegistered,
        organizationId: organization.id,
        aggregateType: 'organization',
        aggregateId: organization.id,
        payload: { slug: organization.slug },
      });
      return { organization, user };
    });
  }

  async login(input: LoginDto, ip: string): Promise<{ accessToken: string; expiresIn: number }> {
    const email = normaliseEmail(input.email);
    await this.throttle.assertAllowed(email, ip);
    const user = await TenantContext.crossTenant('sign-in finds the user by email, whatever their organization', () =>
      this.userRepository.createQueryBuilder('u').addSelect('u.passwordHash').where('u.email = :email', { email }).getOne(),
    );
    const valid = await verifyPassword(user?.passwordHash ?? (await decoyPasswordHash()), input.password);
    if (!user || !valid || !user.active) {
      await this.throttle.recordFailure(email, ip);
      this.logger.warn({ ip }, 'Failed sign-in');
      throw new IdentityException(IdentityErrorCode.InvalidCredentials, 'Email or password is incorrect.');
    }
    await this.throttle.recordSuccess(email, ip);
    return this.issueToken(user);
  }

  /** Signs the user out everywhere: every token minted before this call is refused from now on. */
  async logoutAll(actor: AuthUser): Promise<void> {
    await this.users.revokeTokens(actor.id, actor.organizationId);
  }

  /**
   * The signed-in user and their organization. The user is the row the auth guard loaded for this request (one
   * query for the whole route, the organization's); an actor built elsewhere is read again.
   */
  async me(actor: AuthUser): Promise<{ user: UserDto; organization: OrganizationDto }> {
    const loaded = loadedUserRow(actor);
    const [user, [organization]] = await Promise.all([
      loaded ? Promise.resolve(userDtoFromRow(loaded)) : this.users.get(actor, actor.id).then((u) => UserDto.from(u)),
      this.dataSource.query<OrganizationSummaryRow[]>(ORGANIZATION_SUMMARY_SQL, [actor.organizationId]),
    ]);
    return { user, organization: { id: organization.id, name: organization.name, slug: organization.slug, createdAt: organization.created_at.toISOString() } };
  }

  private issueToken(user: User): { accessToken: string; expiresIn: number } {
    const claims: AccessTokenClaims = { sub: user.id, org: user.organizationId, ep: user.tokenEpoch };
    return { accessToken: this.jwt.sign(claims, { expiresIn: this.config.jwtTtlSeconds }), expiresIn: this.config.jwtTtlSeconds };
  }
}
