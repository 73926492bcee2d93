import { Module } from '@nestjs/common';

/**
 * Privacy and fair-hiring compliance: retention and consent, anonymisation and access requests across every module.
 * It sits above the modules whose data it erases or exports (it calls their services; they never import it).
 */
@Module({})
export class PrivacyModule {}

/** The worker's half: no HTTP routes. */
@Module({})
export class PrivacyWorkerModule {}
