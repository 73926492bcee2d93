import { createHash } from 'node:crypto';
import type { OrganizationSettings } from './organization.entity.js';

/**
 * The organization's privacy section (settings key `privacy`, written by the privacy module through
 * `OrganizationsService.updateSettingsSection`). It lives here, beside the settings, because the careers apply form
 * (postings, below privacy) shows the notice and asks for consent from it.
 */
export interface PrivacySettings {
  /** The organization's privacy notice (https), linked on the apply form; null when unset. */
  privacyNoticeUrl: string | null;
  /** Applying needs the candidate's consent (a ticked box, recorded with the version of the text and the time). */
  consentRequired: boolean;
  /** Rejected or withdrawn candidates: anonymised this many days after their last application closed (null: never). */
  closedApplicationDays: number | null;
  /** Any candidate without activity for this many days (null: never). */
  inactiveCandidateDays: number | null;
  /** Hired candidates: this many days after they were hired (null: never). */
  hiredCandidateDays: number | null;
  /** Days a due candidate is listed before being anonymised, during which a recruiter may keep them. */
  gracePeriodDays: number;
}

export const PRIVACY_SETTINGS_KEY = 'privacy';

export const DEFAULT_PRIVACY_SETTINGS: PrivacySettings = {
  privacyNoticeUrl: null,
  consentRequired: false,
  closedApplicationDays: null,
  inactiveCandidateDays: null,
  hiredCandidateDays: null,
  gracePeriodDays: 7,
};

export function privacySettingsOf(settings: OrganizationSettings): PrivacySettings {
  const stored = settings[PRIVACY_SETTINGS_KEY];
  return { ...DEFAULT_PRIVACY_SETTINGS, ...(stored && typeof stored === 'object' ? (stored as Partial<PrivacySettings>) : {}) };
}

/** The consent sentence the apply form shows next to its box (the notice is linked beside it). */
export const CONSENT_TEXT = 'I have read the privacy notice and agree that my personal data is kept and used to consider my application.';

/** The version of the consent text a candidate saw: the sentence and the notice it points to, hashed (16 hex digits). */
export function consentTextVersion(privacy: PrivacySettings): string {
  return createHash('sha256')
    .update(`${CONSENT_TEXT}\n${privacy.privacyNoticeUrl ?? ''}`)
    .digest('hex')
    .slice(0, 16);
}
