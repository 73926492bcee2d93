/**
 * One event in one statement (one round trip on every write path that announces a change): the aggregate's next
 * sequence (a row lock per aggregate until the transaction ends) and the outbox row of its `webhooks.fan-out` job,
 * whose payload is the `DomainEventPayload` (`occurredAt` as JavaScript's `toISOString()` writes it, milliseconds
 * and `Z`). Parameters: organization, aggregate type, aggregate id, job name, queue, event type, data (JSON).
 */
export const PUBLISH_DOMAIN_EVENT_SQL = `WITH taken AS (
    INSERT INTO domain_event_sequences (organization_id, aggregate_type, aggregate_id, last_sequence) VALUES ($1, $2, $3, 1)
    ON CONFLICT (organization_id, aggregate_type, aggregate_id) DO UPDATE SET last_sequence = domain_event_sequences.last_sequence + 1
    RETURNING last_sequence, clock_timestamp() AS occurred_at)
  INSERT INTO outbox_events (organization_id, aggregate_type, aggregate_id, event_type, queue, payload)
  SELECT $1, $2, $3, $4, $5, jsonb_build_object('type', $6::text,
           'occurredAt', to_char(t.occurred_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'),
           'sequence', t.last_sequence, 'data', $7::jsonb)
    FROM taken t`;
