export { renderTemplate, escapeMarkdownValue, MAX_RENDERED_CHARS } from './render-template.js';
export { SECTION_HEADINGS } from '../library/template-content.js';
export type { RenderTemplateInput, RenderedTemplate } from './render-template.js';
export { extractPlaceholders, replacePlaceholders, placeholderPattern } from './placeholders.js';
export { TemplateVariableError } from './template-variable.error.js';
export type { TemplateVariableProblem } from './template-variable.error.js';
export { ISO_4217_CODES, isIsoCurrency } from './currency-codes.js';
export { sanitizeJobHtml } from './sanitize.js';
