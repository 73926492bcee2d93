import { createHmac } from 'node:crypto';
import { EgressError, type EgressGuard, type EgressResponse, sanitizeExcerpt } from '../../platform/src/index.js';
import { type BoardAnswer, RejectedDeliveryError, RetryableDeliveryError } from './postings.exception.js';

export const SIGNATURE_HEADER = 'X-Hireloop-Signature';
const TIMEOUT_MS = 5000;
/** Characters of a board's answer kept for admins. */
export const BOARD_EXCERPT_CHARS = 200;
/** What an external id may look like: a short token; anything else a board sends is dropped. */
const EXTERNAL_ID = /^[A-Za-z0-9][A-Za-z0-9._:-]{0,127}$/;

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
 * POSTs one signed event to a partner board through the egress guard. 2xx → delivered (an `id` in
 * the JSON answer that looks like a short token becomes the external id); 4xx, a redirect or a
 * refused address → rejected; 5xx, timeouts and network errors → retryable. Errors carry Hireloop's
 * own sentence; the board's status and a sanitized excerpt of its answer travel separately.
 */
export async function pushToPartner(
  egress: EgressGuard,
  url: string,
  secret: string,
  event: Record<string, unknown>,
  idempotencyKey: string,
): Promise<PushResult> {
  const body = JSON.stringify(event);
  let response: EgressResponse;
  try {
    response = await egress.request(url, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        [SIGNATURE_HEADER]: signBody(secret, body),
        'Idempotency-Key': idempotencyKey,
        'user-agent': 'Hireloop-Boards/1',
      },
      body,
      timeoutMs: TIMEOUT_MS,
    });
  } catch (error) {
    throw deliveryFailure(error);
  }
  const { status } = response;
  if (status >= 500 || status === 429 || status === 408) {
    throw new RetryableDeliveryError(`The board is unavailable (HTTP ${status}).`, boardAnswer(response));
  }
  if (status < 200 || status >= 300) {
    throw new RejectedDeliveryError(`The board rejected the posting (HTTP ${status}).`, boardAnswer(response));
  }
  return { status, externalId: response.truncated ? null : externalIdOf(response.body) };
}

function deliveryFailure(error: unknown): Error {
  if (!(error instanceof EgressError)) return new RetryableDeliveryError('The board could not be reached.');
  switch (error.kind) {
    case 'refused':
      return new RejectedDeliveryError("Not sent: the board's address points to a private or internal network, which Hireloop does not connect to.");
    case 'redirect':
      return new RejectedDeliveryError(
        `The board answered with a redirect (HTTP ${error.status}), which Hireloop does not follow; register the address it redirects to instead.`,
        { status: error.status!, excerpt: null },
      );
    case 'dns':
      return new RetryableDeliveryError("The board's host name could not be found.");
    case 'timeout':
      return new RetryableDeliveryError(`The board did not answer within ${TIMEOUT_MS / 1000} seconds.`);
    case 'network':
      return new RetryableDeliveryError(
        error.code && /^E[A-Z_]{1,40}$/.test(error.code) ? `The board could not be reached (${error.code}).` : 'The board could not be reached.',
      );
  }
}

/** The status and at most 200 sanitized characters: the board's `message`/`error`/`detail`/`title` when it sent JSON, else the text. */
function boardAnswer(response: EgressResponse): BoardAnswer {
  const text = response.body.toString('utf8');
  let message = text;
  try {
    const parsed = JSON.parse(text) as Record<string, unknown>;
    const key = ['message', 'error', 'detail', 'title'].find((k) => typeof parsed?.[k] === 'string');
    if (key) message = parsed[key] as string;
  } catch {
    // not JSON (or cut at the body cap): the raw text
  }
  return { status: response.status, excerpt: sanitizeExcerpt(message, BOARD_EXCERPT_CHARS) };
}

function externalIdOf(body: Buffer): string | null {
  try {
    const id = (JSON.parse(body.toString('utf8')) as { id?: unknown } | null)?.id;
    if (typeof id === 'number' && Number.isSafeInteger(id) && id >= 0) return String(id);
    if (typeof id === 'string' && EXTERNAL_ID.test(id)) return id;
  } catch {
    // a board may answer with an empty body
  }
  return null;
}
