import { Module } from '@nestjs/common';
import { IdentityModule } from '../../identity/src/index.js';
import { InterviewsModule } from '../../interviews/src/index.js';
import { MailModule, MailWorkerModule } from '../../mail/src/index.js';
import { OffersModule, OffersWorkerModule } from '../../offers/src/index.js';
import { PipelinesModule } from '../../pipelines/src/index.js';
import { ScorecardsModule } from '../../scorecards/src/index.js';
import { WebhooksModule, WebhooksWorkerModule } from '../../webhooks/src/index.js';
import { AuditController } from './audit/audit.controller.js';
import { AnonymizationController } from './anonymization/anonymization.controller.js';
import { CandidateAnonymization } from './anonymization/candidate-anonymization.service.js';
import { PrivacyController } from './privacy.controller.js';
import { RetentionClock, SystemRetentionClock } from './retention/retention-clock.js';
import { RetentionDueService } from './retention/retention-due.service.js';
import { RetentionDueStore } from './retention/retention-due.store.js';
import { RetentionSweep } from './retention/retention-sweep.service.js';
import { PrivacySettingsService } from './settings/privacy-settings.service.js';

const SHARED = [CandidateAnonymization, RetentionDueStore, RetentionSweep, { provide: RetentionClock, useClass: SystemRetentionClock }];

/**
 * Privacy and fair-hiring compliance: retention and consent, anonymisation and access requests across every module.
 * It sits above the modules whose data it erases or exports (it calls their services; they never import it).
 */
@Module({
  imports: [IdentityModule, PipelinesModule, InterviewsModule, ScorecardsModule, OffersModule, MailModule, WebhooksModule],
  controllers: [PrivacyController, AnonymizationController, AuditController],
  providers: [...SHARED, PrivacySettingsService, RetentionDueService],
  exports: [CandidateAnonymization, RetentionSweep, RetentionClock],
})
export class PrivacyModule {}

/** The worker's half: no HTTP routes (the retention sweep and the anonymisations it ends in). */
@Module({
  imports: [IdentityModule, PipelinesModule, InterviewsModule, ScorecardsModule, OffersWorkerModule, MailWorkerModule, WebhooksWorkerModule],
  providers: [...SHARED],
  exports: [CandidateAnonymization, RetentionSweep, RetentionClock],
})
export class PrivacyWorkerModule {}
