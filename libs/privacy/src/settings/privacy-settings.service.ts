import { Injectable } from '@nestjs/common';
import type { AuthUser } from '../../../identity/src/index.js';
import {
  CONSENT_TEXT,
  consentTextVersion,
  OrganizationsService,
  PRIVACY_SETTINGS_KEY,
  type PrivacySettings,
  privacySettingsOf,
} from '../../../identity/src/index.js';
import { AuditService, diffFields } from '../../../platform/src/index.js';
import type { PrivacySettingsDto, UpdatePrivacySettingsDto } from '../dto/privacy.dto.js';
import { PrivacyErrorCode, PrivacyException } from '../privacy.exception.js';

/**
 * The privacy section of the organization's settings (key `privacy`): notice, consent on apply, retention rules and
 * grace period. Written through identity's `updateSettingsSection` under the organization's lock; audited.
 */
@Injectable()
export class PrivacySettingsService {
  constructor(
    private readonly organizations: OrganizationsService,
    private readonly audit: AuditService,
  ) {}

  async get(organizationId: string): Promise<PrivacySettingsDto> {
    return toDto(privacySettingsOf(await this.organizations.settings(organizationId)));
  }

  async update(actor: AuthUser, input: UpdatePrivacySettingsDto): Promise<PrivacySettingsDto> {
    const current = privacySettingsOf(await this.organizations.settings(actor.organizationId));
    const patch = Object.fromEntries(Object.entries(input).filter(([, v]) => v !== undefined)) as Partial<PrivacySettings>;
    const next: PrivacySettings = { ...current, ...patch };
    if (next.consentRequired && !next.privacyNoticeUrl) {
      throw new PrivacyException(PrivacyErrorCode.InvalidSettings, 'Asking for consent needs a privacy notice to point to.', {
        errors: [{ field: 'privacyNoticeUrl', message: 'give the address of your privacy notice to ask candidates for consent' }],
      });
    }
    const fields = Object.keys(next) as Array<keyof PrivacySettings>;
    const settings = await this.organizations.updateSettingsSection(
      actor.organizationId,
      { keys: [PRIVACY_SETTINGS_KEY], values: { [PRIVACY_SETTINGS_KEY]: next } },
      async (before) => {
        const changes = diffFields(privacySettingsOf(before) as unknown as Record<string, unknown>, next as unknown as Record<string, unknown>, fields);
        if (Object.keys(changes).length === 0) return;
        await this.audit.record({
          organizationId: actor.organizationId,
          actorId: actor.id,
          entityType: 'privacy_settings',
          entityId: actor.organizationId,
          action: 'update',
          changes,
        });
      },
    );
    return toDto(privacySettingsOf(settings));
  }
}

function toDto(privacy: PrivacySettings): PrivacySettingsDto {
  return { ...privacy, consentText: CONSENT_TEXT, consentTextVersion: consentTextVersion(privacy) };
}
