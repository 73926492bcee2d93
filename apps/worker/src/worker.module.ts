import { Module, OnModuleInit } from '@nestjs/common';
import { AppConfigModule } from '../../../libs/config/src/index.js';
import { DbModule } from '../../../libs/db/src/index.js';
import { AppLoggerModule, OutboxRelayRunner, PlatformModule } from '../../../libs/platform/src/index.js';
import { assertEveryJobHandled } from './job-handler.js';
import { NotificationsProcessor } from './notifications.processor.js';
import { PlatformProcessor } from './platform.processor.js';

/** The queue process: the outbox relay plus one processor per queue, each calling lib services. */
@Module({
  imports: [AppConfigModule, AppLoggerModule, DbModule, PlatformModule],
  providers: [OutboxRelayRunner, PlatformProcessor, NotificationsProcessor],
})
export class WorkerModule implements OnModuleInit {
  constructor(
    private readonly platform: PlatformProcessor,
    private readonly notifications: NotificationsProcessor,
  ) {}

  onModuleInit(): void {
    assertEveryJobHandled([this.platform, this.notifications]);
  }
}
