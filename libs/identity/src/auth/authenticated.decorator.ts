import { applyDecorators, createParamDecorator, ExecutionContext, SetMetadata } from '@nestjs/common';
import { ApiBearerAuth, ApiForbiddenResponse, ApiUnauthorizedResponse } from '@nestjs/swagger';
import { PROBLEM_SCHEMA_REF } from '../../../platform/src/http/openapi.js';
import { Role } from '../role.js';
import { AuthUser } from './auth-user.js';

export const AUTHENTICATED_KEY = 'hireloop:authenticated';

export interface AuthenticatedOptions {
  /** The route is open to users holding any of these roles; omitted = any signed-in user. */
  roles?: Role[];
  /** Open to a user who still has to replace their one-time password (`me`, the password change, sign-out); other routes answer 403. */
  beforePasswordChange?: boolean;
}

/** Declares that a route needs a signed-in user (and optionally one of some roles). Routes without it are public. */
export function Authenticated(options: AuthenticatedOptions = {}) {
  return applyDecorators(
    SetMetadata(AUTHENTICATED_KEY, options),
    ApiBearerAuth(),
    ApiUnauthorizedResponse({ description: 'Missing, tampered or expired token', content: { 'application/problem+json': { schema: PROBLEM_SCHEMA_REF } } }),
    ApiForbiddenResponse({ description: 'The role may not do this', content: { 'application/problem+json': { schema: PROBLEM_SCHEMA_REF } } }),
  );
}

export const ORGANIZATION_FROM_PATH_KEY = 'hireloop:organization-from-path';

/**
 * A public route that works for the organization its path names by slug (`:orgSlug`): the auth guard finds that
 * organization (cross-tenant, by slug) and runs the request as it. An unknown slug leaves the request without an
 * organization, so it sees no tenant rows and answers 404.
 */
export function OrganizationFromPath(param = 'orgSlug') {
  return SetMetadata(ORGANIZATION_FROM_PATH_KEY, param);
}

/** The signed-in user of an `@Authenticated` route. */
export const CurrentUser = createParamDecorator((_: unknown, context: ExecutionContext): AuthUser => {
  return context.switchToHttp().getRequest<{ user: AuthUser }>().user;
});
