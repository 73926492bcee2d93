import { TransactionHost } from '@nestjs-cls/transactional';
import type { TransactionalAdapterTypeOrm } from '@nestjs-cls/transactional-adapter-typeorm';
import { Injectable } from '@nestjs/common';
import { In } from 'typeorm';
import { InjectConfig } from '../../config/src/index.js';
import type { AppConfig } from '../../config/src/index.js';
import { type AuthUser, hasRole, type Organization, OrganizationsService, Role } from '../../identity/src/index.js';
import { AccessPolicy, Action, JobReadsService, JobStatus, Resource } from '../../jobs/src/index.js';
import { AuditService, DomainEvents, DomainEventType, EgressGuard, isUuid, JobName, type OutboxMessage, OutboxService } from '../../platform/src/index.js';
import { BoardCacheService } from './board-cache.service.js';
import { contentHash, ensurePublicIds, loadPostingsById } from './board-content.js';
import { CreatePostingsDto, PostingDto, postingDtoJsonSql } from './dto/posting.dto.js';
import { PartnerBoard } from './partner-board.entity.js';
import { Posting } from './posting.entity.js';
import { PostingEvent } from './posting-event.entity.js';
import { ACTIVE_STATUSES, BUILT_IN_BOARDS, BuiltInBoard, PostingStatus } from './posting.types.js';
import { PostingsErrorCode, PostingsException } from './postings.exception.js';
import { jobUrl, orgProfile } from './render/org-profile.js';
import { PayTransparency } from './pay-transparency/pay-transparency.service.js';

/**
 * Postings: one job on many boards. The API side writes postings and outbox events in one
 * transaction; the worker side (`PostingDelivery`: publish/close/expire) delivers them, idempotently.
 */
@Injectable()
export class PostingsService {
  constructor(
    private readonly txHost: TransactionHost<TransactionalAdapterTypeOrm>,
    private readonly outbox: OutboxService,
    private readonly audit: AuditService,
    private readonly cache: BoardCacheService,
    private readonly egress: EgressGuard,
    @InjectConfig() private readonly config: AppConfig,
    private readonly jobReads: JobReadsService,
    private readonly organizations: OrganizationsService,
    private readonly domainEvents: DomainEvents,
    private readonly access: AccessPolicy,
    private readonly payTransparency: PayTransparency,
  ) {}

  // --- API side -------------------------------------------------------------------------------

  async create(actor: AuthUser, jobId: string, input: CreatePostingsDto): Promise<PostingDto[]> {
    const ids = await this.txHost.withTransaction(async () => {
      const job = await this.jobReads.jobStatus(actor.organizationId, jobId, true);
      if (!job) throw jobNotFound();
      await this.access.assertCan(actor, Action.Write, { resource: Resource.Posting, jobId: job.id }, { hidden: jobNotFound });
      if (job.status !== JobStatus.Open) {
        throw new PostingsException(PostingsErrorCode.JobNotOpen, `Only open jobs can be posted; this job is ${job.status}.`, {
          extensions: { jobStatus: job.status },
        });
      }
      await this.assertPayTransparency(actor.organizationId, job.id);
      const errors = (job.findings ?? []).filter((f) => f.severity === 'error');
      if (errors.length) {
        throw new PostingsException(PostingsErrorCode.JobHasLintErrors, 'The job description has lint errors; fix them before posting.', {
          extensions: { findings: errors },
        });
      }
      const partnerIds = await this.resolveBoards(actor.organizationId, input);
      await ensurePublicIds(this.txHost.tx, actor.organizationId, [job.id]);
      const existing = await this.txHost.tx.find(Posting, { where: { jobId: job.id, board: In(input.boards), status: In(ACTIVE_STATUSES) } });
      const result: string[] = existing.map((p) => p.id);
      const boards = input.boards.filter((board) => !existing.some((p) => p.board === board));
      // One multi-row insert for the postings, one for their `created` events, one for their outbox rows.
      const inserted = boards.length
        ? await this.txHost.tx.insert(
            Posting,
            boards.map((board) => ({
              organizationId: actor.organizationId,
              jobId: job.id,
              board,
              partnerBoardId: partnerIds.has(board) ? board : null,
              status: PostingStatus.Pending,
              validThrough: input.validThrough ?? null,
              overrides: input.overrides?.[board] ?? {},
              createdBy: actor.id,
            })),
          )
        : { identifiers: [] };
      const newIds = inserted.identifiers.map((i) => i.id as string);
      result.push(...newIds);
      await this.recordEvents(
        newIds.map((postingId) => ({
          postingId,
          organizationId: actor.organizationId,
          from: null,
          to: PostingStatus.Pending,
          reason: 'created',
          actorId: actor.id,
        })),
      );
      const messages: OutboxMessage[] = [];
      for (const postingId of newIds) {
        messages.push(this.publishMessage(actor.organizationId, postingId));
        if (input.validThrough) messages.push(this.expireMessage(actor.organizationId, postingId, input.validThrough));
      }
      await this.outbox.publishMany(messages);
      await this.audit.record({
        organizationId: actor.organizationId,
        actorId: actor.id,
        entityType: 'job',
        entityId: job.id,
        action: 'post',
        changes: { boards: { to: input.boards } },
      });
      return result;
    });
    return this.dtos(actor, ids);
  }

  async list(actor: AuthUser, jobId: string): Promise<PostingDto[]> {
    const job = await this.jobReads.jobStatus(actor.organizationId, jobId);
    if (!job) throw jobNotFound();
    await this.access.assertCan(actor, Action.Read, { resource: Resource.Posting, jobId }, { hidden: jobNotFound });
    const rows = await this.txHost.tx
      .getRepository(Posting)
      .find({ where: { jobId, organizationId: actor.organizationId }, order: { createdAt: 'ASC', id: 'ASC' } });
    return this.dtos(
      actor,
      rows.map((r) => r.id),
    );
  }

  async get(actor: AuthUser, postingId: string): Promise<PostingDto> {
    const posting = await this.txHost.tx.getRepository(Posting).findOne({ where: { id: postingId, organizationId: actor.organizationId } });
    if (!posting) throw postingNotFound();
    await this.access.assertCan(actor, Action.Read, { resource: Resource.Posting, jobId: posting.jobId }, { hidden: postingNotFound });
    return (await this.dtos(actor, [postingId]))[0];
  }

  /** A failed posting is queued again: its publish, or its close when closing is what failed. */
  async retry(actor: AuthUser, postingId: string): Promise<PostingDto> {
    await this.txHost.withTransaction(async () => {
      const posting = await this.txHost.tx.findOne(Posting, {
        where: { id: postingId, organizationId: actor.organizationId },
        lock: { mode: 'pessimistic_write' },
      });
      if (!posting) throw postingNotFound();
      await this.access.assertCan(actor, Action.Write, { resource: Resource.Posting, jobId: posting.jobId }, { hidden: postingNotFound });
      if (posting.status !== PostingStatus.Failed) {
        throw new PostingsException(PostingsErrorCode.NotRetryable, `Only failed postings can be retried; this one is ${posting.status}.`);
      }
      const last = await this.txHost.tx.findOne(PostingEvent, { where: { postingId, toStatus: PostingStatus.Failed }, order: { id: 'DESC' } });
      const closing = last?.fromStatus === PostingStatus.Closing;
      const to = closing ? PostingStatus.Closing : PostingStatus.Pending;
      await this.move(posting, to, 'retry', {}, actor.id, { attempts: 0 });
      await this.outbox.publish(
        closing ? this.closeMessage(posting.organizationId, postingId, 'retry') : this.publishMessage(posting.organizationId, postingId),
      );
    });
    return (await this.dtos(actor, [postingId]))[0];
  }

  /** Unpublish: the posting leaves every page and feed; push boards get a close event. */
  async unpublish(actor: AuthUser, postingId: string): Promise<PostingDto> {
    await this.txHost.withTransaction(async () => {
      const posting = await this.txHost.tx.findOne(Posting, {
        where: { id: postingId, organizationId: actor.organizationId },
        lock: { mode: 'pessimistic_write' },
      });
      if (!posting) throw postingNotFound();
      await this.access.assertCan(actor, Action.Write, { resource: Resource.Posting, jobId: posting.jobId }, { hidden: postingNotFound });
      await this.startClosing(posting, 'unpublished', actor.id);
    });
    return (await this.dtos(actor, [postingId]))[0];
  }

  /**
   * Call when a job changed (the jobs flow, or the `postings.job-changed` outbox event):
   * a closed job closes all its postings; an open job's live postings whose content changed
   * (description, salary, location, …) are republished. Returns how many postings were queued.
   */
  async onJobChanged(organizationId: string, jobId: string, actorId: string | null = null): Promise<number> {
    const run = async (): Promise<number> => {
      const job = await this.jobReads.jobStatus(organizationId, jobId);
      if (!job) return 0;
      const active = await this.txHost.tx.find(Posting, { where: { jobId, organizationId, status: In(ACTIVE_STATUSES) }, lock: { mode: 'pessimistic_write' } });
      if (job.status === JobStatus.Closed) {
        let n = 0;
        for (const posting of active) if (await this.startClosing(posting, 'job_closed', actorId)) n++;
        return n;
      }
      const live = active.filter((p) => p.status === PostingStatus.Live);
      const contents = await loadPostingsById(
        this.txHost.tx,
        live.map((p) => p.id),
      );
      const changed = contents.filter((c) => contentHash(c) !== c.contentHash);
      await this.outbox.publishMany(changed.map((c) => this.publishMessage(organizationId, c.postingId)));
      return changed.length;
    };
    return this.txHost.withTransaction(run);
  }

  /** Pay transparency: where the job is covered by a rule requiring a range, it must have one (422 naming the rule). */
  private async assertPayTransparency(organizationId: string, jobId: string): Promise<void> {
    const rows = await this.txHost.tx.query<
      Array<{ offices: Array<{ country: string; region: string }>; remote_countries: string[]; salary_min: string | null; salary_max: string | null }>
    >(`SELECT offices, remote_countries, salary_min, salary_max FROM job_listings WHERE organization_id = $1 AND job_id = $2`, [organizationId, jobId]);
    const job = rows[0];
    if (!job) return;
    await this.payTransparency.assertPostable(
      organizationId,
      { offices: job.offices ?? [], remoteCountries: job.remote_countries ?? [] },
      { min: job.salary_min === null ? null : Number(job.salary_min), max: job.salary_max === null ? null : Number(job.salary_max) },
    );
  }

  // --- shared with PostingDelivery ------------------------------------------------------------

  async move(
    posting: Posting,
    to: PostingStatus,
    reason: string,
    detail: Record<string, unknown> = {},
    actorId: string | null = null,
    changes: Partial<Posting> = {},
  ): Promise<void> {
    // Joins the caller's transaction (the usual case); on its own it is still atomic, event included.
    await this.txHost.withTransaction(async () => {
      const from = posting.status;
      await this.txHost.tx.update(Posting, { id: posting.id }, { ...changes, status: to, version: () => 'version + 1' });
      await this.recordEvent(posting, from, to, reason, detail, actorId);
      posting.status = to;
      const type = POSTING_EVENTS[to];
      if (type) await this.announce(type, posting.organizationId, posting.id);
    });
  }

  /** A posting's domain event (live, closed, failed), `data` as GET /v1/postings/{id} returns it (without the board's answer). */
  private async announce(type: DomainEventType, organizationId: string, id: string): Promise<void> {
    await this.announceMany(type, organizationId, [id]);
  }

  /**
   * The same event for many postings of one organization, inside the caller's transaction (a batch going live), in the
   * given order: Postgres builds each event's data (`postingDtoJsonSql`, the posting and its history as its GET returns
   * them) and writes the events in one statement, so a batch is never read into Node just to be sent back as JSON.
   */
  async announceMany(type: DomainEventType, organizationId: string, ids: string[]): Promise<void> {
    if (ids.length === 0) return;
    const profile = orgProfile(await this.organization(organizationId), this.config.publicBaseUrl);
    await this.domainEvents.publishSelected({
      type,
      organizationId,
      aggregateType: 'posting',
      sql: `SELECT p.id::text AS aggregate_id, ${postingDtoJsonSql('p', '$3')} AS data, x.ord
              FROM unnest($1::uuid[]) WITH ORDINALITY AS x(id, ord) JOIN postings p ON p.id = x.id AND p.organization_id = $2`,
      params: [[...new Set(ids)], organizationId, profile.careersUrl],
    });
  }

  async organization(id: string): Promise<Organization> {
    const org = await this.organizations.findById(id);
    if (!org) throw new Error(`Organization ${id} not found`);
    return org;
  }

  // --- internals --------------------------------------------------------------------------------

  /** Moves an active posting to `closing` and queues its close; false when it is already over. */
  private async startClosing(posting: Posting, reason: string, actorId: string | null): Promise<boolean> {
    if (!ACTIVE_STATUSES.includes(posting.status) || posting.status === PostingStatus.Closing) return false;
    await this.move(posting, PostingStatus.Closing, reason, {}, actorId);
    await this.outbox.publish(this.closeMessage(posting.organizationId, posting.id, reason));
    return true;
  }

  private async recordEvent(
    posting: { postingId?: string; id?: string; organizationId: string },
    from: PostingStatus | null,
    to: PostingStatus,
    reason: string,
    detail: Record<string, unknown>,
    actorId: string | null = null,
  ): Promise<void> {
    await this.recordEvents([{ postingId: posting.postingId ?? posting.id!, organizationId: posting.organizationId, from, to, reason, detail, actorId }]);
  }

  // --- shared with PostingDelivery (batches) ---------------------------------------------------

  /** Postings' history rows, in one multi-row insert. */
  async recordEvents(events: PostingTransition[]): Promise<void> {
    if (events.length === 0) return;
    await this.txHost.tx.insert(
      PostingEvent,
      events.map((e) => ({
        postingId: e.postingId,
        organizationId: e.organizationId,
        fromStatus: e.from,
        toStatus: e.to,
        reason: e.reason,
        detail: (e.detail ?? {}) as never,
        actorId: e.actorId ?? null,
      })),
    );
  }

  private publishMessage(organizationId: string, postingId: string): OutboxMessage {
    return { jobName: JobName.PostingPublish, organizationId, aggregateType: 'posting', aggregateId: postingId, payload: { postingId } };
  }

  private closeMessage(organizationId: string, postingId: string, reason: string): OutboxMessage {
    return { jobName: JobName.PostingClose, organizationId, aggregateType: 'posting', aggregateId: postingId, payload: { postingId, reason } };
  }

  private expireMessage(organizationId: string, postingId: string, validThrough: Date): OutboxMessage {
    return {
      jobName: JobName.PostingExpire,
      organizationId,
      aggregateType: 'posting',
      aggregateId: postingId,
      payload: { postingId, validThrough: validThrough.toISOString() },
      runAt: validThrough,
      jobId: `expire-${postingId}-${validThrough.getTime()}`,
    };
  }

  private async resolveBoards(organizationId: string, input: CreatePostingsDto): Promise<Set<string>> {
    const partnerCandidates = input.boards.filter((b) => !BUILT_IN_BOARDS.includes(b));
    const valid = partnerCandidates.filter(isUuid);
    const found = valid.length ? await this.txHost.tx.find(PartnerBoard, { where: { id: In(valid), organizationId, active: true }, select: { id: true } }) : [];
    const known = new Set(found.map((b) => b.id));
    const errors = input.boards.flatMap((b, i) =>
      BUILT_IN_BOARDS.includes(b) || known.has(b) ? [] : [{ field: `boards.${i}`, message: `unknown board ${b}` }],
    );
    for (const key of Object.keys(input.overrides ?? {})) {
      if (!input.boards.includes(key)) errors.push({ field: `overrides.${key}`, message: `overrides.${key} names a board not in boards` });
    }
    if (errors.length) throw new PostingsException(PostingsErrorCode.UnknownBoard, 'Some boards are unknown.', { errors });
    return known;
  }

  private async dtos(actor: AuthUser, ids: string[]): Promise<PostingDto[]> {
    if (ids.length === 0) return [];
    const organizationId = actor.organizationId;
    const showExcerpt = hasRole(actor, Role.Admin);
    const [rows, history, org] = await Promise.all([
      this.txHost.tx.getRepository(Posting).find({ where: { id: In(ids), organizationId } }),
      this.txHost.tx.getRepository(PostingEvent).find({ where: { postingId: In(ids) }, order: { id: 'ASC' } }),
      this.organization(organizationId),
    ]);
    const profile = orgProfile(org, this.config.publicBaseUrl);
    const byId = new Map(rows.map((r) => [r.id, r]));
    return ids
      .map((id) => byId.get(id))
      .filter((p): p is Posting => !!p)
      .map((p) =>
        PostingDto.from(
          p,
          history.filter((e) => e.postingId === p.id),
          p.board === (BuiltInBoard.Careers as string) ? jobUrl(profile, Number(p.publicId)) : null,
          showExcerpt,
        ),
      );
  }
}

/** The statuses a posting's webhooks announce. */
const POSTING_EVENTS: Partial<Record<PostingStatus, DomainEventType>> = {
  [PostingStatus.Live]: DomainEventType.PostingLive,
  [PostingStatus.Closed]: DomainEventType.PostingClosed,
  [PostingStatus.Failed]: DomainEventType.PostingFailed,
};

/** One posting's move, as its history row records it. */
export interface PostingTransition {
  postingId: string;
  organizationId: string;
  from: PostingStatus | null;
  to: PostingStatus;
  reason: string;
  detail?: Record<string, unknown>;
  actorId?: string | null;
}

function jobNotFound(): PostingsException {
  return new PostingsException(PostingsErrorCode.JobNotFound, 'No such job.');
}

function postingNotFound(): PostingsException {
  return new PostingsException(PostingsErrorCode.PostingNotFound, 'No such posting.');
}
