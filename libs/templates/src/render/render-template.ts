import { Marked } from 'marked';
import { LIST_SECTIONS, SECTION_HEADINGS, SECTION_ORDER, type TemplateSections, type TemplateVariable } from '../library/template-content.js';
import { isIsoCurrency } from './currency-codes.js';
import { extractPlaceholders, placeholderPattern, replacePlaceholders } from './placeholders.js';
import { sanitizeJobHtml } from './sanitize.js';
import { TemplateVariableError, type TemplateVariableProblem } from './template-variable.error.js';

export interface RenderTemplateInput {
  title?: string;
  sections: TemplateSections;
  variables: TemplateVariable[];
  values: Record<string, unknown>;
}

export interface RenderedTemplate {
  /** Title with values substituted (absent when no title was given). */
  title?: string;
  markdown: string;
  /** Sanitised HTML, safe to embed in a page. */
  html: string;
  /** Sections with values substituted as plain text (not escaped for any output format). */
  sections: TemplateSections;
}

type ResolvedValue = string | number | boolean;

const markdownRenderer = new Marked({ gfm: true, breaks: false, async: false });

/**
 * Longest text one render may produce, title, sections and items together (a template at its
 * size limits is about 210,000 characters).
 */
export const MAX_RENDERED_CHARS = 250_000;

const NUMBER_FORMAT = new Intl.NumberFormat('en-US', { maximumFractionDigits: 2 });

/**
 * Substitute `{{name}}` placeholders in every section, produce Markdown in the fixed
 * section layout, and HTML (marked, then a strict sanitiser).
 *
 * Throws `TemplateVariableError` listing every problem at once: required variable without
 * value or default, value of the wrong type, placeholder whose variable is not declared,
 * value given for an undeclared variable, invalid or duplicate declarations.
 *
 * Type rules: `string` takes strings; `number` takes finite numbers only (numeric strings
 * are refused so that "12k" never sneaks in); `currency` takes an uppercase ISO 4217 code;
 * `boolean` takes true/false. `undefined` and `null` count as "no value" and fall back to
 * the declared default.
 */
export function renderTemplate(input: RenderTemplateInput): RenderedTemplate {
  const problems: TemplateVariableProblem[] = [];
  const declared = new Map<string, TemplateVariable>();

  for (const variable of input.variables) {
    if (declared.has(variable.name)) {
      problems.push({ variable: variable.name, message: 'is declared more than once' });
      continue;
    }
    declared.set(variable.name, variable);
    if (variable.default !== undefined) {
      const typeProblem = checkType(variable, variable.default);
      if (typeProblem) problems.push({ variable: variable.name, message: `default ${typeProblem}` });
    }
  }

  for (const [name, value] of Object.entries(input.values)) {
    if (!declared.has(name) && value !== undefined) {
      problems.push({ variable: name, message: 'a value was given but the variable is not declared' });
    }
  }

  const resolved = new Map<string, ResolvedValue>();
  for (const variable of declared.values()) {
    const given = input.values[variable.name];
    if (given !== undefined && given !== null) {
      const typeProblem = checkType(variable, given);
      if (typeProblem) {
        problems.push({ variable: variable.name, message: typeProblem });
      } else if (variable.required && variable.type === 'string' && (given as string).trim() === '' && variable.default === undefined) {
        problems.push({ variable: variable.name, message: 'is required but the value is empty' });
      } else {
        resolved.set(variable.name, given as ResolvedValue);
      }
    } else if (variable.default !== undefined) {
      resolved.set(variable.name, variable.default);
    } else if (variable.required) {
      problems.push({ variable: variable.name, message: 'is required but missing (no value and no default)' });
    }
  }

  // Placeholders whose variable is not declared, reported once per name with where they appear.
  const undeclaredUses = new Map<string, string[]>();
  const noteUses = (where: string, text: string) => {
    for (const name of extractPlaceholders(text)) {
      if (declared.has(name)) continue;
      const places = undeclaredUses.get(name) ?? [];
      if (!places.includes(where)) places.push(where);
      undeclaredUses.set(name, places);
    }
  };
  if (input.title) noteUses('title', input.title);
  for (const key of SECTION_ORDER) {
    const value = input.sections[key];
    if (Array.isArray(value)) value.forEach((item) => noteUses(key, item));
    else noteUses(key, value ?? '');
  }
  for (const [name, places] of undeclaredUses) {
    problems.push({ variable: name, message: `placeholder used in ${places.join(', ')} but the variable is not declared` });
  }

  if (problems.length > 0) throw new TemplateVariableError(problems);
  checkRenderedSize(input, resolved);

  const plain = (text: string) => replacePlaceholders(text, (name) => formatPlain(resolved.get(name)));
  const forMarkdown = (text: string) =>
    replacePlaceholders(text, (name) => {
      const value = formatPlain(resolved.get(name));
      return value === undefined ? undefined : escapeMarkdownValue(value);
    });

  const sections = mapSections(input.sections, plain);
  const markdownSections = mapSections(input.sections, forMarkdown);
  const title = input.title === undefined ? undefined : plain(input.title);
  const markdownTitle = input.title === undefined ? undefined : forMarkdown(input.title);

  const markdown = layoutMarkdown(markdownTitle, markdownSections);
  const html = sanitizeJobHtml(markdownRenderer.parse(markdown) as string);

  return { ...(title === undefined ? {} : { title }), markdown, html, sections };
}

/**
 * Refuses a render whose text (title, sections and items together) would pass MAX_RENDERED_CHARS,
 * measured before any string is built: a long value used by many placeholders would otherwise make
 * a string of hundreds of megabytes. Names the value that adds the most.
 */
function checkRenderedSize(input: RenderTemplateInput, resolved: Map<string, ResolvedValue>): void {
  let total = 0;
  const added = new Map<string, number>();
  const measure = (text: string) => {
    total += text.length;
    for (const match of text.matchAll(placeholderPattern())) {
      const value = formatPlain(resolved.get(match[1]));
      if (value === undefined) continue;
      total += value.length - match[0].length;
      added.set(match[1], (added.get(match[1]) ?? 0) + value.length);
    }
  };
  if (input.title) measure(input.title);
  for (const key of SECTION_ORDER) {
    const value = input.sections[key];
    if (Array.isArray(value)) value.forEach(measure);
    else measure(value ?? '');
  }
  if (total <= MAX_RENDERED_CHARS) return;
  const [largest] = [...added.entries()].sort((a, b) => b[1] - a[1]);
  throw new TemplateVariableError([
    {
      variable: largest?.[0] ?? 'title',
      message: `makes the text ${total.toLocaleString('en')} characters long once filled in; at most ${MAX_RENDERED_CHARS.toLocaleString('en')}`,
    },
  ]);
}

function checkType(variable: TemplateVariable, value: unknown): string | undefined {
  switch (variable.type) {
    case 'string':
      return typeof value === 'string' ? undefined : `must be a string, got ${describe(value)}`;
    case 'number':
      return typeof value === 'number' && Number.isFinite(value) ? undefined : `must be a finite number, got ${describe(value)}`;
    case 'currency':
      return isIsoCurrency(value) ? undefined : `must be an uppercase ISO 4217 currency code such as USD, got ${describe(value)}`;
    case 'boolean':
      return typeof value === 'boolean' ? undefined : `must be true or false, got ${describe(value)}`;
    default:
      return `has an unknown type ${JSON.stringify((variable as { type: unknown }).type)}`;
  }
}

function describe(value: unknown): string {
  if (typeof value === 'string') return `"${value.length > 40 ? `${value.slice(0, 40)}…` : value}"`;
  if (typeof value === 'number') return String(value);
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  return typeof value === 'object' ? 'an object' : typeof value;
}

function formatPlain(value: ResolvedValue | undefined): string | undefined {
  if (value === undefined) return undefined;
  if (typeof value === 'number') return NUMBER_FORMAT.format(value);
  if (typeof value === 'boolean') return value ? 'yes' : 'no';
  return value;
}

/**
 * Make a substituted value inert inside Markdown: collapse line breaks (so a value cannot
 * start a heading or list), backslash-escape inline syntax and raw HTML. CommonMark turns
 * `\<` into a literal `<`, which the HTML output then shows as `&lt;` exactly once.
 */
export function escapeMarkdownValue(value: string): string {
  let text = collapseLineBreaks(value);
  text = text.replace(/[\\`*_[\]<>&#|~]/g, (ch) => `\\${ch}`);
  // A value that starts like a list marker or numbered item must not become one.
  text = text.replace(/^(\s*)([-+]|\d+(?=[.)]))/, (_m, space: string, marker: string) => (/^\d/.test(marker) ? `${space}${marker}\\` : `${space}\\${marker}`));
  return text;
}

function mapSections(sections: TemplateSections, fn: (text: string) => string): TemplateSections {
  return {
    summary: fn(sections.summary ?? ''),
    responsibilities: (sections.responsibilities ?? []).map(fn),
    requirements: (sections.requirements ?? []).map(fn),
    niceToHave: (sections.niceToHave ?? []).map(fn),
    skills: (sections.skills ?? []).map(fn),
    interviewFocus: (sections.interviewFocus ?? []).map(fn),
    compensationNote: fn(sections.compensationNote ?? ''),
  };
}

function layoutMarkdown(title: string | undefined, sections: TemplateSections): string {
  const blocks: string[] = [];
  if (title && title.trim()) blocks.push(`# ${oneLine(title)}`);
  for (const key of SECTION_ORDER) {
    const heading = `## ${SECTION_HEADINGS[key]}`;
    if ((LIST_SECTIONS as readonly string[]).includes(key)) {
      const items = (sections[key] as string[]).map(oneLine).filter((item) => item !== '');
      if (items.length > 0) blocks.push(`${heading}\n\n${items.map((item) => `- ${item}`).join('\n')}`);
    } else {
      const text = (sections[key] as string).trim();
      if (text !== '') blocks.push(`${heading}\n\n${text}`);
    }
  }
  return `${blocks.join('\n\n')}\n`;
}

function oneLine(text: string): string {
  return collapseLineBreaks(text).trim();
}

/**
 * Every run of whitespace that holds a line break becomes one space; other runs stay as they are.
 * A single pattern with a line break between two optional blank runs says the same, but backtracks
 * quadratically on a long run of blanks that holds no break.
 */
function collapseLineBreaks(text: string): string {
  return text.replace(/\s+/g, (run) => (run.includes('\n') || run.includes('\r') ? ' ' : run));
}
