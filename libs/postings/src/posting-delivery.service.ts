import { TransactionHost } from '@nestjs-cls/transactional';
import type { TransactionalAdapterTypeOrm } from '@nestjs-cls/transactional-adapter-typeorm';
import { Injectable, Logger } from '@nestjs/common';
import { InjectConfig } from '../../config/src/index.js';
import type { Organization } from '../../identity/src/index.js';
import type { AppConfig } from '../../config/src/index.js';
import { DomainEventType, EgressGuard, JobName, type OutboxMessage, OutboxService, TenantContext } from '../../platform/src/index.js';
import { BoardCacheService } from './board-cache.service.js';
import { BoardsService } from './boards.service.js';
import { type BoardPosting, contentHash, loadPostingsById, locationName } from './board-content.js';
import { PartnerBoard } from './partner-board.entity.js';
import { pushToPartner } from './partner-push.js';
import { Posting } from './posting.entity.js';
import { ACTIVE_STATUSES, BuiltInBoard, FEED_BOARDS, PostingStatus } from './posting.types.js';
import { DeliveryError, RejectedDeliveryError } from './postings.exception.js';
import { jobUrl, orgProfile } from './render/org-profile.js';
import { PostingsService } from './postings.service.js';

/**
 * Feed regeneration is coalesced: one job per organization per this window. Boards crawl feeds
 * periodically, so a few seconds of staleness is invisible, while a bulk publish of thousands of
 * postings rebuilds each feed a few dozen times instead of once a second (see bench/postings).
 */
const FEED_COALESCE_MS = 5000;

/**
 * While a bulk publish is still putting postings on the feeds, a rebuild waits for the next window instead of storing a
 * feed that lacks most of them (a feed of 10,000 jobs is about 30 MB to render, hash and store): every batch that goes
 * live queues one, so the feeds are built once, after the last. Once postings have waited this long and neither stored
 * feed has changed for as long, a rebuild goes ahead anyway: a publish that takes minutes still refreshes the feeds
 * about once a minute.
 */
const FEED_SETTLE_MAX_MS = 60_000;

/** Postings pending on a feed board for longer than this (their job lost) no longer hold a rebuild back. */
const FEED_IN_FLIGHT_WITHIN = '10 minutes';

/** Partner-board pushes of one batch in flight at once. */
const PARTNER_PARALLELISM = 4;

const PUBLISHABLE: PostingStatus[] = [PostingStatus.Pending, PostingStatus.Publishing, PostingStatus.Live];

/** What became of one posting of a publish batch; `error` is the failure already recorded on the posting. */
export type PublishOutcome = { postingId: string; result: 'published' | 'unchanged' | 'skipped' } | { postingId: string; result: 'failed'; error: unknown };

/** A posting ready to go live: its content hash and the id its board knows it by. */
interface ReadyPosting {
  id: string;
  hash: string;
  externalId: string | null;
}

interface DeliveryLookups {
  boards: Map<string, Promise<PartnerBoard | null>>;
  orgs: Map<string, Promise<Organization>>;
}

/** $1 ids, $2 their content hashes, $3 publishable statuses, $4 'publishing', $5 'live'; returns the claimed ids. */
const CLAIM_SQL = `
  WITH due AS (SELECT * FROM unnest($1::uuid[], $2::text[]) AS d(id, hash)),
  locked AS (
    SELECT p.id, p.organization_id, p.status, due.hash FROM postings p JOIN due ON due.id = p.id
     WHERE p.status = ANY($3::text[]) ORDER BY p.id FOR UPDATE OF p
  ),
  claimed AS (
    UPDATE postings p SET attempts = p.attempts + 1, status = $4, updated_at = now(),
           version = CASE WHEN l.status <> $4 THEN p.version + 1 ELSE p.version END
      FROM locked l WHERE p.id = l.id
    RETURNING p.id
  ),
  history AS (
    INSERT INTO posting_events (posting_id, organization_id, from_status, to_status, reason, detail)
    SELECT l.id, l.organization_id, l.status, $4, CASE WHEN l.status = $5 THEN 'republish' ELSE 'publish' END, jsonb_build_object('contentHash', l.hash)
      FROM locked l WHERE l.status <> $4 ORDER BY l.id
  )
  SELECT id FROM claimed`;

/**
 * $1 ids, $2 hashes, $3 external ids, $4 'publishing', $5 'live'; returns the postings made live. The rows are locked by
 * id alone and their status checked once locked (the locked row is the latest version): a `status = 'publishing'`
 * condition in the scan would let the planner pick the feed page index when its statistics are stale.
 */
const LIVE_SQL = `
  WITH delivered AS (SELECT * FROM unnest($1::uuid[], $2::text[], $3::text[]) AS d(id, hash, external_id)),
  locked AS (SELECT p.id, p.status FROM postings p WHERE p.id = ANY($1::uuid[]) ORDER BY p.id FOR UPDATE OF p),
  live AS (
    UPDATE postings p SET status = $5, version = p.version + 1, updated_at = now(), content_hash = d.hash, external_id = d.external_id,
           last_error = NULL, last_error_status = NULL, last_error_excerpt = NULL, published_at = COALESCE(p.published_at, now())
      FROM locked l JOIN delivered d ON d.id = l.id
     WHERE p.id = l.id AND l.status = $4
    RETURNING p.id, p.organization_id, d.hash
  ),
  history AS (
    INSERT INTO posting_events (posting_id, organization_id, from_status, to_status, reason, detail)
    SELECT id, organization_id, $4, $5, 'published', jsonb_build_object('contentHash', hash) FROM live ORDER BY id
  )
  SELECT id, organization_id FROM live`;

/**
 * A board Hireloop serves itself (careers, the Indeed and LinkedIn feeds) has nothing to deliver: going live is the
 * delivery. Its postings take both steps in one statement: $1 ids, $2 hashes, $3 external ids, $4 'publishing', $5 'live',
 * $6 publishable statuses. Locked by id (status checked once locked), moved to `live` with one more attempt,
 * and the same history as the two steps (`publish`/`republish` to publishing, unless a retry already was there, then
 * `published` to live), in that order; returns the postings made live.
 */
const SELF_SERVED_LIVE_SQL = `
  WITH due AS (SELECT * FROM unnest($1::uuid[], $2::text[], $3::text[]) AS d(id, hash, external_id)),
  locked AS (SELECT p.id, p.status FROM postings p WHERE p.id = ANY($1::uuid[]) ORDER BY p.id FOR UPDATE OF p),
  live AS (
    UPDATE postings p SET status = $5, attempts = p.attempts + 1, version = p.version + CASE WHEN l.status <> $4 THEN 2 ELSE 1 END,
           updated_at = now(), content_hash = d.hash, external_id = d.external_id,
           last_error = NULL, last_error_status = NULL, last_error_excerpt = NULL, published_at = COALESCE(p.published_at, now())
      FROM locked l JOIN due d ON d.id = l.id
     WHERE p.id = l.id AND l.status = ANY($6::text[])
    RETURNING p.id, p.organization_id, l.status AS from_status, d.hash
  ),
  history AS (
    INSERT INTO posting_events (posting_id, organization_id, from_status, to_status, reason, detail)
    SELECT h.posting_id, h.organization_id, h.from_status, h.to_status, h.reason, jsonb_build_object('contentHash', h.hash)
      FROM (
        SELECT id AS posting_id, organization_id, from_status, $4 AS to_status, CASE WHEN from_status = $5 THEN 'republish' ELSE 'publish' END AS reason, hash, 1 AS step
          FROM live WHERE from_status <> $4
        UNION ALL
        SELECT id, organization_id, $4, $5, 'published', hash, 2 FROM live
      ) h
     ORDER BY h.posting_id, h.step
  )
  SELECT id, organization_id FROM live`;

/** Runs `fn` over `items`, at most `limit` at a time. */
async function eachLimited<T>(items: T[], limit: number, fn: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const lanes = Array.from({ length: Math.min(limit, items.length) }, async () => {
    while (next < items.length) await fn(items[next++]);
  });
  await Promise.all(lanes);
}

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
    private readonly boards: BoardsService,
    private readonly egress: EgressGuard,
    @InjectConfig() private readonly config: AppConfig,
  ) {}

  /** Delivers one posting to its board. Unchanged content on a live posting is not sent again. */
  async publish(postingId: string, ctx: DeliveryContext): Promise<'published' | 'unchanged' | 'skipped'> {
    const [outcome] = await this.publishMany([postingId], ctx);
    if (outcome.result === 'failed') throw outcome.error;
    return outcome.result;
  }

  /**
   * Delivers a batch of postings of one organization (the relay groups the `postings.publish` rows of a pass):
   * one read of their content; for partner boards one statement that claims them (one UPDATE, one multi-row history
   * insert) and the deliveries, a few at a time; then one transaction that makes them live: the self-served ones
   * claimed and live in one statement, the delivered ones in another (each one UPDATE and one multi-row history
   * insert), their domain events, one coalesced feeds outbox row. Each posting is checked and reported on its own: a
   * failing board records its failure on its posting and does not hold the others back.
   */
  async publishMany(postingIds: string[], ctx: DeliveryContext): Promise<PublishOutcome[]> {
    const outcomes = new Map<string, PublishOutcome>([...new Set(postingIds)].map((id) => [id, { postingId: id, result: 'skipped' }]));
    const due = new Map<string, { content: BoardPosting; hash: string }>();
    for (const content of await loadPostingsById(this.txHost.tx, [...outcomes.keys()])) {
      if (!PUBLISHABLE.includes(content.status)) continue;
      const hash = contentHash(content);
      if (content.status === PostingStatus.Live && content.contentHash === hash) outcomes.get(content.postingId)!.result = 'unchanged';
      else due.set(content.postingId, { content, hash });
    }
    if (due.size === 0) return [...outcomes.values()];

    // Postings on a board Hireloop serves itself go live in the closing transaction below, claim and all. Those on
    // a partner board are claimed first by one statement (atomic on its own): it locks the publishable rows in id
    // order, moves them to `publishing` with one more attempt, and writes the history of those that moved.
    const selfServed: ReadyPosting[] = [];
    const partnerIds: string[] = [];
    for (const [id, { content, hash }] of due) {
      if (content.partnerBoardId) partnerIds.push(id);
      else selfServed.push({ id, hash, externalId: selfServedExternalId(content) });
    }
    const claimedRows: Array<{ id: string }> =
      partnerIds.length === 0
        ? []
        : await this.txHost.tx.query(CLAIM_SQL, [
            partnerIds,
            partnerIds.map((id) => due.get(id)!.hash),
            PUBLISHABLE,
            PostingStatus.Publishing,
            PostingStatus.Live,
          ]);

    const lookups: DeliveryLookups = { boards: new Map(), orgs: new Map() };
    const delivered: ReadyPosting[] = [];
    await eachLimited(
      claimedRows.map((r) => r.id),
      PARTNER_PARALLELISM,
      async (id) => {
        const { content, hash } = due.get(id)!;
        try {
          const externalId = await this.deliver(content, hash, content.publishedAt ? 'posting.updated' : 'posting.created', lookups);
          delivered.push({ id, hash, externalId });
        } catch (error) {
          await this.recordFailure(id, error, ctx, PostingStatus.Publishing);
          outcomes.set(id, { postingId: id, result: 'failed', error });
        }
      },
    );
    if (delivered.length === 0 && selfServed.length === 0) return [...outcomes.values()];

    // One transaction makes the self-served and the delivered ones live (those closed meanwhile are left to the close
    // job) with their history and domain events, and queues one coalesced feeds rebuild per organization.
    const organizations = await this.txHost.withTransaction(async () => {
      const makeLive = (sql: string, ready: ReadyPosting[], ...more: unknown[]) =>
        ready.length === 0
          ? []
          : this.txHost.tx.query<Array<{ id: string; organization_id: string }>>(sql, [
              ready.map((d) => d.id),
              ready.map((d) => d.hash),
              ready.map((d) => d.externalId),
              PostingStatus.Publishing,
              PostingStatus.Live,
              ...more,
            ]);
      const live = [...(await makeLive(SELF_SERVED_LIVE_SQL, selfServed, PUBLISHABLE)), ...(await makeLive(LIVE_SQL, delivered))];
      for (const row of live) outcomes.set(row.id, { postingId: row.id, result: 'published' });
      const orgs = [...new Set(live.map((row) => row.organization_id))];
      // Webhooks hear of each posting going live, as a single move would announce it.
      for (const org of orgs) {
        await this.postings.announceMany(
          DomainEventType.PostingLive,
          org,
          live.filter((row) => row.organization_id === org).map((row) => row.id),
        );
      }
      await this.outbox.publishMany(orgs.map((org) => this.feedsMessage(org)));
      return orgs;
    });
    await Promise.all(organizations.map((org) => this.cache.invalidate(org).catch(() => undefined)));
    return [...outcomes.values()];
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

  /**
   * The coalesced feeds job: rebuilds both XML feeds of the organization, unless postings are still on their way to a
   * feed (pending or publishing on Indeed or LinkedIn, changed in the last 10 minutes; see FEED_SETTLE_MAX_MS). Then it
   * builds nothing and queues itself for the next window, in case no posting going live queues one.
   */
  async refreshFeeds(organizationId: string): Promise<{ changed: string[]; deferred: boolean }> {
    const [{ waiting_ms, feeds_age_ms }] = await this.txHost.tx.query<Array<{ waiting_ms: number | null; feeds_age_ms: number | null }>>(
      `SELECT (SELECT extract(epoch FROM now() - min(updated_at)) * 1000 FROM postings
                WHERE organization_id = $1 AND board = ANY($2::text[]) AND status = ANY($3::text[])
                  AND updated_at > now() - interval '${FEED_IN_FLIGHT_WITHIN}')::float8 AS waiting_ms,
              (SELECT extract(epoch FROM now() - max(generated_at)) * 1000 FROM board_feeds WHERE organization_id = $1)::float8 AS feeds_age_ms`,
      [organizationId, [...FEED_BOARDS], [PostingStatus.Pending, PostingStatus.Publishing]],
    );
    const overdue = waiting_ms !== null && waiting_ms >= FEED_SETTLE_MAX_MS && (feeds_age_ms === null || feeds_age_ms >= FEED_SETTLE_MAX_MS);
    if (waiting_ms !== null && !overdue) {
      await this.txHost.withTransaction(() => this.outbox.publish(this.feedsMessage(organizationId)));
      return { changed: [], deferred: true };
    }
    const { changed } = await this.boards.regenerateFeeds(organizationId);
    return { changed, deferred: false };
  }

  // --- internals --------------------------------------------------------------------------------

  private async deliver(
    content: BoardPosting,
    hash: string,
    event: 'posting.created' | 'posting.updated' | 'posting.closed',
    lookups: DeliveryLookups = { boards: new Map(), orgs: new Map() },
  ): Promise<string | null> {
    if (!content.partnerBoardId) return selfServedExternalId(content);
    // A batch reads each partner board and the organization once.
    const boardId = content.partnerBoardId;
    if (!lookups.boards.has(boardId)) {
      lookups.boards.set(
        boardId,
        this.txHost.tx
          .getRepository(PartnerBoard)
          .createQueryBuilder('b')
          .addSelect('b.secret')
          .where('b.id = :id AND b.organization_id = :org', { id: boardId, org: content.organizationId })
          .getOne(),
      );
    }
    const board = await lookups.boards.get(boardId)!;
    if (!board) throw new RejectedDeliveryError('The partner board no longer exists.');
    if (!lookups.orgs.has(content.organizationId)) lookups.orgs.set(content.organizationId, this.postings.organization(content.organizationId));
    const org = await lookups.orgs.get(content.organizationId)!;
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

/** The id a board Hireloop serves itself (page, JSON API, feeds) shows for a posting. */
function selfServedExternalId(content: BoardPosting): string {
  return content.board === (BuiltInBoard.Careers as string) ? String(content.publicId) : `hl-${content.publicId}`;
}
