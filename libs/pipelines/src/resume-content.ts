import { unzipSync } from 'fflate';

/** Largest resume file accepted, by upload or public apply. */
export const MAX_RESUME_BYTES = 5 * 1024 * 1024;
/** Longest resume text kept (what the search vector indexes). */
export const MAX_RESUME_TEXT = 200_000;
/** A DOCX whose main document inflates beyond this is refused (zip bomb). */
const MAX_DOCX_XML_BYTES = 50 * 1024 * 1024;
const PDF_TIMEOUT_MS = 10_000;

export type ResumeKind = 'pdf' | 'docx' | 'txt';

export const RESUME_CONTENT_TYPES: Record<ResumeKind, string> = {
  pdf: 'application/pdf',
  docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  txt: 'text/plain; charset=utf-8',
};

const DOCUMENT_XML = 'word/document.xml';

function isZip(data: Uint8Array): boolean {
  return data.length >= 4 && data[0] === 0x50 && data[1] === 0x4b && data[2] === 0x03 && data[3] === 0x04;
}

/** The main document of a DOCX, or null when the bytes are not a readable DOCX. */
function docxDocument(data: Uint8Array): Uint8Array | null {
  try {
    const files = unzipSync(data, { filter: (f) => f.name === DOCUMENT_XML && f.originalSize <= MAX_DOCX_XML_BYTES });
    return files[DOCUMENT_XML] ?? null;
  } catch {
    return null;
  }
}

function utf8Text(data: Uint8Array): string | null {
  if (data.length === 0 || data.includes(0)) return null;
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true, ignoreBOM: false }).decode(data);
  } catch {
    return null;
  }
  // Text, not a binary format that happens to be valid UTF-8: no control characters but tabs, newlines and form feeds.
  return /[\x01-\x08\x0B\x0E-\x1F\x7F]/.test(text) ? null : text;
}

/**
 * The resume's type by its content, never its name: PDF (`%PDF-`), DOCX (a ZIP holding
 * `word/document.xml`) or UTF-8 text without NULs or control characters; null for anything else.
 */
export function detectResumeKind(data: Uint8Array): ResumeKind | null {
  if (data.length >= 5 && String.fromCharCode(...data.subarray(0, 5)) === '%PDF-') return 'pdf';
  if (isZip(data)) return docxDocument(data) ? 'docx' : null;
  return utf8Text(data) === null ? null : 'txt';
}

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

/**
 * The text of a DOCX's `word/document.xml`: paragraphs and breaks become newlines, tabs tabs, other
 * tags are dropped, entities decoded. Tags are found by position in one pass (tag patterns such as
 * `<[^>]+>` backtrack quadratically on a document full of unclosed `<`).
 */
export function docxText(xml: string): string {
  let text = '';
  let at = 0;
  while (at < xml.length) {
    const open = xml.indexOf('<', at);
    const close = open < 0 ? -1 : xml.indexOf('>', open + 1);
    if (close < 0) {
      text += xml.slice(at); // no complete tag left
      break;
    }
    text += xml.slice(at, open) + docxTagText(xml.slice(open + 1, close));
    at = close + 1;
  }
  return text.replace(/&(#x[0-9a-f]+|#\d+|\w+);/gi, (whole, name: string) => {
    if (name[0] === '#') {
      const code = name[1] === 'x' || name[1] === 'X' ? parseInt(name.slice(2), 16) : parseInt(name.slice(1), 10);
      return Number.isFinite(code) && code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : '';
    }
    return ENTITIES[name] ?? whole;
  });
}

/** What one tag (the text between `<` and `>`) stands for in the document's text. */
function docxTagText(tag: string): string {
  if (tag === 'w:tab/' || tag === '/w:p') return tag === 'w:tab/' ? '\t' : '\n';
  const isBreak = (tag.startsWith('w:br') || tag.startsWith('w:cr')) && !/^\w$/.test(tag.charAt(4)) && tag.endsWith('/');
  return isBreak ? '\n' : '';
}

async function pdfText(data: Uint8Array): Promise<string | null> {
  const { getDocumentProxy, extractText } = await import('unpdf');
  // pdf.js may take ownership of (detach) the buffer it is given: hand it a copy.
  const pdf = await getDocumentProxy(new Uint8Array(data), { verbosity: 0 }); // 0: errors only, no console warnings
  let timer: NodeJS.Timeout | undefined;
  try {
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error('PDF text extraction timed out')), PDF_TIMEOUT_MS);
    });
    const { text } = await Promise.race([extractText(pdf, { mergePages: true }), timeout]);
    return text;
  } finally {
    clearTimeout(timer);
    await pdf.destroy().catch(() => undefined);
  }
}

function tidy(text: string): string | null {
  const cleaned = text
    .replace(/^\uFEFF/, '')
    .replace(/\r\n?/g, '\n')
    .replace(/[ \t\f\v]+/g, (blanks, at: number, all: string) => (all[at + blanks.length] === '\n' ? '' : blanks)) // blanks before a line break
    .replace(/\n{3,}/g, '\n\n')
    .trim();
  return cleaned ? cleaned.slice(0, MAX_RESUME_TEXT) : null;
}

/**
 * The searchable text of a resume of a known kind. A PDF or DOCX whose text cannot be read
 * (scanned, damaged, encrypted) gives null: the file is still kept, only not searchable.
 */
export async function extractResumeText(kind: ResumeKind, data: Uint8Array): Promise<string | null> {
  try {
    if (kind === 'txt') return tidy(utf8Text(data) ?? '');
    if (kind === 'docx') {
      const xml = docxDocument(data);
      return xml ? tidy(docxText(new TextDecoder().decode(xml))) : null;
    }
    const text = await pdfText(data);
    return text ? tidy(text) : null;
  } catch {
    return null;
  }
}
