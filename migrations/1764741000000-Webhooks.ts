import { MigrationInterface, QueryRunner } from 'typeorm';

const TENANT_POLICY = `(current_setting('hireloop.cross_tenant', true) = 'on' OR organization_id = NULLIF(current_setting('hireloop.organization_id', true), '')::uuid)`;
const TABLES = ['domain_event_sequences', 'webhook_endpoints', 'webhook_events', 'webhook_aggregate_cursors', 'webhook_deliveries'];

/**
 * Domain events and outgoing webhooks.
 * - platform: `domain_event_sequences`, the last sequence number of each aggregate (one row lock per aggregate
 *   numbers its events in commit order).
 * - webhooks: endpoints (signing secret, the previous one during a rotation), events kept 30 days for replay,
 *   the per-aggregate fan-out cursor (events are fanned out in sequence order), and the delivery log.
 */
export class Webhooks1764741000000 implements MigrationInterface {
  name = 'Webhooks1764741000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE domain_event_sequences (
      organization_id uuid NOT NULL REFERENCES organizations (id) ON DELETE CASCADE,
      aggregate_type text NOT NULL,
      aggregate_id text NOT NULL,
      last_sequence bigint NOT NULL,
      PRIMARY KEY (organization_id, aggregate_type, aggregate_id)
    )`);
    await q.query(`CREATE TABLE webhook_endpoints (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      organization_id uuid NOT NULL REFERENCES organizations (id) ON DELETE CASCADE,
      url text NOT NULL,
      events text[] NOT NULL,
      description text,
      enabled boolean NOT NULL DEFAULT true,
      disabled_reason text,
      secret text NOT NULL,
      previous_secret text,
      previous_secret_expires_at timestamptz,
      scopes text[],
      created_by uuid,
      created_by_api_key uuid,
      failing_since timestamptz,
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now(),
      UNIQUE (organization_id, id),
      FOREIGN KEY (organization_id, created_by) REFERENCES users (organization_id, id) ON DELETE SET NULL (created_by),
      FOREIGN KEY (organization_id, created_by_api_key) REFERENCES api_keys (organization_id, id) ON DELETE SET NULL (created_by_api_key)
    )`);
    await q.query(`CREATE INDEX webhook_endpoints_list_idx ON webhook_endpoints (organization_id, created_at DESC, id DESC)`);
    await q.query(`CREATE INDEX webhook_endpoints_created_by_idx ON webhook_endpoints (organization_id, created_by)`);
    await q.query(`CREATE INDEX webhook_endpoints_created_by_api_key_idx ON webhook_endpoints (organization_id, created_by_api_key)`);
    await q.query(`CREATE TABLE webhook_events (
      id text PRIMARY KEY,
      organization_id uuid NOT NULL REFERENCES organizations (id) ON DELETE CASCADE,
      type text NOT NULL,
      aggregate_type text NOT NULL,
      aggregate_id text NOT NULL,
      sequence bigint NOT NULL,
      occurred_at timestamptz NOT NULL,
      data jsonb NOT NULL,
      UNIQUE (organization_id, id)
    )`);
    await q.query(`CREATE INDEX webhook_events_window_idx ON webhook_events (organization_id, occurred_at, aggregate_type, aggregate_id, sequence)`);
    await q.query(`CREATE INDEX webhook_events_retention_idx ON webhook_events (occurred_at)`);
    await q.query(`CREATE TABLE webhook_aggregate_cursors (
      organization_id uuid NOT NULL REFERENCES organizations (id) ON DELETE CASCADE,
      aggregate_key text NOT NULL,
      last_sequence bigint NOT NULL,
      PRIMARY KEY (organization_id, aggregate_key)
    )`);
    await q.query(`CREATE TABLE webhook_deliveries (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      ordinal bigint GENERATED ALWAYS AS IDENTITY,
      organization_id uuid NOT NULL REFERENCES organizations (id) ON DELETE CASCADE,
      endpoint_id uuid NOT NULL,
      event_id text NOT NULL,
      event_type text NOT NULL,
      aggregate_key text NOT NULL,
      sequence bigint NOT NULL,
      status text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'delivered', 'failed')),
      attempts int NOT NULL DEFAULT 0,
      next_attempt_at timestamptz NOT NULL DEFAULT now(),
      last_attempt_at timestamptz,
      last_status_code int,
      last_duration_ms int,
      last_error text,
      response_excerpt text,
      created_at timestamptz NOT NULL DEFAULT now(),
      delivered_at timestamptz,
      UNIQUE (organization_id, id),
      FOREIGN KEY (organization_id, endpoint_id) REFERENCES webhook_endpoints (organization_id, id) ON DELETE CASCADE,
      FOREIGN KEY (organization_id, event_id) REFERENCES webhook_events (organization_id, id) ON DELETE CASCADE
    )`);
    await q.query(`CREATE INDEX webhook_deliveries_log_idx ON webhook_deliveries (organization_id, endpoint_id, created_at DESC, id DESC)`);
    await q.query(`CREATE INDEX webhook_deliveries_event_idx ON webhook_deliveries (organization_id, event_id)`);
    await q.query(`CREATE INDEX webhook_deliveries_order_idx ON webhook_deliveries (endpoint_id, aggregate_key, sequence, ordinal) WHERE status = 'pending'`);
    await q.query(`CREATE INDEX webhook_deliveries_due_idx ON webhook_deliveries (next_attempt_at) WHERE status = 'pending'`);
    await q.query(`CREATE INDEX webhook_deliveries_retention_idx ON webhook_deliveries (created_at)`);
    for (const table of TABLES) {
      await q.query(`ALTER TABLE ${table} ENABLE ROW LEVEL SECURITY`);
      await q.query(`ALTER TABLE ${table} FORCE ROW LEVEL SECURITY`);
      await q.query(`CREATE POLICY tenant_isolation ON ${table} USING ${TENANT_POLICY} WITH CHECK ${TENANT_POLICY}`);
    }
  }

  async down(q: QueryRunner): Promise<void> {
    for (const table of [...TABLES].reverse()) await q.query(`DROP TABLE ${table}`);
  }
}
