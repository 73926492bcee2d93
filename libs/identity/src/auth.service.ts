import { TransactionHost } from '@nestjs-cls/transactional';
import type { TransactionalAdapterTypeOrm } from '@nestjs-cls/transactional-adapter-typeorm';
import { Injectable, Logger } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { JwtService } from '@nestjs/jwt';
import { InjectConfig } from '../../config/src/index.js';
import type { AppConfig } from '../../config/src/index.js';
import { AuditService, isUniqueViolation, JobName, OutboxService, TenantContext } from '../../platform/src/index.js';
import { AccountTokenPurpose, AccountTokens } from './account-tokens.service.js';
import { loadedUserRow, ORGANIZATION_SUMMARY_SQL, OrganizationSummaryRow } from './auth/auth-queries.js';
import { AccessTokenClaims, AuthUser } from './auth/auth-user.js';
import { OrganizationDto } from './dto/organization.dto.js';
import { UserDto, userDtoFromRow } from './dto/user.dto.js';
import { LoginThrottleService } from './auth/login-throttle.service.js';
import { LoginDto, RegisterDto } from './dto/register.dto.js';
import { ChangePasswordDto } from './dto/user.dto.js';
import { IdentityErrorCode, IdentityException } from './identity.exception.js';
import { Organization } from './organization.entity.js';
import { decoyPasswordHash, hashPassword, normaliseEmail, verifyPassword } from './password.js';
import { Role } from './role.js';
import { User } from './user.entity.js';
import { UsersService } from './users.service.js';

/** Most accounts of one email address a sign-in checks the password against (each check is one argon2 hash). */
export const ACCOUNTS_PER_EMAIL = 20;

/** The active accounts of an email ($1), only in the organization of slug $2 when it is not null, at most $3. */
const SIGN_IN_ACCOUNTS_SQL = `SELECT u.id, u.organization_id, u.password_hash, u.token_epoch, o.slug AS organization_slug, o.name AS organization_name
  FROM users u JOIN organizations o ON o.id = u.organization_id
 WHERE u.email = $1 AND u.active AND ($2::text IS NULL OR o.slug = $2)
 ORDER BY o.name, o.slug
 LIMIT $3`;

interface SignInAccountRow {
  id: string;
  organization_id: string;
  password_hash: string;
  token_epoch: number;
  organization_slug: string;
  organization_name: string;
}

/**
 * The accounts whose password this is. The hashes are checked side by side (argon2 runs on libuv's thread pool), and
 * an address without accounts is checked against a decoy, so an unknown address takes the time of one account.
 */
async function accountsMatching(accounts: SignInAccountRow[], password: string): Promise<SignInAccountRow[]> {
  if (accounts.length === 0) {
    await verifyPassword(await decoyPasswordHash(), password);
    return [];
  }
  const valid = await Promise.all(accounts.map((a) => verifyPassword(a.password_hash, password)));
  return accounts.filter((_, i) => valid[i]);
}

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
    private readonly txHost: TransactionHost<TransactionalAdapterTypeOrm>,
    private readonly jwt: JwtService,
    private readonly users: UsersService,
    private readonly throttle: LoginThrottleService,
    private readonly audit: AuditService,
    private readonly outbox: OutboxService,
    private readonly tokens: AccountTokens,
    @InjectConfig() private readonly config: AppConfig,
  ) {}

  /**
   * Sign-up (`POST /v1/auth/register`): a new organization, unless this server takes none (`REGISTRATION=closed`:
   * refused before anything is read or written; people then join existing organizations by invitation).
   */
  signUp(input: RegisterDto): Promise<Registration> {
    if (this.config.registration === 'closed') {
      throw new IdentityException(
        IdentityErrorCode.RegistrationClosed,
        'This Hireloop server does not take new organizations. Ask an admin of your organization to invite you.',
      );
    }
    return this.register(input);
  }

  /**
   * A new organization and its first admin, who must confirm their email address (a link is mailed) before adding
   * anyone; `emailConfirmed` is for the demo seeder only, whose addresses are its own.
   */
  async register(input: RegisterDto, options: { emailConfirmed?: boolean } = {}): Promise<Registration> {
    // The new organization's id is chosen here, so its rows are written in its own tenant context.
    const organizationId = randomUUID();
    const { organization, user } = await TenantContext.run(organizationId, () => this.registerIn(organizationId, input, options.emailConfirmed === true));
    return { ...this.tokenFor(user), user, organization };
  }

  private registerIn(organizationId: string, input: RegisterDto, emailConfirmed: boolean): Promise<{ organization: Organization; user: User }> {
    return this.txHost.withTransaction(async () => {
      let organization: Organization;
      try {
        organization = await this.txHost.tx.save(
          this.txHost.tx.create(Organization, { id: organizationId, name: input.organizationName, slug: input.organizationSlug, settings: {} }),
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
        organization.id,
        { email: input.email, name: input.name, password: input.password, roles: [Role.Admin], emailConfirmed },
        null,
      );
      if (!emailConfirmed) await this.tokens.issue(organization.id, user.id, AccountTokenPurpose.EmailConfirmation, null);
      await this.audit.record({
        organizationId: organization.id,
        actorId: user.id,
        entityType: 'organization',
        entityId: organization.id,
        action: 'create',
        changes: { name: { to: organization.name }, slug: { to: organization.slug } },
      });
      await this.outbox.publish({
        jobName: JobName.OrganizationRegistered,
        organizationId: organization.id,
        aggregateType: 'organization',
        aggregateId: organization.id,
        payload: { slug: organization.slug },
      });
      return { organization, user };
    });
  }

  /**
   * Signs in by email and password. An address may have accounts in several organizations (each with its own
   * password): the active ones (at most ACCOUNTS_PER_EMAIL, only the one of `organizationSlug` when given) are checked
   * against the password. None matches: 401, counted by the throttle (an unknown address costs one decoy hash, the same
   * work as one account). One matches: its session. Several match: 409 `identity.organization_required` naming just
   * those organizations (the caller proved the password of each), to be sent again with `organizationSlug`.
   */
  async login(input: LoginDto, ip: string): Promise<{ accessToken: string; expiresIn: number }> {
    const email = normaliseEmail(input.email);
    await this.throttle.assertAllowed(email, ip);
    const accounts = await TenantContext.crossTenant('sign-in finds the accounts of an email, whatever their organization', () =>
      this.txHost.tx.query<SignInAccountRow[]>(SIGN_IN_ACCOUNTS_SQL, [email, input.organizationSlug ?? null, ACCOUNTS_PER_EMAIL]),
    );
    const matching = await accountsMatching(accounts, input.password);
    if (matching.length === 0) {
      await this.throttle.recordFailure(email, ip);
      this.logger.warn({ ip }, 'Failed sign-in');
      throw new IdentityException(IdentityErrorCode.InvalidCredentials, 'Email or password is incorrect.');
    }
    await this.throttle.recordSuccess(email, ip);
    if (matching.length > 1) {
      throw new IdentityException(IdentityErrorCode.OrganizationRequired, 'This email address signs in to several organizations: choose one.', {
        extensions: { organizations: matching.map((a) => ({ slug: a.organization_slug, name: a.organization_name })) },
      });
    }
    const [account] = matching;
    return this.tokenFor({ id: account.id, organizationId: account.organization_id, tokenEpoch: account.token_epoch });
  }

  /**
   * Replaces the signed-in user's password (the one-time password of an invitation included): the current one must be
   * right (a wrong one counts as a failed sign-in), the new one different. Every earlier session ends; the answer is a
   * fresh token.
   */
  async changePassword(actor: AuthUser, input: ChangePasswordDto, ip: string): Promise<{ accessToken: string; expiresIn: number }> {
    await this.throttle.assertAllowed(actor.email, ip);
    const user = await this.txHost.tx
      .getRepository(User)
      .createQueryBuilder('u')
      .addSelect('u.passwordHash')
      .where('u.id = :id AND u.organization_id = :org', { id: actor.id, org: actor.organizationId })
      .getOne();
    if (!user) throw new IdentityException(IdentityErrorCode.Unauthenticated, 'A valid bearer token is required.');
    if (!(await verifyPassword(user.passwordHash, input.currentPassword))) {
      await this.throttle.recordFailure(actor.email, ip);
      throw new IdentityException(IdentityErrorCode.InvalidPasswordChange, 'The current password is not right.', {
        errors: [{ field: 'currentPassword', message: 'This is not the password you signed in with.' }],
      });
    }
    if (input.newPassword === input.currentPassword) {
      throw new IdentityException(IdentityErrorCode.InvalidPasswordChange, 'Choose a password other than the one you have now.', {
        errors: [{ field: 'newPassword', message: 'Choose a password other than the one you have now.' }],
      });
    }
    const passwordHash = await hashPassword(input.newPassword);
    const saved = await this.txHost.withTransaction(async () => {
      await this.txHost.tx.update(
        User,
        { id: user.id, organizationId: user.organizationId },
        { passwordHash, mustChangePassword: false, tokenEpoch: () => 'token_epoch + 1' },
      );
      // Chosen with the one-time password: the emailed invitation link stops working.
      if (user.mustChangePassword) await this.tokens.revoke(user.organizationId, user.id, AccountTokenPurpose.Invitation);
      await this.audit.record({
        organizationId: user.organizationId,
        actorId: user.id,
        entityType: 'user',
        entityId: user.id,
        action: 'change_password',
        changes: { password: {}, ...(user.mustChangePassword ? { mustChangePassword: { from: true, to: false } } : {}) },
      });
      return this.txHost.tx.findOneByOrFail(User, { id: user.id, organizationId: user.organizationId });
    });
    await this.throttle.recordSuccess(actor.email, ip);
    return this.tokenFor(saved);
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
    const organizationRead = this.txHost.tx.query<OrganizationSummaryRow[]>(ORGANIZATION_SUMMARY_SQL, [actor.organizationId]);
    const [user, [organization]] = loaded
      ? [userDtoFromRow(loaded), await organizationRead]
      : await Promise.all([this.users.get(actor, actor.id).then((u) => UserDto.from(u)), organizationRead]);
    return { user, organization: { id: organization.id, name: organization.name, slug: organization.slug, createdAt: organization.created_at.toISOString() } };
  }

  /** A signed-in session for the user (sign-in, registration, a password chosen by link). */
  tokenFor(user: Pick<User, 'id' | 'organizationId' | 'tokenEpoch'>): { accessToken: string; expiresIn: number } {
    const claims: AccessTokenClaims = { sub: user.id, org: user.organizationId, ep: user.tokenEpoch };
    return { accessToken: this.jwt.sign(claims, { expiresIn: this.config.jwtTtlSeconds }), expiresIn: this.config.jwtTtlSeconds };
  }
}
