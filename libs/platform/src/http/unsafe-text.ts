import type { FastifyReply, FastifyRequest, HookHandlerDoneFunction } from 'fastify';
import { FieldError, PlatformErrorCode, PlatformException } from '../errors/domain.exception.js';

export const UNSAFE_TEXT_MESSAGE = 'contains a character that cannot be stored (a NUL character or a broken Unicode sequence)';

const NUL_OR_SURROGATE = /[\0\ud800-\udfff]/;

/**
 * A NUL character (PostgreSQL text cannot hold it) or a UTF-16 surrogate without its pair (not a
 * character at all: it cannot be encoded as UTF-8). One pass, no backtracking.
 */
export function isUnsafeText(value: string): boolean {
  if (!NUL_OR_SURROGATE.test(value)) return false;
  for (let i = 0; i < value.length; i++) {
    const code = value.charCodeAt(i);
    if (code === 0 || (code >= 0xdc00 && code <= 0xdfff)) return true;
    if (code >= 0xd800 && code <= 0xdbff) {
      const next = value.charCodeAt(i + 1);
      if (!(next >= 0xdc00 && next <= 0xdfff)) return true;
      i++;
    }
  }
  return false;
}

/** A key as it may appear in a field path: its unsafe characters replaced, so the path itself is printable. */
function printable(key: string): string {
  return key.replace(/\0|[\ud800-\udfff]/g, '\ufffd');
}

/**
 * Field paths (`name`, `salary.min`, `interviewerIds.2`) of every string, and every object key,
 * in `value` that holds unsafe text (binary bodies, e.g. Buffers, are not text and are skipped). Walks iteratively: a parsed JSON body is at most 64 levels
 * deep, but nothing here relies on it.
 */
export function findUnsafeText(value: unknown, root = ''): FieldError[] {
  const errors: FieldError[] = [];
  const stack: Array<[unknown, string]> = [[value, root]];
  while (stack.length > 0 && errors.length < 20) {
    const [current, path] = stack.pop()!;
    if (typeof current === 'string') {
      if (isUnsafeText(current)) errors.push({ field: path || 'body', message: UNSAFE_TEXT_MESSAGE });
    } else if (current !== null && typeof current === 'object' && !ArrayBuffer.isView(current)) {
      const entries = Array.isArray(current)
        ? (current as unknown[]).map((v, i) => [String(i), v] as const)
        : Object.entries(current as Record<string, unknown>);
      for (let i = entries.length - 1; i >= 0; i--) {
        const [key, child] = entries[i];
        const childPath = path ? `${path}.${printable(key)}` : printable(key);
        if (isUnsafeText(key)) errors.push({ field: childPath, message: UNSAFE_TEXT_MESSAGE });
        else stack.push([child, childPath]);
      }
    }
  }
  return errors;
}

export function unsafeTextException(errors: FieldError[]): PlatformException {
  return new PlatformException(
    PlatformErrorCode.InvalidRequest,
    'Some fields contain a character that cannot be stored (a NUL character or a broken Unicode sequence).',
    { errors },
  );
}

/** Throws a 400 naming each field of `value` that holds unsafe text (e.g. the text fields of a multipart body). */
export function assertSafeText(value: unknown, root = ''): void {
  const errors = findUnsafeText(value, root);
  if (errors.length) throw unsafeTextException(errors);
}

/**
 * The raw query string's fields whose percent-encoding is not UTF-8 (`%ED%A0%80` is a lone
 * surrogate, `%FF` no character): the query parser would silently turn them into something
 * else, so they are refused by name instead.
 */
export function findMalformedQuery(url: string): FieldError[] {
  const at = url.indexOf('?');
  if (at < 0) return [];
  const errors: FieldError[] = [];
  for (const pair of url.slice(at + 1).split('&')) {
    if (!pair) continue;
    const eq = pair.indexOf('=');
    const rawKey = eq < 0 ? pair : pair.slice(0, eq);
    const rawValue = eq < 0 ? '' : pair.slice(eq + 1);
    const key = strictDecode(rawKey);
    if (key === null || strictDecode(rawValue) === null) {
      errors.push({ field: key ?? printable(lenientDecode(rawKey)), message: 'is not valid UTF-8 percent-encoding' });
    }
  }
  return errors;
}

function strictDecode(raw: string): string | null {
  try {
    return decodeURIComponent(raw.replace(/\+/g, ' '));
  } catch {
    return null;
  }
}

function lenientDecode(raw: string): string {
  return unescape(raw.replace(/\+/g, ' '));
}

/**
 * Fastify `preValidation` hook, the one place every request's text is checked before any DTO
 * validation or handler: the parsed body (JSON, urlencoded, plain text), the query string and
 * the path parameters. Unsafe text is a 400 naming the field, never a database error.
 */
export function rejectUnsafeText(request: FastifyRequest, _reply: FastifyReply, done: HookHandlerDoneFunction): void {
  const errors = [
    ...findMalformedQuery(request.raw.url ?? request.url),
    ...findUnsafeText(request.query),
    ...findUnsafeText(request.params),
    ...findUnsafeText(request.body),
  ];
  done(errors.length ? unsafeTextException(dedupe(errors)) : undefined);
}

function dedupe(errors: FieldError[]): FieldError[] {
  const seen = new Set<string>();
  return errors.filter((e) => (seen.has(e.field) ? false : (seen.add(e.field), true)));
}
