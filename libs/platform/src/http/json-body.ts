import type { FastifyInstance, FastifyRequest } from 'fastify';
import { PlatformErrorCode, PlatformException } from '../errors/domain.exception.js';

/** Deepest nesting of objects and arrays a JSON body may have; no form of the API needs more than a few levels. */
export const MAX_JSON_DEPTH = 64;

/** `application/json` and every `application/…+json` type (problem+json, merge-patch+json, vnd.…+json). */
export const JSON_CONTENT_TYPES: Array<string | RegExp> = ['application/json', /^application\/[a-z0-9!#$&^_.-]+\+json(?:;|$)/];

const OPEN_OBJECT = 0x7b;
const OPEN_ARRAY = 0x5b;
const CLOSE_OBJECT = 0x7d;
const CLOSE_ARRAY = 0x5d;
const QUOTE = 0x22;
const BACKSLASH = 0x5c;

/**
 * The deepest nesting of `[` and `{` outside strings, in one linear pass over the bytes (UTF-8
 * continuation bytes are all ≥ 0x80, so they never look like brackets or quotes). Stops counting
 * once past `limit`. Malformed JSON is left to the parser to refuse.
 */
export function jsonDepth(body: Buffer, limit = Infinity): number {
  let depth = 0;
  let deepest = 0;
  let inString = false;
  for (let i = 0; i < body.length; i++) {
    const byte = body[i];
    if (inString) {
      if (byte === BACKSLASH) i++;
      else if (byte === QUOTE) inString = false;
    } else if (byte === QUOTE) {
      inString = true;
    } else if (byte === OPEN_OBJECT || byte === OPEN_ARRAY) {
      if (++depth > deepest) {
        deepest = depth;
        if (deepest > limit) return deepest;
      }
    } else if (byte === CLOSE_OBJECT || byte === CLOSE_ARRAY) {
      depth--;
    }
  }
  return deepest;
}

type Done = (error: Error | null, body?: unknown) => void;

/**
 * The JSON body parser: refuses a body nested deeper than {@link MAX_JSON_DEPTH} with a 400 before
 * parsing it (a deep body costs the parser and every later recursive walk: validation, logging),
 * then parses with Fastify's own parser, which keeps its `__proto__` / `constructor` poisoning
 * protection (secure-json-parse).
 */
export function depthCheckedJsonParser(fastify: FastifyInstance): (request: FastifyRequest, body: Buffer, done: Done) => void {
  const { onProtoPoisoning, onConstructorPoisoning } = fastify.initialConfig;
  const parse = fastify.getDefaultJsonParser(onProtoPoisoning ?? 'error', onConstructorPoisoning ?? 'error');
  return (request, body, done) => {
    if (jsonDepth(body, MAX_JSON_DEPTH) > MAX_JSON_DEPTH) {
      done(
        new PlatformException(PlatformErrorCode.BodyTooDeep, `The request body is nested more than ${MAX_JSON_DEPTH} levels deep.`, {
          errors: [{ field: 'body', message: `must not be nested more than ${MAX_JSON_DEPTH} levels deep` }],
        }),
      );
      return;
    }
    // Fastify's default JSON parser is the callback kind: it answers through `done`, never a promise.
    void parse(request, body.toString('utf8'), done);
  };
}
