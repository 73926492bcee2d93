import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { IdentityModule } from '../../identity/src/index.js';
import { BuiltInKitsLoader } from './built-in-kits.loader.js';
import { InterviewKitRevision } from './interview-kit-revision.entity.js';
import { InterviewKit } from './interview-kit.entity.js';
import { InterviewKitsController } from './interview-kits.controller.js';
import { InterviewKitsService } from './interview-kits.service.js';

/** Interview kits (built-in library + organization kits with immutable revisions) and scheduled interviews. */
@Module({
  imports: [TypeOrmModule.forFeature([InterviewKit, InterviewKitRevision]), IdentityModule],
  controllers: [InterviewKitsController],
  providers: [InterviewKitsService, BuiltInKitsLoader],
  exports: [InterviewKitsService],
})
export class InterviewsModule {}
