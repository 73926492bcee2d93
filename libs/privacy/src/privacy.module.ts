import { Module, OnModuleInit } from '@nestjs/common';
import { IdentityModule } from '../../identity/src/index.js';
import { InterviewReadsService, InterviewsModule } from '../../interviews/src/index.js';
import { MailModule, MailWorkerModule } from '../../mail/src/index.js';
import { OffersModule, OffersWorkerModule } from '../../offers/src/index.js';
import { CandidateDeletionModule, PersonalDataErasureRegistry, PipelinesModule } from '../../pipelines/src/index.js';
import { ScorecardsModule } from '../../scorecards/src/index.js';
import { WebhooksModule, WebhooksWorkerModule } from '../../webhooks/src/index.js';
import { AuditController } from './audit/audit.controller.js';
import { PrivacyController, PrivacyExportsController, PrivacyRequestsController } from './privacy.controller.js';
import { CandidateExports } from './export/candidate-exports.service.js';
import { ExportBuilder } from './export/export-builder.service.js';
import { ExportsSweep } from './export/exports-sweep.service.js';
import { CareersPrivacyController } from './self-service/careers-privacy.controller.js';
import { PrivacyRequests } from './self-service/privacy-requests.service.js';
import { SelfServiceFulfilment } from './self-service/self-service-fulfilment.service.js';
import { SelfServiceRequests } from './self-service/self-service-requests.service.js';
import { AnonymizationController } from './anonymization/anonymization.controller.js';
import { CandidateAnonymization } from './anonymization/candidate-anonymization.service.js';
import { RetentionClock, SystemRetentionClock } from './retention/retention-clock.js';
import { RetentionDueService } from './retention/retention-due.service.js';
import { RetentionDueStore } from './retention/retention-due.store.js';
import { RetentionSweep } from './retention/retention-sweep.service.js';
import { PrivacySettingsService } from './settings/privacy-settings.service.js';

const SHARED = [CandidateAnonymization, RetentionDueStore, RetentionSweep, { provide: RetentionClock, useClass: SystemRetentionClock }];

/**
 * Privacy and fair-hiring compliance: retention and consent, anonymisation and access requests across every module.
 * It sits above the modules whose data it erases or exports (it calls their services; they never import it), and
 * binds pipelines' `PERSONAL_DATA_ERASURE` port, so deleting a candidate erases them everywhere as anonymisation does.
 */
@Module({
  imports: [IdentityModule, PipelinesModule, CandidateDeletionModule, InterviewsModule, ScorecardsModule, OffersModule, MailModule, WebhooksModule],
  controllers: [PrivacyController, AnonymizationController, AuditController, PrivacyExportsController, PrivacyRequestsController, CareersPrivacyController],
  providers: [...SHARED, PrivacySettingsService, RetentionDueService, CandidateExports, SelfServiceFulfilment, SelfServiceRequests, PrivacyRequests],
  exports: [CandidateAnonymization, RetentionSweep, RetentionClock, CandidateExports, PrivacyRequests],
})
export class PrivacyModule implements OnModuleInit {
  constructor(
    private readonly erasure: PersonalDataErasureRegistry,
    private readonly anonymization: CandidateAnonymization,
    private readonly interviews: InterviewReadsService,
  ) {}

  onModuleInit(): void {
    this.erasure.use({
      eraseEverywhere: (organizationId, subject) => this.anonymization.eraseEverywhere(organizationId, subject),
      upcomingInterviews: (organizationId, applicationIds) => this.interviews.countUpcoming(organizationId, applicationIds),
    });
  }
}

/** The worker's half: no HTTP routes (exports, their sweep, the retention sweep and the anonymisations it ends in). */
@Module({
  imports: [IdentityModule, PipelinesModule, InterviewsModule, ScorecardsModule, OffersWorkerModule, MailWorkerModule, WebhooksWorkerModule],
  providers: [...SHARED, CandidateExports, SelfServiceFulfilment, ExportBuilder, ExportsSweep],
  exports: [CandidateAnonymization, RetentionSweep, RetentionClock, ExportBuilder, ExportsSweep],
})
export class PrivacyWorkerModule {}
