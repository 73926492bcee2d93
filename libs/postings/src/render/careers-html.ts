import { type BoardPosting, locationName } from '../board-content.js';
import { jobPostingJsonLd, jsonLdScript } from './job-posting-jsonld.js';
import { jobUrl, type OrgProfile } from './org-profile.js';

export const esc = (value: string | number | null | undefined) =>
  String(value ?? '')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');

const STYLE = `body{font-family:system-ui,sans-serif;max-width:52rem;margin:2rem auto;padding:0 1rem;line-height:1.5;color:#1f2328}
a{color:#0b5cad}ul.jobs{list-style:none;padding:0}ul.jobs li{padding:.75rem 0;border-bottom:1px solid #ddd}
.meta{color:#57606a;font-size:.9rem}form.filters{display:flex;gap:.5rem;flex-wrap:wrap;margin:1rem 0}
form.apply label{display:block;margin:.5rem 0}form.apply input,form.apply textarea{width:100%;max-width:30rem}.hp{position:absolute;left:-10000px}`;

function layout(title: string, body: string, head = ''): string {
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${esc(title)}</title><style>${STYLE}</style>${head}</head>
<body>${body}</body></html>`;
}

export interface CareersFilters {
  department?: string;
  office?: string;
  workModel?: string;
}

export interface FilterOption {
  value: string;
  label: string;
}

const WORK_MODELS: FilterOption[] = [
  { value: 'onsite', label: 'On-site' },
  { value: 'hybrid', label: 'Hybrid' },
  { value: 'remote', label: 'Remote' },
];

function select(name: string, label: string, options: FilterOption[], selected?: string): string {
  const opts = options.map((o) => `<option value="${esc(o.value)}"${o.value === selected ? ' selected' : ''}>${esc(o.label)}</option>`).join('');
  return `<label>${esc(label)} <select name="${name}"><option value="">All</option>${opts}</select></label>`;
}

export function payRange(p: BoardPosting): string | null {
  if (!p.salaryCurrency || (p.salaryMin === null && p.salaryMax === null)) return null;
  const fmt = (n: number) => new Intl.NumberFormat('en', { style: 'currency', currency: p.salaryCurrency!, maximumFractionDigits: 0 }).format(n);
  const per = { YEAR: 'per year', MONTH: 'per month', HOUR: 'per hour' }[p.salaryPeriod ?? 'YEAR'];
  const parts = [p.salaryMin, p.salaryMax].filter((v): v is number => v !== null).map(fmt);
  return `${[...new Set(parts)].join(' – ')} ${per}`;
}

/** The organization's careers page: live careers postings, filterable without JavaScript. */
export function careersListPage(
  org: OrgProfile,
  postings: BoardPosting[],
  filters: CareersFilters,
  departments: FilterOption[],
  offices: FilterOption[],
): string {
  const items = postings
    .map(
      (p) => `<li><a href="${esc(jobUrl(org, p.publicId))}">${esc(p.title)}</a>
<div class="meta">${esc([p.departmentName, locationName(p), WORK_MODELS.find((w) => w.value === p.workModel)?.label].filter(Boolean).join(' · '))}</div></li>`,
    )
    .join('\n');
  return layout(
    `Careers at ${org.name}`,
    `<header><h1>Careers at ${esc(org.name)}</h1></header>
<form class="filters" method="get" action="${esc(org.careersUrl)}">
${select('department', 'Department', departments, filters.department)}
${select('office', 'Office', offices, filters.office)}
${select('workModel', 'Work model', WORK_MODELS, filters.workModel)}
<button type="submit">Filter</button></form>
<p class="meta">${postings.length} open position${postings.length === 1 ? '' : 's'}</p>
<ul class="jobs">
${items || '<li>No open positions match these filters.</li>'}
</ul>`,
  );
}

/** A job page: description, pay range, an apply form that posts without JavaScript, and JSON-LD. */
export function careersJobPage(org: OrgProfile, p: BoardPosting, source: string, errors: string[] = [], values: Record<string, string> = {}): string {
  const pay = payRange(p);
  const action = `${org.careersUrl}/jobs/${p.publicId}/apply`;
  const errorList = errors.length ? `<div role="alert" class="errors"><ul>${errors.map((e) => `<li>${esc(e)}</li>`).join('')}</ul></div>` : '';
  const field = (name: string, label: string, type = 'text', required = true) =>
    `<label>${esc(label)}${required ? ' *' : ''} <input type="${type}" name="${name}" value="${esc(values[name] ?? '')}"${required ? ' required' : ''}></label>`;
  return layout(
    `${p.title} – ${org.name}`,
    `<p><a href="${esc(org.careersUrl)}">All jobs at ${esc(org.name)}</a></p>
<h1>${esc(p.title)}</h1>
<p class="meta">${esc([p.departmentName, locationName(p)].filter(Boolean).join(' · '))}</p>
${pay ? `<p class="pay"><strong>Pay range:</strong> ${esc(pay)}</p>` : ''}
<section class="description">${p.descriptionHtml}</section>
<h2 id="apply">Apply for this job</h2>
${errorList}
<form class="apply" method="post" action="${esc(action)}" enctype="multipart/form-data">
<input type="hidden" name="source" value="${esc(source)}">
${field('first_name', 'First name')}
${field('last_name', 'Last name')}
${field('email', 'Email', 'email')}
${field('phone', 'Phone', 'tel', false)}
<label>Resume (PDF, DOCX or TXT, up to 5 MB) <input type="file" name="resume" accept=".pdf,.docx,.txt,application/pdf,application/vnd.openxmlformats-officedocument.wordprocessingml.document,text/plain"></label>
<label>Or paste your resume <textarea name="resume_text" rows="6">${esc(values.resume_text ?? '')}</textarea></label>
<label>Cover letter <textarea name="cover_letter" rows="4">${esc(values.cover_letter ?? '')}</textarea></label>
<div class="hp" aria-hidden="true"><label>Leave this empty <input type="text" name="website" tabindex="-1" autocomplete="off"></label></div>
<button type="submit">Submit application</button>
</form>`,
    `<link rel="canonical" href="${esc(jobUrl(org, p.publicId))}">
<script type="application/ld+json">${jsonLdScript(jobPostingJsonLd(p, org))}</script>`,
  );
}

export function gonePage(org: OrgProfile, title: string): string {
  return layout(
    `No longer available – ${org.name}`,
    `<h1>This job is no longer available</h1><p>${esc(title)} is closed.</p><p><a href="${esc(org.careersUrl)}">See open positions at ${esc(org.name)}</a></p>`,
  );
}

export function notFoundPage(): string {
  return layout('Not found', '<h1>Not found</h1><p>There is no such page.</p>');
}

export function confirmationPage(org: OrgProfile, p: BoardPosting): string {
  return layout(
    `Application received – ${org.name}`,
    `<h1>Thank you for applying</h1><p>Your application for <strong>${esc(p.title)}</strong> at ${esc(org.name)} has been received.</p><p><a href="${esc(org.careersUrl)}">See other open positions</a></p>`,
  );
}

export function messagePage(org: OrgProfile, title: string, message: string): string {
  return layout(`${title} – ${org.name}`, `<h1>${esc(title)}</h1><p>${esc(message)}</p><p><a href="${esc(org.careersUrl)}">Back to open positions</a></p>`);
}
