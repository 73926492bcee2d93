import 'reflect-metadata';
import { CanActivate, Controller, createParamDecorator, ExecutionContext, Get, HttpException, Injectable, Module, UseGuards } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { AuthUserRow } from '../libs/identity/src/auth/auth-queries.js';
import { registerTenantScope } from '../libs/platform/src/http/tenant-scope.js';
import { authorize, BASELINE_FASTIFY_OPTIONS, baselineConnections, me, noteActor, registerResponseEnvelope } from './baseline-work.js';

/**
 * The framework floor: GET /v1/me in the smallest NestJS application on Fastify that does the raw baseline's work
 * (bench/baseline-work.ts, the same code): a guard authorizes (token, user, rate limit), a parameter decorator hands
 * the user to a controller method, which answers; every answer gets the baseline's response envelope (request id,
 * security headers, latency histogram, request line). No Nest logger, no global pipe or filter, no AsyncLocalStorage, no ORM:
 * what Nest's router pipeline alone costs against bare Fastify (bench/framework-floor.bench.ts).
 *
 * With FLOOR_TENANT_SCOPE=1 every request also runs in the product's tenant scope (`registerTenantScope`: one
 * AsyncLocalStorage store per request, entered on arrival and again before the handler), and nothing else changes:
 * what the async context alone costs on top of Nest (while a store is active, Node 20 runs a hook for every promise).
 *
 * Usage: PORT=… DATABASE_URL=… JWT_SECRET=… REDIS_URL=… QUEUE_PREFIX=… node dist/bench/nest-floor-server.js
 */
const { pool, redis } = baselineConnections();

type AuthorizedRequest = FastifyRequest & { user?: AuthUserRow };

@Injectable()
class FloorGuard implements CanActivate {
  async canActivate(context: ExecutionContext): Promise<boolean> {
    const request = context.switchToHttp().getRequest<AuthorizedRequest>();
    const reply = context.switchToHttp().getResponse<FastifyReply>();
    const outcome = await authorize(pool, redis, request.headers.authorization);
    if (outcome.headers) void reply.headers(outcome.headers);
    if ('user' in outcome) {
      request.user = outcome.user;
      noteActor(request, outcome.user);
      return true;
    }
    throw new HttpException({ title: outcome.title }, outcome.status);
  }
}

const CurrentUser = createParamDecorator((_data: unknown, context: ExecutionContext) => context.switchToHttp().getRequest<AuthorizedRequest>().user!);

@Controller()
class FloorController {
  @Get('health')
  health() {
    return { ok: true };
  }

  @Get('v1/me')
  @UseGuards(FloorGuard)
  me(@CurrentUser() user: AuthUserRow) {
    return me(pool, user);
  }
}

@Module({ controllers: [FloorController], providers: [FloorGuard] })
class FloorModule {}

const app = await NestFactory.create<NestFastifyApplication>(
  FloorModule,
  new FastifyAdapter(BASELINE_FASTIFY_OPTIONS as ConstructorParameters<typeof FastifyAdapter>[0]),
  { logger: false },
);
registerResponseEnvelope(app.getHttpAdapter().getInstance());
if (process.env.FLOOR_TENANT_SCOPE === '1') registerTenantScope(app);
await app.listen(Number(process.env.PORT ?? 0), '127.0.0.1');
process.on('SIGTERM', () => {
  void app.close().then(() => pool.end().then(() => process.exit(0)));
});
