import type { DeliveryDto, DeliveryStatus, WebhookDto } from './dto/webhook.dto.js';

/** A webhook_endpoints row as this module reads it. */
export interface EndpointRow {
  id: string;
  organization_id: string;
  url: string;
  events: string[];
  description: string | null;
  enabled: boolean;
  disabled_reason: 'gone' | 'failing' | null;
  secret: string;
  previous_secret: string | null;
  previous_secret_expires_at: Date | null;
  scopes: string[] | null;
  failing_since: Date | null;
  created_at: Date;
  updated_at: Date;
}

export const ENDPOINT_COLUMNS = `id, organization_id, url, events, description, enabled, disabled_reason, secret, previous_secret, previous_secret_expires_at,
  scopes, failing_since, created_at, updated_at`;

export function webhookDto(row: EndpointRow): WebhookDto {
  const overlap = row.previous_secret_expires_at && row.previous_secret_expires_at.getTime() > Date.now() ? row.previous_secret_expires_at : null;
  return {
    id: row.id,
    url: row.url,
    events: row.events,
    enabled: row.enabled,
    description: row.description,
    disabledReason: row.disabled_reason,
    previousSecretValidUntil: overlap?.toISOString() ?? null,
    createdAt: row.created_at.toISOString(),
    updatedAt: row.updated_at.toISOString(),
  };
}

/** The secrets that sign now: the current one, and the previous one during its 24 hours of overlap. */
export function signingSecrets(row: Pick<EndpointRow, 'secret' | 'previous_secret' | 'previous_secret_expires_at'>): string[] {
  const previous = row.previous_secret && row.previous_secret_expires_at && row.previous_secret_expires_at.getTime() > Date.now() ? [row.previous_secret] : [];
  return [row.secret, ...previous];
}

export interface DeliveryRow {
  id: string;
  organization_id: string;
  endpoint_id: string;
  event_id: string;
  event_type: string;
  aggregate_key: string;
  sequence: string;
  ordinal: string;
  status: DeliveryStatus;
  attempts: number;
  next_attempt_at: Date;
  last_attempt_at: Date | null;
  last_status_code: number | null;
  last_duration_ms: number | null;
  last_error: string | null;
  response_excerpt: string | null;
  created_at: Date;
  delivered_at: Date | null;
}

export function deliveryDto(row: DeliveryRow): DeliveryDto {
  return {
    id: row.id,
    eventId: row.event_id,
    eventType: row.event_type,
    status: row.status,
    attempts: row.attempts,
    lastStatusCode: row.last_status_code,
    lastDurationMs: row.last_duration_ms,
    lastError: row.last_error,
    responseExcerpt: row.response_excerpt,
    lastAttemptAt: row.last_attempt_at?.toISOString() ?? null,
    nextRetryAt: row.status === 'pending' ? row.next_attempt_at.toISOString() : null,
    deliveredAt: row.delivered_at?.toISOString() ?? null,
    createdAt: row.created_at.toISOString(),
  };
}
