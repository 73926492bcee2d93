import { TransactionHost } from '@nestjs-cls/transactional';
import type { TransactionalAdapterTypeOrm } from '@nestjs-cls/transactional-adapter-typeorm';
import { Injectable } from '@nestjs/common';
import type { AuthUser } from '../../../identity/src/index.js';
import { PipelineReadsService, RetentionRule } from '../../../pipelines/src/index.js';
import { AuditService } from '../../../platform/src/index.js';
import { PrivacyErrorCode, PrivacyException } from '../privacy.exception.js';
import { RetentionClock } from './retention-clock.js';
import { RetentionDueStore } from './retention-due.store.js';

export interface DueCandidateView {
  candidateId: string;
  candidateName: string;
  rule: RetentionRule;
  flaggedAt: string;
  anonymizeAt: string;
}

/** A kept candidate stays this many days unless the recruiter says otherwise. */
export const DEFAULT_KEEP_DAYS = 365;

/** The due list (candidates in their grace period) and keeping one (with a reason, audited). */
@Injectable()
export class RetentionDueService {
  constructor(
    private readonly txHost: TransactionHost<TransactionalAdapterTypeOrm>,
    private readonly due: RetentionDueStore,
    private readonly reads: PipelineReadsService,
    private readonly audit: AuditService,
    private readonly clock: RetentionClock,
  ) {}

  async list(actor: AuthUser, limit: number, cursor?: string): Promise<{ data: DueCandidateView[]; nextCursor: string | null }> {
    const page = await this.due.list(actor.organizationId, limit, cursor);
    const names = await this.reads.candidateNames(
      actor.organizationId,
      page.rows.map((r) => r.candidateId),
    );
    return {
      data: page.rows.map((r) => ({
        candidateId: r.candidateId,
        candidateName: names.get(r.candidateId) ?? '',
        rule: r.rule,
        flaggedAt: r.flaggedAt.toISOString(),
        anonymizeAt: r.anonymizeAt.toISOString(),
      })),
      nextCursor: page.nextCursor,
    };
  }

  async keep(
    actor: AuthUser,
    candidateId: string,
    input: { reason: string; days?: number },
  ): Promise<{ candidateId: string; keptUntil: string; reason: string }> {
    const days = input.days ?? DEFAULT_KEEP_DAYS;
    const until = new Date(this.clock.now().getTime() + days * 24 * 3600 * 1000);
    await this.txHost.withTransaction(async () => {
      const kept = await this.due.keep(actor.organizationId, candidateId, until, input.reason, actor.id);
      if (!kept) throw new PrivacyException(PrivacyErrorCode.NotDue, 'This candidate is not due for anonymisation.');
      await this.audit.record({
        organizationId: actor.organizationId,
        actorId: actor.id,
        entityType: 'retention',
        entityId: candidateId,
        action: 'keep',
        changes: { keptUntil: { to: until.toISOString() }, reason: { to: input.reason }, rule: { to: kept.rule } },
      });
    });
    return { candidateId, keptUntil: until.toISOString(), reason: input.reason };
  }
}
