import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import passport from 'passport';
import { TenantContext } from '../../../platform/src/index.js';
import { IdentityErrorCode, IdentityException } from '../identity.exception.js';
import { OrganizationsService } from '../organizations.service.js';
import { AuthUser } from './auth-user.js';
import { AUTHENTICATED_KEY, AuthenticatedOptions, ORGANIZATION_FROM_PATH_KEY } from './authenticated.decorator.js';
import { JwtStrategy } from './jwt.strategy.js';

/**
 * Global guard: enforces `@Authenticated` (token through this application's JWT strategy, then roles) and sets the
 * request's tenant: the actor's organization, or for an `@OrganizationFromPath()` public route the organization its
 * path names. Other public routes run with no organization (their queries see no tenant rows).
 */
@Injectable()
export class AuthGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly organizations: OrganizationsService,
    private readonly strategy: JwtStrategy,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const targets = [context.getHandler(), context.getClass()];
    const options = this.reflector.getAllAndOverride<AuthenticatedOptions | undefined>(AUTHENTICATED_KEY, targets);
    if (!options) {
      const param = this.reflector.getAllAndOverride<string | undefined>(ORGANIZATION_FROM_PATH_KEY, targets);
      if (param) await this.bindOrganizationFromPath(context.switchToHttp().getRequest<{ params?: Record<string, unknown> }>().params?.[param]);
      return true;
    }
    const request = context.switchToHttp().getRequest<{ user?: AuthUser }>();
    const user = await this.authenticate(request, context.switchToHttp().getResponse());
    request.user = user;
    TenantContext.bindRequest(user.organizationId);
    if (user.mustChangePassword && !options.beforePasswordChange) {
      throw new IdentityException(IdentityErrorCode.PasswordChangeRequired, 'Choose your own password before you continue.');
    }
    if (options.roles?.length && !options.roles.some((role) => user.roles.includes(role))) {
      throw new IdentityException(IdentityErrorCode.Forbidden, 'Your role does not allow this action.');
    }
    return true;
  }

  private async bindOrganizationFromPath(slug: unknown): Promise<void> {
    const organizationId = typeof slug === 'string' ? await this.organizations.idOfPublicSlug(slug) : null;
    if (organizationId) TenantContext.bindRequest(organizationId);
  }

  /**
   * Runs this application's strategy through passport. Passport hands a strategy instance its per-request
   * callbacks (`success`, `fail`, ...) by assigning them, so each request gets its own object derived from
   * the strategy, as passport does for strategies it keeps by name.
   */
  private authenticate(request: unknown, response: unknown): Promise<AuthUser> {
    const perRequest = Object.create(this.strategy) as passport.Strategy;
    return new Promise((resolve, reject) => {
      const middleware = passport.authenticate(perRequest, { session: false }, (error: unknown, user: AuthUser | false | undefined) => {
        if (error || !user) reject(new IdentityException(IdentityErrorCode.Unauthenticated, 'A valid bearer token is required.'));
        else resolve(user);
      }) as (req: unknown, res: unknown, next: (error?: unknown) => void) => void;
      middleware(request, response, (error?: unknown) =>
        reject(error instanceof Error ? error : new IdentityException(IdentityErrorCode.Unauthenticated, 'A valid bearer token is required.')),
      );
    });
  }
}
