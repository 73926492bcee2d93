import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A delivery attempt holds a lease on its delivery instead of a transaction across the HTTP request: it claims the
 * delivery in one short transaction (`lease_token`, `locked_until`), sends, then records the outcome in another one
 * guarded by its token. A worker killed mid-request leaves the delivery pending; once the lease runs out it is sent
 * again (same webhook-id).
 */
export class WebhookDeliveryLeases1764830000000 implements MigrationInterface {
  name = 'WebhookDeliveryLeases1764830000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE webhook_deliveries ADD COLUMN lease_token uuid, ADD COLUMN locked_until timestamptz`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE webhook_deliveries DROP COLUMN lease_token, DROP COLUMN locked_until`);
  }
}
