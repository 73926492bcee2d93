import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { depthCheckedJsonParser, JSON_CONTENT_TYPES } from './json-body.js';
import { rejectUnsafeText } from './unsafe-text.js';

/**
 * What every request goes through before validation: JSON bodies (and `+json` types) are refused
 * past 64 levels of nesting before they are parsed, and text that cannot be stored (NUL, lone
 * surrogates, malformed UTF-8 in the query) is a 400 naming the field, in the body, the query
 * and the path parameters. Call before `app.init()`.
 */
export function registerInputGuards(app: NestFastifyApplication): void {
  const fastify = app.getHttpAdapter().getInstance();
  const parser = depthCheckedJsonParser(fastify);
  for (const type of JSON_CONTENT_TYPES) app.useBodyParser(type, { bodyLimit: fastify.initialConfig.bodyLimit }, parser);
  fastify.addHook('preValidation', rejectUnsafeText);
}
