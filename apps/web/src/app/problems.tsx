/**
 * The one mapping from the API's problem+json (`code`, `errors[]`) to sentences a recruiter understands.
 * Screens never show `detail`, `title`, a code or a field path: they show `problemSummary(problem)` above the form
 * and `fieldSentence(error)` beside the field it concerns (see `components/problem.tsx`).
 */
import { humanize } from './labels';

export interface ProblemLike {
  status: number;
  code?: string;
  title?: string;
  detail?: string;
  requestId?: string;
  errors?: { field: string; message: string }[];
  [extension: string]: unknown;
}

const NOT_FOUND = "It may have been deleted, or you don't have access to it.";
const STALE = 'Someone else changed this while you were working. Reload to see their changes, then try again.';

/** Every code the API documents (libs/*\/src/*.exception.ts, platform errors): one sentence each. */
export const PROBLEM_SENTENCES: Record<string, string> = {
  // request and platform
  'request.invalid': 'Some fields need your attention.',
  'request.malformed_body': 'The form could not be sent. Reload the page and try again.',
  'request.body_too_deep': 'The form could not be sent. Reload the page and try again.',
  'request.body_too_large': 'That is too large to send. Use a smaller file or shorter text.',
  'request.unsupported_media_type': 'That kind of file is not accepted here.',
  'request.route_not_found': 'This page is out of date. Reload it and try again.',
  'request.invalid_cursor': 'The list changed while you were paging. Reload it to start from the top.',
  'request.stale_version': STALE,
  'platform.dependency_unavailable': 'Hireloop is briefly unavailable. Try again in a minute.',
  'platform.metrics_token_required': "You don't have access to this.",
  internal: 'Something went wrong on our side. Try again in a moment.',
  // identity
  'identity.unauthenticated': 'Your session has ended. Sign in again.',
  'identity.invalid_credentials': "That email and password don't match. Check them and try again.",
  'identity.too_many_login_attempts': 'Too many sign-in attempts. Wait a few minutes, then try again.',
  'identity.forbidden': "Your role doesn't allow this.",
  'identity.user_not_found': `This user no longer exists. ${NOT_FOUND}`,
  'identity.email_taken': 'Someone in your organization already uses this email address.',
  'identity.slug_taken': 'Another organization already uses this address. Choose another one.',
  'identity.registration_closed': 'This Hireloop server does not take new organizations. Ask an admin of your organization to invite you.',
  'identity.cannot_change_own_access': "You can't change your own roles or deactivate yourself. Ask another admin.",
  'identity.api_key_not_found': `This API key no longer exists or was already revoked. ${NOT_FOUND}`,
  'identity.api_key_expiry_in_past': 'Choose an expiry date in the future.',
  'identity.scope_missing': "This API key isn't allowed to do that.",
  'identity.not_for_api_keys': 'Only a signed-in person can do that, not an API key.',
  'identity.rate_limited': 'Too many requests at once. Wait a moment, then try again.',
  // webhooks
  'webhooks.not_found': `This webhook no longer exists. ${NOT_FOUND}`,
  'webhooks.delivery_not_found': `This delivery is no longer in the log. ${NOT_FOUND}`,
  'webhooks.url_refused': "Hireloop can't send to that address. Use the public web address of your receiver.",
  'webhooks.events_not_readable': 'This API key may not receive some of the events you picked.',
  'webhooks.invalid_window': 'Check the start and end of the time window.',
  'identity.invalid_settings': 'Some settings need your attention.',
  'identity.invalid_working_hours': 'Some working hours or the time zone need your attention. Check the fields marked below.',
  'identity.password_change_required': 'Choose your own password before you continue.',
  'identity.invalid_password_change': 'Your password was not changed. Check the fields marked below.',
  'identity.email_not_confirmed': 'Confirm your email address before you add people: open the link we emailed you, or send it again.',
  'identity.invalid_account_link': 'This link no longer works: it has expired or was already used. Ask for a new one.',
  'identity.too_many_account_requests': 'Too many requests for now. Wait a while, then try again.',
  'identity.organization_required': 'This email address and password open accounts in more than one organization. Choose the one to sign in to.',
  // templates
  'templates.template_not_found': `This template no longer exists. ${NOT_FOUND}`,
  'templates.revision_not_found': `This version of the template no longer exists. ${NOT_FOUND}`,
  'templates.built_in_read_only': "Built-in templates can't be changed. Make a copy and edit that.",
  'templates.invalid_variables': 'Some of the job details the template needs are missing or not valid.',
  'templates.invalid_template': 'The template has problems. Fix the highlighted parts.',
  'templates.rendered_too_long': 'The job title is too long once filled in. Shorten it.',
  'templates.lint_input_missing': 'There is no text to check yet.',
  // jobs
  'jobs.job_not_found': `This job no longer exists. ${NOT_FOUND}`,
  'jobs.not_on_hiring_team': "You're not on this job's hiring team.",
  'jobs.department_not_found': 'That department no longer exists. Choose another one.',
  'jobs.office_not_found': 'That office no longer exists. Choose another one.',
  'jobs.department_name_taken': 'A department with this name already exists.',
  'jobs.office_name_taken': 'An office with this name already exists.',
  'jobs.invalid_parent': "A department can't sit inside itself or one of its own sub-departments.",
  'jobs.invalid_hiring_team': 'Everyone on the hiring team must be an active user with the matching role.',
  'jobs.invalid_job': 'Some job details need your attention.',
  'jobs.illegal_transition': "The job can't move to that status from where it is now.",
  'jobs.unit_archived': 'That department or office is archived, so new jobs cannot use it. Choose another one.',
  'jobs.blocking_findings': 'The job description has problems that must be fixed first. They are highlighted below.',
  'jobs.stale_version': STALE,
  'jobs.job_closed': 'This job is closed, so it can no longer be changed.',
  'jobs.stage_occupied': 'Candidates are still in that stage. Move them to another stage first.',
  'jobs.invalid_stages': 'The interview plan needs your attention.',
  // pipelines
  'pipelines.forbidden': "Your role doesn't allow this for this candidate.",
  'pipelines.candidate_not_found': `This candidate no longer exists. ${NOT_FOUND}`,
  'pipelines.application_not_found': `This application no longer exists. ${NOT_FOUND}`,
  'pipelines.job_not_found': `This job no longer exists. ${NOT_FOUND}`,
  'pipelines.note_not_found': `This note no longer exists. ${NOT_FOUND}`,
  'pipelines.notification_not_found': 'This notification no longer exists.',
  'pipelines.email_taken': 'Another candidate already has this email address. Open that candidate instead, or merge the two.',
  'pipelines.stale_version': STALE,
  'pipelines.active_application_exists': 'This candidate has already applied to this job.',
  'pipelines.application_not_active': 'This application is closed, so it can no longer be moved.',
  'pipelines.application_not_closed': 'This application is still open.',
  'pipelines.job_closed': 'This job is closed and takes no more candidates.',
  'pipelines.job_has_no_stages': 'This job has no interview stages yet. Add them to the job first.',
  'pipelines.stage_not_in_job': "That stage isn't part of this job's plan.",
  'pipelines.already_in_stage': 'The candidate is already in that stage.',
  'pipelines.rejection_reason_not_found': 'That rejection reason no longer exists. Choose another one.',
  'pipelines.rejection_reason_taken': 'A rejection reason with this wording already exists.',
  'pipelines.cannot_merge_with_itself': "A candidate can't be merged with themselves.",
  'pipelines.candidate_merged': 'This candidate was merged into another profile. Open that one instead.',
  'pipelines.candidate_has_hire':
    'This candidate was hired, so their records are kept and they cannot be deleted. Anonymise them instead to remove their personal data.',
  'pipelines.candidate_has_upcoming_interviews':
    'This candidate has interviews still ahead. Cancel them first, so the interviewers and the candidate are told, then delete the candidate.',
  'pipelines.resume_too_large': 'The resume is too large. Upload a file under the size limit.',
  'pipelines.unsupported_resume': 'Upload the resume as a PDF, Word (.docx) or plain text file.',
  'pipelines.resume_missing': 'Choose a resume file to upload.',
  'pipelines.resume_not_found': 'This candidate has no resume yet.',
  // postings
  'postings.job_not_found': `This job no longer exists. ${NOT_FOUND}`,
  'postings.posting_not_found': `This posting no longer exists. ${NOT_FOUND}`,
  'postings.board_not_found': 'That job board no longer exists.',
  'postings.job_not_open': 'Only open jobs can be posted. Open the job first.',
  'postings.job_has_lint_errors': 'The job description has problems that must be fixed before posting.',
  'postings.unknown_board': 'That job board is not known. Choose one from the list.',
  'postings.not_retryable': "This posting can't be retried now.",
  'postings.partner_board_name_taken': 'A job board with this name already exists.',
  'postings.partner_board_not_found': 'That job board no longer exists.',
  'postings.partner_board_url_refused': "Hireloop can't reach that address. Check the web address of the board.",
  'postings.posting_gone': 'This job is no longer advertised.',
  'postings.invalid_query': 'The search could not be understood. Change it and try again.',
  'postings.invalid_application': 'Some fields need your attention.',
  'postings.resume_too_large': 'The resume is too large. Upload a smaller file.',
  'postings.unsupported_file': 'Upload a PDF, Word (.docx) or plain text file.',
  'postings.too_many_applications': 'Too many applications from here. Wait a while, then try again.',
  'postings.pay_range_required':
    'A pay transparency law where this job is located requires a salary range in the post. Add a minimum and maximum salary to the job.',
  'postings.pay_rule_not_found': `This pay transparency rule no longer exists. ${NOT_FOUND}`,
  // privacy
  'privacy.candidate_not_found': `This candidate no longer exists. ${NOT_FOUND}`,
  'privacy.export_not_found': `This data export no longer exists. ${NOT_FOUND}`,
  'privacy.export_not_ready': 'The data export is still being prepared. Try again in a moment.',
  'privacy.export_expired': 'This data export has expired and was deleted. Start a new export.',
  'privacy.request_not_found': `This privacy request no longer exists. ${NOT_FOUND}`,
  'privacy.request_closed': 'This request was already handled, so nothing was changed.',
  'privacy.link_invalid': 'This link is no longer valid.',
  'privacy.too_many_requests': 'Too many requests from here. Wait a while, then try again.',
  // interviews
  'interviews.kit_not_found': `This interview kit no longer exists. ${NOT_FOUND}`,
  'interviews.kit_revision_not_found': `This version of the interview kit no longer exists. ${NOT_FOUND}`,
  'interviews.built_in_kit_read_only': "Built-in interview kits can't be changed. Make a copy and edit that.",
  'interviews.invalid_kit': 'The interview kit needs your attention.',
  'interviews.kit_key_taken': 'An interview kit with this name already exists.',
  'interviews.interview_not_found': `This interview no longer exists. ${NOT_FOUND}`,
  'interviews.application_not_found': `This application no longer exists. ${NOT_FOUND}`,
  'interviews.stage_not_found': "That stage isn't part of this job's plan.",
  'interviews.invalid_interviewers': 'Choose active interviewers from your organization.',
  'interviews.invalid_schedule': 'Check the date, time and duration of the interview.',
  'interviews.double_booked': 'Someone on the panel already has an interview at that time. Choose another time.',
  'interviews.stale_version': STALE,
  'interviews.interview_cancelled': 'This interview was cancelled.',
  'interviews.not_allowed': "Your role doesn't allow this for this interview.",
  // scorecards
  'scorecards.interview_not_found': `This interview no longer exists. ${NOT_FOUND}`,
  'scorecards.application_not_found': `This application no longer exists. ${NOT_FOUND}`,
  'scorecards.not_on_panel': "You're not on this interview's panel.",
  'scorecards.invalid_scorecard': 'Some ratings need your attention.',
  'scorecards.already_submitted': 'This scorecard was already submitted.',
  'scorecards.not_submitted': "This scorecard hasn't been submitted yet.",
  'scorecards.interview_cancelled': 'This interview was cancelled, so it takes no scorecard.',
  'scorecards.amendment_window_closed': 'The time for amending this scorecard is over. To add something, write a note on the candidate.',
  // offers and decisions
  'offers.application_not_found': `This application no longer exists. ${NOT_FOUND}`,
  'offers.offer_not_found': `This offer no longer exists. ${NOT_FOUND}`,
  'offers.forbidden': "Your role doesn't allow this for this offer.",
  'offers.not_current_approver': "It isn't your turn to approve this offer.",
  'offers.out_of_turn': 'An earlier approval step has to finish first.',
  'offers.illegal_transition': "The offer can't do that from where it is now. Reload to see its current state.",
  'offers.stale_version': STALE,
  'offers.not_in_offer_stage': 'Move the candidate to the offer stage first.',
  'offers.open_offer_exists': 'This candidate already has an open offer.',
  'offers.application_closed': 'This application is closed.',
  'offers.justification_required': 'Explain why this offer is outside the salary band.',
  'offers.missing_feedback': 'Some interviewers still owe their scorecards. Wait for them, or confirm that you want to decide without their feedback.',
  'offers.invalid_offer': 'Some offer details need your attention.',
  'offers.unstaffed_approval_step': 'No one can approve one of the approval steps. Ask an admin to fix the approval chain.',
  'offers.invalid_settings': 'Some settings need your attention.',
  'offers.no_stage_of_kind': "This job's plan has no stage for that step. Add it to the job first.",
  'offers.invalid_decision': 'The decision needs your attention.',
  'offers.concurrent_change': STALE,
  'offers.drafter_cannot_approve': 'You drafted this offer, so someone else approves it.',
  'offers.no_other_approver':
    'You drafted this offer and nobody else can approve it. Add another hiring manager to the job, or another approver to the approval chain, then submit it again.',
  'mail.application_not_found': 'That application no longer exists.',
  'mail.candidate_not_found': 'That candidate no longer exists.',
  'mail.email_not_found': 'That email no longer exists.',
  'mail.forbidden': 'You can see this candidate but may not write to them.',
  'mail.no_address': 'This candidate has no email address yet. Add one to their profile first.',
  'mail.do_not_contact': 'This candidate asked not to receive email, so nothing was sent.',
  'privacy.not_due': 'This candidate is not due for anonymisation (kept already, or no longer due).',
  'privacy.invalid_settings': 'To ask candidates for consent, give the address of your privacy notice.',
  'postings.consent_required': 'Please tick the box to agree to the privacy notice before applying.',
  'mail.already_sent': 'This email has already gone out (or could not be sent), so it can no longer be cancelled.',
  'mail.invalid_send_at': 'Choose a sending time within the next year.',
  'mail.invalid_unsubscribe_link': 'This unsubscribe link is not valid.',
  'mail.template_not_found': 'That email template no longer exists.',
  'mail.built_in_template': 'Built-in templates cannot be changed. Create your own template of the same type instead.',
  'mail.inbound_unauthorized': 'The inbound email secret is missing or wrong.',
  'mail.invalid_inbound_email': 'The forwarded email could not be read.',
  'mail.invalid_scheduling_request': 'The scheduling request needs your attention. Check the fields marked below.',
  'mail.slot_taken': 'That time was just taken. Choose another one.',
  'mail.inbox_item_not_found': 'That message is no longer in the inbox.',
  'mail.inbox_item_handled': 'Someone already added this message to a candidate or dismissed it. Reload the inbox.',
  'mail.invalid_template': 'The template uses a merge field that does not exist, or cannot be read. Check the fields marked below.',
  // reporting
  'reporting.forbidden': 'You can only see reports for jobs you manage.',
  'reporting.invalid_report_filter': 'Check the dates: the start must be before the end.',
};

/** What a status says when the code is not one we know (a newer API, a proxy). */
const BY_STATUS: Record<number, string> = {
  0: "Hireloop can't be reached. Check your connection; nothing was lost, so try again.",
  400: 'Some fields need your attention.',
  401: 'Your session has ended. Sign in again.',
  403: "Your role doesn't allow this.",
  404: `This no longer exists. ${NOT_FOUND}`,
  409: STALE,
  410: 'This is no longer available.',
  413: 'That is too large to send. Use a smaller file or shorter text.',
  415: 'That kind of file is not accepted here.',
  422: 'Some details need your attention.',
  429: 'Too many attempts. Wait a minute, then try again.',
  503: 'Hireloop is briefly unavailable. Try again in a minute.',
};

/** A short heading for the summary box. */
export function problemHeading(problem: ProblemLike): string {
  const status = problem.status;
  if (status === 0) return 'No connection';
  if (status === 400 || status === 422) return problem.errors?.length ? 'Check the highlighted fields' : 'Please check';
  if (status === 401) return 'Signed out';
  if (status === 403) return 'Not allowed';
  if (status === 404 || status === 410) return 'Not found';
  if (status === 409) return "Couldn't save";
  if (status === 413 || status === 415) return "Couldn't upload";
  if (status === 429) return 'Please wait';
  return 'Something went wrong';
}

/** The sentence for the problem as a whole. */
export function problemSummary(problem: ProblemLike): string {
  const known = problem.code ? PROBLEM_SENTENCES[problem.code] : undefined;
  if (known) return known;
  if (problem.status >= 500 && problem.status !== 503) {
    return `Something went wrong on our side. Try again in a moment${problem.requestId ? ` (reference ${problem.requestId})` : ''}.`;
  }
  return BY_STATUS[problem.status] ?? 'Something went wrong. Try again.';
}

/** Field names whose words are not just their name split up. */
const FIELD_LABELS: Record<string, string> = {
  acknowledgeMissingFeedback: 'Missing feedback',
  departmentId: 'Department',
  officeIds: 'Offices',
  parentId: 'Parent department',
  reasonId: 'Rejection reason',
  toStageId: 'Stage',
  stageId: 'Stage',
  kitId: 'Interview kit',
  interviewerIds: 'Interviewers',
  recruiterIds: 'Recruiters',
  hiringManagerIds: 'Hiring managers',
  templateId: 'Template',
  revisionId: 'Template version',
  employmentType: 'Employment type',
  workModel: 'Work model',
  remoteCountries: 'Remote countries',
  startsAt: 'Start time',
  endsAt: 'End time',
  durationMinutes: 'Duration',
  videoUrl: 'Video link',
  scorecardDeadlineHours: 'Scorecard deadline',
  requirePayRange: 'Pay range rule',
  approvalChain: 'Approval chain',
  logoUrl: 'Logo',
  accentColor: 'Accent colour',
  coverLetter: 'Cover letter',
  resume: 'Resume',
  linkedinUrl: 'LinkedIn profile',
  phone: 'Phone number',
  min: 'Minimum',
  max: 'Maximum',
  url: 'Web address',
  email: 'Email address',
  privacyNoticeUrl: 'Privacy notice',
  consentRequired: 'Consent on apply',
  closedApplicationDays: 'Days after the last application closed',
  inactiveCandidateDays: 'Days without any activity',
  hiredCandidateDays: 'Days after they were hired',
  gracePeriodDays: 'Grace period',
  from: 'From',
  to: 'To',
};

/** "salary.min" → "Minimum", "interviewFocus[2]" / "interviewFocus.2" → "Interview focus (item 3)". */
export function fieldLabel(path: string): string {
  const parts = path
    .replace(/\[(\d+)\]/g, '.$1')
    .split('.')
    .filter(Boolean);
  let item: number | undefined;
  while (parts.length && /^\d+$/.test(parts[parts.length - 1])) item = Number(parts.pop());
  const last = parts[parts.length - 1] ?? path;
  const base = FIELD_LABELS[last] ?? humanize(last);
  return item === undefined ? base : `${base} (item ${item + 1})`;
}

/** class-validator's sentences (they start with the property path) as plain words. */
const VALIDATOR_REWRITES: Array<[RegExp, (m: RegExpExecArray) => string]> = [
  [/^should not be empty$/, () => 'This is required.'],
  [/^must not be empty$/, () => 'This is required.'],
  [/^must be an https address$/, () => 'Enter a full web address starting with https://.'],
  [/^must be longer than or equal to (\d+) characters?$/, (m) => `Use at least ${m[1]} characters.`],
  [/^must be shorter than or equal to (\d+) characters?$/, (m) => `Use at most ${m[1]} characters.`],
  [/^must not be less than (-?[\d.]+)$/, (m) => `Enter ${m[1]} or more.`],
  [/^must not be greater than (-?[\d.]+)$/, (m) => `Enter ${m[1]} or less.`],
  [/^must be an email$/, () => 'Enter an email address like name@example.com.'],
  [/^must be a UUID$/, () => 'Choose one from the list.'],
  [/^each value in .* must be a UUID$/, () => 'Choose each one from the list.'],
  [/^must be one of the following values: /, () => 'Choose one of the options.'],
  [/^each value in .* must be one of the following values: /, () => 'Choose each one from the options.'],
  [/^must be an integer number$/, () => 'Enter a whole number.'],
  [/^must be a number conforming to the specified constraints$/, () => 'Enter a number.'],
  [/^must be a positive number$/, () => 'Enter a number above zero.'],
  [/^must be a boolean value$/, () => 'Choose yes or no.'],
  [/^must be a valid ISO 8601 date string$/, () => 'Enter a date and time.'],
  [/^must be a Date instance$/, () => 'Enter a date.'],
  [/^must be a URL address$/, () => 'Enter a full web address starting with https://.'],
  [/^must be a string$/, () => 'Enter text here.'],
  [/^must be an array$/, () => 'Choose one or more.'],
  [/^must contain at least (\d+) elements?$/, (m) => (m[1] === '1' ? 'Choose at least one.' : `Choose at least ${m[1]}.`)],
  [/^must contain no more than (\d+) elements?$/, (m) => `Choose at most ${m[1]}.`],
  [/^must be a hexadecimal color$/, () => 'Enter a colour like #1f5fbf.'],
  [/^must be an https address of an image$/, () => 'Enter an address starting with https:// that points to an image.'],
  [
    /^this colour is too light to read white text on \(contrast ([\d.]+):1/,
    (m) => `This colour is too light for white text (contrast ${m[1]}:1, at least 4.5:1 is needed). Choose a darker shade.`,
  ],
  [/^must match .* regular expression$/, () => "This isn't in the expected format."],
  [/^must be a valid phone number$/, () => 'Enter a phone number.'],
];

/** Words a sentence must never show: code-like tokens (camelCase, snake_case, dotted codes). */
const CODE_LIKE = /\b[a-z]+(?:[A-Z][a-z0-9]*)+\b|\b[a-z0-9]+(?:_[a-z0-9]+)+\b|\b[a-z]+\.[a-z_]+\b/g;

function sentence(text: string): string {
  const trimmed = text.trim();
  if (!trimmed) return '';
  const capital = trimmed[0].toUpperCase() + trimmed.slice(1);
  return /[.!?]$/.test(capital) ? capital : `${capital}.`;
}

/** The sentence shown beside a field for one of the problem's `errors[]`. */
export function fieldSentence(error: { field: string; message: string }, code?: string): string {
  const { field, message } = error;
  if (message.startsWith('unknown field')) return 'This form is out of date. Reload the page and try again.';
  if (field === 'acknowledgeMissingFeedback' || code === 'offers.missing_feedback') {
    const at = message.indexOf('owed by ');
    const owed = at === -1 ? undefined : message.slice(at + 'owed by '.length).trim() || undefined;
    return owed
      ? `Scorecards are still owed by ${owed}. Tick the box to decide without them, or wait for them.`
      : 'Some scorecards are still owed. Tick the box to decide without them, or wait for them.';
  }
  // class-validator prefixes the property path ("salary.min must not be less than 0", "each value in officeIds must…").
  const segments = field.split('.');
  const last = segments[segments.length - 1];
  let rest = message;
  for (const prefix of [field, last]) {
    if (rest.startsWith(`${prefix} `)) {
      rest = rest.slice(prefix.length + 1);
      break;
    }
  }
  for (const [pattern, rewrite] of VALIDATOR_REWRITES) {
    const m = pattern.exec(rest);
    if (m) return rewrite(m);
  }
  // A domain message: already words (its subject kept), but never with a code or a path in it.
  const cleaned = message.replace(CODE_LIKE, (token) => humanize(token).toLowerCase());
  return sentence(cleaned) || 'Check this field.';
}

/** The field errors as "Label: sentence" lines, for a summary. */
export function fieldLines(problem: ProblemLike): { field: string; label: string; text: string }[] {
  return (problem.errors ?? []).map((e) => ({ field: e.field, label: fieldLabel(e.field), text: fieldSentence(e, problem.code) }));
}
