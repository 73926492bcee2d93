import { randomBytes } from 'node:crypto';
import { TransactionHost } from '@nestjs-cls/transactional';
import type { TransactionalAdapterTypeOrm } from '@nestjs-cls/transactional-adapter-typeorm';
import { TenantContext } from '../../libs/platform/src/index.js';
import type { TestApp } from './app.js';

export const TEST_PASSWORD = 'correct-horse-battery';

export function unique(prefix = 'x'): string {
  return `${prefix}${Date.now().toString(36)}${randomBytes(3).toString('hex')}`;
}

export interface TestUser {
  id: string;
  email: string;
  token: string;
  roles: string[];
  organizationId: string;
}

export interface TestOrg {
  id: string;
  slug: string;
  name: string;
  admin: TestUser;
}

/**
 * A new organization and its admin, through the public registration endpoint. The admin's email address counts as
 * confirmed (set in the app's own unit of work, as if the emailed link had been opened) so tests can add people at
 * once; `confirmed: false` keeps it unconfirmed. test/e2e/account-emails.e2e.spec.ts confirms through the real email.
 */
export async function makeOrg(t: TestApp, overrides: Partial<{ slug: string; name: string; confirmed: boolean }> = {}): Promise<TestOrg> {
  const slug = overrides.slug ?? unique('org-');
  const email = `${unique('admin')}@example.test`;
  const res = await t
    .http()
    .post('/v1/auth/register')
    .send({ organizationName: overrides.name ?? `Org ${slug}`, organizationSlug: slug, name: 'Org Admin', email, password: TEST_PASSWORD });
  if (res.status !== 201) throw new Error(`makeOrg failed: ${res.status} ${JSON.stringify(res.body)}`);
  if (overrides.confirmed !== false) await confirmEmailOf(t, res.body.organization.id, res.body.user.id);
  return {
    id: res.body.organization.id,
    slug,
    name: res.body.organization.name,
    admin: { id: res.body.user.id, email, token: res.body.accessToken, roles: ['admin'], organizationId: res.body.organization.id },
  };
}

/** Marks a user's email address confirmed (a fixture: what opening the confirmation link does). */
export async function confirmEmailOf(t: TestApp, organizationId: string, userId: string): Promise<void> {
  const txHost = t.app.get<TransactionHost<TransactionalAdapterTypeOrm>>(TransactionHost);
  await TenantContext.run(organizationId, () =>
    txHost.withTransaction(async () => {
      await txHost.tx.query(`UPDATE users SET email_confirmed_at = now() WHERE organization_id = $1 AND id = $2 AND email_confirmed_at IS NULL`, [
        organizationId,
        userId,
      ]);
      await txHost.tx.query(
        `UPDATE account_tokens SET used_at = now() WHERE organization_id = $1 AND user_id = $2 AND purpose = 'email_confirmation' AND used_at IS NULL`,
        [organizationId, userId],
      );
    }),
  );
}

/** A user of the organization with the given roles, signed in. */
export async function makeUser(t: TestApp, org: TestOrg, roles: string[], name = 'Test User'): Promise<TestUser> {
  const email = `${unique(roles[0]?.replace('_', '') ?? 'user')}@example.test`;
  const created = await t.http().post('/v1/users').set('authorization', `Bearer ${org.admin.token}`).send({ email, name, password: TEST_PASSWORD, roles });
  if (created.status !== 201) throw new Error(`makeUser failed: ${created.status} ${JSON.stringify(created.body)}`);
  const login = await t.http().post('/v1/auth/login').send({ email, password: TEST_PASSWORD });
  if (login.status !== 200) throw new Error(`login failed: ${login.status}`);
  return { id: created.body.id, email, token: login.body.accessToken, roles, organizationId: org.id };
}

export const bearer = (user: { token: string }) => ({ authorization: `Bearer ${user.token}` });
