import { Module } from '@nestjs/common';
import { AppConfigModule } from '../../../libs/config/src/index.js';
import { DbModule } from '../../../libs/db/src/index.js';
import { IdentityModule } from '../../../libs/identity/src/index.js';
import { JobsModule } from '../../../libs/jobs/src/index.js';
import { PipelinesModule } from '../../../libs/pipelines/src/index.js';
import { InterviewsModule } from '../../../libs/interviews/src/index.js';
import { ScorecardsModule } from '../../../libs/scorecards/src/index.js';
import { AppLoggerModule, PlatformModule } from '../../../libs/platform/src/index.js';
import { TemplatesModule } from '../../../libs/templates/src/index.js';
import { PostingsModule } from '../../../libs/postings/src/index.js';
import { OffersModule } from '../../../libs/offers/src/index.js';
import { MailModule } from '../../../libs/mail/src/index.js';
import { ReportingModule } from '../../../libs/reporting/src/index.js';
import { WebhooksModule } from '../../../libs/webhooks/src/index.js';
import { PrivacyModule } from '../../../libs/privacy/src/index.js';
import { DemoDataSeeder } from './demo/demo-data.seeder.js';
import { DemoOrganizationSeeder } from './demo/demo-organization.service.js';

/** The HTTP API: imports every module of the product; holds no logic of its own. */
@Module({
  imports: [
    AppConfigModule,
    AppLoggerModule,
    DbModule,
    PlatformModule,
    IdentityModule,
    TemplatesModule,
    JobsModule,
    PipelinesModule,
    InterviewsModule,
    ScorecardsModule,
    OffersModule,
    PostingsModule,
    WebhooksModule,
    PrivacyModule,
    MailModule,
    ReportingModule,
  ],
  providers: [DemoOrganizationSeeder, DemoDataSeeder],
})
export class AppModule {}
