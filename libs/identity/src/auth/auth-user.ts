import type { ApiScope } from '../api-keys/api-scopes.js';
import { Role } from '../role.js';

/** The signed-in user as every service sees it: who acts, in which organization, with which roles. */
export interface AuthUser {
  id: string;
  organizationId: string;
  email: string;
  name: string;
  roles: Role[];
  /** Signed in with a one-time password: only the password change (and `me`) is open until they choose their own. */
  mustChangePassword?: boolean;
  /** Set when an API key acts (for its creator, with the admin role bounded by `scopes`). */
  apiKeyId?: string;
  /** The key's scopes; absent for a signed-in person. */
  scopes?: ApiScope[];
}

/** Whether the actor may do what `scope` covers: a person always (their roles decide), a key only when it holds it. */
export function holdsScope(user: AuthUser, scope: ApiScope): boolean {
  return user.apiKeyId === undefined || (user.scopes ?? []).includes(scope);
}

export function hasRole(user: AuthUser, ...roles: Role[]): boolean {
  return roles.some((role) => user.roles.includes(role));
}

export interface AccessTokenClaims {
  sub: string;
  org: string;
  /** The user's token epoch when the token was minted; the token dies when the epoch moves on. */
  ep: number;
}

/** What a verified token holds: the claims we mint plus the registered ones the signer adds. */
export interface VerifiedAccessToken extends Partial<AccessTokenClaims> {
  exp?: unknown;
}
