import { Module } from '@nestjs/common';
import { AuditController } from './audit/audit.controller.js';

/**
 * Privacy and fair-hiring compliance: retention and consent, anonymisation and access requests across every module.
 * It sits above the modules whose data it erases or exports (it calls their services; they never import it).
 */
@Module({
  controllers: [AuditController],
})
export class PrivacyModule {}

/** The worker's half: no HTTP routes. */
@Module({})
export class PrivacyWorkerModule {}
