import { Module } from '@nestjs/common';
import { IdentityModule } from '../../identity/src/index.js';
import { CandidateDeletionController } from './candidate-deletion.controller.js';
import { CandidateDeletion } from './candidate-deletion.service.js';
import { PERSONAL_DATA_ERASURE, PersonalDataErasureRegistry } from './personal-data-erasure.js';
import { PipelinesModule } from './pipelines.module.js';

/**
 * Deleting a candidate (`DELETE /v1/candidates/:id`). A module of its own, beside `PipelinesModule`, because it holds a
 * port only privacy binds (`PERSONAL_DATA_ERASURE`): the API imports it through `PrivacyModule`, while workers and
 * test processes that import `PipelinesModule` without privacy need no binding they would never use.
 */
@Module({
  imports: [IdentityModule, PipelinesModule],
  controllers: [CandidateDeletionController],
  providers: [CandidateDeletion, PersonalDataErasureRegistry, { provide: PERSONAL_DATA_ERASURE, useExisting: PersonalDataErasureRegistry }],
  exports: [CandidateDeletion, PersonalDataErasureRegistry, PERSONAL_DATA_ERASURE],
})
export class CandidateDeletionModule {}
