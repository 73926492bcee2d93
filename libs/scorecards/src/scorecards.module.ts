import { ScorecardDataExport } from './scorecard-export.service.js';
import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { IdentityModule } from '../../identity/src/index.js';
import { JobsModule } from '../../jobs/src/index.js';
import { PipelinesModule } from '../../pipelines/src/index.js';
import { InterviewsModule } from '../../interviews/src/index.js';
import { ScorecardRemindersService } from './scorecard-reminders.service.js';
import { Scorecard } from './scorecard.entity.js';
import { ScorecardsController } from './scorecards.controller.js';
import { ScorecardMergeFollower } from './scorecard-merge.follower.js';
import { ScorecardsService } from './scorecards.service.js';
import { ScorecardErasure } from './scorecard-erasure.service.js';

/** Scorecards: drafts, submission, corrections, blind reads, summaries, reminders. */
@Module({
  imports: [TypeOrmModule.forFeature([Scorecard]), IdentityModule, JobsModule, PipelinesModule, InterviewsModule],
  controllers: [ScorecardsController],
  providers: [ScorecardDataExport, ScorecardsService, ScorecardRemindersService, ScorecardMergeFollower, ScorecardErasure],
  exports: [ScorecardDataExport, ScorecardsService, ScorecardRemindersService, ScorecardMergeFollower, ScorecardErasure],
})
export class ScorecardsModule {}
