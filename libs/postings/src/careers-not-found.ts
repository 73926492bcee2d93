import type { FastifyReply } from 'fastify';
import { DomainException, ErrorKind } from '../../platform/src/index.js';
import { notFoundPage } from './render/careers-html.js';

/**
 * Content negotiation for the careers pages' errors: a visitor whose client accepts HTML (every
 * browser, and clients sending no Accept or `*\/*`) gets an HTML 404 page; a client asking only for
 * JSON or problem+json gets the usual problem document (the error is rethrown to the filter).
 */
export function prefersHtml(accept: string | undefined): boolean {
  if (!accept) return true;
  const types = accept.split(',').map((part) => {
    const [type, ...params] = part.trim().toLowerCase().split(';');
    const q = params.map((p) => p.trim()).find((p) => p.startsWith('q='));
    return { type: type.trim(), q: q ? Number(q.slice(2)) : 1 };
  });
  const quality = (match: (type: string) => boolean) => Math.max(0, ...types.filter((t) => match(t.type)).map((t) => t.q));
  const html = quality((t) => t === 'text/html' || t === 'text/*' || t === '*/*');
  const json = quality((t) => t === 'application/json' || t === 'application/problem+json' || t.endsWith('+json'));
  return html > 0 && html >= json;
}

/** Answers a careers page's 404 as an HTML page when the client prefers HTML (resolves null); rethrows otherwise. */
export async function htmlNotFound(error: unknown, accept: string | undefined, reply: FastifyReply): Promise<null> {
  if (!(error instanceof DomainException) || error.kind !== ErrorKind.NotFound || !prefersHtml(accept)) throw error;
  await reply.status(404).header('content-type', 'text/html; charset=utf-8').header('vary', 'Accept').send(notFoundPage());
  return null;
}
