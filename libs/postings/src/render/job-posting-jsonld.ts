import { type BoardPosting } from '../board-content.js';
import { jobUrl, type OrgProfile } from './org-profile.js';

/** Google for Jobs employmentType values. */
const EMPLOYMENT_TYPE: Record<string, string> = {
  FULL_TIME: 'FULL_TIME',
  PART_TIME: 'PART_TIME',
  CONTRACTOR: 'CONTRACTOR',
  TEMPORARY: 'TEMPORARY',
  INTERN: 'INTERN',
};

const UNIT_TEXT: Record<string, string> = { YEAR: 'YEAR', MONTH: 'MONTH', HOUR: 'HOUR' };

const SENIORITY_MONTHS: Record<string, number> = { junior: 0, mid: 24, senior: 60, staff: 96 };

/**
 * schema.org JobPosting for one live careers posting, with Google for Jobs' required properties
 * (title, description, datePosted, hiringOrganization, jobLocation or remote) and its recommended
 * ones (validThrough, employmentType, baseSalary, identifier, directApply, applicantLocationRequirements).
 */
export function jobPostingJsonLd(p: BoardPosting, org: OrgProfile): Record<string, unknown> {
  const hiringOrganization: Record<string, unknown> = { '@type': 'Organization', name: org.name, sameAs: org.websiteUrl };
  if (org.logoUrl) hiringOrganization.logo = org.logoUrl;
  const doc: Record<string, unknown> = {
    '@context': 'https://schema.org/',
    '@type': 'JobPosting',
    title: p.title,
    description: p.descriptionHtml,
    datePosted: (p.publishedAt ?? p.createdAt).toISOString(),
    hiringOrganization,
    identifier: { '@type': 'PropertyValue', name: org.name, value: String(p.publicId) },
    employmentType: EMPLOYMENT_TYPE[p.employmentType] ?? 'OTHER',
    directApply: true,
    url: jobUrl(org, p.publicId),
    experienceRequirements: { '@type': 'OccupationalExperienceRequirements', monthsOfExperience: SENIORITY_MONTHS[p.seniority] ?? 0 },
  };
  if (p.validThrough) doc.validThrough = new Date(p.validThrough).toISOString();
  if (p.workModel === 'remote') {
    doc.jobLocationType = 'TELECOMMUTE';
    const countries = p.remoteCountries.length ? p.remoteCountries : [...new Set(p.offices.map((o) => o.country))];
    doc.applicantLocationRequirements = countries.map((code) => ({ '@type': 'Country', name: code }));
  }
  if (p.offices.length) {
    doc.jobLocation = p.offices.map((o) => ({
      '@type': 'Place',
      address: {
        '@type': 'PostalAddress',
        ...(o.streetAddress ? { streetAddress: o.streetAddress } : {}),
        addressLocality: o.city,
        addressRegion: o.region,
        ...(o.postalCode ? { postalCode: o.postalCode } : {}),
        addressCountry: o.country,
      },
    }));
  }
  if (p.salaryCurrency && (p.salaryMin !== null || p.salaryMax !== null)) {
    const value: Record<string, unknown> = { '@type': 'QuantitativeValue', unitText: UNIT_TEXT[p.salaryPeriod ?? 'YEAR'] };
    if (p.salaryMin !== null) value.minValue = p.salaryMin;
    if (p.salaryMax !== null) value.maxValue = p.salaryMax;
    doc.baseSalary = { '@type': 'MonetaryAmount', currency: p.salaryCurrency, value };
  }
  return doc;
}

/** JSON for a <script type="application/ld+json"> element: `<` escaped so the text can never close the script. */
export function jsonLdScript(doc: Record<string, unknown>): string {
  return JSON.stringify(doc).replace(/</g, '\\u003c').replace(/>/g, '\\u003e').replace(/&/g, '\\u0026');
}
