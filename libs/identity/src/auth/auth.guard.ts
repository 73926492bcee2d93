import { ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { AuthGuard as PassportAuthGuard } from '@nestjs/passport';
import { IdentityErrorCode, IdentityException } from '../identity.exception.js';
import { AuthUser } from './auth-user.js';
import { TenantContext } from '../../../platform/src/index.js';
import { OrganizationsService } from '../organizations.service.js';
import { AUTHENTICATED_KEY, AuthenticatedOptions, ORGANIZATION_FROM_PATH_KEY } from './authenticated.decorator.js';

/**
 * Global guard: enforces `@Authenticated` (token through passport-jwt, then roles) and sets the request's tenant:
 * the actor's organization, or for an `@OrganizationFromPath()` public route the organization its path names.
 * Other public routes run with no organization (their queries see no tenant rows).
 */
@Injectable()
export class AuthGuard extends PassportAuthGuard('jwt') {
  constructor(
    private readonly reflector: Reflector,
    private readonly organizations: OrganizationsService,
  ) {
    super();
  }

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const targets = [context.getHandler(), context.getClass()];
    const options = this.reflector.getAllAndOverride<AuthenticatedOptions | undefined>(AUTHENTICATED_KEY, targets);
    if (!options) {
      const param = this.reflector.getAllAndOverride<string | undefined>(ORGANIZATION_FROM_PATH_KEY, targets);
      if (param) await this.bindOrganizationFromPath(context.switchToHttp().getRequest<{ params?: Record<string, unknown> }>().params?.[param]);
      return true;
    }
    await super.canActivate(context);
    const user = context.switchToHttp().getRequest<{ user: AuthUser }>().user;
    TenantContext.bindRequest(user.organizationId);
    if (options.roles?.length && !options.roles.some((role) => user.roles.includes(role))) {
      throw new IdentityException(IdentityErrorCode.Forbidden, 'Your role does not allow this action.');
    }
    return true;
  }

  private async bindOrganizationFromPath(slug: unknown): Promise<void> {
    const organizationId = typeof slug === 'string' ? await this.organizations.idOfPublicSlug(slug) : null;
    if (organizationId) TenantContext.bindRequest(organizationId);
  }

  handleRequest<T>(error: unknown, user: T): T {
    if (error || !user) {
      throw new IdentityException(IdentityErrorCode.Unauthenticated, 'A valid bearer token is required.');
    }
    return user;
  }
}
