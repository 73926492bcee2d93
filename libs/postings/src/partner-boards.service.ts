import { TransactionHost } from '@nestjs-cls/transactional';
import type { TransactionalAdapterTypeOrm } from '@nestjs-cls/transactional-adapter-typeorm';
import { Injectable } from '@nestjs/common';
import { Repository } from 'typeorm';
import { type AuthUser } from '../../identity/src/index.js';
import { AuditService, diffFields, EgressError, destinationRefusal, EgressGuard } from '../../platform/src/index.js';
import { CreatePartnerBoardDto, UpdatePartnerBoardDto } from './dto/partner-board.dto.js';
import { PartnerBoard } from './partner-board.entity.js';
import { PostingsErrorCode, PostingsException } from './postings.exception.js';

/** Push boards registered by an admin. The secret is written, never read back by the API. */
@Injectable()
export class PartnerBoardsService {
  constructor(
    private readonly txHost: TransactionHost<TransactionalAdapterTypeOrm>,
    private readonly audit: AuditService,
    private readonly egress: EgressGuard,
  ) {}

  async create(actor: AuthUser, input: CreatePartnerBoardDto): Promise<PartnerBoard> {
    await this.assertReachable(input.url);
    return this.txHost.withTransaction(async () => {
      await this.assertNameFree(this.txHost.tx.getRepository(PartnerBoard), actor.organizationId, input.name);
      const inserted = await this.txHost.tx.insert(PartnerBoard, {
        organizationId: actor.organizationId,
        name: input.name,
        url: input.url,
        secret: input.secret,
        createdBy: actor.id,
      });
      const id = inserted.identifiers[0].id as string;
      await this.audit.record({
        organizationId: actor.organizationId,
        actorId: actor.id,
        entityType: 'partner_board',
        entityId: id,
        action: 'create',
        changes: { name: { to: input.name }, url: { to: input.url } },
      });
      return this.txHost.tx.findOneByOrFail(PartnerBoard, { id });
    });
  }

  /** Name, URL (checked like a new one), secret or active; the secret is audited as changed, never by value. */
  async update(actor: AuthUser, id: string, input: UpdatePartnerBoardDto): Promise<PartnerBoard> {
    if (input.url !== undefined) await this.assertReachable(input.url);
    return this.txHost.withTransaction(async () => {
      const repo = this.txHost.tx.getRepository(PartnerBoard);
      const board = await repo.findOne({ where: { id, organizationId: actor.organizationId }, lock: { mode: 'pessimistic_write' } });
      if (!board) throw new PostingsException(PostingsErrorCode.PartnerBoardNotFound, 'No such partner board.');
      if (input.name !== undefined && input.name !== board.name) await this.assertNameFree(repo, actor.organizationId, input.name);
      const after = { ...board, ...pick(input, ['name', 'url', 'active']) };
      const changes: Record<string, { from?: unknown; to?: unknown }> = diffFields(board as unknown as Record<string, unknown>, after, [
        'name',
        'url',
        'active',
      ]);
      if (input.secret !== undefined) changes.secret = {}; // recorded as changed, never by value (as diffFields does)
      if (Object.keys(changes).length === 0) return board;
      await repo.update({ id }, { ...pick(input, ['name', 'url', 'active', 'secret']) });
      await this.audit.record({
        organizationId: actor.organizationId,
        actorId: actor.id,
        entityType: 'partner_board',
        entityId: id,
        action: 'update',
        changes,
      });
      return repo.findOneByOrFail({ id });
    });
  }

  list(actor: AuthUser): Promise<PartnerBoard[]> {
    return this.txHost.tx
      .getRepository(PartnerBoard)
      .find({ where: { organizationId: actor.organizationId }, order: { createdAt: 'DESC', id: 'DESC' }, take: 100 });
  }

  private async assertNameFree(repo: Repository<PartnerBoard>, organizationId: string, name: string): Promise<void> {
    const taken = await repo.findOne({ where: { organizationId, name }, select: { id: true } });
    if (taken) {
      throw new PostingsException(PostingsErrorCode.PartnerBoardNameTaken, 'A partner board with this name exists.', {
        errors: [{ field: 'name', message: 'name is already taken' }],
      });
    }
  }

  /** The egress guard's registration check (syntax, then every resolved address): a refused URL is a 422 on `url`. */
  private async assertReachable(url: string): Promise<void> {
    try {
      await this.egress.checkDestination(url);
    } catch (error) {
      if (!(error instanceof EgressError)) throw error;
      const message = destinationRefusal(error, 'Use the board’s public address.');
      throw new PostingsException(PostingsErrorCode.PartnerBoardUrlRefused, 'Hireloop cannot send postings to this address.', {
        errors: [{ field: 'url', message }],
      });
    }
  }
}

function pick<T extends object, K extends keyof T>(input: T, keys: K[]): Partial<Pick<T, K>> {
  return Object.fromEntries(keys.filter((k) => input[k] !== undefined).map((k) => [k, input[k]])) as Partial<Pick<T, K>>;
}
