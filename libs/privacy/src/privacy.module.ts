import { Module } from '@nestjs/common';
import { AuditController } from './audit/audit.controller.js';
import { IdentityModule } from '../../identity/src/index.js';
import { InterviewsModule } from '../../interviews/src/index.js';
import { MailModule, MailWorkerModule } from '../../mail/src/index.js';
import { OffersModule, OffersWorkerModule } from '../../offers/src/index.js';
import { PipelinesModule } from '../../pipelines/src/index.js';
import { ScorecardsModule } from '../../scorecards/src/index.js';
import { CandidateExports } from './export/candidate-exports.service.js';
import { ExportBuilder } from './export/export-builder.service.js';
import { ExportsSweep } from './export/exports-sweep.service.js';
import { PrivacyExportsController, PrivacyRequestsController } from './privacy.controller.js';
import { CareersPrivacyController } from './self-service/careers-privacy.controller.js';
import { PrivacyRequests } from './self-service/privacy-requests.service.js';
import { SelfServiceFulfilment } from './self-service/self-service-fulfilment.service.js';
import { SelfServiceRequests } from './self-service/self-service-requests.service.js';

/**
 * Privacy and fair-hiring compliance: retention and consent, anonymisation and access requests across every module.
 * It sits above the modules whose data it erases or exports (it calls their services; they never import it).
 */
@Module({
  imports: [IdentityModule, PipelinesModule, InterviewsModule, ScorecardsModule, OffersModule, MailModule],
  controllers: [AuditController, PrivacyExportsController, PrivacyRequestsController, CareersPrivacyController],
  providers: [CandidateExports, SelfServiceFulfilment, SelfServiceRequests, PrivacyRequests],
  exports: [CandidateExports, PrivacyRequests],
})
export class PrivacyModule {}

/** The worker's half: no HTTP routes. */
@Module({
  imports: [IdentityModule, PipelinesModule, InterviewsModule, ScorecardsModule, OffersWorkerModule, MailWorkerModule],
  providers: [CandidateExports, SelfServiceFulfilment, ExportBuilder, ExportsSweep],
  exports: [ExportBuilder, ExportsSweep],
})
export class PrivacyWorkerModule {}
