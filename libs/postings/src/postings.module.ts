import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { IdentityModule } from '../../identity/src/index.js';
import { BoardCacheService } from './board-cache.service.js';
import { BoardFeed } from './board-feed.entity.js';
import { BoardsController, FeedsController } from './boards.controller.js';
import { BoardsService } from './boards.service.js';
import { CareersController } from './careers.controller.js';
import { PartnerBoard } from './partner-board.entity.js';
import { PartnerBoardsService } from './partner-boards.service.js';
import { Posting } from './posting.entity.js';
import { PostingEvent } from './posting-event.entity.js';
import { PostingsController } from './postings.controller.js';
import { PostingsService } from './postings.service.js';

/** One job on many boards: postings, careers page, job-board JSON, XML feeds, partner pushes. */
@Module({
  imports: [TypeOrmModule.forFeature([Posting, PostingEvent, PartnerBoard, BoardFeed]), IdentityModule],
  controllers: [PostingsController, BoardsController, FeedsController, CareersController],
  providers: [PostingsService, BoardsService, PartnerBoardsService, BoardCacheService],
  exports: [PostingsService, BoardsService],
})
export class PostingsModule {}

/** The worker's view of postings: services only, no HTTP controllers. */
@Module({
  imports: [TypeOrmModule.forFeature([Posting, PostingEvent, PartnerBoard, BoardFeed]), IdentityModule],
  providers: [PostingsService, BoardsService, BoardCacheService],
  exports: [PostingsService, BoardsService],
})
export class PostingsWorkerModule {}
