import { TransactionHost } from '@nestjs-cls/transactional';
import type { TransactionalAdapterTypeOrm } from '@nestjs-cls/transactional-adapter-typeorm';
import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import type { AuthUser } from '../../identity/src/index.js';
import { AuditService, isUniqueViolation, keysetPage, Page } from '../../platform/src/index.js';
import { ForkKitDto, ListKitsQueryDto } from './dto/interview-kit.dto.js';
import { InterviewKitRevision } from './interview-kit-revision.entity.js';
import { InterviewKit } from './interview-kit.entity.js';
import { InterviewsErrorCode, InterviewsException } from './interviews.exception.js';
import type { KitContent } from './library/kit-content.js';
import { validateKitContent } from './library/validate-kit.js';

export interface KitWithRevision {
  kit: InterviewKit;
  revision: InterviewKitRevision;
}

/** Interview kits: the built-in library (read-only, shared) and each organization's own, with immutable revisions. */
@Injectable()
export class InterviewKitsService {
  constructor(
    private readonly audit: AuditService,
    private readonly txHost: TransactionHost<TransactionalAdapterTypeOrm>,
  ) {}

  /** A kit the organization may read (built-in or its own); 404 otherwise. */
  async findVisible(organizationId: string, id: string): Promise<InterviewKit> {
    const repo = this.txHost.tx.getRepository(InterviewKit);
    const kit = await repo
      .createQueryBuilder('k')
      .where('k.id = :id', { id })
      .andWhere('(k.organization_id IS NULL OR k.organization_id = :org)', { org: organizationId })
      .getOne();
    if (!kit) throw new InterviewsException(InterviewsErrorCode.KitNotFound, 'No such interview kit.');
    return kit;
  }

  async list(actor: AuthUser, query: ListKitsQueryDto): Promise<Page<InterviewKit>> {
    const qb = this.txHost.tx
      .getRepository(InterviewKit)
      .createQueryBuilder('k')
      .where('(k.organization_id IS NULL OR k.organization_id = :org)', { org: actor.organizationId });
    if (query.stageKind) qb.andWhere('k.stage_kind = :stageKind', { stageKind: query.stageKind });
    if (query.builtIn !== undefined) qb.andWhere('k.built_in = :builtIn', { builtIn: query.builtIn });
    return keysetPage(qb, {
      columns: [
        { expr: 'k.created_at', type: 'timestamp' },
        { expr: 'k.id', type: 'uuid' },
      ],
      direction: 'DESC',
      limit: query.limit,
      cursor: query.cursor,
    });
  }

  async get(actor: AuthUser, id: string, revisionNumber?: number): Promise<KitWithRevision> {
    const kit = await this.findVisible(actor.organizationId, id);
    const revision = revisionNumber
      ? await this.txHost.tx.getRepository(InterviewKitRevision).findOneBy({ kitId: kit.id, number: revisionNumber })
      : await this.txHost.tx.getRepository(InterviewKitRevision).findOneBy({ id: kit.latestRevisionId as string });
    if (!revision)
      throw new InterviewsException(InterviewsErrorCode.KitRevisionNotFound, 'This kit has no such revision.', {
        errors: [{ field: 'revision', message: 'no such revision of this kit' }],
      });
    return { kit, revision };
  }

  /** A kit revision visible to the organization (a scorecard's kit), or null. */
  async findRevision(organizationId: string, revisionId: string): Promise<KitWithRevision | null> {
    const revision = await this.txHost.tx.findOneBy(InterviewKitRevision, { id: revisionId });
    if (!revision) return null;
    const kit = await this.txHost.tx
      .getRepository(InterviewKit)
      .createQueryBuilder('k')
      .where('k.id = :id', { id: revision.kitId })
      .andWhere('(k.organization_id IS NULL OR k.organization_id = :org)', { org: organizationId })
      .getOne();
    return kit ? { kit, revision } : null;
  }

  /** The latest revision of a kit visible to the organization, by id or by key (the organization's own key wins over a built-in's). */
  async resolveLatest(organizationId: string, ref: { id?: string; key?: string }): Promise<KitWithRevision | null> {
    const qb = this.txHost.tx
      .getRepository(InterviewKit)
      .createQueryBuilder('k')
      .where('(k.organization_id IS NULL OR k.organization_id = :org)', { org: organizationId });
    if (ref.id) qb.andWhere('k.id = :id', { id: ref.id });
    else if (ref.key) qb.andWhere('k.key = :key', { key: ref.key });
    else return null;
    const kit = await qb.orderBy('k.organization_id', 'ASC', 'NULLS LAST').getOne();
    if (!kit) return null;
    return { kit, revision: await this.txHost.tx.findOneByOrFail(InterviewKitRevision, { id: kit.latestRevisionId as string }) };
  }

  async create(actor: AuthUser, body: unknown): Promise<KitWithRevision> {
    const content = this.assertValid(body);
    return this.txHost.withTransaction(async () => {
      const kit = this.txHost.tx.create(InterviewKit, {
        id: randomUUID(),
        organizationId: actor.organizationId,
        key: content.key,
        title: content.title,
        stageKind: content.stageKind,
        builtIn: false,
        contentHash: null,
        forkedFrom: null,
        createdBy: actor.id,
      });
      return this.insertWithFirstRevision(actor, kit, content);
    });
  }

  async addRevision(actor: AuthUser, id: string, body: unknown): Promise<KitWithRevision> {
    const visible = await this.findVisible(actor.organizationId, id);
    this.assertEditable(visible);
    const content = this.assertValid(body);
    if (content.key !== visible.key) {
      throw new InterviewsException(InterviewsErrorCode.InvalidKit, 'A revision keeps the kit’s key.', {
        errors: [{ field: 'key', message: `must stay "${visible.key}"` }],
      });
    }
    return this.txHost.withTransaction(async () => {
      const kit = await this.txHost.tx.findOneOrFail(InterviewKit, { where: { id: visible.id }, lock: { mode: 'pessimistic_write' } });
      const revision = await this.txHost.tx.save(
        this.txHost.tx.create(InterviewKitRevision, {
          organizationId: kit.organizationId,
          kitId: kit.id,
          number: kit.latestRevisionNumber + 1,
          content,
          createdBy: actor.id,
        }),
      );
      await this.txHost.tx.update(
        InterviewKit,
        { id: kit.id },
        { latestRevisionId: revision.id, latestRevisionNumber: revision.number, title: content.title, stageKind: content.stageKind },
      );
      await this.audit.record({
        organizationId: actor.organizationId,
        actorId: actor.id,
        entityType: 'interview_kit',
        entityId: kit.id,
        action: 'update',
        changes: {
          latestRevisionNumber: { from: kit.latestRevisionNumber, to: revision.number },
          ...(content.title !== kit.title ? { title: { from: kit.title, to: content.title } } : {}),
        },
      });
      return { kit: await this.txHost.tx.findOneByOrFail(InterviewKit, { id: kit.id }), revision };
    });
  }

  async fork(actor: AuthUser, id: string, input: ForkKitDto): Promise<KitWithRevision> {
    const source = await this.findVisible(actor.organizationId, id);
    const latest = await this.txHost.tx.getRepository(InterviewKitRevision).findOneByOrFail({ id: source.latestRevisionId as string });
    const content: KitContent = { ...structuredClone(latest.content), key: input.key ?? source.key, title: input.title ?? latest.content.title };
    return this.txHost.withTransaction(async () => {
      const kit = this.txHost.tx.create(InterviewKit, {
        id: randomUUID(),
        organizationId: actor.organizationId,
        key: content.key,
        title: content.title,
        stageKind: content.stageKind,
        builtIn: false,
        contentHash: null,
        forkedFrom: source.id,
        createdBy: actor.id,
      });
      return this.insertWithFirstRevision(actor, kit, content);
    });
  }

  // --- internals -----------------------------------------------------------------------------

  private assertValid(body: unknown): KitContent {
    const issues = validateKitContent(body);
    if (issues.length > 0) {
      throw new InterviewsException(InterviewsErrorCode.InvalidKit, 'The kit content is invalid.', {
        errors: issues.map((i) => ({ field: i.field, message: i.field ? `${i.field} ${i.message}` : i.message })),
      });
    }
    return body as KitContent;
  }

  private assertEditable(kit: InterviewKit): void {
    if (kit.builtIn) {
      throw new InterviewsException(
        InterviewsErrorCode.BuiltInKitReadOnly,
        'Built-in interview kits are read-only; fork one into your organization to change it.',
      );
    }
  }

  private async insertWithFirstRevision(actor: AuthUser, kit: InterviewKit, content: KitContent): Promise<KitWithRevision> {
    const revisionId = randomUUID();
    kit.latestRevisionId = revisionId;
    kit.latestRevisionNumber = 1;
    try {
      await this.txHost.tx.insert(InterviewKit, kit);
    } catch (error) {
      if (isUniqueViolation(error)) {
        throw new InterviewsException(InterviewsErrorCode.KitKeyTaken, 'Your organization already has a kit with this key.', {
          errors: [{ field: 'key', message: `key "${kit.key}" is taken` }],
        });
      }
      throw error;
    }
    await this.txHost.tx.insert(InterviewKitRevision, {
      id: revisionId,
      organizationId: kit.organizationId,
      kitId: kit.id,
      number: 1,
      content,
      createdBy: actor.id,
    });
    await this.audit.record({
      organizationId: actor.organizationId,
      actorId: actor.id,
      entityType: 'interview_kit',
      entityId: kit.id,
      action: 'create',
      changes: { key: { to: kit.key }, title: { to: kit.title }, ...(kit.forkedFrom ? { forkedFrom: { to: kit.forkedFrom } } : {}) },
    });
    return {
      kit: await this.txHost.tx.findOneByOrFail(InterviewKit, { id: kit.id }),
      revision: await this.txHost.tx.findOneByOrFail(InterviewKitRevision, { id: revisionId }),
    };
  }
}
