import sanitizeHtml from 'sanitize-html';

/**
 * Strict allow-list for rendered job descriptions: headings, paragraphs, lists,
 * emphasis, inline code, line breaks and links to http(s)/mailto only.
 * Everything else is dropped; script/style/textarea content is discarded with its tag.
 */
const OPTIONS: sanitizeHtml.IOptions = {
  allowedTags: ['h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'p', 'ul', 'ol', 'li', 'strong', 'em', 'a', 'code', 'br'],
  allowedAttributes: { a: ['href', 'title', 'rel'] },
  allowedSchemes: ['http', 'https', 'mailto'],
  allowedSchemesByTag: {},
  allowedSchemesAppliedToAttributes: ['href'],
  allowProtocolRelative: false,
  disallowedTagsMode: 'discard',
  transformTags: {
    a: (tagName, attribs) => ({
      tagName,
      attribs: { ...attribs, rel: 'nofollow noopener noreferrer' },
    }),
  },
};

export function sanitizeJobHtml(html: string): string {
  return sanitizeHtml(html, OPTIONS);
}
