import { createHmac } from 'node:crypto';
import { RejectedDeliveryError, RetryableDeliveryError } from './postings.exception.js';

export const SIGNATURE_HEADER = 'X-Hireloop-Signature';
const TIMEOUT_MS = 5000;

/** `t=<unix>,v1=<hex HMAC-SHA256 of "t.body">` — the receiver recomputes it and checks the timestamp. */
export function signBody(secret: string, body: string, timestamp = Math.floor(Date.now() / 1000)): string {
  const v1 = createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex');
  return `t=${timestamp},v1=${v1}`;
}

export interface PushResult {
  status: number;
  externalId: string | null;
}

/**
 * POSTs one signed event to a partner board. 2xx → delivered (an `id` in the JSON answer becomes
 * the external id); 4xx → rejected with the board's message; 5xx, timeouts and network errors → retryable.
 */
export async function pushToPartner(url: string, secret: string, event: Record<string, unknown>, idempotencyKey: string): Promise<PushResult> {
  const body = JSON.stringify(event);
  let response: Response;
  try {
    response = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', [SIGNATURE_HEADER]: signBody(secret, body), 'Idempotency-Key': idempotencyKey, 'user-agent': 'Hireloop-Boards/1' },
      body,
      signal: AbortSignal.timeout(TIMEOUT_MS),
      redirect: 'error',
    });
  } catch (error) {
    throw new RetryableDeliveryError(`Board unreachable: ${error instanceof Error ? error.message : String(error)}`);
  }
  const text = (await response.text().catch(() => '')).slice(0, 2000);
  if (response.status >= 500 || response.status === 429 || response.status === 408) {
    throw new RetryableDeliveryError(`Board answered ${response.status}: ${text.slice(0, 300)}`);
  }
  if (response.status >= 400 || response.status < 200 || response.status >= 300) {
    throw new RejectedDeliveryError(`Board rejected the posting (${response.status}): ${boardMessage(text)}`);
  }
  let externalId: string | null = null;
  try {
    const parsed = JSON.parse(text) as { id?: unknown };
    if (parsed && (typeof parsed.id === 'string' || typeof parsed.id === 'number')) externalId = String(parsed.id);
  } catch {
    // a board may answer with an empty body
  }
  return { status: response.status, externalId };
}

function boardMessage(text: string): string {
  try {
    const parsed = JSON.parse(text) as Record<string, unknown>;
    for (const key of ['message', 'error', 'detail', 'title']) if (typeof parsed[key] === 'string') return (parsed[key] as string).slice(0, 500);
  } catch {
    // not JSON
  }
  return text.slice(0, 500) || 'no message';
}
