import type { ResumeFile } from './candidate.entity.js';

/** Phones keep a leading + and their digits, so `+44 (20) 7946-0000` and `+442079460000` match. */
export function normalisePhone(phone: string): string {
  const trimmed = phone.trim();
  return (trimmed.startsWith('+') ? '+' : '') + trimmed.replace(/\D/g, '');
}

/** Links compare without surrounding blanks and trailing slashes (a loop: a trailing-slash regex backtracks on many slashes). */
export function normaliseLink(link: string): string {
  const trimmed = link.trim();
  let end = trimmed.length;
  while (end > 0 && trimmed[end - 1] === '/') end--;
  return trimmed.slice(0, end);
}

export function uniqueValues(values: string[] | undefined, normalise: (v: string) => string): string[] | undefined {
  if (values === undefined) return undefined;
  return [...new Set(values.map(normalise).filter((v) => v.length > 0))];
}

export const CANDIDATE_COLUMNS = `c.id, c.first_name, c.last_name, c.full_name, c.emails, c.phones, c.location, c.links, c.tags, c.source,
  c.resume_file, c.consent_given, c.consent_at, c.retention_until::text AS retention_until, c.do_not_contact, c.time_zone, c.version, c.created_at, c.updated_at`;

export interface CandidateRow {
  id: string;
  first_name: string;
  last_name: string;
  full_name: string;
  emails: string[];
  phones: string[];
  location: string | null;
  links: string[];
  tags: string[];
  source: string | null;
  resume_text?: string | null;
  resume_file: ResumeFile | null;
  consent_given: boolean;
  consent_at: Date | null;
  retention_until: string | null;
  do_not_contact: boolean;
  time_zone: string | null;
  version: number;
  created_at: Date;
  updated_at: Date;
  score?: number;
}

export interface CandidateView {
  id: string;
  firstName: string;
  lastName: string;
  name: string;
  emails: string[];
  phones: string[];
  location: string | null;
  links: string[];
  tags: string[];
  source: string | null;
  resumeText?: string | null;
  resumeFile: ResumeFile | null;
  consentGiven: boolean;
  consentAt: string | null;
  retentionUntil: string | null;
  doNotContact: boolean;
  timeZone: string | null;
  version: number;
  createdAt: string;
  updatedAt: string;
  score?: number;
}

export function toCandidateView(row: CandidateRow): CandidateView {
  return {
    id: row.id,
    firstName: row.first_name,
    lastName: row.last_name,
    name: row.full_name,
    emails: row.emails,
    phones: row.phones,
    location: row.location,
    links: row.links,
    tags: row.tags,
    source: row.source,
    ...(row.resume_text !== undefined ? { resumeText: row.resume_text } : {}),
    resumeFile: row.resume_file,
    consentGiven: row.consent_given,
    consentAt: row.consent_at ? new Date(row.consent_at).toISOString() : null,
    retentionUntil: row.retention_until,
    doNotContact: row.do_not_contact,
    timeZone: row.time_zone,
    version: row.version,
    createdAt: new Date(row.created_at).toISOString(),
    updatedAt: new Date(row.updated_at).toISOString(),
    ...(row.score !== undefined ? { score: Number(row.score) } : {}),
  };
}

/** The first row of an `UPDATE ... RETURNING` (the pg driver answers `[rows, count]` for updates). */
export async function updateReturning<T>(
  manager: { query: (sql: string, params?: unknown[]) => Promise<unknown> },
  sql: string,
  params: unknown[],
): Promise<T | undefined> {
  const result = (await manager.query(sql, params)) as unknown[];
  const rows = Array.isArray(result[0]) ? (result[0] as T[]) : (result as T[]);
  return rows[0];
}

/** A valid IANA time zone in its canonical spelling (`europe/berlin` → `Europe/Berlin`), or null when Intl does not know it. */
export function canonicalTimeZone(value: string): string | null {
  if (value.length === 0 || value.length > 64) return null;
  try {
    return new Intl.DateTimeFormat('en-GB', { timeZone: value }).resolvedOptions().timeZone;
  } catch {
    return null;
  }
}
