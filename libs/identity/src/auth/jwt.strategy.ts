import { Injectable, OnModuleDestroy } from '@nestjs/common';
import { PassportStrategy } from '@nestjs/passport';
import passport from 'passport';
import passportJwt from 'passport-jwt';
import { InjectConfig } from '../../../config/src/index.js';
import type { AppConfig } from '../../../config/src/index.js';
import { isOrganizationId, TenantContext } from '../../../platform/src/index.js';
import { UsersService } from '../users.service.js';
import { AuthUser, VerifiedAccessToken } from './auth-user.js';

const { ExtractJwt, Strategy } = passportJwt;
const STRATEGY = 'jwt';

type Registry = { _strategy(name: string): unknown; use(name: string, strategy: unknown): void; unuse(name: string): void };
const registry = passport as unknown as Registry;
let replacedByLatest: unknown;
/** Runs before the strategy registers itself, so it sees the strategy about to be replaced. */
function rememberReplaced<T>(options: T): T {
  replacedByLatest = registry._strategy(STRATEGY);
  return options;
}

/**
 * Verifies the bearer token, then loads the user: a deactivated (or deleted) user's
 * tokens stop working on their next request, not when they expire. A token must carry `exp`
 * (a validly signed token without one is refused) and the user's current token epoch, checked in
 * the same query that loads the user: deactivation and "sign out everywhere" bump the epoch, so
 * every token minted before stays dead, even after reactivation.
 */
@Injectable()
export class JwtStrategy extends PassportStrategy(Strategy, STRATEGY) implements OnModuleDestroy {
  /** Passport keeps strategies process-wide; the one this instance replaced comes back when it closes. */
  private readonly replaced: unknown;

  constructor(
    @InjectConfig() config: AppConfig,
    private readonly users: UsersService,
  ) {
    super(
      rememberReplaced({
        jwtFromRequest: ExtractJwt.fromAuthHeaderAsBearerToken(),
        secretOrKey: config.jwtSecret,
        algorithms: ['HS256'],
        ignoreExpiration: false,
      }),
    );
    this.replaced = replacedByLatest;
  }

  onModuleDestroy(): void {
    if (registry._strategy(STRATEGY) !== this) return;
    if (this.replaced) registry.use(STRATEGY, this.replaced);
    else registry.unuse(STRATEGY);
  }

  async validate(claims: VerifiedAccessToken): Promise<AuthUser | false> {
    if (typeof claims?.sub !== 'string' || !isOrganizationId(claims.org)) return false;
    if (typeof claims.exp !== 'number' || !Number.isSafeInteger(claims.ep)) return false;
    const { sub, org, ep } = claims;
    // Loaded as the token's organization: a user of another organization is simply not found.
    return (await TenantContext.run(org, () => this.users.findActiveAuthUser(sub, org, ep as number))) ?? false;
  }
}
