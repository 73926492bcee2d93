import type { FastifyReply, FastifyRequest } from 'fastify';
import type { IncomingMessage } from 'node:http';
import { INBOUND_EMAIL_MAX_BYTES } from '../../../libs/mail/src/index.js';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, NestFastifyApplication } from '@nestjs/platform-fastify';
import { DocumentBuilder, OpenAPIObject, SwaggerModule } from '@nestjs/swagger';
import { Logger } from 'nestjs-pino';
import { AppConfig, appConfig, loadConfig, TrustProxySetting } from '../../../libs/config/src/index.js';
import {
  createValidationPipe,
  FieldErrorDto,
  MetricsService,
  ProblemDetailsFilter,
  registerInputGuards,
  registerRequestLog,
  registerTenantScope,
  sendFrameworkProblem,
  ProblemDto,
  requestIdOf,
} from '../../../libs/platform/src/index.js';
import { AppModule } from './app.module.js';
import { demoDataWanted, demoSignIn } from './demo/demo-data.seeder.js';
import { setSecurityHeaders } from './security-headers.js';
import { registerWebApp } from './web/web-app.js';

/** Builds the API application exactly as production runs it (tests use this too). */
export async function createApiApp(config: AppConfig = loadConfig(process.env)): Promise<NestFastifyApplication> {
  const adapter = new FastifyAdapter({
    // No Nest middleware anywhere (request work is in guards and Fastify hooks): without @fastify/middie no hook of its
    // runs on every request. A module that applies a middleware makes start-up fail (`use` is missing), not pass unseen.
    skipMiddie: true,
    bodyLimit: config.bodyLimitBytes,
    // X-Forwarded-For is believed only as far as TRUST_PROXY says (off by default): request.ip is then the
    // client's address, which login throttling and the public apply rate limit count by.
    trustProxy: fastifyTrustProxy(config.trustProxy),
    requestIdHeader: false,
    genReqId: (request: IncomingMessage) => requestIdOf(request),
    // A URL that is not valid UTF-8 (`/v1/boards/%ED%A0%80/jobs`): problem+json like every other 400, with the
    // security headers (Fastify answers it before any onRequest hook runs).
    frameworkErrors: (error: unknown, request: FastifyRequest, reply: FastifyReply) => {
      setSecurityHeaders(reply);
      sendFrameworkProblem(error, request, reply);
    },
  });
  const app = await NestFactory.create<NestFastifyApplication>(AppModule, adapter, { bufferLogs: true });
  app.useLogger(app.get(Logger));
  await configureApiApp(app);
  return app;
}

export async function configureApiApp(app: NestFastifyApplication): Promise<void> {
  const fastify = app.getHttpAdapter().getInstance();
  // The security headers and the request id, on the reply as soon as a request arrives (so errors, 404s, static files
  // and the docs carry them too, whatever sends the answer). Node validates each name and value as it writes them.
  fastify.addHook('onRequest', (_request, reply, done) => {
    setSecurityHeaders(reply);
    done();
  });
  registerTenantScope(app);
  app.useGlobalFilters(new ProblemDetailsFilter());
  app.useGlobalPipes(createValidationPipe());
  registerInputGuards(app);
  // Inbound mail (POST /v1/inbound-email) arrives as raw RFC 822, bounded before anything parses it.
  app
    .getHttpAdapter()
    .getInstance()
    .addContentTypeParser('message/rfc822', { parseAs: 'buffer', bodyLimit: INBOUND_EMAIL_MAX_BYTES }, (_req, body, done) => done(null, body));
  app.enableShutdownHooks();

  // Errors Fastify raises itself, before a route handler runs (malformed JSON, body over the limit,
  // unsupported media type), in routes registered by Fastify plugins too: the same problem+json.
  fastify.setErrorHandler(sendFrameworkProblem);

  const metrics = app.get(MetricsService);
  // Callback-style hooks: an async hook costs a promise per request on every request.
  fastify.addHook('onResponse', (request, reply, done) => {
    metrics.observe(request.method, request.routeOptions?.url ?? 'unmatched', reply.statusCode, reply.elapsedTime / 1000);
    done();
  });
  registerRequestLog(app);

  SwaggerModule.setup('docs', app, () => buildOpenApiDocument(app), { jsonDocumentUrl: 'docs-json' });
  // The demo sign-in on the sign-in page only where the demo organization is loaded (development, DEMO_DATA not off).
  const config = app.get<AppConfig>(appConfig.KEY);
  await registerWebApp(app, undefined, {
    demoSignIn: demoDataWanted(config) ? demoSignIn() : undefined,
    registrationClosed: config.registration === 'closed',
  });
}

/**
 * TRUST_PROXY as Fastify takes it. A list of proxy addresses/CIDRs is passed as is (proxy-addr checks each hop
 * against it). Fastify 5 refuses a bare hop count (it trusts nothing then), so a count becomes a function trusting
 * the nearest n hops, whoever they are: right only when the API cannot be reached except through those proxies.
 */
export function fastifyTrustProxy(setting: TrustProxySetting): false | string[] | ((address: string, hop: number) => boolean) {
  if (typeof setting !== 'number') return setting;
  const hops = setting;
  return (_address, hop) => hop < hops;
}

const ERROR_STATUSES_FOR_ALL = ['400', '500'];

export function buildOpenApiDocument(app: NestFastifyApplication): OpenAPIObject {
  const config = new DocumentBuilder()
    .setTitle('Hireloop API')
    .setDescription('Open-source applicant tracking system. Errors are RFC 9457 application/problem+json; lists use keyset pagination ({data, nextCursor}).')
    .setVersion('1')
    .addBearerAuth()
    .build();
  const document = SwaggerModule.createDocument(app, config, { extraModels: [ProblemDto, FieldErrorDto] });
  const problemRef = { $ref: '#/components/schemas/ProblemDto' };
  for (const path of Object.values(document.paths)) {
    for (const operation of Object.values(path) as Array<{ responses?: Record<string, unknown> }>) {
      if (!operation || typeof operation !== 'object' || !('responses' in operation)) continue;
      operation.responses ??= {};
      for (const status of ERROR_STATUSES_FOR_ALL) {
        operation.responses[status] ??= {
          description: status === '500' ? 'Unexpected error (logged with the request id)' : 'Malformed request',
          content: { 'application/problem+json': { schema: problemRef } },
        };
      }
    }
  }
  return document;
}
