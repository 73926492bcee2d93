import { createSecretKey } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import passportJwt from 'passport-jwt';
import { InjectConfig } from '../../../config/src/index.js';
import type { AppConfig } from '../../../config/src/index.js';
import { isOrganizationId, TenantContext } from '../../../platform/src/index.js';
import { UsersService } from '../users.service.js';
import { AuthUser, VerifiedAccessToken } from './auth-user.js';

const { ExtractJwt, Strategy } = passportJwt;

/**
 * Verifies the bearer token, then loads the user: a deactivated (or deleted) user's
 * tokens stop working on their next request, not when they expire. A token must carry `exp`
 * (a validly signed token without one is refused) and the user's current token epoch, checked in
 * the same query that loads the user: deactivation and "sign out everywhere" bump the epoch, so
 * every token minted before stays dead, even after reactivation.
 *
 * One strategy per application instance, used directly by `AuthGuard` and never registered in
 * passport's process-wide registry: two applications in one process (tests, tools) each check
 * tokens with their own secret and their own database, and closing one leaves the other intact.
 */
@Injectable()
export class JwtStrategy extends Strategy {
  constructor(
    @InjectConfig() config: AppConfig,
    private readonly users: UsersService,
  ) {
    super(
      {
        jwtFromRequest: ExtractJwt.fromAuthHeaderAsBearerToken(),
        // A KeyObject, not the string: given a string, jsonwebtoken first tries to parse it as a PEM public key
        // (createPublicKey, which throws) on every verification — a fifth of the API's CPU under load.
        // passport-jwt hands it to jsonwebtoken as is; its types predate KeyObject.
        secretOrKey: createSecretKey(Buffer.from(config.jwtSecret)) as unknown as Buffer,
        algorithms: ['HS256'],
        ignoreExpiration: false,
      },
      (claims: VerifiedAccessToken, done: (error: unknown, user?: AuthUser | false) => void) => {
        this.validate(claims).then(
          (user) => done(null, user),
          (error: unknown) => done(error),
        );
      },
    );
  }

  validate(claims: VerifiedAccessToken): Promise<AuthUser | false> {
    if (typeof claims?.sub !== 'string' || !isOrganizationId(claims.org)) return Promise.resolve(false);
    if (typeof claims.exp !== 'number' || !Number.isSafeInteger(claims.ep)) return Promise.resolve(false);
    const { sub, org, ep } = claims;
    // Loaded as the token's organization: a user of another organization is simply not found.
    return TenantContext.run(org, () => this.users.findActiveAuthUser(sub, org, ep as number)).then((user) => user ?? false);
  }
}
