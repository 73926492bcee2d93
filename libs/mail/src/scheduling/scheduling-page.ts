import { createHash } from 'node:crypto';
import type { SchedulingPage } from './self-scheduling.service.js';

/** The page's stylesheet and its one script (time-zone detection), served as files: the CSP allows no inline script. */
export const SCHEDULE_CSS = `:root{--accent:#1f5fbf;--text:#1f2328;--muted:#57606a;--line:#d0d7de;--bg:#f6f8fa;--danger:#b42318;--ok:#1a7f37}
*{box-sizing:border-box}
html{-webkit-text-size-adjust:100%}
body{margin:0;font-family:system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;line-height:1.6;color:var(--text);background:#fff}
main{max-width:44rem;margin:0 auto;padding:1.5rem 1rem 3rem}
h1{font-size:clamp(1.5rem,5vw,2rem);line-height:1.2;margin:.25rem 0 1rem}
h2{font-size:1.2rem;margin:1.75rem 0 .5rem}
.org{color:var(--muted);font-weight:600;margin:0}
.facts{padding:0;list-style:none;margin:0 0 1rem}
.notice{border-left:4px solid var(--accent);background:var(--bg);padding:.75rem 1rem;margin:1rem 0}
.notice.warn{border-color:var(--danger)}
.notice.ok{border-color:var(--ok)}
form.zone{display:flex;flex-wrap:wrap;gap:.5rem;align-items:flex-end;margin:1rem 0;padding:.75rem;background:var(--bg);border-radius:.5rem}
form.zone label{display:flex;flex-direction:column;font-weight:600;flex:1 1 16rem}
select,button{font:inherit}
select{padding:.6rem;border:1px solid #8c959f;border-radius:.35rem;background:#fff;color:var(--text);min-height:2.75rem;max-width:100%}
button{min-height:2.75rem;min-width:2.75rem;border-radius:.4rem;cursor:pointer}
.primary,.slot{background:#fff;color:var(--accent);border:2px solid var(--accent);font-weight:600;padding:.5rem 1rem}
.primary{background:var(--accent);color:#fff}
.danger{background:#fff;color:var(--danger);border:2px solid var(--danger);font-weight:600;padding:.5rem 1rem}
fieldset{border:0;padding:0;margin:0 0 1rem}
legend{font-weight:700;font-size:1.05rem;padding:0;margin:0 0 .5rem}
.slots{display:grid;grid-template-columns:repeat(auto-fill,minmax(6rem,1fr));gap:.5rem}
button:focus-visible,select:focus-visible,a:focus-visible{outline:3px solid var(--accent);outline-offset:2px}
a{color:var(--accent)}
`;
export const SCHEDULE_CSS_VERSION = createHash('sha256').update(SCHEDULE_CSS).digest('hex').slice(0, 12);

/**
 * Without it the page works the same (the select); with it, a first visit without a chosen zone reloads in the
 * browser's own zone when the list has it.
 */
export const SCHEDULE_JS = `(function () {
  var select = document.getElementById('tz');
  if (!select || select.getAttribute('data-chosen') === 'true') return;
  var zone;
  try { zone = Intl.DateTimeFormat().resolvedOptions().timeZone; } catch (e) { return; }
  if (!zone || zone === select.value) return;
  for (var i = 0; i < select.options.length; i++) {
    if (select.options[i].value === zone) {
      var url = new URL(window.location.href);
      url.searchParams.set('tz', zone);
      window.location.replace(url.toString());
      return;
    }
  }
})();
`;
export const SCHEDULE_JS_VERSION = createHash('sha256').update(SCHEDULE_JS).digest('hex').slice(0, 12);

const ZONES: string[] = (() => {
  const all = typeof Intl.supportedValuesOf === 'function' ? Intl.supportedValuesOf('timeZone') : [];
  return all.includes('UTC') ? all : ['UTC', ...all];
})();

function escape(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] ?? c);
}

function dayOf(date: Date, timeZone: string): string {
  return new Intl.DateTimeFormat('en-GB', { timeZone, weekday: 'long', day: 'numeric', month: 'long', year: 'numeric' }).format(date);
}

function timeOf(date: Date, timeZone: string): string {
  return new Intl.DateTimeFormat('en-GB', { timeZone, hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).format(date);
}

/** "Tuesday, 2 June 2026 at 10:00 (Europe/Berlin)". */
export function spokenIn(date: Date, timeZone: string): string {
  return `${dayOf(date, timeZone)} at ${timeOf(date, timeZone)} (${timeZone.replace(/_/g, ' ')})`;
}

const HEADINGS: Record<SchedulingPage['kind'], string> = {
  invalid: 'This link does not work',
  throttled: 'Please wait a moment',
  expired: 'This link has expired',
  closed: 'This interview can no longer be changed online',
  cancelled: 'This interview is cancelled',
  open: 'Choose a time for your interview',
  booked: 'Your interview is booked',
  confirmed: 'Your interview is booked',
  taken: 'That time was just taken',
  not_offered: 'Please choose one of the times below',
  cancel_done: 'Your interview is cancelled',
};

/** The public scheduling page: server-rendered, no inline script, usable without JavaScript and on a phone. */
export function renderSchedulingPage(page: SchedulingPage): string {
  const tz = page.timeZone;
  const action = page.token ? `/schedule/${page.token}` : '';
  const query = `?tz=${encodeURIComponent(tz)}`;
  const parts: string[] = [];
  if (page.organizationName) parts.push(`<p class="org">${escape(page.organizationName)}</p>`);
  parts.push(`<h1>${escape(HEADINGS[page.kind])}</h1>`);
  switch (page.kind) {
    case 'invalid':
      parts.push('<p>The link may be incomplete or mistyped. Copy the whole link from the email, or reply to that email and we will send you a new one.</p>');
      break;
    case 'throttled':
      parts.push('<p>We received many requests from your network. Please try again in a few minutes.</p>');
      break;
    case 'expired':
      parts.push('<p>The time to choose an interview slot has passed. Reply to the email you received and we will find a time with you.</p>');
      break;
    case 'closed':
      parts.push(
        page.booking
          ? `<p>Your interview is on ${escape(spokenIn(page.booking.startsAt, tz))}. It is too close to change it here; reply to the email you received if you need to.</p>`
          : '<p>This link can no longer be used to choose a time. Reply to the email you received and we will help you.</p>',
      );
      break;
    case 'cancelled':
      parts.push('<p>This interview is cancelled. Reply to the email you received if you would like to find another time.</p>');
      break;
    case 'cancel_done':
      parts.push('<p>We have let the interviewers know. Reply to the email you received if you would like to find another time.</p>');
      break;
    default:
      break;
  }
  if (page.jobTitle && page.kind !== 'invalid' && page.kind !== 'throttled') {
    const facts = [`<li>Role: ${escape(page.jobTitle)}</li>`];
    if (page.durationMinutes) facts.push(`<li>Length: ${page.durationMinutes} minutes</li>`);
    if (page.interviewers?.length) facts.push(`<li>With: ${escape(page.interviewers.join(', '))}</li>`);
    if (page.place) facts.push(`<li>Where: ${escape(page.place)}</li>`);
    parts.push(`<ul class="facts">${facts.join('')}</ul>`);
  }
  if ((page.kind === 'booked' || page.kind === 'confirmed') && page.booking) {
    const when = escape(spokenIn(page.booking.startsAt, tz));
    parts.push(
      page.kind === 'confirmed'
        ? `<p class="notice ok" role="status">Your interview is on <strong>${when}</strong>. An invitation for your calendar is on its way to your inbox.</p>`
        : `<p class="notice ok">Your interview is on <strong>${when}</strong>.</p>`,
    );
    if (page.booking.canChange) {
      parts.push(`<p>You can choose another time or cancel here until ${escape(spokenIn(page.booking.cutoff, tz))}.</p>`);
      parts.push(
        `<form method="post" action="${escape(action)}/cancel${escape(query)}"><button type="submit" class="danger">Cancel my interview</button></form>`,
      );
    }
  }
  if (page.kind === 'taken') parts.push('<p class="notice warn" role="alert">Someone else booked that time a moment ago. Here are the times still free.</p>');
  if (page.kind === 'not_offered') parts.push('<p class="notice warn" role="alert">That time is not one we offered. Please pick one of the times below.</p>');
  const offering = ['open', 'taken', 'not_offered'].includes(page.kind) || ((page.kind === 'booked' || page.kind === 'confirmed') && page.booking?.canChange);
  if (offering && page.token) {
    parts.push(zoneForm(action, tz, page.timeZoneChosen));
    parts.push(slotList(action, query, page.slots ?? [], tz, page.kind === 'booked' || page.kind === 'confirmed'));
  }
  return (
    `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">` +
    `<meta name="robots" content="noindex"><meta name="referrer" content="no-referrer"><title>${escape(HEADINGS[page.kind])}</title>` +
    `<link rel="stylesheet" href="/schedule/assets/schedule.css?v=${SCHEDULE_CSS_VERSION}">` +
    `<script src="/schedule/assets/time-zone.js?v=${SCHEDULE_JS_VERSION}" defer></script></head>` +
    `<body><main>${parts.join('\n')}</main></body></html>`
  );
}

function zoneForm(action: string, tz: string, chosen: boolean): string {
  const options = ZONES.map((z) => `<option value="${escape(z)}"${z === tz ? ' selected' : ''}>${escape(z.replace(/_/g, ' '))}</option>`).join('');
  return (
    `<form class="zone" method="get" action="${escape(action)}"><label for="tz">Your time zone<select id="tz" name="tz" data-chosen="${chosen ? 'true' : 'false'}">${options}</select></label>` +
    `<button type="submit" class="primary">Show times</button></form>`
  );
}

function slotList(action: string, query: string, slots: Date[], tz: string, rebooking: boolean): string {
  const heading = rebooking ? 'Choose another time' : 'Free times';
  if (!slots.length) return `<h2>${heading}</h2><p>No times are free right now. Reply to the email you received and we will find a time with you.</p>`;
  const days = new Map<string, Date[]>();
  for (const slot of slots) {
    const day = dayOf(slot, tz);
    const list = days.get(day) ?? [];
    list.push(slot);
    days.set(day, list);
  }
  const groups = [...days.entries()].map(
    ([day, list]) =>
      `<fieldset><legend>${escape(day)}</legend><div class="slots">${list
        .map(
          (s) =>
            `<button type="submit" class="slot" name="startsAt" value="${s.toISOString()}" aria-label="${escape(`${day}, ${timeOf(s, tz)}`)}">${timeOf(s, tz)}</button>`,
        )
        .join('')}</div></fieldset>`,
  );
  return (
    `<h2>${heading}</h2><p>Times are shown in ${escape(tz.replace(/_/g, ' '))}. Choose one to book it.</p>` +
    `<form method="post" action="${escape(action)}${escape(query)}"><input type="hidden" name="tz" value="${escape(tz)}">${groups.join('')}</form>`
  );
}
