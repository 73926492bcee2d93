import { Role } from '../role.js';

/** The signed-in user as every service sees it: who acts, in which organization, with which roles. */
export interface AuthUser {
  id: string;
  organizationId: string;
  email: string;
  name: string;
  roles: Role[];
}

export function hasRole(user: AuthUser, ...roles: Role[]): boolean {
  return roles.some((role) => user.roles.includes(role));
}

export interface AccessTokenClaims {
  sub: string;
  org: string;
}
