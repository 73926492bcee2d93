import { ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { AuthGuard as PassportAuthGuard } from '@nestjs/passport';
import { IdentityErrorCode, IdentityException } from '../identity.exception.js';
import { AuthUser } from './auth-user.js';
import { AUTHENTICATED_KEY, AuthenticatedOptions } from './authenticated.decorator.js';

/** Global guard: enforces `@Authenticated` (token through passport-jwt, then roles). */
@Injectable()
export class AuthGuard extends PassportAuthGuard('jwt') {
  constructor(private readonly reflector: Reflector) {
    super();
  }

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const options = this.reflector.getAllAndOverride<AuthenticatedOptions | undefined>(AUTHENTICATED_KEY, [context.getHandler(), context.getClass()]);
    if (!options) return true;
    await super.canActivate(context);
    const user = context.switchToHttp().getRequest<{ user: AuthUser }>().user;
    if (options.roles?.length && !options.roles.some((role) => user.roles.includes(role))) {
      throw new IdentityException(IdentityErrorCode.Forbidden, 'Your role does not allow this action.');
    }
    return true;
  }

  handleRequest<T>(error: unknown, user: T): T {
    if (error || !user) {
      throw new IdentityException(IdentityErrorCode.Unauthenticated, 'A valid bearer token is required.');
    }
    return user;
  }
}
