import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

/** Columns every email read returns. */
export const EMAIL_COLUMNS = `id, candidate_id, application_id, kind, to_address, subject, body, status, send_at, sent_at, failure_reason, created_at`;

/** An unguessable reply token (naming the email, hence the candidate and the thread, through its row). */
export function newReplyToken(): string {
  return randomBytes(18)
    .toString('base64url')
    .replace(/[-_]/g, (c) => (c === '-' ? 'a' : 'b'));
}

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] ?? c);
}

/** Plain text → HTML: every character escaped, blank lines become paragraphs, single newlines line breaks. */
export function textToHtml(text: string): string {
  const escaped = escapeHtml(text);
  const paragraphs = escaped.split(/\r?\n\r?\n/).map((p) => `<p>${p.replace(/\r?\n/g, '<br>')}</p>`);
  return `<!doctype html><html><body style="font-family: sans-serif; line-height: 1.5">${paragraphs.join('\n')}</body></html>`;
}

/** The signed one-click unsubscribe token of a candidate: `<orgId>.<candidateId>.<hmac>`. */
export function unsubscribeToken(secret: string, organizationId: string, candidateId: string): string {
  return `${organizationId}.${candidateId}.${sign(secret, organizationId, candidateId)}`;
}

/** The organization and candidate a token names when its signature holds, else null. */
export function readUnsubscribeToken(secret: string, token: string): { organizationId: string; candidateId: string } | null {
  if (token.length > 200) return null;
  const [organizationId, candidateId, signature, extra] = token.split('.');
  if (!organizationId || !candidateId || !signature || extra !== undefined) return null;
  const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
  if (!uuid.test(organizationId) || !uuid.test(candidateId)) return null;
  const expected = Buffer.from(sign(secret, organizationId, candidateId));
  const given = Buffer.from(signature);
  return expected.length === given.length && timingSafeEqual(expected, given) ? { organizationId, candidateId } : null;
}

function sign(secret: string, organizationId: string, candidateId: string): string {
  return createHmac('sha256', secret).update(`unsubscribe:${organizationId}:${candidateId}`).digest('base64url');
}

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', '#39': "'", nbsp: ' ' };
const BLOCKS = new Set(['p', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'ul', 'ol', 'blockquote', 'pre', 'table', 'tr']);

/**
 * Sanitised HTML (an offer letter) → plain text for an email body: blocks become paragraphs, list items "- " lines,
 * every tag dropped. A scan with indexOf, not a tag-matching pattern (those backtrack on many `<`).
 */
export function htmlToText(html: string): string {
  let out = '';
  let i = 0;
  while (i < html.length) {
    const open = html.indexOf('<', i);
    // Line breaks in the source are spaces in HTML; only tags make lines.
    if (open < 0) {
      out += html.slice(i).replace(/[\r\n]/g, ' ');
      break;
    }
    out += html.slice(i, open).replace(/[\r\n]/g, ' ');
    const close = html.indexOf('>', open);
    if (close < 0) break;
    const tag = html
      .slice(open + 1, close)
      .trim()
      .toLowerCase();
    const closing = tag.startsWith('/');
    const name = (closing ? tag.slice(1) : tag).split(/[\s/]/, 1)[0];
    if (name === 'br') out += '\n';
    else if (name === 'li') out += closing ? '\n' : '- ';
    else if (closing && BLOCKS.has(name)) out += '\n\n';
    i = close + 1;
  }
  return out
    .replace(/&(amp|lt|gt|quot|#39|nbsp);/g, (_m, name: string) => ENTITIES[name] ?? '')
    .replace(/&#(\d{1,6});/g, (_m, code: string) => String.fromCodePoint(Math.min(Number(code), 0x10ffff)))
    .split('\n')
    .map((line) => line.trim())
    .join('\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}

const BASE32 = 'abcdefghijklmnopqrstuvwxyz234567';
const INBOX_KEY_LENGTH = 16;

/**
 * The key of an organization's inbox address: 16 base32 characters (80 bits) of HMAC-SHA256 with JWT_SECRET over the
 * organization's id. Nobody without the secret can make up the address of an organization; it changes with JWT_SECRET.
 */
export function inboxKey(secret: string, organizationId: string): string {
  const digest = createHmac('sha256', secret).update(`organization-inbox:${organizationId}`).digest();
  let bits = 0;
  let value = 0;
  let out = '';
  for (const byte of digest) {
    value = (value << 8) | byte;
    bits += 8;
    while (bits >= 5 && out.length < INBOX_KEY_LENGTH) {
      out += BASE32[(value >>> (bits - 5)) & 31];
      bits -= 5;
    }
    value &= 0xff;
    if (out.length >= INBOX_KEY_LENGTH) break;
  }
  return out;
}

/** The local part of an organization's inbox address: `inbox+<slug>.<key>`. */
export const inboxLocalPart = (secret: string, slug: string, organizationId: string) => `inbox+${slug}.${inboxKey(secret, organizationId)}`;

/** The slug and key an `inbox+<slug>.<key>` local part names (not yet checked), else null. */
export function readInboxLocalPart(local: string): { slug: string; key: string } | null {
  const lower = local.toLowerCase();
  if (!lower.startsWith('inbox+') || lower.length > 6 + 64 + 1 + INBOX_KEY_LENGTH) return null;
  const rest = lower.slice('inbox+'.length);
  const dot = rest.lastIndexOf('.');
  const slug = rest.slice(0, dot);
  const key = rest.slice(dot + 1);
  if (dot < 1 || !/^[a-z0-9-]{1,64}$/.test(slug) || !/^[a-z2-7]{16}$/.test(key)) return null;
  return { slug, key };
}

/** Whether `given` is the organization's inbox key (constant time). */
export function isInboxKey(secret: string, organizationId: string, given: string): boolean {
  const expected = Buffer.from(inboxKey(secret, organizationId));
  const actual = Buffer.from(given);
  return expected.length === actual.length && timingSafeEqual(expected, actual);
}
