import { Controller, Get } from '@nestjs/common';
import { ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import { HealthCheck, HealthCheckService, HealthIndicatorService, TypeOrmHealthIndicator } from '@nestjs/terminus';
import { Redis } from 'ioredis';
import { InjectRedis } from '../redis/redis.module.js';

const CHECK_TIMEOUT_MS = 1500;

@ApiTags('health')
@Controller('health')
export class HealthController {
  constructor(
    private readonly health: HealthCheckService,
    private readonly database: TypeOrmHealthIndicator,
    private readonly indicators: HealthIndicatorService,
    @InjectRedis() private readonly redis: Redis,
  ) {}

  @Get('live')
  @ApiOperation({ summary: 'Liveness: the process answers' })
  live(): { status: 'ok' } {
    return { status: 'ok' };
  }

  @Get('ready')
  @HealthCheck()
  @ApiOperation({ summary: 'Readiness: 200 only while PostgreSQL and Redis answer' })
  @ApiResponse({ status: 503, description: 'A dependency does not answer' })
  ready() {
    return this.health.check([() => this.database.pingCheck('postgres', { timeout: CHECK_TIMEOUT_MS }), () => this.redisCheck()]);
  }

  /**
   * Redis answers PONG within the time limit. terminus's attempt runs the ping against an AbortSignal timeout, which
   * holds no timer once the ping has answered (a hand-made race left one armed for 1.5 s after every probe).
   */
  private redisCheck() {
    return this.indicators
      .check('redis')
      .attempt(async () => {
        const pong = await this.redis.ping();
        if (pong !== 'PONG') throw new Error('unexpected reply');
      })
      .withTimeout(CHECK_TIMEOUT_MS);
  }
}
