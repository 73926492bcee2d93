import multipart, { type FastifyMultipartOptions } from '@fastify/multipart';
import fastifyPlugin from 'fastify-plugin';
import { Module, OnModuleInit } from '@nestjs/common';
import type { FastifyInstance } from 'fastify';
import { HttpAdapterHost } from '@nestjs/core';
import { TypeOrmModule } from '@nestjs/typeorm';
import { IdentityModule } from '../../identity/src/index.js';
import { JobsModule } from '../../jobs/src/index.js';
import { PipelinesModule } from '../../pipelines/src/index.js';
import { ApplyController } from './apply.controller.js';
import { ApplyService, MAX_RESUME_BYTES } from './apply.service.js';
import { BoardCacheService } from './board-cache.service.js';
import { BoardFeed } from './board-feed.entity.js';
import { BoardsController, FeedsController } from './boards.controller.js';
import { BoardsService } from './boards.service.js';
import { CareersAssetsController, CareersController } from './careers.controller.js';
import { PartnerBoard } from './partner-board.entity.js';
import { PartnerBoardsService } from './partner-boards.service.js';
import { Posting } from './posting.entity.js';
import { PostingEvent } from './posting-event.entity.js';
import { PostingsController } from './postings.controller.js';
import { PostingsService } from './postings.service.js';
import { PostingDelivery } from './posting-delivery.service.js';
import { PayTransparencyController } from './pay-transparency/pay-transparency.controller.js';
import { PayTransparency } from './pay-transparency/pay-transparency.service.js';

/** One job on many boards: postings, careers page, job-board JSON, XML feeds, partner pushes. */
@Module({
  imports: [TypeOrmModule.forFeature([Posting, PostingEvent, PartnerBoard, BoardFeed]), IdentityModule, JobsModule, PipelinesModule],
  controllers: [PayTransparencyController, PostingsController, BoardsController, FeedsController, CareersAssetsController, CareersController, ApplyController],
  providers: [PostingsService, PostingDelivery, BoardsService, PartnerBoardsService, BoardCacheService, ApplyService, PayTransparency],
  exports: [PostingsService, PostingDelivery, BoardsService, PayTransparency],
})
export class PostingsModule implements OnModuleInit {
  constructor(private readonly adapterHost: HttpAdapterHost) {}

  /** Multipart bodies (public apply with a resume file): at most two files of 5 MB. */
  async onModuleInit(): Promise<void> {
    const fastify = this.adapterHost.httpAdapter?.getInstance?.<FastifyInstance>();
    if (!fastify || fastify.hasContentTypeParser?.('multipart/form-data')) return;
    await fastify.register(multipartWithoutSavedFiles, { limits: { fileSize: MAX_RESUME_BYTES, files: 2, fields: 40, fieldSize: 200_000, parts: 45 } });
  }
}

/**
 * @fastify/multipart less the two hooks it puts on every request of the app (an async `onRequest` and `onResponse`)
 * to delete the temporary files of `saveRequestFiles`, which nothing here calls: uploads are read as streams
 * (`request.parts()`), never saved to disk. Each hook cost every request, multipart or not, two promises and a listener.
 * Should a new version of the plugin add other hooks of those kinds, start-up fails here rather than dropping them.
 */
const multipartWithoutSavedFiles = fastifyPlugin(async (instance: FastifyInstance, options: FastifyMultipartOptions) => {
  const addHook = instance.addHook.bind(instance);
  const left: string[] = [];
  instance.addHook = (name: string, hook: never) => {
    if (name === 'onRequest' || name === 'onResponse') {
      left.push(name);
      return instance;
    }
    return addHook(name as 'preHandler', hook);
  };
  try {
    await instance.register(multipart, options);
  } finally {
    instance.addHook = addHook;
  }
  if (left.sort().join() !== 'onRequest,onResponse')
    throw new Error(`@fastify/multipart added unexpected hooks (${left.join(', ')}): review multipartWithoutSavedFiles`);
});

/** The worker's view of postings: services only, no HTTP controllers. */
@Module({
  imports: [TypeOrmModule.forFeature([Posting, PostingEvent, PartnerBoard, BoardFeed]), IdentityModule, JobsModule],
  providers: [PostingsService, PostingDelivery, BoardsService, BoardCacheService, PayTransparency],
  exports: [PostingsService, PostingDelivery, BoardsService, PayTransparency],
})
export class PostingsWorkerModule {}
