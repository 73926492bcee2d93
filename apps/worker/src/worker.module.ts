import { Module, OnModuleInit } from '@nestjs/common';
import { AppConfigModule } from '../../../libs/config/src/index.js';
import { DbModule } from '../../../libs/db/src/index.js';
import { AppLoggerModule, OutboxRelayRunner, PlatformModule } from '../../../libs/platform/src/index.js';
import { assertEveryJobHandled } from './job-handler.js';
import { WorkerHeartbeat } from './worker-heartbeat.js';
import { DueSweepsScheduler } from './due-sweeps.js';
import { NotificationsProcessor } from './notifications.processor.js';
import { PipelinesProcessor } from './pipelines.processor.js';
import { FilesProcessor } from './files.processor.js';
import { PlatformProcessor } from './platform.processor.js';
import { InterviewsProcessor } from './interviews.processor.js';
import { ScorecardsProcessor } from './scorecards.processor.js';
import { InterviewsModule } from '../../../libs/interviews/src/index.js';
import { ScorecardsModule } from '../../../libs/scorecards/src/index.js';
import { JobsModule } from '../../../libs/jobs/src/index.js';
import { PipelinesModule } from '../../../libs/pipelines/src/index.js';
import { PostingsProcessor } from './postings.processor.js';
import { PostingsWorkerModule } from '../../../libs/postings/src/index.js';
import { OffersProcessor } from './offers.processor.js';
import { OffersWorkerModule } from '../../../libs/offers/src/index.js';
import { WebhooksWorkerModule } from '../../../libs/webhooks/src/index.js';
import { PrivacyWorkerModule } from '../../../libs/privacy/src/index.js';
import { WebhooksProcessor } from './webhooks.processor.js';
import { MailWorkerModule } from '../../../libs/mail/src/index.js';
import { MailEventsProcessor, MailProcessor } from './mail.processor.js';

/**
 * The queue process: the outbox relay plus one processor per queue, each calling lib services.
 * It imports every module that binds a port (InterviewsModule, ScorecardsModule): an unbound port stops the boot.
 */
@Module({
  imports: [
    AppConfigModule,
    AppLoggerModule,
    DbModule,
    PlatformModule,
    JobsModule,
    PostingsWorkerModule,
    PipelinesModule,
    InterviewsModule,
    ScorecardsModule,
    OffersWorkerModule,
    WebhooksWorkerModule,
    PrivacyWorkerModule,
    MailWorkerModule,
  ],
  providers: [
    OutboxRelayRunner,
    WorkerHeartbeat,
    PlatformProcessor,
    NotificationsProcessor,
    PostingsProcessor,
    PipelinesProcessor,
    FilesProcessor,
    InterviewsProcessor,
    ScorecardsProcessor,
    OffersProcessor,
    WebhooksProcessor,
    MailProcessor,
    MailEventsProcessor,
    DueSweepsScheduler,
  ],
})
export class WorkerModule implements OnModuleInit {
  constructor(
    private readonly platform: PlatformProcessor,
    private readonly notifications: NotificationsProcessor,
    private readonly postings: PostingsProcessor,
    private readonly pipelines: PipelinesProcessor,
    private readonly files: FilesProcessor,
    private readonly interviews: InterviewsProcessor,
    private readonly scorecards: ScorecardsProcessor,
    private readonly offers: OffersProcessor,
    private readonly webhooks: WebhooksProcessor,
    private readonly mail: MailProcessor,
    private readonly mailEvents: MailEventsProcessor,
  ) {}

  onModuleInit(): void {
    assertEveryJobHandled([
      this.platform,
      this.notifications,
      this.postings,
      this.pipelines,
      this.files,
      this.interviews,
      this.scorecards,
      this.offers,
      this.webhooks,
      this.mail,
      this.mailEvents,
    ]);
  }
}
