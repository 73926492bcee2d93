import { TransactionHost } from '@nestjs-cls/transactional';
import type { TransactionalAdapterTypeOrm } from '@nestjs-cls/transactional-adapter-typeorm';
import { Injectable } from '@nestjs/common';
import { AuditService, diffFields, TenantContext } from '../../platform/src/index.js';
import type { AuthUser } from './auth/auth-user.js';
import { DEFAULT_RATE_LIMITS, RateLimitSettings } from './api-keys/rate-limit-defaults.js';
import { assertReadableAccent } from './careers-branding.js';
import { Organization, OrganizationSettings } from './organization.entity.js';
import { ALL_SELF_IDENTIFICATION_QUESTIONS } from './self-identification.js';

export const DEFAULT_ORGANIZATION_SETTINGS: Required<
  Pick<
    OrganizationSettings,
    | 'requirePayRange'
    | 'scorecardDeadlineHours'
    | 'scorecardAmendmentHours'
    | 'logoUrl'
    | 'accentColor'
    | 'rejectionEmailDelayHours'
    | 'selfIdentificationSurvey'
    | 'selfIdentificationQuestions'
  >
> &
  RateLimitSettings = {
  requirePayRange: true,
  scorecardDeadlineHours: 24,
  scorecardAmendmentHours: 48,
  rejectionEmailDelayHours: 24,
  logoUrl: null,
  accentColor: null,
  selfIdentificationSurvey: false,
  selfIdentificationQuestions: [...ALL_SELF_IDENTIFICATION_QUESTIONS],
  ...DEFAULT_RATE_LIMITS,
};

/** Reads organizations (by id or public slug) and their settings with defaults applied. */
@Injectable()
export class OrganizationsService {
  constructor(
    private readonly txHost: TransactionHost<TransactionalAdapterTypeOrm>,
    private readonly audit: AuditService,
  ) {}

  findById(id: string): Promise<Organization | null> {
    return this.txHost.tx.getRepository(Organization).findOneBy({ id });
  }

  /** The organization with this slug, when it is the current tenant (or the code runs cross-tenant). */
  findBySlug(slug: string): Promise<Organization | null> {
    return this.txHost.tx.getRepository(Organization).findOneBy({ slug });
  }

  /** The id of the organization a public page names by its slug, whoever asks (public boards, careers, apply). */
  async idOfPublicSlug(slug: string): Promise<string | null> {
    if (!/^[a-z0-9-]{1,64}$/.test(slug)) return null;
    const organization = await TenantContext.crossTenant('a public route names its organization by slug', () =>
      this.txHost.tx.getRepository(Organization).findOne({ select: { id: true }, where: { slug } }),
    );
    return organization?.id ?? null;
  }

  async settings(organizationId: string): Promise<OrganizationSettings & typeof DEFAULT_ORGANIZATION_SETTINGS> {
    const organization = await this.txHost.tx.getRepository(Organization).findOneBy({ id: organizationId });
    return { ...DEFAULT_ORGANIZATION_SETTINGS, ...(organization?.settings ?? {}) };
  }

  /** Changes the given settings (others, including other modules' keys, stay as they are); audited. */
  async updateSettings(
    actor: AuthUser,
    changes: Partial<typeof DEFAULT_ORGANIZATION_SETTINGS>,
  ): Promise<OrganizationSettings & typeof DEFAULT_ORGANIZATION_SETTINGS> {
    const patch = Object.fromEntries(Object.entries(changes).filter(([, value]) => value !== undefined));
    assertReadableAccent(changes.accentColor);
    await this.txHost.withTransaction(async () => {
      const organization = await this.txHost.tx.findOne(Organization, { where: { id: actor.organizationId }, lock: { mode: 'pessimistic_write' } });
      if (!organization) return;
      const before = { ...DEFAULT_ORGANIZATION_SETTINGS, ...organization.settings };
      const after = { ...before, ...patch };
      const diff = diffFields(before, after, Object.keys(patch));
      if (Object.keys(diff).length === 0) return;
      await this.txHost.tx.query(`UPDATE organizations SET settings = settings || $2::jsonb, updated_at = now() WHERE id = $1`, [
        actor.organizationId,
        JSON.stringify(patch),
      ]);
      await this.audit.record({
        organizationId: actor.organizationId,
        actorId: actor.id,
        entityType: 'organization',
        entityId: actor.organizationId,
        action: 'update',
        changes: diff,
      });
    });
    return this.settings(actor.organizationId);
  }

  /**
   * Replaces one module's section of the settings: every key of `section.keys` takes its value from
   * `section.values`, or is removed when absent there; other keys stay as they are. The write happens
   * under the organization's row lock (the same lock `updateSettings` takes), and `within(before)`
   * runs in that transaction with the settings as they were, for the caller's audit entry.
   */
  async updateSettingsSection(
    organizationId: string,
    section: { keys: readonly string[]; values: Record<string, unknown> },
    within?: (before: OrganizationSettings) => Promise<void>,
  ): Promise<OrganizationSettings & typeof DEFAULT_ORGANIZATION_SETTINGS> {
    const values = Object.fromEntries(section.keys.filter((key) => section.values[key] !== undefined).map((key) => [key, section.values[key]]));
    await this.txHost.withTransaction(async () => {
      const organization = await this.txHost.tx.findOne(Organization, { where: { id: organizationId }, lock: { mode: 'pessimistic_write' } });
      if (!organization) return;
      await this.txHost.tx.query(`UPDATE organizations SET settings = (settings - $2::text[]) || $3::jsonb, updated_at = now() WHERE id = $1`, [
        organizationId,
        [...section.keys],
        JSON.stringify(values),
      ]);
      await within?.({ ...organization.settings });
    });
    return this.settings(organizationId);
  }
}
