import { inflateRawSync } from 'node:zlib';
import { DOCX_DOCUMENT, MAX_RESUME_TEXT, ResumeKind, utf8Text } from './resume-content.js';
import { entryData, readZipDirectory } from './zip-directory.js';

/**
 * The text reader for untrusted resumes. It runs only inside the sandboxed child process
 * (`resume-extract.child.ts`), never in the API or the worker's own process: the limits below are
 * checked before the costly work, and the sandbox adds time and memory limits around it all.
 */

export interface ReaderLimits {
  /** A PDF claiming more pages than this is not read (a resume is a few pages; page trees can claim millions). */
  maxPdfPages: number;
  /** Entries a DOCX's central directory may list. */
  maxZipEntries: number;
  /** Sum of the uncompressed sizes the central directory declares, checked before inflating anything. */
  maxZipInflatedBytes: number;
  /** What inflating `word/document.xml` may produce, whatever the directory claims. */
  maxDocumentXmlBytes: number;
}

export const DEFAULT_READER_LIMITS: ReaderLimits = {
  maxPdfPages: 50,
  maxZipEntries: 1_000,
  maxZipInflatedBytes: 64 * 1024 * 1024,
  maxDocumentXmlBytes: 32 * 1024 * 1024,
};

/** Why a file's text could not be read, as a recruiter reads it (stored as the file's `textFailure`). */
export class UnreadableFile extends Error {}

const MB = (bytes: number) => `${Math.round(bytes / 1024 / 1024)} MB`;

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

/**
 * `word/document.xml` of a DOCX. The central directory is checked first (entry count, no entry
 * listed twice or sharing another's bytes, total declared size); then only that one entry is
 * inflated, by zlib with `maxOutputLength`, which stops inflating at the budget.
 */
export function docxDocumentXml(data: Uint8Array, limits: ReaderLimits): Uint8Array {
  const directory = readZipDirectory(data, limits.maxZipEntries + 1);
  if (!directory) throw new UnreadableFile('The document is damaged, so its text could not be read.');
  if (directory.declaredEntries > limits.maxZipEntries) {
    throw new UnreadableFile(`The document holds more than ${limits.maxZipEntries} parts, so it was not unpacked.`);
  }
  const names = new Set<string>();
  const offsets = new Set<number>();
  let declared = 0;
  for (const entry of directory.entries) {
    if (names.has(entry.name) || offsets.has(entry.localHeaderOffset)) {
      throw new UnreadableFile('The document lists the same part more than once (a zip bomb), so it was not unpacked.');
    }
    names.add(entry.name);
    offsets.add(entry.localHeaderOffset);
    declared += entry.uncompressedSize;
  }
  if (declared > limits.maxZipInflatedBytes) {
    throw new UnreadableFile(`The document would unpack to more than ${MB(limits.maxZipInflatedBytes)}, so it was not unpacked.`);
  }
  const entry = directory.entries.find((e) => e.name === DOCX_DOCUMENT);
  const compressed = entry && entryData(data, entry);
  if (!entry || !compressed) throw new UnreadableFile('The document is damaged, so its text could not be read.');
  if (entry.uncompressedSize > limits.maxDocumentXmlBytes) {
    throw new UnreadableFile(`The document's text would unpack to more than ${MB(limits.maxDocumentXmlBytes)}, so it was not unpacked.`);
  }
  // The directory may lie about sizes: the inflater itself stops at the declared size (and the budget).
  const budget = Math.min(entry.uncompressedSize, limits.maxDocumentXmlBytes);
  if (entry.method === 0) return compressed.subarray(0, budget);
  if (entry.method !== 8) throw new UnreadableFile('The document uses a compression this reader does not support.');
  try {
    return inflateRawSync(compressed, { maxOutputLength: Math.max(budget, 1) });
  } catch (error) {
    if ((error as { code?: string }).code === 'ERR_BUFFER_TOO_LARGE') {
      throw new UnreadableFile('The document unpacks to more than it declares (a zip bomb), so unpacking was stopped.');
    }
    throw new UnreadableFile('The document is damaged, so its text could not be read.');
  }
}

async function pdfText(data: Uint8Array, limits: ReaderLimits): Promise<string> {
  const { getDocumentProxy } = await import('unpdf');
  let pdf: Awaited<ReturnType<typeof getDocumentProxy>>;
  try {
    // pdf.js may take ownership of (detach) the buffer it is given: hand it a copy. Verbosity 0: errors only.
    pdf = await getDocumentProxy(new Uint8Array(data), { verbosity: 0, isEvalSupported: false, stopAtErrors: false });
  } catch (error) {
    if ((error as { name?: string }).name === 'PasswordException') throw new UnreadableFile('The PDF is password-protected, so its text could not be read.');
    throw new UnreadableFile('The PDF is damaged, so its text could not be read.');
  }
  try {
    if (pdf.numPages > limits.maxPdfPages) {
      throw new UnreadableFile(`The PDF claims ${pdf.numPages.toLocaleString('en')} pages; only resumes of up to ${limits.maxPdfPages} pages are read.`);
    }
    const pages: string[] = [];
    for (let n = 1; n <= pdf.numPages; n++) {
      const page = await pdf.getPage(n);
      const content = await page.getTextContent();
      let text = '';
      for (const item of content.items) {
        if ('str' in item) text += item.str + (item.hasEOL ? '\n' : '');
      }
      pages.push(text);
      page.cleanup();
      if (pages.reduce((sum, p) => sum + p.length, 0) > MAX_RESUME_TEXT) break;
    }
    return pages.join('\n');
  } catch (error) {
    if (error instanceof UnreadableFile) throw error;
    throw new UnreadableFile('The PDF is damaged, so its text could not be read.');
  } finally {
    await pdf.destroy().catch(() => undefined);
  }
}

export function tidy(text: string): string | null {
  const cleaned = text
    .replace(/^\uFEFF/, '')
    .replace(/\r\n?/g, '\n')
    .replace(/[ \t\f\v]+/g, (blanks, at: number, all: string) => (all[at + blanks.length] === '\n' ? '' : blanks)) // blanks before a line break
    .replace(/\n{3,}/g, '\n\n')
    .replaceAll('\u0000', '')
    .trim();
  return cleaned ? cleaned.slice(0, MAX_RESUME_TEXT) : null;
}

/**
 * The searchable text of a resume of a known kind; null when it holds no text (a scanned PDF).
 * Throws `UnreadableFile` when a limit is broken or the file is damaged.
 */
export async function readResumeText(kind: ResumeKind, data: Uint8Array, limits: ReaderLimits = DEFAULT_READER_LIMITS): Promise<string | null> {
  if (kind === 'txt') {
    const text = utf8Text(data);
    if (text === null) throw new UnreadableFile('The file is not plain text.');
    return tidy(text);
  }
  if (kind === 'docx') return tidy(docxText(new TextDecoder().decode(docxDocumentXml(data, limits))));
  return tidy(await pdfText(data, limits));
}
