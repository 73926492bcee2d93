import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import { createHash, timingSafeEqual } from 'node:crypto';
import type { FastifyRequest } from 'fastify';
import { InjectConfig } from '../../../config/src/index.js';
import type { AppConfig } from '../../../config/src/index.js';
import { PlatformErrorCode, PlatformException } from '../errors/domain.exception.js';

const digest = (value: string) => createHash('sha256').update(value).digest();

/**
 * Who may scrape /metrics. With `METRICS_TOKEN` set: only `Authorization: Bearer <token>` (401 otherwise).
 * Without it: nobody in production (404, as if the route did not exist), anybody in development and test.
 */
@Injectable()
export class MetricsTokenGuard implements CanActivate {
  private readonly expected: Buffer | null;

  constructor(@InjectConfig() private readonly config: AppConfig) {
    this.expected = config.metricsToken ? digest(config.metricsToken) : null;
  }

  canActivate(context: ExecutionContext): boolean {
    if (!this.expected) {
      if (this.config.isProduction) throw new PlatformException(PlatformErrorCode.RouteNotFound, 'No route matches this method and path.');
      return true;
    }
    const header = context.switchToHttp().getRequest<FastifyRequest>().headers.authorization ?? '';
    const match = /^Bearer (.+)$/i.exec(header);
    // Compared as fixed-length digests, so neither the length nor the content leaks through timing.
    if (!match || !timingSafeEqual(digest(match[1]), this.expected)) {
      throw new PlatformException(PlatformErrorCode.MetricsTokenRequired, 'Scraping metrics requires the metrics bearer token.');
    }
    return true;
  }
}
