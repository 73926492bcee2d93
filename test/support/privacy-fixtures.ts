import { Module, type INestApplicationContext } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { AppConfigModule } from '../../libs/config/src/index.js';
import { DbModule } from '../../libs/db/src/index.js';
import { InterviewsModule } from '../../libs/interviews/src/index.js';
import { MailWorkerModule } from '../../libs/mail/src/index.js';
import { PipelinesModule } from '../../libs/pipelines/src/index.js';
import { AppLoggerModule, OutboxRelayRunner, PlatformModule } from '../../libs/platform/src/index.js';
import { PrivacyWorkerModule } from '../../libs/privacy/src/index.js';
import { ScorecardsModule } from '../../libs/scorecards/src/index.js';
import { MailProcessor } from '../../apps/worker/src/mail.processor.js';
import { PrivacyProcessor } from '../../apps/worker/src/privacy.processor.js';

/** The worker's privacy half: the outbox relay, the privacy processor (export builds) and mail delivery (links). */
@Module({
  imports: [
    AppConfigModule,
    AppLoggerModule,
    DbModule,
    PlatformModule,
    PipelinesModule,
    InterviewsModule,
    ScorecardsModule,
    MailWorkerModule,
    PrivacyWorkerModule,
  ],
  providers: [OutboxRelayRunner, PrivacyProcessor, MailProcessor],
})
class PrivacyWorkerTestModule {}

export async function startPrivacyWorker(env: Record<string, string> = {}): Promise<INestApplicationContext> {
  const saved = Object.fromEntries(Object.keys(env).map((key) => [key, process.env[key]]));
  Object.assign(process.env, env);
  try {
    const worker = await NestFactory.createApplicationContext(PrivacyWorkerTestModule, { logger: false });
    await worker.init();
    return worker;
  } finally {
    for (const [key, value] of Object.entries(saved)) {
      if (value === undefined) delete process.env[key];
      else process.env[key] = value;
    }
  }
}
