import { type BoardPosting } from '../board-content.js';
import { BuiltInBoard, type FeedBoard } from '../posting.types.js';
import { jobUrl, type OrgProfile } from './org-profile.js';

/** CDATA that stays well-formed whatever the text holds (a `]]>` is split across two sections). */
export function cdata(value: string | number | null | undefined): string {
  const text = value === null || value === undefined ? '' : String(value);
  return `<![CDATA[${text.replace(/]]>/g, ']]]]><![CDATA[>')}]]>`;
}

const rfc822 = (date: Date) => new Date(date).toUTCString();
const xmlText = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

interface FeedLocation {
  city: string;
  region: string;
  country: string;
  postalCode: string;
  streetAddress: string;
  /** Suffix making the reference number unique per location; empty for the first one, so it never changes. */
  suffix: string;
}

/** One entry per posting and location: both boards want a separate job for every city. */
function locationsOf(p: BoardPosting): FeedLocation[] {
  if (p.workModel === 'remote') {
    const countries = p.remoteCountries.length ? p.remoteCountries : [...new Set(p.offices.map((o) => o.country))];
    return (countries.length ? countries : ['US']).map((country, i) => ({
      city: 'Remote',
      region: '',
      country,
      postalCode: '',
      streetAddress: '',
      suffix: i === 0 ? '' : `-${country}`,
    }));
  }
  return p.offices.map((o, i) => ({
    city: o.city,
    region: o.region,
    country: o.country,
    postalCode: o.postalCode ?? '',
    streetAddress: o.streetAddress ?? '',
    suffix: i === 0 ? '' : `-${o.publicId ?? o.id}`,
  }));
}

/** Stable reference number: `hl-<posting public id>` (plus the location for extra locations); never reused. */
export const referenceNumber = (p: BoardPosting, suffix = '') => `hl-${p.publicId}${suffix}`;

const INDEED_JOB_TYPE: Record<string, string> = {
  FULL_TIME: 'fulltime',
  PART_TIME: 'parttime',
  CONTRACTOR: 'contract',
  TEMPORARY: 'temporary',
  INTERN: 'internship',
};
const INDEED_PERIOD: Record<string, string> = { YEAR: 'per year', MONTH: 'per month', HOUR: 'per hour' };
const INDEED_EXPERIENCE: Record<string, string> = { junior: '0-2 years', mid: '2+ years', senior: '5+ years', staff: '8+ years' };
const LINKEDIN_JOB_TYPE: Record<string, string> = {
  FULL_TIME: 'FULL_TIME',
  PART_TIME: 'PART_TIME',
  CONTRACTOR: 'CONTRACT',
  TEMPORARY: 'CONTRACT',
  INTERN: 'INTERNSHIP',
};
const LINKEDIN_EXPERIENCE: Record<string, string> = { junior: 'ENTRY_LEVEL', mid: 'ASSOCIATE', senior: 'MID_SENIOR_LEVEL', staff: 'MID_SENIOR_LEVEL' };
const LINKEDIN_PERIOD: Record<string, string> = { YEAR: 'YEARLY', MONTH: 'MONTHLY', HOUR: 'HOURLY' };
const LINKEDIN_WORKPLACE: Record<string, string> = { onsite: 'On-site', hybrid: 'Hybrid', remote: 'Remote' };

const money = (n: number) => (Number.isInteger(n) ? String(n) : n.toFixed(2));

/** Currency symbols Indeed asks for ("include a currency symbol"); other currencies keep their ISO code. */
const CURRENCY_SYMBOL: Record<string, string> = { USD: '$', EUR: '€', GBP: '£', INR: '₹', JPY: '¥', CAD: 'CA$', AUD: 'A$' };

/** Indeed's salary text: `$50000 per year`, a range as `€70000 - €90000 per year`, no thousands separators. */
function indeedSalary(p: BoardPosting): string | null {
  if (!p.salaryCurrency || (p.salaryMin === null && p.salaryMax === null)) return null;
  const symbol = CURRENCY_SYMBOL[p.salaryCurrency];
  const amount = (v: number) => (symbol ? `${symbol}${money(v)}` : `${money(v)} ${p.salaryCurrency}`);
  const range = [p.salaryMin, p.salaryMax].filter((v): v is number => v !== null).map(amount);
  return `${[...new Set(range)].join(' - ')} ${INDEED_PERIOD[p.salaryPeriod ?? 'YEAR']}`;
}

/** A feed written piece by piece: the header (which may need the entry count), one chunk per posting, the footer. */
export interface FeedWriter {
  /** The `<job>` entries of one posting (one per location), each line ending in a newline, and how many there are. */
  entries(p: BoardPosting): { xml: string; count: number };
  /** Everything before the first `<job>`; `lastBuildDate` is the only part that changes from one build to the next. */
  header(jobCount: number, now: Date): string;
  readonly footer: string;
}

const lines = (items: string[]) => items.map((line) => `${line}\n`).join('');

/** Indeed's XML job feed (root <source>, one <job> per posting and location). */
export function indeedFeedWriter(org: OrgProfile, publisherUrl: string): FeedWriter {
  return {
    header: (_count, now) =>
      lines([
        '<?xml version="1.0" encoding="utf-8"?>',
        '<source>',
        '<publisher>Hireloop</publisher>',
        `<publisherurl>${xmlText(publisherUrl)}</publisherurl>`,
        `<lastBuildDate>${rfc822(now)}</lastBuildDate>`,
      ]),
    footer: lines(['</source>']),
    entries(p) {
      const salary = indeedSalary(p);
      const out: string[] = [];
      const locations = locationsOf(p);
      for (const loc of locations) {
        out.push(
          '<job>',
          `<title>${cdata(p.title)}</title>`,
          `<date>${cdata(rfc822(p.publishedAt ?? p.createdAt))}</date>`,
          `<referencenumber>${cdata(referenceNumber(p, loc.suffix))}</referencenumber>`,
          `<requisitionid>${cdata(p.jobPublicId ?? p.jobId)}</requisitionid>`,
          `<url>${cdata(`${jobUrl(org, p.publicId)}?source=Indeed`)}</url>`,
          `<company>${cdata(org.name)}</company>`,
          `<sourcename>${cdata(org.name)}</sourcename>`,
          `<city>${cdata(loc.city)}</city>`,
          `<state>${cdata(loc.region)}</state>`,
          `<country>${cdata(loc.country)}</country>`,
          `<postalcode>${cdata(loc.postalCode)}</postalcode>`,
          `<streetaddress>${cdata(loc.streetAddress)}</streetaddress>`,
          `<description>${cdata(p.descriptionHtml)}</description>`,
          `<salary>${cdata(salary ?? '')}</salary>`,
          `<jobtype>${cdata(INDEED_JOB_TYPE[p.employmentType] ?? 'fulltime')}</jobtype>`,
          `<category>${cdata(p.departmentName ?? '')}</category>`,
          `<experience>${cdata(INDEED_EXPERIENCE[p.seniority] ?? '')}</experience>`,
          `<expirationdate>${cdata(p.validThrough ? rfc822(p.validThrough) : '')}</expirationdate>`,
          ...(p.workModel === 'remote' ? [`<remotetype>${cdata('Fully remote')}</remotetype>`] : []),
          `<lastactivitydate>${cdata(rfc822(p.updatedAt))}</lastactivitydate>`,
          '</job>',
        );
      }
      return { xml: lines(out), count: locations.length };
    },
  };
}

/** LinkedIn's Limited Listings XML feed (root <source>, one <job> per posting and location). */
export function linkedInFeedWriter(org: OrgProfile, publisherUrl: string): FeedWriter {
  return {
    header: (count, now) =>
      lines([
        '<?xml version="1.0" encoding="UTF-8"?>',
        '<source>',
        `<lastBuildDate>${rfc822(now)}</lastBuildDate>`,
        `<publisherUrl>${xmlText(publisherUrl)}</publisherUrl>`,
        '<publisher>Hireloop</publisher>',
        `<expectedJobCount>${cdata(count)}</expectedJobCount>`,
      ]),
    footer: lines(['</source>']),
    entries(p) {
      const out: string[] = [];
      const locations = locationsOf(p);
      for (const loc of locations) {
        const location = [loc.city, loc.region, loc.country].filter(Boolean).join(', ');
        out.push(
          '<job>',
          `<partnerJobId>${cdata(referenceNumber(p, loc.suffix))}</partnerJobId>`,
          `<company>${cdata(org.name)}</company>`,
          `<title>${cdata(p.title)}</title>`,
          `<description>${cdata(p.descriptionHtml)}</description>`,
          `<applyUrl>${cdata(`${jobUrl(org, p.publicId)}?source=LinkedIn`)}</applyUrl>`,
          `<companyId>${cdata(org.slug)}</companyId>`,
          `<location>${cdata(location)}</location>`,
          `<city>${cdata(loc.city)}</city>`,
          `<state>${cdata(loc.region)}</state>`,
          `<country>${cdata(loc.country)}</country>`,
          ...(loc.postalCode ? [`<postalCode>${cdata(loc.postalCode)}</postalCode>`] : []),
          `<isRemote>${cdata(p.workModel === 'remote' ? 'Yes' : 'No')}</isRemote>`,
          `<workplaceTypes>${cdata(LINKEDIN_WORKPLACE[p.workModel])}</workplaceTypes>`,
          `<experienceLevel>${cdata(LINKEDIN_EXPERIENCE[p.seniority] ?? 'NOT_APPLICABLE')}</experienceLevel>`,
          `<jobtype>${cdata(LINKEDIN_JOB_TYPE[p.employmentType] ?? 'FULL_TIME')}</jobtype>`,
          ...(p.salaryCurrency && p.salaryMin !== null && p.salaryMax !== null
            ? [
                '<salaries><salary>',
                `<highEnd><amount>${cdata(Math.round(p.salaryMax))}</amount><currencyCode>${cdata(p.salaryCurrency)}</currencyCode></highEnd>`,
                `<lowEnd><amount>${cdata(Math.round(p.salaryMin))}</amount><currencyCode>${cdata(p.salaryCurrency)}</currencyCode></lowEnd>`,
                `<period>${cdata(LINKEDIN_PERIOD[p.salaryPeriod ?? 'YEAR'])}</period>`,
                `<type>${cdata('BASE_SALARY')}</type>`,
                '</salary></salaries>',
              ]
            : []),
          `<listDate>${cdata(new Date(p.publishedAt ?? p.createdAt).toISOString())}</listDate>`,
          ...(p.validThrough ? [`<expirationDate>${cdata(new Date(p.validThrough).toISOString())}</expirationDate>`] : []),
          '</job>',
        );
      }
      return { xml: lines(out), count: locations.length };
    },
  };
}

export function feedWriter(board: FeedBoard, org: OrgProfile, publisherUrl: string): FeedWriter {
  return board === BuiltInBoard.Indeed ? indeedFeedWriter(org, publisherUrl) : linkedInFeedWriter(org, publisherUrl);
}

/** A whole feed in one string (small feeds, tests); the worker builds stored feeds in chunks instead. */
export function renderFeed(board: FeedBoard, postings: BoardPosting[], org: OrgProfile, publisherUrl: string, now = new Date()): string {
  const writer = feedWriter(board, org, publisherUrl);
  const entries = postings.map((p) => writer.entries(p));
  return (
    writer.header(
      entries.reduce((n, e) => n + e.count, 0),
      now,
    ) +
    entries.map((e) => e.xml).join('') +
    writer.footer
  );
}
