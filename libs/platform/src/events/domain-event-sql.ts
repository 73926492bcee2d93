/**
 * A timestamptz as JavaScript's `Date#toISOString()` writes it (UTC, milliseconds, `Z`), for JSON that Postgres
 * builds itself and that must read the same as JSON written by Node (event payloads, DTOs built in SQL).
 */
export const isoTimestampSql = (expression: string): string => `to_char((${expression}) AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;

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
           'occurredAt', ${isoTimestampSql('t.occurred_at')},
           'sequence', t.last_sequence, 'data', $7::jsonb)
    FROM taken t`;

/**
 * Many events of one type, one organization and one aggregate type, whose data Postgres selects itself: `source` is
 * a SELECT with parameters from $1 giving one row per event, `aggregate_id` (text, distinct), `data` (jsonb: the
 * resource as its GET returns it) and `ord` (the order to announce them in). Each takes its aggregate's next
 * sequence and becomes one outbox row, as `PUBLISH_DOMAIN_EVENT_SQL` does for one; the parameters after the
 * source's are: organization, aggregate type, job name, queue, event type.
 */
export function publishSelectedDomainEventsSql(source: string, sourceParams: number): string {
  const [org, aggregateType, jobName, queue, eventType] = [1, 2, 3, 4, 5].map((n) => `$${sourceParams + n}`);
  return `WITH source AS (${source}),
  taken AS (
    INSERT INTO domain_event_sequences (organization_id, aggregate_type, aggregate_id, last_sequence)
    SELECT ${org}::uuid, ${aggregateType}::text, s.aggregate_id, 1 FROM source s ORDER BY s.aggregate_id
    ON CONFLICT (organization_id, aggregate_type, aggregate_id) DO UPDATE SET last_sequence = domain_event_sequences.last_sequence + 1
    RETURNING aggregate_id, last_sequence, clock_timestamp() AS occurred_at)
  INSERT INTO outbox_events (organization_id, aggregate_type, aggregate_id, event_type, queue, payload)
  SELECT ${org}::uuid, ${aggregateType}::text, s.aggregate_id, ${jobName}::text, ${queue}::text, jsonb_build_object('type', ${eventType}::text,
           'occurredAt', ${isoTimestampSql('t.occurred_at')}, 'sequence', t.last_sequence, 'data', s.data)
    FROM source s JOIN taken t ON t.aggregate_id = s.aggregate_id ORDER BY s.ord`;
}
