import { SELF_IDENTIFICATION_ANSWERS, SelfIdentificationQuestion, SURVEY_FIELDS } from '../../../identity/src/index.js';
import { type BoardPosting } from '../board-content.js';
import { CAREERS_CSS_PATH, CAREERS_CSS_VERSION } from './careers-stylesheet.js';
import { jobPostingJsonLd, jsonLdScript } from './job-posting-jsonld.js';
import { jobUrl, type OrgProfile } from './org-profile.js';

export const esc = (value: string | number | null | undefined) =>
  String(value ?? '')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');

const ACCENT = /^#[0-9a-fA-F]{6}$/;

/** The page shell: the stylesheet file, the organization's accent colour and logo, no script. */
function layout(org: OrgProfile | null, title: string, body: string, head = ''): string {
  const accent = org?.accentColor && ACCENT.test(org.accentColor) ? ` style="--accent:${org.accentColor}"` : '';
  const logo = org?.logoUrl?.startsWith('https://') ? `<img src="${esc(org.logoUrl)}" alt="">` : '';
  const header = org
    ? `<header class="site-header"><div class="inner">${logo}<a class="org" href="${esc(org.careersUrl)}">${esc(org.name)}</a></div></header>`
    : '';
  return `<!doctype html>
<html lang="en"${accent}><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${esc(title)}</title><link rel="stylesheet" href="${CAREERS_CSS_PATH}?v=${CAREERS_CSS_VERSION}">${head}</head>
<body>${header}<main id="main"><div class="inner">${body}</div></main>
${org ? `<footer><div class="inner">${esc(org.name)} · Careers</div></footer>` : ''}</body></html>`;
}

const COUNTRY_NAMES = new Intl.DisplayNames(['en'], { type: 'region' });
const countryName = (code: string) => {
  try {
    return /^[A-Za-z]{2}$/.test(code) ? (COUNTRY_NAMES.of(code.toUpperCase()) ?? code) : code;
  } catch {
    return code;
  }
};

/** Where the job is, each place written once: "Berlin, Germany", not "Berlin, Berlin, DE". */
export function careersLocation(p: Pick<BoardPosting, 'workModel' | 'remoteCountries' | 'offices'>): string {
  if (p.workModel === 'remote') return p.remoteCountries.length ? `Remote (${p.remoteCountries.map(countryName).join(', ')})` : 'Remote';
  const places = p.offices.map((o) => {
    const parts: string[] = [];
    for (const part of [o.city, o.region, countryName(o.country)]) {
      if (part && !parts.some((seen) => seen.toLowerCase() === part.toLowerCase())) parts.push(part);
    }
    return parts.join(', ');
  });
  const unique = [...new Set(places.filter(Boolean))];
  const where = unique.length ? unique.join('; ') : '';
  if (p.workModel === 'hybrid') return where ? `${where} (hybrid)` : 'Hybrid';
  return where || 'Location to be agreed';
}

/** The description without its own leading title: the page shows the job title once, as its heading. */
function withoutLeadingTitle(html: string): string {
  const trimmed = html.trimStart();
  if (!trimmed.startsWith('<h1')) return html;
  const close = trimmed.indexOf('</h1>');
  return close === -1 ? html : trimmed.slice(close + 5);
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
<p class="meta">${esc([p.departmentName, careersLocation(p)].filter(Boolean).join(' · '))}</p></li>`,
    )
    .join('\n');
  return layout(
    org,
    `Careers at ${org.name}`,
    `<h1>Careers at ${esc(org.name)}</h1>
<form class="filters" method="get" action="${esc(org.careersUrl)}" aria-label="Filter open positions">
${select('department', 'Department', departments, filters.department)}
${select('office', 'Office', offices, filters.office)}
${select('workModel', 'Work model', WORK_MODELS, filters.workModel)}
<button class="button" type="submit">Show positions</button></form>
<p class="meta">${postings.length} open position${postings.length === 1 ? '' : 's'}</p>
<ul class="jobs">
${items || '<li>No open positions match these filters.</li>'}
</ul>`,
  );
}

const FIELD_LABELS: Record<string, string> = {
  first_name: 'First name',
  last_name: 'Last name',
  email: 'Email',
  phone: 'Phone',
  resume: 'Resume',
  resume_text: 'Resume',
  cover_letter: 'Cover letter',
  cover_letter_text: 'Cover letter',
  eeo_sex: 'Sex',
  eeo_race_ethnicity: 'Race or ethnicity',
  eeo_veteran_status: 'Veteran status',
  eeo_disability: 'Disability',
};

/** An apply problem as a sentence for the candidate, beside the field it concerns. */
export function applyFieldSentence(field: string, message: string): string {
  const label = FIELD_LABELS[field] ?? 'This field';
  if (/should not be empty|is required|must be a string/.test(message)) return `Enter your ${label.toLowerCase()}.`;
  if (field === 'email') return 'Enter an email address like name@example.com.';
  if (/attach a resume/.test(message)) return 'Attach your resume, or paste it into the box below.';
  if (/at most 5 MB|larger than/.test(message)) return `The ${label.toLowerCase()} must be 5 MB or smaller.`;
  if (/PDF, DOCX or TXT/.test(message)) return `Attach the ${label.toLowerCase()} as a PDF, Word (.docx) or plain text file.`;
  const longest = /shorter than or equal to (\d+)/.exec(message);
  if (longest) return `Shorten this to at most ${longest[1]} characters.`;
  if (/unknown field/.test(message)) return 'Reload the page and try again.';
  return `Check your ${label.toLowerCase()}.`;
}

/** Which form control an error names (a pasted resume's error belongs to the resume field). */
const controlOf = (field: string) => (field === 'resume_text' ? 'resume' : field === 'cover_letter_text' ? 'cover_letter' : field);

export interface ApplyProblem {
  /** The form field, or '' for a problem with the whole application (too many attempts...). */
  field: string;
  message: string;
}

/**
 * A job page: the title once, location and pay, an Apply button at the top, the description, and an apply form that
 * posts without JavaScript. After a refused post, a summary at the top (focused on load) lists each problem with a
 * link to its field, and each field shows its own sentence.
 */
export function careersJobPage(org: OrgProfile, p: BoardPosting, source: string, problems: ApplyProblem[] = [], values: Record<string, string> = {}): string {
  const pay = payRange(p);
  const action = `${org.careersUrl}/jobs/${p.publicId}/apply`;
  // One sentence per field (a missing name fails several checks at once): what is missing first, else the first problem.
  const byField = new Map<string, string[]>();
  const missing = (text: string) => /^(Enter|Attach) your/.test(text);
  for (const e of problems) {
    const control = controlOf(e.field);
    const text = control ? applyFieldSentence(e.field, e.message) : e.message;
    const seen = byField.get(control);
    if (!control)
      byField.set(
        '',
        [...(seen ?? []), text].filter((t, i, all) => all.indexOf(t) === i),
      );
    else if (!seen || (missing(text) && !missing(seen[0]))) byField.set(control, [text]);
  }
  const summary = problems.length
    ? `<div class="error-summary" role="alert" tabindex="-1" autofocus aria-labelledby="error-summary-title">
<h2 id="error-summary-title">Your application was not sent yet</h2>
<ul>${[...byField.entries()]
        .map(([control, texts]) =>
          control
            ? texts.map((t) => `<li><a href="#f-${esc(control)}">${esc(FIELD_LABELS[control] ?? 'Field')}: ${esc(t)}</a></li>`).join('')
            : texts.map((t) => `<li>${esc(t)}</li>`).join(''),
        )
        .join('')}</ul></div>`
    : '';
  const errorOf = (name: string) => {
    const texts = byField.get(name);
    return texts ? `<span class="field-error" id="e-${name}">${esc(texts.join(' '))}</span>` : '';
  };
  const invalid = (name: string, hint?: string) => {
    const ids = [byField.has(name) ? `e-${name}` : '', hint ? `h-${name}` : ''].filter(Boolean).join(' ');
    return `${byField.has(name) ? ' aria-invalid="true"' : ''}${ids ? ` aria-describedby="${ids}"` : ''}`;
  };
  const req = '<span class="req" aria-hidden="true">*</span>';
  const field = (name: string, label: string, type: string, autocomplete: string, required = true) =>
    `<div class="field"><label for="f-${name}">${esc(label)}${required ? `${req}<span class="hp"> (required)</span>` : ' <span class="hint">(optional)</span>'}</label>
${errorOf(name)}<input id="f-${name}" type="${type}" name="${name}" autocomplete="${autocomplete}" value="${esc(values[name] ?? '')}"${required ? ' required' : ''}${invalid(name)}></div>`;
  const meta = [p.departmentName, careersLocation(p)].filter(Boolean).join(' · ');
  return layout(
    org,
    `${p.title} – ${org.name}`,
    `${summary}<p><a href="${esc(org.careersUrl)}">← All jobs at ${esc(org.name)}</a></p>
<div class="job-head"><div><h1>${esc(p.title)}</h1>
<p class="meta">${esc(meta)}</p></div>
<a class="button" href="#apply">Apply</a></div>
${pay ? `<p class="pay"><strong>Pay range:</strong> ${esc(pay)}</p>` : ''}
<section class="description" aria-label="About the job">${withoutLeadingTitle(p.descriptionHtml)}</section>
<section class="apply-box" aria-labelledby="apply">
<h2 id="apply" tabindex="-1">Apply for this job</h2>
<p class="meta">Fields marked <span class="req" aria-hidden="true">*</span><span class="hp">with an asterisk</span> are required.</p>
<form class="apply" method="post" action="${esc(action)}" enctype="multipart/form-data" novalidate>
<input type="hidden" name="source" value="${esc(source)}">
${field('first_name', 'First name', 'text', 'given-name')}
${field('last_name', 'Last name', 'text', 'family-name')}
${field('email', 'Email', 'email', 'email')}
${field('phone', 'Phone', 'tel', 'tel', false)}
<div class="field"><label for="f-resume">Resume${req}<span class="hp"> (required)</span> <span class="hint" id="h-resume">Attach a PDF, Word (.docx) or text file up to 5 MB, or paste it in the next box.</span></label>
${errorOf('resume')}<input id="f-resume" type="file" name="resume" accept=".pdf,.docx,.txt,application/pdf,application/vnd.openxmlformats-officedocument.wordprocessingml.document,text/plain"${invalid('resume', 'hint')}></div>
<div class="field"><label for="f-resume_text">Or paste your resume <span class="hint">(instead of a file)</span></label>
<textarea id="f-resume_text" name="resume_text" rows="6">${esc(values.resume_text ?? '')}</textarea></div>
<div class="field"><label for="f-cover_letter">Cover letter <span class="hint">(optional: write it here, or attach a file below)</span></label>
${errorOf('cover_letter')}<textarea id="f-cover_letter" name="cover_letter" rows="5"${invalid('cover_letter')}>${esc(values.cover_letter ?? '')}</textarea></div>
<div class="field"><label for="f-cover_letter_file">Cover letter file <span class="hint">(optional: PDF, Word (.docx) or text, up to 5 MB)</span></label>
<input id="f-cover_letter_file" type="file" name="cover_letter" accept=".pdf,.docx,.txt,application/pdf,application/vnd.openxmlformats-officedocument.wordprocessingml.document,text/plain"></div>
${surveySection(org.surveyQuestions, values)}
<div class="hp" aria-hidden="true"><label>Leave this empty <input type="text" name="website" tabindex="-1" autocomplete="off"></label></div>
<button class="button" type="submit">Submit application</button>
</form></section>`,
    `<link rel="canonical" href="${esc(jobUrl(org, p.publicId))}">
<script type="application/ld+json">${jsonLdScript(jobPostingJsonLd(p, org))}</script>`,
  );
}

const SURVEY_QUESTIONS: Record<SelfIdentificationQuestion, { legend: string; answers: Record<string, string> }> = {
  [SelfIdentificationQuestion.Sex]: { legend: 'Sex', answers: { female: 'Female', male: 'Male', declined: 'I decline to answer' } },
  [SelfIdentificationQuestion.RaceEthnicity]: {
    legend: 'Race or ethnicity',
    answers: {
      hispanic_or_latino: 'Hispanic or Latino',
      white: 'White',
      black_or_african_american: 'Black or African American',
      native_hawaiian_or_pacific_islander: 'Native Hawaiian or other Pacific Islander',
      asian: 'Asian',
      american_indian_or_alaska_native: 'American Indian or Alaska Native',
      two_or_more_races: 'Two or more races',
      declined: 'I decline to answer',
    },
  },
  [SelfIdentificationQuestion.VeteranStatus]: {
    legend: 'Veteran status',
    answers: { protected_veteran: 'I am a protected veteran', not_a_protected_veteran: 'I am not a protected veteran', declined: 'I decline to answer' },
  },
  [SelfIdentificationQuestion.Disability]: {
    legend: 'Disability',
    answers: { has_disability: 'Yes, I have a disability (or had one)', no_disability: 'No, I do not have a disability', declined: 'I decline to answer' },
  },
};

/** The voluntary self-identification questions (radio groups, every one optional, "I decline to answer" in each). */
function surveySection(questions: SelfIdentificationQuestion[], values: Record<string, string>): string {
  if (questions.length === 0) return '';
  const groups = questions.map((q) => {
    const field = SURVEY_FIELDS[q];
    const { legend, answers } = SURVEY_QUESTIONS[q];
    const options = SELF_IDENTIFICATION_ANSWERS[q]
      .map(
        (value) =>
          `<label class="choice"><input type="radio" name="${field}" value="${value}"${values[field] === value ? ' checked' : ''}> ${esc(answers[value] ?? value)}</label>`,
      )
      .join('\n');
    return `<fieldset class="field survey-question"><legend>${esc(legend)} <span class="hint">(optional)</span></legend>\n${options}</fieldset>`;
  });
  return `<section class="survey" aria-labelledby="survey-title"><h3 id="survey-title">Voluntary self-identification</h3>
<p class="meta" id="survey-note">Answering is voluntary and has no effect on your application. Your answers are kept apart from your application, are never shown to anyone who reviews it, and are only counted together with other applicants' to check that our hiring treats everyone fairly. You may leave any question blank or choose "I decline to answer".</p>
${groups.join('\n')}</section>`;
}

export function gonePage(org: OrgProfile, title: string): string {
  return layout(
    org,
    `No longer available – ${org.name}`,
    `<h1>This job is no longer available</h1><p>${esc(title)} is closed.</p><p><a href="${esc(org.careersUrl)}">See open positions at ${esc(org.name)}</a></p>`,
  );
}

export function notFoundPage(): string {
  return layout(null, 'Not found', '<h1>Not found</h1><p>There is no such page.</p>');
}

export function confirmationPage(org: OrgProfile, p: BoardPosting): string {
  return layout(
    org,
    `Application received – ${org.name}`,
    `<h1>Thank you for applying</h1><p>Your application for <strong>${esc(p.title)}</strong> at ${esc(org.name)} has been received.</p><p><a href="${esc(org.careersUrl)}">See other open positions</a></p>`,
  );
}

export function messagePage(org: OrgProfile, title: string, message: string): string {
  return layout(
    org,
    `${title} – ${org.name}`,
    `<h1>${esc(title)}</h1><p>${esc(message)}</p><p><a href="${esc(org.careersUrl)}">Back to open positions</a></p>`,
  );
}
