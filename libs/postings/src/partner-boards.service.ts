import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { DataSource, Repository } from 'typeorm';
import { type AuthUser } from '../../identity/src/index.js';
import { AuditService } from '../../platform/src/index.js';
import { CreatePartnerBoardDto } from './dto/partner-board.dto.js';
import { PartnerBoard } from './partner-board.entity.js';
import { PostingsErrorCode, PostingsException } from './postings.exception.js';

/** Push boards registered by an admin. The secret is written, never read back by the API. */
@Injectable()
export class PartnerBoardsService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly audit: AuditService,
    @InjectRepository(PartnerBoard) private readonly boards: Repository<PartnerBoard>,
  ) {}

  async create(actor: AuthUser, input: CreatePartnerBoardDto): Promise<PartnerBoard> {
    return this.dataSource.transaction(async (manager) => {
      const taken = await manager.findOne(PartnerBoard, { where: { organizationId: actor.organizationId, name: input.name }, select: { id: true } });
      if (taken) {
        throw new PostingsException(PostingsErrorCode.PartnerBoardNameTaken, 'A partner board with this name exists.', { errors: [{ field: 'name', message: 'name is already taken' }] });
      }
      const inserted = await manager.insert(PartnerBoard, { organizationId: actor.organizationId, name: input.name, url: input.url, secret: input.secret, createdBy: actor.id });
      const id = inserted.identifiers[0].id as string;
      await this.audit.record(manager, {
        organizationId: actor.organizationId,
        actorId: actor.id,
        entityType: 'partner_board',
        entityId: id,
        action: 'create',
        changes: { name: { to: input.name }, url: { to: input.url } },
      });
      return manager.findOneByOrFail(PartnerBoard, { id });
    });
  }

  list(actor: AuthUser): Promise<PartnerBoard[]> {
    return this.boards.find({ where: { organizationId: actor.organizationId }, order: { createdAt: 'DESC', id: 'DESC' }, take: 100 });
  }
}
