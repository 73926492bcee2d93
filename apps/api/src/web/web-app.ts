import fastifyStatic from '@fastify/static';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { FastifyReply } from 'fastify';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Logger } from '@nestjs/common';

export const WEB_APP_PREFIX = '/app';

/** apps/web/dist, found from this file whether it runs compiled (dist/apps/api/src/web) or from source (tests). */
export function findWebDist(from = dirname(fileURLToPath(import.meta.url))): string | null {
  let dir = from;
  for (let i = 0; i < 8; i += 1) {
    const candidate = join(dir, 'apps', 'web', 'dist');
    if (existsSync(join(candidate, 'index.html'))) return candidate;
    const parent = resolve(dir, '..');
    if (parent === dir) break;
    dir = parent;
  }
  return null;
}

/** The meta tag through which the shell tells the sign-in page the demo sign-in (only where the demo organization loads). */
export const DEMO_SIGN_IN_META = 'hireloop-demo-sign-in';
/** The meta tag through which the shell tells the signed-out pages that this server takes no new organizations. */
export const REGISTRATION_META = 'hireloop-registration';

/** index.html with these meta tags before `</head>` (their contents attribute-escaped). */
export function withShellMeta(html: string, tags: Record<string, string>): string {
  const escape = (text: string) => text.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
  const meta = Object.entries(tags)
    .map(([name, content]) => `<meta name="${name}" content="${escape(content)}">`)
    .join('');
  return meta ? html.replace('</head>', `${meta}</head>`) : html;
}

/** What the server tells the web app through its shell: the demo sign-in (development only), a closed registration. */
export interface ShellFacts {
  demoSignIn?: string;
  registrationClosed?: boolean;
}

function shellTags(facts: ShellFacts): Record<string, string> {
  return {
    ...(facts.demoSignIn ? { [DEMO_SIGN_IN_META]: facts.demoSignIn } : {}),
    ...(facts.registrationClosed ? { [REGISTRATION_META]: 'closed' } : {}),
  };
}

/**
 * Serves the web app (apps/web, built by Vite) at /app on the API's own origin: hashed assets with a long cache,
 * and index.html for every other path under /app so the client-side router can take it (SPA fallback).
 * Helmet's CSP applies as to every response; the built app has no inline script. The server's facts for the signed-out
 * pages go into the shell as meta tags: the demo sign-in (development with the demo organization only, shown on the
 * sign-in page and nowhere else) and a closed registration (the sign-up link and form give way to a sentence).
 */
export async function registerWebApp(app: NestFastifyApplication, root = findWebDist(), facts: ShellFacts = {}): Promise<void> {
  const logger = new Logger('WebApp');
  const fastify = app.getHttpAdapter().getInstance();
  if (!root) {
    logger.warn('apps/web/dist not found (run `npm run build`); /app is not served');
    return;
  }
  // serve: false — only reply.sendFile from this root; the one route below decides what each path gets.
  await fastify.register(fastifyStatic, { root, serve: false, decorateReply: true });
  const tags = shellTags(facts);
  const shell = Object.keys(tags).length ? withShellMeta(readFileSync(join(root, 'index.html'), 'utf8'), tags) : null;
  const sendIndex = (reply: FastifyReply) => {
    reply.header('cache-control', 'no-cache');
    return shell ? reply.type('text/html; charset=utf-8').send(shell) : reply.sendFile('index.html', { cacheControl: false });
  };
  fastify.get(WEB_APP_PREFIX, (_request, reply) => reply.redirect(`${WEB_APP_PREFIX}/`, 302));
  fastify.get(`${WEB_APP_PREFIX}/*`, (request, reply) => {
    const path = (request.params as { '*': string })['*'] ?? '';
    // Real files (assets, favicon) are sent as they are; a missing asset is a 404, not the HTML shell.
    if (path.startsWith('assets/') || /\.[a-z0-9]+$/i.test(path)) {
      const file = resolve(root, path);
      if (file.startsWith(root) && existsSync(file)) {
        reply.header('cache-control', path.startsWith('assets/') ? 'public, max-age=31536000, immutable' : 'no-cache');
        return reply.sendFile(path, { cacheControl: false });
      }
      return reply
        .code(404)
        .type('application/problem+json')
        .send({ type: 'about:blank', title: 'Not Found', status: 404, detail: `No file ${path}`, code: 'NOT_FOUND' });
    }
    return sendIndex(reply);
  });
}
