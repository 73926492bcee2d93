import { Readable } from 'node:stream';
import { Controller, Get, Query, Res } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import type { AuthUser } from '../../../identity/src/index.js';
import { Authenticated, CurrentUser, Role } from '../../../identity/src/index.js';
import { ApiProblems, AuditChainService } from '../../../platform/src/index.js';
import { AuditExportQueryDto, AuditVerificationDto } from './audit.dto.js';

const DATE_ONLY = /^\d{4}-\d{2}-\d{2}$/;

/** `from` as given; a date-only `to` reaches the end of that day (the export's upper bound is exclusive). */
export function exportRange(query: AuditExportQueryDto): { from?: Date; to?: Date } {
  const to = query.to ? new Date(query.to) : undefined;
  if (to && query.to && DATE_ONLY.test(query.to)) to.setUTCDate(to.getUTCDate() + 1);
  return { from: query.from ? new Date(query.from) : undefined, to };
}

/** The organization's tamper-evident audit log (hash chain kept by platform's audit service): admins only. */
@ApiTags('audit')
@Controller('v1/audit')
export class AuditController {
  constructor(private readonly chain: AuditChainService) {}

  @Get('verify')
  @Authenticated({ roles: [Role.Admin] })
  @ApiOperation({
    summary:
      "Walk the organization's audit hash chain: { ok: true, entries } or { ok: false, firstBrokenEntryId, position, reason } at the first entry that was changed, removed or unlinked",
  })
  @ApiOkResponse({ type: AuditVerificationDto })
  @ApiProblems(403)
  verify(@CurrentUser() actor: AuthUser): Promise<AuditVerificationDto> {
    return this.chain.verify(actor.organizationId);
  }

  @Get('export')
  @Authenticated({ roles: [Role.Admin] })
  @ApiOperation({
    summary:
      'Every audit entry in chain order as JSON lines (one object per line: the recorded facts, the digests of the changed values, previousHash and contentHash), streamed',
  })
  @ApiProduces('application/x-ndjson')
  @ApiOkResponse({ description: 'One JSON object per line', schema: { type: 'string' } })
  @ApiProblems(400, 403)
  async export(@CurrentUser() actor: AuthUser, @Query() query: AuditExportQueryDto, @Res() reply: FastifyReply): Promise<void> {
    const batches = this.chain.export(actor.organizationId, exportRange(query));
    async function* lines(): AsyncGenerator<string> {
      for await (const batch of batches) yield batch.map((entry) => JSON.stringify(entry) + '\n').join('');
    }
    await reply
      .status(200)
      .header('content-type', 'application/x-ndjson; charset=utf-8')
      .header('content-disposition', 'attachment; filename="audit-log.jsonl"')
      .header('x-content-type-options', 'nosniff')
      .header('cache-control', 'private, no-store')
      .send(Readable.from(lines()));
  }
}
