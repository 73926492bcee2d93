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
