import { Body, Controller, Get, Post } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Authenticated, CurrentUser, Role } from '../../identity/src/index.js';
import type { AuthUser } from '../../identity/src/index.js';
import { ApiProblems } from '../../platform/src/index.js';
import { CreateRejectionReasonDto, RejectionReasonDto, RejectionReasonListDto } from './dto/application.dto.js';
import { RejectionReasonsService } from './rejection-reasons.service.js';

@ApiTags('applications')
@Controller('v1/rejection-reasons')
export class RejectionReasonsController {
  constructor(private readonly reasons: RejectionReasonsService) {}

  @Get()
  @Authenticated({ roles: [Role.Admin, Role.Recruiter, Role.HiringManager] })
  @ApiOperation({ summary: "The organization's rejection reasons (seeded with defaults on first use)" })
  @ApiOkResponse({ type: RejectionReasonListDto })
  async list(@CurrentUser() actor: AuthUser): Promise<RejectionReasonListDto> {
    return { data: await this.reasons.list(actor.organizationId) };
  }

  @Post()
  @Authenticated({ roles: [Role.Admin, Role.Recruiter] })
  @ApiOperation({ summary: 'Add a rejection reason' })
  @ApiCreatedResponse({ type: RejectionReasonDto })
  @ApiProblems(400, 409)
  async create(@CurrentUser() actor: AuthUser, @Body() body: CreateRejectionReasonDto): Promise<RejectionReasonDto> {
    return this.reasons.create(actor, body);
  }
}
