import { TransactionHost } from '@nestjs-cls/transactional';
import type { TransactionalAdapterTypeOrm } from '@nestjs-cls/transactional-adapter-typeorm';
import { Injectable, Logger } from '@nestjs/common';
import { InjectConfig } from '../../config/src/index.js';
import type { AppConfig } from '../../config/src/index.js';
import { EgressGuard, JobName, type OutboxMessage, OutboxService, TenantContext } from '../../platform/src/index.js';
import { BoardCacheService } from './board-cache.service.js';
import { type BoardPosting, contentHash, loadPostingsById, locationName } from './board-content.js';
import { PartnerBoard } from './partner-board.entity.js';
import { pushToPartner } from './partner-push.js';
import { Posting } from './posting.entity.js';
import { ACTIVE_STATUSES, BuiltInBoard, PostingStatus } from './posting.types.js';
import { DeliveryError, RejectedDeliveryError } from './postings.exception.js';
import { jobUrl, orgProfile } from './render/org-profile.js';
import { PostingsService } from './postings.service.js';

/**
 * Feed regeneration is coalesced: one job per organization per this window. Boards crawl feeds
 * periodically, so a few seconds of staleness is invisible, while a bulk publish of thousands of
 * postings rebuilds each feed a few dozen times instead of once a second (see bench/postings).
 */
const FEED_COALESCE_MS = 5000;

export interface DeliveryContext {
  /** The queue will not try again after this attempt: a failure parks the posting as `failed`. */
  finalAttempt: boolean;
}

/** The worker side of postings: publish, close and expire (one posting, idempotently), the expiry sweep, and delivery failures. */
@Injectable()
export class PostingDelivery {
  private readonly logger = new Logger(PostingDelivery.name);

  constructor(
    private readonly postings: PostingsService,
    private readonly txHost: TransactionHost<TransactionalAdapterTypeOrm>,
    private readonly outbox: OutboxService,
    private readonly cache: BoardCacheService,
    private readonly egress: EgressGuard,
    @InjectConfig() private readonly config: AppConfig,
  ) {}

  /** Delivers one posting to its board. Unchanged content on a live posting is not sent again. */
  async publish(postingId: string, ctx: DeliveryContext): Promise<'published' | 'unchanged' | 'skipped'> {
    const [content] = await loadPostingsById(this.txHost.tx, [postingId]);
    if (!content) return 'skipped';
    if (![PostingStatus.Pending, PostingStatus.Publishing, PostingStatus.Live].includes(content.status)) return 'skipped';
    const hash = contentHash(content);
    if (content.status === PostingStatus.Live && content.contentHash === hash) return 'unchanged';

    const claimed = await this.txHost.withTransaction(async () => {
      const posting = await this.txHost.tx.findOne(Posting, { where: { id: postingId }, lock: { mode: 'pessimistic_write' } });
      if (!posting || ![PostingStatus.Pending, PostingStatus.Publishing, PostingStatus.Live].includes(posting.status)) return null;
      if (posting.status !== PostingStatus.Publishing)
        await this.postings.move(posting, PostingStatus.Publishing, posting.status === PostingStatus.Live ? 'republish' : 'publish', {
          contentHash: hash,
        });
      await this.txHost.tx.increment(Posting, { id: postingId }, 'attempts', 1);
      return posting;
    });
    if (!claimed) return 'skipped';

    let externalId: string | null = content.externalId;
    try {
      externalId = await this.deliver(content, hash, content.publishedAt ? 'posting.updated' : 'posting.created');
    } catch (error) {
      await this.recordFailure(postingId, error, ctx, PostingStatus.Publishing);
      throw error;
    }
    await this.txHost.withTransaction(async () => {
      const posting = await this.txHost.tx.findOne(Posting, { where: { id: postingId }, lock: { mode: 'pessimistic_write' } });
      if (!posting || posting.status !== PostingStatus.Publishing) return; // closed meanwhile: the close job takes over
      await this.postings.move(posting, PostingStatus.Live, 'published', { contentHash: hash }, null, {
        contentHash: hash,
        externalId,
        lastError: null,
        lastErrorStatus: null,
        lastErrorExcerpt: null,
        publishedAt: posting.publishedAt ?? new Date(),
      });
      await this.outbox.publish(this.feedsMessage(posting.organizationId));
    });
    await this.cache.invalidate(content.organizationId).catch(() => undefined);
    return 'published';
  }

  /** Takes a closing posting off its board. */
  async close(postingId: string, ctx: DeliveryContext): Promise<'closed' | 'skipped'> {
    const [content] = await loadPostingsById(this.txHost.tx, [postingId]);
    if (!content || content.status !== PostingStatus.Closing) return 'skipped';
    try {
      if (content.partnerBoardId && content.publishedAt) await this.deliver(content, content.contentHash ?? 'closed', 'posting.closed');
    } catch (error) {
      await this.recordFailure(postingId, error, ctx, PostingStatus.Closing);
      throw error;
    }
    await this.txHost.withTransaction(async () => {
      const posting = await this.txHost.tx.findOne(Posting, { where: { id: postingId }, lock: { mode: 'pessimistic_write' } });
      if (!posting || posting.status !== PostingStatus.Closing) return;
      await this.postings.move(posting, PostingStatus.Closed, 'closed', {}, null, {
        closedAt: new Date(),
        lastError: null,
        lastErrorStatus: null,
        lastErrorExcerpt: null,
      });
      await this.outbox.publish(this.feedsMessage(posting.organizationId));
    });
    await this.cache.invalidate(content.organizationId).catch(() => undefined);
    return 'closed';
  }

  /**
   * The database-driven catch-up for `postings.expire` (Redis may have lost the delayed job): every
   * posting that can still expire and whose validThrough has passed goes through `expire`, in
   * batches, along `postings_valid_through_active_idx`. Idempotent with the delayed job.
   * `organizationId` scopes it (tests).
   */
  async expireDue(options: { now?: Date; organizationId?: string } = {}): Promise<{ expired: number }> {
    const now = options.now ?? new Date();
    const batch = 100;
    let expired = 0;
    let cursor: [Date, string] = [new Date(0), '00000000-0000-0000-0000-000000000000'];
    for (;;) {
      const rows: { id: string; organization_id: string; valid_through: Date }[] = await TenantContext.crossTenant(
        'the posting expiry sweep finds due postings of every organization',
        () =>
          this.txHost.tx.query(
            `SELECT id, organization_id, valid_through FROM postings
          WHERE valid_through IS NOT NULL AND status IN (${ACTIVE_STATUSES.map((x) => `'${x}'`).join(',')}) AND valid_through <= $1 AND (valid_through, id) > ($2::timestamptz, $3::uuid)
            AND ($4::uuid IS NULL OR organization_id = $4)
          ORDER BY valid_through, id LIMIT ${batch}`,
            [now, cursor[0], cursor[1], options.organizationId ?? null],
          ),
      );
      for (const row of rows) {
        try {
          if ((await TenantContext.run(row.organization_id, () => this.expire(row.id, new Date(row.valid_through).toISOString()))) === 'expired') expired += 1;
        } catch (error: unknown) {
          this.logger.warn({ postingId: row.id, err: error }, 'Posting expiry sweep failed for one posting; the next sweep retries');
        }
      }
      if (rows.length < batch) break;
      cursor = [new Date(rows[rows.length - 1].valid_through), rows[rows.length - 1].id];
    }
    if (expired > 0) this.logger.log({ expired }, 'Posting expiry sweep caught up');
    return { expired };
  }

  /** validThrough passed: the posting expires everywhere (push boards get a close event). */
  async expire(postingId: string, validThrough: string): Promise<'expired' | 'skipped'> {
    const [content] = await loadPostingsById(this.txHost.tx, [postingId]);
    if (!content || !content.validThrough || new Date(content.validThrough).toISOString() !== new Date(validThrough).toISOString()) return 'skipped';
    if (new Date(content.validThrough).getTime() > Date.now() + 1000) return 'skipped';
    if (!ACTIVE_STATUSES.includes(content.status)) return 'skipped';
    if (content.partnerBoardId && content.publishedAt) {
      try {
        await this.deliver(content, content.contentHash ?? 'expired', 'posting.closed');
      } catch (error) {
        // The posting is over whatever the board says; the failure is kept on the posting.
        this.logger.warn({ postingId, error: String(error) }, 'Partner board did not take the expiry');
      }
    }
    await this.txHost.withTransaction(async () => {
      const posting = await this.txHost.tx.findOne(Posting, { where: { id: postingId }, lock: { mode: 'pessimistic_write' } });
      if (!posting || !ACTIVE_STATUSES.includes(posting.status)) return;
      await this.postings.move(posting, PostingStatus.Expired, 'valid_through_passed', {}, null, { closedAt: new Date() });
      await this.outbox.publish(this.feedsMessage(posting.organizationId));
    });
    await this.cache.invalidate(content.organizationId).catch(() => undefined);
    return 'expired';
  }

  // --- internals --------------------------------------------------------------------------------

  private async deliver(content: BoardPosting, hash: string, event: 'posting.created' | 'posting.updated' | 'posting.closed'): Promise<string | null> {
    if (!content.partnerBoardId) {
      // Hireloop serves these boards itself (page, JSON API, feeds): delivery is going live.
      return content.board === (BuiltInBoard.Careers as string) ? String(content.publicId) : `hl-${content.publicId}`;
    }
    const board = await this.txHost.tx
      .getRepository(PartnerBoard)
      .createQueryBuilder('b')
      .addSelect('b.secret')
      .where('b.id = :id AND b.organization_id = :org', { id: content.partnerBoardId, org: content.organizationId })
      .getOne();
    if (!board) throw new RejectedDeliveryError('The partner board no longer exists.');
    const org = await this.postings.organization(content.organizationId);
    const profile = orgProfile(org, this.config.publicBaseUrl);
    const payload = {
      event,
      occurred_at: new Date().toISOString(),
      posting: {
        id: content.publicId,
        posting_id: content.postingId,
        external_id: content.externalId,
        job_id: content.jobId,
        company: org.name,
        title: content.title,
        description_html: content.descriptionHtml,
        location: locationName(content),
        work_model: content.workModel,
        employment_type: content.employmentType,
        salary:
          content.salaryCurrency && (content.salaryMin !== null || content.salaryMax !== null)
            ? { min: content.salaryMin, max: content.salaryMax, currency: content.salaryCurrency, period: content.salaryPeriod }
            : null,
        valid_through: content.validThrough ? new Date(content.validThrough).toISOString() : null,
        url: jobUrl(profile, content.publicId),
        content_hash: hash,
      },
    };
    const result = await pushToPartner(this.egress, board.url, board.secret, payload, `${content.postingId}:${event}:${hash}`);
    return result.externalId ?? content.externalId;
  }

  private async recordFailure(postingId: string, error: unknown, ctx: DeliveryContext, during: PostingStatus): Promise<void> {
    // Only Hireloop's own sentence reaches lastError; the board's answer (status, sanitized excerpt) has its own columns.
    const message = (error instanceof DeliveryError ? error.message : 'The delivery failed unexpectedly.').slice(0, 1000);
    const answer = error instanceof DeliveryError ? error.answer : null;
    const lastErrorFields = { lastError: message, lastErrorStatus: answer?.status ?? null, lastErrorExcerpt: answer?.excerpt ?? null };
    if (!(error instanceof DeliveryError)) this.logger.error({ postingId, err: error }, 'Posting delivery failed unexpectedly');
    const permanent = error instanceof RejectedDeliveryError;
    await this.txHost.withTransaction(async () => {
      const posting = await this.txHost.tx.findOne(Posting, { where: { id: postingId }, lock: { mode: 'pessimistic_write' } });
      if (!posting || posting.status !== during) return;
      if (permanent || ctx.finalAttempt) {
        await this.postings.move(
          posting,
          PostingStatus.Failed,
          permanent ? 'rejected_by_board' : 'retries_exhausted',
          { error: message, status: answer?.status ?? null },
          null,
          lastErrorFields,
        );
      } else {
        await this.txHost.tx.update(Posting, { id: postingId }, lastErrorFields);
      }
    });
  }

  /** Coalesced: every change inside one window lands on the same BullMQ job id. */
  private feedsMessage(organizationId: string): OutboxMessage {
    const bucket = Math.floor(Date.now() / FEED_COALESCE_MS);
    return {
      jobName: JobName.PostingFeedsRegenerate,
      organizationId,
      aggregateType: 'organization',
      aggregateId: organizationId,
      payload: { organizationId },
      runAt: new Date((bucket + 1) * FEED_COALESCE_MS + 50),
      jobId: `feeds-${organizationId}-${bucket}`,
    };
  }
}
