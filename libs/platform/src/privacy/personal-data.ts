/**
 * Shared vocabulary of anonymisation: every module erases a person's data from its own tables through its own service,
 * and these helpers keep the modules saying it the same way.
 */

/** An audit entry's subject: anonymisation blanks the recorded values of every entry about these. */
export interface ErasedRef {
  entityType: string;
  entityId: string;
}

/** What identifies a person in free text: names, email addresses, phone numbers (as stored). */
export interface PersonalTerms {
  names: string[];
  emails: string[];
  phones: string[];
}

/** What replaces a free text a database rule requires (a cancellation or decline reason, a decision's rationale). */
export const ERASED_TEXT = 'Removed when the candidate was anonymised.';

/** The SQL function (migration 1764800000000) that keeps a JSON document's ids, times, numbers and shape, and drops its words. */
export const STRIP_PERSONAL_TEXT = 'hireloop_strip_personal_text';

/** Terms shorter than this are not searched for in free text (a two-letter name would match half the texts). */
const MIN_TERM_LENGTH = 3;

/**
 * `ILIKE` patterns (for `col::text ILIKE ANY($n::text[])`) finding any of the terms, `%`, `_` and `\` escaped.
 * With no usable term it answers none (`ILIKE ANY('{}')` is false).
 */
export function personalTermPatterns(terms: PersonalTerms): string[] {
  const all = [...terms.names, ...terms.emails, ...terms.phones].map((t) => t.trim()).filter((t) => t.length >= MIN_TERM_LENGTH);
  return [...new Set(all)].map((t) => `%${t.replace(/[\\%_]/g, (c) => `\\${c}`)}%`);
}
