import pg from 'pg';
import { TenantContext, TenantScope } from './tenant-context.js';

/** The role the app works as (created by the RowLevelSecurity migration): neither a superuser nor a table owner, so every policy applies to it. */
export const APP_ROLE = 'hireloop_app';

/** The statement that hands the current tenant context to the connection (session settings read by the policies). */
export const APPLY_TENANT_CONTEXT = "SELECT set_config('hireloop.organization_id', $1, false), set_config('hireloop.cross_tenant', $2, false)";

type QueryCallback = (error: Error | null, result?: { command?: string }) => void;
type RawQuery = (this: pg.Client, config: unknown, values?: unknown, callback?: unknown) => unknown;
/** pg's own query(), called with the connection as `this`. */
const baseQuery = Reflect.get(pg.Client.prototype, 'query') as RawQuery;

const keyOf = (scope: TenantScope | undefined): string => (scope?.crossTenant ? 'cross' : `org:${scope?.organizationId ?? ''}`);

/** ROLLBACK, ROLLBACK TO SAVEPOINT and ABORT undo the settings made since; COMMIT of a failed transaction answers ROLLBACK. */
const ENDS_TRANSACTION = /^\s*(rollback|abort|commit|end)\b/i;
const UNDOES_SETTINGS = /^\s*(rollback|abort)\b/i;

/**
 * A pg connection that sends the current tenant context (TenantContext) ahead of any query when the context differs
 * from the one it last sent, and the query once the settings are in place (one extra round trip, only when the
 * connection changes organization). No context sends "no organization": the policies then answer no tenant rows, so
 * a query run outside any context fails closed.
 *
 * The settings are session-level (`set_config(..., false)`): they survive COMMIT and are cheap to keep while the same
 * organization keeps using the connection, and a rolled-back transaction (or savepoint) reverts them, so the
 * connection forgets what it sent after a ROLLBACK, after a failed COMMIT and after any error.
 */
export class TenantClient extends pg.Client {
  /** The context the session holds, as far as this connection knows; undefined = unknown, send it again. */
  tenantApplied: string | undefined;
  /** The last query handed to this connection (the next one is sent after it settles), while `pending` > 0. */
  queryTail: Promise<unknown> | undefined;
  /** Queries handed to this connection and not answered yet. */
  pending = 0;
  /** Settles `queryTail` when the callback query in flight is answered (set only once another query waits for it). */
  afterCallbackQuery: (() => void) | undefined;

  constructor(config?: string | pg.ClientConfig) {
    super(config);
    // pg reports a lost connection as an 'error' event, which kills the process when nobody listens: between a query
    // and its release (the pool listens only while the connection is idle) nobody else does. The query in flight is
    // failed by pg itself and the pool drops a connection that can no longer be queried when it comes back.
    this.on('error', () => this.forgetTenant());
  }

  forgetTenant(): void {
    this.tenantApplied = undefined;
  }
}

/**
 * One query at a time per connection, in the order they were asked for. Queries of one transaction can be asked for
 * side by side (`Promise.all` on the transaction's connection): pg used to queue them itself, which it deprecates
 * (gone in pg 9), so they wait here instead. An idle connection sends at once, as before, and a query answered counts
 * itself out where its answer is handled (no promise of its own per query: this is every query's path). A query asked
 * for with a callback is sent like the others and its answer handed to the callback. Submittables (cursors, streams;
 * the app uses none) are handed to pg as they come: when they finish is theirs to say.
 */
function orderedQuery(this: TenantClient, config: unknown, values?: unknown, callback?: unknown): unknown {
  if (isSubmittable(config)) return tenantQuery.call(this, config, values, callback);
  const done = (typeof values === 'function' ? values : callback) as QueryCallback | undefined;
  const params = typeof values === 'function' ? undefined : values;
  if (done && this.pending === 0 && this.tenantApplied === keyOf(TenantContext.current()) && !ENDS_TRANSACTION.test(queryText(config) ?? '')) {
    // The common case (a pooled read or write outside a transaction): an idle connection whose session already holds
    // the current context. Sent at once with pg's callback, no promise of its own (each costs, see DEVELOPING.md).
    this.pending = 1;
    try {
      baseQuery.call(this, config, params, (error: Error | null, result?: { command?: string }) => {
        if (error) this.forgetTenant();
        const next = this.afterCallbackQuery;
        this.afterCallbackQuery = undefined;
        answeredOne(this);
        next?.();
        done(error, result);
      });
    } catch (error) {
      answeredOne(this); // pg refused the arguments before sending anything
      throw error;
    }
    return undefined;
  }
  // A query asked for while a callback query (above) runs waits for its answer like any other.
  if (this.pending > 0 && !this.queryTail) this.queryTail = new Promise<void>((resolve) => (this.afterCallbackQuery = resolve));
  const ask = () => {
    try {
      return tenantQuery.call(this, config, params) as Promise<{ command?: string }>;
    } catch (error) {
      answeredOne(this); // pg refused the arguments before sending anything
      throw error;
    }
  };
  const answered = this.pending++ > 0 && this.queryTail ? this.queryTail.then(ask, ask) : ask();
  this.queryTail = answered;
  if (!done) return answered;
  answered.then(
    (result) => done(null, result),
    (error: unknown) => done(error instanceof Error ? error : new Error(String(error))),
  );
  return undefined;
}

/** A query of the promise form is answered (or failed): its turn on the connection is over (see orderedQuery). */
function answeredOne(client: TenantClient): void {
  if (--client.pending === 0) client.queryTail = undefined;
}

/** A query (promise form) or a submittable, sent once the connection's session holds the current tenant context. */
function tenantQuery(this: TenantClient, config: unknown, values?: unknown, callback?: unknown): unknown {
  const scope = TenantContext.current();
  const key = keyOf(scope);
  // Ending a transaction reads no tenant rows, and must go through even in a failed transaction, where a setting
  // would itself fail: sent as it is.
  if (this.tenantApplied === key || ENDS_TRANSACTION.test(queryText(config) ?? '')) return send.call(this, config, values, callback);
  // The session holds another context (or none we know of): set it first, then send the query once it is in place.
  // Never both at once: a query issued while another runs on the same connection is deprecated in pg (gone in pg 9),
  // and a failed setting must not let the query run under the context the session held before.
  this.tenantApplied = key;
  const applied = baseQuery.call(this, APPLY_TENANT_CONTEXT, [scope?.organizationId ?? '', scope?.crossTenant ? 'on' : 'off']) as Promise<unknown>;
  const refused = (error: unknown): Error => {
    this.forgetTenant();
    return error instanceof Error ? error : new Error(String(error));
  };
  if (isSubmittable(config)) {
    applied.then(
      () => send.call(this, config, values, callback),
      (error: unknown) => (config as { emit?: (event: string, error: Error) => void }).emit?.('error', refused(error)),
    );
    return config;
  }
  return applied.then(
    () => {
      try {
        return send.call(this, config, values);
      } catch (error) {
        answeredOne(this); // pg refused the arguments before sending anything
        throw error;
      }
    },
    (error: unknown) => {
      answeredOne(this);
      throw refused(error);
    },
  );
}

function isSubmittable(config: unknown): boolean {
  return typeof config === 'object' && config !== null && typeof (config as { submit?: unknown }).submit === 'function';
}

function queryText(config: unknown): string | undefined {
  const text = typeof config === 'string' ? config : (config as { text?: unknown } | null)?.text;
  return typeof text === 'string' ? text : undefined;
}

/** Sends a query on a connection whose session holds the current context, keeping track of what undoes it. */
function send(this: TenantClient, config: unknown, values?: unknown, callback?: unknown): unknown {
  const text = queryText(config);
  const endsTransaction = typeof text === 'string' && ENDS_TRANSACTION.test(text);
  if (endsTransaction && UNDOES_SETTINGS.test(text)) this.tenantApplied = undefined;
  if (isSubmittable(config)) {
    // A submittable (query stream, cursor): pg reports its errors on the object itself.
    return baseQuery.call(this, config, values, callback);
  }
  const result = baseQuery.call(this, config, values) as Promise<{ command?: string }>;
  return result.then(
    (answer) => {
      answeredOne(this);
      if (endsTransaction && answer?.command === 'ROLLBACK') this.forgetTenant();
      return answer;
    },
    (error: unknown) => {
      answeredOne(this);
      this.forgetTenant();
      throw error;
    },
  );
}

TenantClient.prototype.query = orderedQuery as unknown as typeof pg.Client.prototype.query;

/**
 * pg-pool options (TypeORM's `extra`) for the app's connections: each connection works as APP_ROLE (so a superuser
 * or the tables' owner in DATABASE_URL is subject to the policies too) and carries the tenant context.
 */
export function tenantPoolOptions(): { Client: typeof TenantClient; onConnect: (client: pg.ClientBase) => Promise<void> } {
  return {
    Client: TenantClient,
    onConnect: async (client) => {
      await client.query(`SET ROLE ${APP_ROLE}`);
    },
  };
}
