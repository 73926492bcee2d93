import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { FastifyReply, FastifyRequest } from 'fastify';
import passport from 'passport';
import { TenantContext } from '../../../platform/src/index.js';
import { IdentityErrorCode, IdentityException } from '../identity.exception.js';
import { OrganizationsService } from '../organizations.service.js';
import { ApiKeysService, looksLikeApiKey } from '../api-keys/api-keys.service.js';
import { RateLimitService } from '../api-keys/rate-limit.service.js';
import { scopeOfRoute } from '../api-keys/route-scopes.js';
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
    private readonly apiKeys: ApiKeysService,
    private readonly rateLimits: RateLimitService,
  ) {}

  /** Each route's decorators, read once per controller class and handler (they never change after start-up). */
  private readonly routes = new WeakMap<object, WeakMap<object, RouteAuth>>();

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const { options, organizationParam: param } = this.routeAuth(context);
    if (!options) {
      if (param) await this.bindOrganizationFromPath(context.switchToHttp().getRequest<{ params?: Record<string, unknown> }>().params?.[param]);
      return true;
    }
    const request = context.switchToHttp().getRequest<FastifyRequest & { user?: AuthUser }>();
    const reply = context.switchToHttp().getResponse<FastifyReply>();
    const token = bearerToken(request.headers.authorization);
    const user = token !== null && looksLikeApiKey(token) ? await this.authenticateKey(token) : await this.authenticate(request, reply);
    request.user = user;
    TenantContext.bindRequest(user.organizationId);
    if (user.apiKeyId) TenantContext.bindApiKey(user.apiKeyId);
    const budget = await this.rateLimits.take(user);
    reply.headers(budget.headers);
    if (!budget.allowed) {
      throw new IdentityException(IdentityErrorCode.RateLimited, 'Too many requests. Slow down and try again shortly.', {
        retryAfterSeconds: budget.retryAfterSeconds,
      });
    }
    if (user.apiKeyId) this.assertKeyScope(user, request.method, request.routeOptions?.url ?? '');
    if (user.mustChangePassword && !options.beforePasswordChange) {
      throw new IdentityException(IdentityErrorCode.PasswordChangeRequired, 'Choose your own password before you continue.');
    }
    if (options.roles?.length && !options.roles.some((role) => user.roles.includes(role))) {
      throw new IdentityException(IdentityErrorCode.Forbidden, 'Your role does not allow this action.');
    }
    return true;
  }

  private routeAuth(context: ExecutionContext): RouteAuth {
    const handler = context.getHandler();
    const controller = context.getClass();
    let handlers = this.routes.get(controller);
    if (!handlers) this.routes.set(controller, (handlers = new WeakMap()));
    let route = handlers.get(handler);
    if (!route) {
      const targets = [handler, controller];
      route = {
        options: this.reflector.getAllAndOverride<AuthenticatedOptions | undefined>(AUTHENTICATED_KEY, targets),
        organizationParam: this.reflector.getAllAndOverride<string | undefined>(ORGANIZATION_FROM_PATH_KEY, targets),
      };
      handlers.set(handler, route);
    }
    return route;
  }

  private async authenticateKey(token: string): Promise<AuthUser> {
    const user = await this.apiKeys.authenticate(token);
    if (!user) throw new IdentityException(IdentityErrorCode.Unauthenticated, 'This API key is not valid (unknown, revoked or expired).');
    return user;
  }

  /** A key may use a route only when route-scopes.ts maps it to a scope the key holds. */
  private assertKeyScope(user: AuthUser, method: string, routeUrl: string): void {
    const scope = scopeOfRoute(method, routeUrl);
    if (!scope) throw new IdentityException(IdentityErrorCode.NotForApiKeys, 'API keys cannot use this route; a signed-in person can.');
    if (!(user.scopes ?? []).includes(scope)) {
      throw new IdentityException(IdentityErrorCode.ScopeMissing, `This API key lacks the scope ${scope}.`, { extensions: { missingScope: scope } });
    }
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

interface RouteAuth {
  options: AuthenticatedOptions | undefined;
  organizationParam: string | undefined;
}

/** The token of an `Authorization: Bearer <token>` header, or null. */
function bearerToken(header: string | undefined): string | null {
  if (typeof header !== 'string' || header.length > 4096 || header.charCodeAt(6) !== 32 || header.slice(0, 6).toLowerCase() !== 'bearer') return null;
  // The word after the scheme (anything after a further space is not part of the token); every signed-in request
  // comes here, so no split into an array.
  const end = header.indexOf(' ', 7);
  return (end < 0 ? header.slice(7) : header.slice(7, end)) || null;
}
