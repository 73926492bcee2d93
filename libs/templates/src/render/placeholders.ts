/**
 * `{{name}}` placeholders. Whitespace inside the braces is allowed (`{{ name }}`);
 * a name starts with a letter or underscore and continues with letters, digits or underscores.
 */
const PLACEHOLDER_SOURCE = String.raw`\{\{\s*([A-Za-z_][A-Za-z0-9_]*)\s*\}\}`;

/** A fresh global regex each call, so callers never share `lastIndex` state. */
export function placeholderPattern(): RegExp {
  return new RegExp(PLACEHOLDER_SOURCE, 'g');
}

/** Distinct placeholder names in order of first appearance. */
export function extractPlaceholders(text: string): string[] {
  const seen = new Set<string>();
  for (const match of text.matchAll(placeholderPattern())) {
    seen.add(match[1]);
  }
  return [...seen];
}

/**
 * Replace every placeholder in one pass. `replacement` returns the text to insert, or
 * `undefined` to leave the placeholder as written. Inserted text is never re-scanned,
 * so a value that itself contains `{{x}}` is not expanded.
 */
export function replacePlaceholders(text: string, replacement: (name: string) => string | undefined): string {
  return text.replace(placeholderPattern(), (whole, name: string) => replacement(name) ?? whole);
}
