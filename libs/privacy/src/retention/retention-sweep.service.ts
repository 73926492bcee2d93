import { TransactionHost } from '@nestjs-cls/transactional';
import type { TransactionalAdapterTypeOrm } from '@nestjs-cls/transactional-adapter-typeorm';
import { Injectable, Logger } from '@nestjs/common';
import { OrganizationsService, PRIVACY_SETTINGS_KEY, privacySettingsOf } from '../../../identity/src/index.js';
import { CandidateRetention, RETENTION_BATCH } from '../../../pipelines/src/index.js';
import { TenantContext } from '../../../platform/src/index.js';
import { CandidateAnonymization } from '../anonymization/candidate-anonymization.service.js';
import { RetentionClock } from './retention-clock.js';
import { RetentionDueStore } from './retention-due.store.js';

export interface SweepOutcome {
  flagged: number;
  anonymized: number;
}

/**
 * The daily retention sweep (`privacy.retention-sweep`). For each organization with privacy settings: finds who its
 * rules make due now (from the data, so a run after downtime catches up), flags them with a grace period, and
 * anonymises those whose grace period is over and who are still due (checked again with the candidate locked: one who
 * applied again meanwhile is left alone).
 */
@Injectable()
export class RetentionSweep {
  private readonly logger = new Logger(RetentionSweep.name);

  constructor(
    private readonly txHost: TransactionHost<TransactionalAdapterTypeOrm>,
    private readonly organizations: OrganizationsService,
    private readonly retention: CandidateRetention,
    private readonly due: RetentionDueStore,
    private readonly anonymization: CandidateAnonymization,
    private readonly clock: RetentionClock,
  ) {}

  async sweep(now: Date = this.clock.now()): Promise<SweepOutcome> {
    const total: SweepOutcome = { flagged: 0, anonymized: 0 };
    for (const organizationId of await this.organizations.idsWithSetting(PRIVACY_SETTINGS_KEY)) {
      try {
        const outcome = await TenantContext.run(organizationId, () => this.sweepOrganization(organizationId, now));
        total.flagged += outcome.flagged;
        total.anonymized += outcome.anonymized;
      } catch (error: unknown) {
        this.logger.error({ err: error, organizationId }, 'Retention sweep failed for an organization; the next run retries');
      }
    }
    return total;
  }

  /** One organization's pass (inside its tenant context). */
  async sweepOrganization(organizationId: string, now: Date): Promise<SweepOutcome> {
    const privacy = privacySettingsOf(await this.organizations.settings(organizationId));
    const due = await this.retention.dueCandidates(organizationId, privacy, now);
    await this.txHost.withTransaction(() => this.due.flag(organizationId, due, now, privacy.gracePeriodDays, due.length < RETENTION_BATCH));
    let anonymized = 0;
    for (const candidateId of await this.due.ripe(organizationId, now)) {
      const outcome = await this.anonymization.anonymize(organizationId, candidateId, null, async (subject) => {
        if (subject.hasActiveApplication) return false;
        return (await this.retention.dueCandidates(organizationId, privacy, now, [candidateId])).length > 0;
      });
      if (outcome.anonymized) anonymized += 1;
      else await this.txHost.withTransaction(() => this.due.remove(organizationId, candidateId));
    }
    return { flagged: due.length, anonymized };
  }
}
