import { type SelfIdentificationQuestion, surveyQuestions } from '../../../identity/src/index.js';
/** What public boards show about the hiring organization. */
export interface OrgProfile {
  id: string;
  name: string;
  slug: string;
  /** `settings.websiteUrl`, else the careers page. */
  websiteUrl: string;
  /** `settings.logoUrl` when set. */
  logoUrl: string | null;
  /** `settings.accentColor` (#rrggbb) when set: the careers page's accent. */
  accentColor: string | null;
  careersUrl: string;
  /** The voluntary self-identification questions the apply form asks (none while the survey is off). */
  surveyQuestions: SelfIdentificationQuestion[];
}

export function orgProfile(org: { id: string; name: string; slug: string; settings: Record<string, unknown> }, publicBaseUrl: string): OrgProfile {
  const careersUrl = `${publicBaseUrl}/careers/${org.slug}`;
  const website = typeof org.settings?.websiteUrl === 'string' ? org.settings.websiteUrl : null;
  const logo = typeof org.settings?.logoUrl === 'string' ? org.settings.logoUrl : null;
  const accent = typeof org.settings?.accentColor === 'string' ? org.settings.accentColor : null;
  return {
    id: org.id,
    name: org.name,
    slug: org.slug,
    websiteUrl: website ?? careersUrl,
    logoUrl: logo,
    accentColor: accent,
    careersUrl,
    surveyQuestions: surveyQuestions(org.settings),
  };
}

export const jobUrl = (profile: OrgProfile, publicId: number) => `${profile.careersUrl}/jobs/${publicId}`;
