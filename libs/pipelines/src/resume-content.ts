import { looksLikeZip, readZipDirectory } from './zip-directory.js';

/** Largest resume file accepted, by upload or public apply. */
export const MAX_RESUME_BYTES = 5 * 1024 * 1024;
/** Longest resume text kept (what the search vector indexes). */
export const MAX_RESUME_TEXT = 200_000;

export type ResumeKind = 'pdf' | 'docx' | 'txt';

export const RESUME_CONTENT_TYPES: Record<ResumeKind, string> = {
  pdf: 'application/pdf',
  docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  txt: 'text/plain; charset=utf-8',
};

/** The kind of a stored file from the content type it was stored with. */
export function kindOfContentType(contentType: string): ResumeKind | null {
  const found = (Object.keys(RESUME_CONTENT_TYPES) as ResumeKind[]).find((kind) => RESUME_CONTENT_TYPES[kind] === contentType);
  return found ?? null;
}

/**
 * Where a stored file's text stands: `pending` until the worker reads it; `extracted` when its text
 * is searchable; `empty` when it was read but holds no text (a scanned PDF); `failed` when reading it
 * broke a limit or the file is damaged (`textFailure` says why). The file itself is kept in every case.
 */
export const TEXT_STATUSES = ['pending', 'extracted', 'empty', 'failed'] as const;
export type TextStatus = (typeof TEXT_STATUSES)[number];

export const DOCX_DOCUMENT = 'word/document.xml';

/**
 * Text, not a binary format that happens to be valid UTF-8: no NULs and no control characters
 * but tabs, newlines and form feeds. Linear in the file's size.
 */
export function utf8Text(data: Uint8Array): string | null {
  if (data.length === 0 || data.includes(0)) return null;
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true, ignoreBOM: false }).decode(data);
  } catch {
    return null;
  }
  // eslint-disable-next-line no-control-regex -- control characters other than tab and line breaks mean "not text"
  return /[\x01-\x08\x0B\x0E-\x1F\x7F]/.test(text) ? null : text;
}

/**
 * The resume's type by its content, never its name: PDF (`%PDF-`), DOCX (a ZIP whose central
 * directory lists `word/document.xml`) or UTF-8 text without NULs or control characters; null for
 * anything else. Nothing is inflated or parsed here: this runs in the request, on untrusted bytes,
 * so it only reads headers and the ZIP directory. Reading the text is the worker's job.
 */
export function detectResumeKind(data: Uint8Array): ResumeKind | null {
  if (data.length >= 5 && String.fromCharCode(...data.subarray(0, 5)) === '%PDF-') return 'pdf';
  if (looksLikeZip(data)) return readZipDirectory(data)?.entries.some((e) => e.name === DOCX_DOCUMENT) ? 'docx' : null;
  return utf8Text(data) === null ? null : 'txt';
}
