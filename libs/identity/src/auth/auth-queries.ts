import { AuthUser } from './auth-user.js';
import { Role } from '../role.js';

/**
 * The one query that authenticates a request: the token's user, only while active, only in the token's organization
 * and only for the token's epoch. It selects every column `GET /v1/me` shows, so that route answers from what the guard
 * loaded. Exported for the benches, whose baseline runs this very SQL.
 */
export const AUTH_USER_SQL = `SELECT id, organization_id, email, name, roles, active, must_change_password, email_confirmed_at, version, created_at, updated_at
  FROM users WHERE id = $1 AND organization_id = $2 AND active AND token_epoch = $3`;

/** The organization as `GET /v1/me` shows it. */
export const ORGANIZATION_SUMMARY_SQL = `SELECT id, name, slug, created_at FROM organizations WHERE id = $1`;

export interface AuthUserRow {
  id: string;
  organization_id: string;
  email: string;
  name: string;
  roles: Role[];
  active: boolean;
  must_change_password: boolean;
  email_confirmed_at: Date | null;
  version: number;
  created_at: Date;
  updated_at: Date;
}

export interface OrganizationSummaryRow {
  id: string;
  name: string;
  slug: string;
  created_at: Date;
}

/** The full row the guard loaded for an AuthUser, kept beside it for the rest of its request (no second read). */
const loadedRows = new WeakMap<AuthUser, AuthUserRow>();

export function authUserFromRow(row: AuthUserRow): AuthUser {
  const user: AuthUser = {
    id: row.id,
    organizationId: row.organization_id,
    email: row.email,
    name: row.name,
    roles: row.roles,
    mustChangePassword: row.must_change_password,
  };
  loadedRows.set(user, row);
  return user;
}

/** The users row loaded when this actor was authenticated, if it was (undefined for an AuthUser built elsewhere). */
export function loadedUserRow(actor: AuthUser): AuthUserRow | undefined {
  return loadedRows.get(actor);
}

/** Names of the organization's users ($1 = organization, $2 = ids), for lists that show who. */
export const USER_NAMES_SQL = `SELECT id, name FROM users WHERE organization_id = $1 AND id = ANY($2::uuid[])`;
