import { Controller, Delete, HttpCode, Param } from '@nestjs/common';
import { ApiNoContentResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Authenticated, CurrentUser, Role } from '../../identity/src/index.js';
import type { AuthUser } from '../../identity/src/index.js';
import { ApiProblems, IdPipe } from '../../platform/src/index.js';
import { CandidateDeletion } from './candidate-deletion.service.js';

@ApiTags('candidates')
@Controller('v1/candidates')
export class CandidateDeletionController {
  constructor(private readonly deletion: CandidateDeletion) {}

  @Delete(':id')
  @HttpCode(204)
  @Authenticated({ roles: [Role.Admin] })
  @ApiOperation({
    summary:
      'Delete a candidate for good (admins): a spam or test profile, or a duplicate created by mistake. Removes the candidate, the candidates merged into them, ' +
      'their applications and everything about them (interviews, scorecards, decisions, offers, emails, notes, files, timeline) and erases their personal data ' +
      'from the audit log and webhook events; announces `candidate.deleted` (no `application.*` events for the applications). A candidate who was hired is ' +
      '409 `pipelines.candidate_has_hire`: anonymise them instead. A candidate merged into another is 404, like everywhere else',
  })
  @ApiNoContentResponse({ description: 'Deleted' })
  @ApiProblems(403, 404, 409)
  async delete(@CurrentUser() actor: AuthUser, @Param('id', IdPipe) id: string): Promise<void> {
    await this.deletion.delete(actor, id);
  }
}
