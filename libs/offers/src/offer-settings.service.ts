import { Injectable } from '@nestjs/common';
import type { AuthUser } from '../../identity/src/index.js';
import { OrganizationsService, Role, UsersService, type OrganizationSettings } from '../../identity/src/index.js';
import { AuditService } from '../../platform/src/index.js';
import { UpdateOfferSettingsDto } from './dto/offer-settings.dto.js';
import { ApprovalChainSetting, ApproverRole } from './offer.types.js';
import { OffersErrorCode, OffersException } from './offers.exception.js';
import { DEFAULT_APPROVAL_CHAIN } from './rules/approval-chain.js';
import { DEFAULT_OFFER_TEMPLATE, unknownPlaceholders } from './rules/offer-letter.js';

/** The keys of the organization settings that belong to offers. */
const OFFER_SETTINGS_KEYS = ['offerApprovalChain', 'offerTemplate'] as const;

export interface OfferSettings {
  approvalChain: ApprovalChainSetting;
  offerTemplate: string;
}

/**
 * The organization's approval chain and offer-letter template: the offers section of the organization's
 * settings (keys `offerApprovalChain`, `offerTemplate`), written through identity's
 * `updateSettingsSection` under the organization's lock, never by SQL on `organizations`.
 */
@Injectable()
export class OfferSettingsService {
  constructor(
    private readonly organizations: OrganizationsService,
    private readonly users: UsersService,
    private readonly audit: AuditService,
  ) {}

  async get(organizationId: string): Promise<OfferSettings> {
    return this.fromSettings(await this.organizations.settings(organizationId));
  }

  private fromSettings(settings: OrganizationSettings): OfferSettings {
    const chain = settings.offerApprovalChain as ApprovalChainSetting | undefined;
    return {
      approvalChain: chain && chain.length > 0 ? chain : DEFAULT_APPROVAL_CHAIN,
      offerTemplate: typeof settings.offerTemplate === 'string' ? settings.offerTemplate : DEFAULT_OFFER_TEMPLATE,
    };
  }

  async update(actor: AuthUser, input: UpdateOfferSettingsDto): Promise<OfferSettings> {
    const chain: ApprovalChainSetting = input.approvalChain.map((step) => (step.userId ? { userId: step.userId } : { role: step.role as ApproverRole }));
    const errors: { field: string; message: string }[] = [];
    input.approvalChain.forEach((step, i) => {
      if (step.userId && step.role) errors.push({ field: `approvalChain.${i}`, message: 'give either userId or role, not both' });
    });
    const userIds = chain.flatMap((step) => ('userId' in step ? [step.userId] : []));
    if (userIds.length) {
      const found = await this.users.findInOrganization(actor.organizationId, userIds);
      chain.forEach((step, i) => {
        if (!('userId' in step)) return;
        const user = found.find((u) => u.id === step.userId);
        if (!user || !user.active) errors.push({ field: `approvalChain.${i}.userId`, message: 'is not an active user of your organization' });
        else if (user.roles.length === 1 && user.roles[0] === Role.Interviewer)
          errors.push({ field: `approvalChain.${i}.userId`, message: 'an interviewer cannot approve offers' });
      });
    }
    if (input.offerTemplate !== undefined) {
      const unknown = unknownPlaceholders(input.offerTemplate);
      if (unknown.length) errors.push({ field: 'offerTemplate', message: `unknown placeholders: ${unknown.join(', ')}` });
    }
    if (errors.length) throw new OffersException(OffersErrorCode.InvalidSettings, 'The offer settings are not valid.', { errors });

    const values: Record<string, unknown> = { offerApprovalChain: chain, offerTemplate: input.offerTemplate };
    await this.organizations.updateSettingsSection(actor.organizationId, { keys: OFFER_SETTINGS_KEYS, values }, async (settings) => {
      const before = this.fromSettings(settings);
      await this.audit.record({
        organizationId: actor.organizationId,
        actorId: actor.id,
        entityType: 'offer_settings',
        entityId: actor.organizationId,
        action: 'update',
        changes: {
          approvalChain: { from: before.approvalChain, to: chain },
          ...(before.offerTemplate !== (input.offerTemplate ?? DEFAULT_OFFER_TEMPLATE) ? { offerTemplate: {} } : {}),
        },
      });
    });
    return this.get(actor.organizationId);
  }
}
