import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { TenantContext, type TenantScope } from '../../../db/src/index.js';

const SCOPE = Symbol('hireloop.tenantScope');
type WithScope = { [SCOPE]?: TenantScope };

/**
 * Every HTTP request runs in its own tenant scope, empty until the auth guard binds it to the request's organization.
 * Entered when the request arrives and entered again just before the route handler (Fastify reads the body in
 * socket events, which would otherwise lose it), so guards, pipes and the handler all share the one scope.
 */
export function registerTenantScope(app: NestFastifyApplication): void {
  const fastify = app.getHttpAdapter().getInstance();
  fastify.addHook('onRequest', (request, _reply, done) => {
    TenantContext.runRequest(() => {
      (request as WithScope)[SCOPE] = TenantContext.requestScope();
      done();
    }, request.id);
  });
  fastify.addHook('preHandler', (request, _reply, done) => {
    const scope = (request as WithScope)[SCOPE];
    if (scope) TenantContext.enter(scope, () => done());
    else done();
  });
}
