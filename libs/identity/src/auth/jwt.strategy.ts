import { Injectable } from '@nestjs/common';
import { PassportStrategy } from '@nestjs/passport';
import passportJwt from 'passport-jwt';
import { InjectConfig } from '../../../config/src/index.js';
import type { AppConfig } from '../../../config/src/index.js';
import { UsersService } from '../users.service.js';
import { AccessTokenClaims, AuthUser } from './auth-user.js';

const { ExtractJwt, Strategy } = passportJwt;

/**
 * Verifies the bearer token, then loads the user: a deactivated (or deleted) user's
 * tokens stop working on their next request, not when they expire.
 */
@Injectable()
export class JwtStrategy extends PassportStrategy(Strategy, 'jwt') {
  constructor(
    @InjectConfig() config: AppConfig,
    private readonly users: UsersService,
  ) {
    super({
      jwtFromRequest: ExtractJwt.fromAuthHeaderAsBearerToken(),
      secretOrKey: config.jwtSecret,
      algorithms: ['HS256'],
      ignoreExpiration: false,
    });
  }

  async validate(claims: AccessTokenClaims): Promise<AuthUser | false> {
    if (typeof claims?.sub !== 'string' || typeof claims?.org !== 'string') return false;
    return (await this.users.findActiveAuthUser(claims.sub, claims.org)) ?? false;
  }
}
