import { Marked } from 'marked';
import { escapeMarkdownValue, extractPlaceholders, replacePlaceholders, sanitizeJobHtml } from '../../../templates/src/index.js';

/** Placeholders an organization's offer template may use, filled from the offer, job and candidate. */
export const OFFER_TEMPLATE_VARIABLES = [
  'candidate_name',
  'candidate_first_name',
  'job_title',
  'organization_name',
  'base_salary',
  'base_currency',
  'base_period',
  'bonus',
  'equity',
  'start_date',
  'expires_at',
  'hiring_manager_name',
  'sender_name',
] as const;

export type OfferTemplateVariable = (typeof OFFER_TEMPLATE_VARIABLES)[number];

/** Used until an organization saves its own template. */
export const DEFAULT_OFFER_TEMPLATE = [
  '# Offer of employment: {{job_title}}',
  '',
  'Dear {{candidate_first_name}},',
  '',
  'We are delighted to offer you the position of **{{job_title}}** at {{organization_name}}.',
  '',
  '## Compensation',
  '',
  '- Base salary: {{base_salary}} {{base_currency}} per {{base_period}}',
  '- Bonus: {{bonus}}',
  '- Equity: {{equity}}',
  '',
  '## Start date',
  '',
  'Your first day would be {{start_date}}.',
  '',
  'This offer stays open until {{expires_at}}. We look forward to working with you.',
  '',
  '{{sender_name}}, on behalf of {{organization_name}}',
].join('\n');

/** Placeholders in a template that are not offer variables (a template with any is refused). */
export function unknownPlaceholders(template: string): string[] {
  const known = new Set<string>(OFFER_TEMPLATE_VARIABLES);
  return extractPlaceholders(template).filter((name) => !known.has(name));
}

const markdown = new Marked({ gfm: true, breaks: false, async: false });

/**
 * The letter: placeholders replaced by values escaped for Markdown (a candidate named `*Bob*`
 * stays literal), then Markdown → HTML through the templates module's strict sanitiser.
 */
export function renderOfferLetter(template: string, values: Record<OfferTemplateVariable, string>): { markdown: string; html: string } {
  const text = replacePlaceholders(template, (name) => {
    const value = values[name as OfferTemplateVariable];
    return value === undefined ? undefined : escapeMarkdownValue(value);
  });
  return { markdown: text, html: sanitizeJobHtml(markdown.parse(text) as string) };
}
