import { AsyncLocalStorage } from 'node:async_hooks';

/** What the database sees for the code running now: one organization, every organization, or (no context) none. */
export interface TenantScope {
  /** The organization whose rows the queries may read and write; null when none (or when cross-tenant). */
  readonly organizationId: string | null;
  /** True only inside `TenantContext.crossTenant(reason, ...)`. */
  readonly crossTenant: boolean;
  /** Why the code runs across organizations (for logs and review), when it does. */
  readonly reason?: string;
}

/** The store of one HTTP request: empty when the request starts, bound once to the actor's organization. */
class RequestScope implements TenantScope {
  organizationId: string | null = null;
  readonly crossTenant = false;
  /** The API key the request acts with, when it is one (the audit log names it). */
  apiKeyId: string | null = null;

  /** The request's id (`x-request-id`): every log line written while the request runs carries it. */
  constructor(readonly requestId: string | null) {}
}

const storage = new AsyncLocalStorage<TenantScope>();
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export class TenantContextError extends Error {}

/**
 * The organization the current code works for. Every query the app sends carries it (see TenantClient), and the
 * database's row-level security policies answer only that organization's rows: code that forgets its organization
 * filter reads and writes nothing of another organization's. Outside any context the policies answer no rows at all.
 *
 * Entry points set it: the auth guard for a signed-in request (the actor's organization), public routes for the
 * organization named in their path, the worker for its job's organization. `crossTenant` is the one escape hatch.
 */
export const TenantContext = {
  /** Runs `fn` (and everything it awaits) as the given organization. */
  run<T>(organizationId: string, fn: () => T): T {
    assertOrganizationId(organizationId);
    return storage.run({ organizationId, crossTenant: false }, fn);
  },

  /**
   * Runs `fn` across every organization: the policies let all rows through. Only for the few jobs that are
   * cross-tenant by nature (outbox relay, due-time sweeps, sign-in and registration lookups, an organization found
   * by its public slug, demo seeding). Say why in `reason`; `git grep crossTenant` lists them all.
   */
  crossTenant<T>(reason: string, fn: () => T): T {
    if (!reason.trim()) throw new TenantContextError('TenantContext.crossTenant needs a reason');
    return storage.run({ organizationId: null, crossTenant: true, reason }, fn);
  },

  /** The scope the current code runs in, or undefined outside any context (queries then see no tenant rows). */
  current(): TenantScope | undefined {
    return storage.getStore();
  },

  /** The current organization, or null (none, or cross-tenant). */
  organizationId(): string | null {
    return storage.getStore()?.organizationId ?? null;
  },

  /**
   * Runs `fn` (an HTTP request's whole handling) in a request scope that starts with no organization; `bindRequest`
   * later fills it once the request's organization is known (the auth guard, after it verified the token).
   */
  runRequest<T>(fn: () => T, requestId: string | null = null): T {
    return storage.run(new RequestScope(requestId), fn);
  },

  /** The id of the HTTP request the current code runs for, or null (a job, a test, start-up). */
  requestId(): string | null {
    const store = storage.getStore();
    return store instanceof RequestScope ? store.requestId : null;
  },

  /** The request scope created by `runRequest`, to re-enter it where the framework lost it (see registerTenantScope). */
  requestScope(): TenantScope | undefined {
    const store = storage.getStore();
    return store instanceof RequestScope ? store : undefined;
  },

  /**
   * Runs `fn` in exactly `scope` (as `current()` answered it; undefined = no context at all): for a callback that a
   * library calls from someone else's context, e.g. a pooled connection handed over when another query released it.
   */
  within<T>(scope: TenantScope | undefined, fn: () => T): T {
    if (storage.getStore() === scope) return fn();
    return scope ? storage.run(scope, fn) : storage.exit(fn);
  },

  /** Re-enters a request scope (the same object, so a later `bindRequest` is seen everywhere in the request). */
  enter<T>(scope: TenantScope, fn: () => T): T {
    return storage.run(scope, fn);
  },

  /**
   * Binds the current request to an organization, once. Refuses to rebind to another organization, and refuses
   * outside a request scope (a worker or a test uses `run`).
   */
  bindRequest(organizationId: string): void {
    assertOrganizationId(organizationId);
    const store = storage.getStore();
    if (!(store instanceof RequestScope)) throw new TenantContextError('bindRequest is only for an HTTP request scope (use TenantContext.run)');
    if (store.organizationId && store.organizationId !== organizationId) {
      throw new TenantContextError('This request is already bound to another organization');
    }
    store.organizationId = organizationId;
  },

  /** Records that the current request acts with this API key (after `bindRequest`); the audit log names it. */
  bindApiKey(apiKeyId: string): void {
    const store = storage.getStore();
    if (!(store instanceof RequestScope)) throw new TenantContextError('bindApiKey is only for an HTTP request scope');
    store.apiKeyId = apiKeyId;
  },

  /** The API key the current request acts with, or null (a person, a job, a test). */
  actingApiKeyId(): string | null {
    const store = storage.getStore();
    return store instanceof RequestScope ? store.apiKeyId : null;
  },
};

function assertOrganizationId(organizationId: string): void {
  if (typeof organizationId !== 'string' || !UUID.test(organizationId)) throw new TenantContextError('A tenant context needs an organization id (a UUID)');
}

/** True for a string the tenant context accepts as an organization id. */
export function isOrganizationId(value: unknown): value is string {
  return typeof value === 'string' && UUID.test(value);
}
