import { Controller, HttpCode, Param, Post } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Authenticated, CurrentUser, Role } from '../../../identity/src/index.js';
import type { AuthUser } from '../../../identity/src/index.js';
import { AccessPolicy } from '../../../jobs/src/index.js';
import { CandidateDto, CandidatesService } from '../../../pipelines/src/index.js';
import { ApiProblems, IdPipe } from '../../../platform/src/index.js';
import { CandidateAnonymization } from './candidate-anonymization.service.js';

@ApiTags('candidates')
@Controller('v1/candidates')
export class AnonymizationController {
  constructor(
    private readonly anonymization: CandidateAnonymization,
    private readonly candidates: CandidatesService,
    private readonly access: AccessPolicy,
  ) {}

  @Post(':id/anonymize')
  @HttpCode(200)
  @Authenticated({ roles: [Role.Admin] })
  @ApiOperation({
    summary:
      'Anonymise a candidate everywhere (admins): names, contact details, files, notes, emails, interview and scorecard texts, offer letters, timeline, webhook events and audit values. Irreversible; a second call changes nothing',
  })
  @ApiOkResponse({ type: CandidateDto })
  @ApiProblems(404)
  async anonymize(@CurrentUser() actor: AuthUser, @Param('id', IdPipe) id: string): Promise<CandidateDto> {
    await this.anonymization.anonymize(actor.organizationId, id, actor.id);
    return this.candidates.get(await this.access.scope(actor), id);
  }
}
