import { LIST_SECTIONS, SECTION_HEADINGS, SECTION_ORDER, emptySections, type TemplateSections } from '../library/template-content.js';

export type SegmentKey = keyof TemplateSections | 'title' | 'other';

/** One piece of text the rules look at, with where it sits in the input. */
export interface TextSegment {
  key: SegmentKey;
  /** Item index for list sections. */
  index?: number;
  /** Location label used in sections mode: `summary`, `requirements[3]`, `title`. */
  label: string;
  text: string;
  /** Offset of `text` within the markdown (markdown mode); 0 in sections mode. */
  offset: number;
}

/** The input normalised so every rule runs the same on sections and on markdown. */
export interface LintDocument {
  mode: 'sections' | 'markdown';
  sections: TemplateSections;
  segments: TextSegment[];
}

const isListKey = (key: SegmentKey): boolean => (LIST_SECTIONS as readonly string[]).includes(key);

export function documentFromSections(sections: Partial<TemplateSections>, title?: string): LintDocument {
  const normalised = emptySections();
  const segments: TextSegment[] = [];
  if (title) segments.push({ key: 'title', label: 'title', text: title, offset: 0 });
  for (const key of SECTION_ORDER) {
    const value = sections[key];
    if (Array.isArray(value)) {
      const items = value.filter((item): item is string => typeof item === 'string');
      (normalised[key] as string[]) = items;
      items.forEach((text, index) => segments.push({ key, index, label: `${key}[${index}]`, text, offset: 0 }));
    } else if (typeof value === 'string') {
      (normalised[key] as string) = value;
      segments.push({ key, label: key, text: value, offset: 0 });
    }
  }
  return { mode: 'sections', sections: normalised, segments };
}

function normaliseHeading(text: string): string {
  return text
    .toLowerCase()
    .replace(/[\u2018\u2019]/g, "'")
    .replace(/&/g, ' and ')
    .replace(/[*_`:!?.]/g, '')
    .replace(/[^a-z0-9' ]+/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
}

/** Heading texts (normalised) accepted for each section, besides the ones the renderer emits. */
const HEADING_ALIASES: Record<keyof TemplateSections, string[]> = {
  summary: [
    'about the role',
    'about this role',
    'about the job',
    'about the position',
    'the role',
    'role',
    'summary',
    'job summary',
    'role summary',
    'overview',
    'role overview',
    'position overview',
    'description',
    'job description',
  ],
  responsibilities: [
    'what you will do',
    "what you'll do",
    'what you will be doing',
    'responsibilities',
    'key responsibilities',
    'your responsibilities',
    'duties',
    'the work',
    'day to day',
    'your role',
    'what the job involves',
  ],
  requirements: [
    'what we are looking for',
    "what we're looking for",
    'requirements',
    'qualifications',
    'required qualifications',
    'minimum qualifications',
    'must have',
    'must haves',
    'must-have',
    'about you',
    'who you are',
    'you have',
    'you bring',
    'what you bring',
    'what you need',
  ],
  niceToHave: ['nice to have', 'nice to haves', 'nice-to-have', 'bonus', 'bonus points', 'preferred qualifications', 'good to have', 'pluses', 'extra credit'],
  skills: ['skills', 'key skills', 'required skills', 'tech stack', 'our stack', 'technologies', 'tools and technologies', 'tools', 'stack'],
  interviewFocus: [
    'how we interview',
    'interview process',
    'our interview process',
    'interview focus',
    'what the interview focuses on',
    'hiring process',
    'our process',
    'interviews',
  ],
  compensationNote: [
    'compensation',
    'salary',
    'pay',
    'pay range',
    'salary range',
    'compensation and benefits',
    'salary and benefits',
    'pay and benefits',
    'benefits',
  ],
};

const HEADING_LOOKUP = new Map<string, keyof TemplateSections>();
for (const key of SECTION_ORDER) {
  HEADING_LOOKUP.set(normaliseHeading(SECTION_HEADINGS[key]), key);
  for (const alias of HEADING_ALIASES[key]) HEADING_LOOKUP.set(normaliseHeading(alias), key);
}

export function sectionForHeading(heading: string): keyof TemplateSections | undefined {
  return HEADING_LOOKUP.get(normaliseHeading(heading));
}

interface Line {
  text: string;
  start: number;
}

function splitLines(markdown: string): Line[] {
  const lines: Line[] = [];
  let start = 0;
  for (const raw of markdown.split('\n')) {
    lines.push({ text: raw.replace(/\r$/, ''), start });
    start += raw.length + 1;
  }
  return lines;
}

const isBlank = (ch: string | undefined): boolean => ch === ' ' || ch === '\t';

/**
 * An ATX heading (`## What you will do ##`): up to three spaces, one to six `#`, at least one
 * space or tab, the text, an optional closing run of `#` after a space. Read by hand in one pass:
 * the regular expression it replaces backtracked cubically on a line of spaces.
 */
export function parseHeading(line: string): { level: number; text: string; start: number } | null {
  let i = 0;
  while (i < 3 && line[i] === ' ') i++;
  const hashes = i;
  while (line[i] === '#') i++;
  const level = i - hashes;
  if (level < 1 || level > 6 || !isBlank(line[i])) return null;
  while (isBlank(line[i])) i++;
  let end = line.length;
  while (end > i && isBlank(line[end - 1])) end--;
  // A closing sequence: the last run of `#`, preceded by a space or tab inside the text.
  let close = end;
  while (close > i && line[close - 1] === '#') close--;
  if (close < end && close > i && isBlank(line[close - 1])) {
    end = close;
    while (end > i && isBlank(line[end - 1])) end--;
  }
  return { level, text: line.slice(i, end), start: i };
}

/**
 * A list item (`- text`, `* text`, `+ text`, `12. text`, `3) text`): the length of its marker
 * with the blanks after it, or undefined when the line is not one. One pass, no regex.
 */
export function bulletMarkerLength(line: string): number | undefined {
  let i = line.length - line.trimStart().length;
  if (line[i] === '-' || line[i] === '*' || line[i] === '+') {
    i++;
  } else {
    const digits = i;
    while (i - digits < 4 && line[i] >= '0' && line[i] <= '9') i++;
    if (i === digits || i - digits > 3 || (line[i] !== '.' && line[i] !== ')')) return undefined;
    i++;
  }
  if (!isBlank(line[i])) return undefined;
  while (isBlank(line[i])) i++;
  return i;
}

/**
 * Parse markdown back into sections by its `#`/`##` headings. Offsets in every segment are
 * offsets into the original markdown, so findings can point at the exact characters.
 * Text before the first recognised section becomes the summary when no summary heading exists.
 */
export function documentFromMarkdown(markdown: string): LintDocument {
  const sections = emptySections();
  const segments: TextSegment[] = [];
  const lines = splitLines(markdown);

  type Block = { key: SegmentKey; lines: Line[] };
  const blocks: Block[] = [];
  let current: Block = { key: 'other', lines: [] };
  const preamble: Block = current;
  blocks.push(current);
  let sawTitle = false;
  let inFence = false;

  for (const line of lines) {
    if (/^\s*(```|~~~)/.test(line.text)) inFence = !inFence;
    const heading = inFence ? null : parseHeading(line.text);
    if (heading) {
      if (heading.level === 1 && !sawTitle) {
        sawTitle = true;
        segments.push({ key: 'title', label: 'title', text: heading.text, offset: line.start + heading.start });
        continue;
      }
      current = { key: sectionForHeading(heading.text) ?? 'other', lines: [] };
      blocks.push(current);
      continue;
    }
    current.lines.push(line);
  }

  const hasSummaryHeading = blocks.some((block) => block.key === 'summary');
  if (!hasSummaryHeading) preamble.key = 'summary';

  for (const block of blocks) {
    if (isListKey(block.key)) {
      const key = block.key as keyof TemplateSections;
      let item: { start: number; end: number } | undefined;
      const flush = () => {
        if (!item) return;
        const text = markdown.slice(item.start, item.end);
        const index = (sections[key] as string[]).length;
        (sections[key] as string[]).push(text);
        segments.push({ key, index, label: `${key}[${index}]`, text, offset: item.start });
        item = undefined;
      };
      for (const line of block.lines) {
        if (line.text.trim() === '') {
          flush();
          continue;
        }
        const marker = bulletMarkerLength(line.text);
        const trimmedEnd = line.start + line.text.trimEnd().length;
        if (marker !== undefined) {
          flush();
          item = { start: line.start + marker, end: trimmedEnd };
        } else if (item && /^\s/.test(line.text)) {
          item.end = trimmedEnd; // continuation of the previous item
        } else {
          flush();
          const lead = line.text.length - line.text.trimStart().length;
          item = { start: line.start + lead, end: trimmedEnd };
        }
      }
      flush();
    } else {
      const nonBlank = block.lines.filter((line) => line.text.trim() !== '');
      if (nonBlank.length === 0) continue;
      const first = nonBlank[0];
      const last = nonBlank[nonBlank.length - 1];
      const start = first.start + (first.text.length - first.text.trimStart().length);
      const end = last.start + last.text.trimEnd().length;
      const text = markdown.slice(start, end);
      if (block.key === 'summary' || block.key === 'compensationNote') {
        const existing = sections[block.key];
        sections[block.key] = existing ? `${existing}\n\n${text}` : text;
      }
      segments.push({ key: block.key, label: block.key, text, offset: start });
    }
  }

  return { mode: 'markdown', sections, segments };
}
