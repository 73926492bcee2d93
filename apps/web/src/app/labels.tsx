/**
 * The one label table: every enum value the API sends is shown to people through `label(kind, value)`,
 * never as the raw value (`FULL_TIME` → "Full-time", `YEAR` → "per year", `hiring_manager` → "Hiring manager").
 * A value missing here still reads as words ("on_hold" → "On hold"), never as a code.
 */
export const LABELS = {
  employmentType: { FULL_TIME: 'Full-time', PART_TIME: 'Part-time', CONTRACTOR: 'Contractor', TEMPORARY: 'Temporary', INTERN: 'Internship' },
  period: { YEAR: 'per year', MONTH: 'per month', HOUR: 'per hour' },
  periodNoun: { YEAR: 'Yearly', MONTH: 'Monthly', HOUR: 'Hourly' },
  role: { admin: 'Admin', recruiter: 'Recruiter', hiring_manager: 'Hiring manager', interviewer: 'Interviewer' },
  workModel: { onsite: 'On-site', hybrid: 'Hybrid', remote: 'Remote', contract: 'Contract' },
  seniority: { junior: 'Junior', mid: 'Mid-level', senior: 'Senior', staff: 'Staff' },
  language: { python: 'Python', java: 'Java', nodejs: 'Node.js', go: 'Go', csharp: 'C#', any: 'Any language' },
  systemType: {
    crud: 'CRUD product',
    data_intensive: 'Data-intensive',
    distributed: 'High-scale distributed',
    platform: 'Platform / infrastructure',
    security: 'Security-sensitive',
  },
  jobStatus: { draft: 'Draft', open: 'Open', on_hold: 'On hold', closed: 'Closed' },
  applicationStatus: { active: 'Active', rejected: 'Rejected', withdrawn: 'Withdrawn', hired: 'Hired' },
  offerStatus: {
    draft: 'Draft',
    pending_approval: 'Waiting for approval',
    approved: 'Approved',
    sent: 'Sent to the candidate',
    accepted: 'Accepted',
    declined: 'Declined',
    withdrawn: 'Withdrawn',
    expired: 'Expired',
  },
  approvalState: { approved: 'Approved', rejected: 'Rejected', current: 'Waiting for this step', waiting: 'Not reached yet' },
  postingStatus: {
    pending: 'Waiting to publish',
    publishing: 'Publishing',
    live: 'Live',
    closing: 'Closing',
    closed: 'Closed',
    failed: 'Failed',
    expired: 'Expired',
  },
  interviewStatus: { scheduled: 'Scheduled', cancelled: 'Cancelled' },
  schedulingStatus: { open: 'Waiting for the candidate', booked: 'Booked', cancelled: 'Cancelled', expired: 'Expired unbooked' },
  weekday: { mon: 'Monday', tue: 'Tuesday', wed: 'Wednesday', thu: 'Thursday', fri: 'Friday', sat: 'Saturday', sun: 'Sunday' },
  scorecardStatus: { none: 'Not started', draft: 'Draft', submitted: 'Submitted' },
  recommendation: { strong_no: 'Strong no', no: 'No', yes: 'Yes', strong_yes: 'Strong yes' },
  decision: { offer: 'Make an offer', reject: 'Reject' },
  stageKind: {
    application_review: 'Application review',
    recruiter_screen: 'Recruiter screen',
    take_home: 'Take-home assignment',
    technical_interview: 'Technical interview',
    system_design: 'System design',
    hiring_manager: 'Hiring manager interview',
    reference_check: 'Reference check',
    offer: 'Offer',
    hired: 'Hired',
    other: 'Other',
  },
  moveKind: { created: 'Applied', moved: 'Moved', rejected: 'Rejected', withdrawn: 'Withdrew', reopened: 'Reopened', hired: 'Hired' },
  rejectionKind: { rejected: 'We rejected', declined: 'Candidate declined', other: 'Other' },
  equityType: { options: 'Stock options', rsu: 'RSUs', percent: 'Percent of company' },
  tendency: {
    lenient: 'Rates higher than the panel',
    severe: 'Rates lower than the panel',
    calibrated: 'In line with the panel',
    unknown: 'Not enough scorecards yet',
  },
  textStatus: { pending: 'Being read', extracted: 'Read', empty: 'No text found', failed: 'Could not be read' },
  severity: { error: 'Must fix', warning: 'Should fix', info: 'Tip' },
  source: {
    careers: 'Careers page',
    referral: 'Referral',
    manual: 'Added by a recruiter',
    agency: 'Agency',
    board: 'Job board',
    partner: 'Job board',
    import: 'Imported',
  },
  lintRule: {
    'pay-range-missing': 'Pay range missing',
    'pay-range-too-wide': 'Pay range too wide',
    'experience-vs-seniority': "Experience doesn't match the level",
    'too-many-requirements': 'Too many requirements',
    'exclusionary-language': 'Wording that may put people off',
    'too-generic': 'Too generic',
    'section-missing': 'Section missing',
    length: 'Length',
  },
  lintSection: {
    document: 'the whole text',
    markdown: 'the text',
    title: 'the title',
    summary: 'the summary',
    responsibilities: 'responsibilities',
    requirements: 'requirements',
    niceToHave: 'nice to have',
    benefits: 'benefits',
    compensationNote: 'the pay note',
    aboutUs: 'about us',
  },
  notificationKind: {
    stage_sla_breached: 'Waiting too long in a stage',
    interview_scheduled: 'Interview scheduled',
    interview_rescheduled: 'Interview rescheduled',
    interview_cancelled: 'Interview cancelled',
    scorecard_reminder: 'Scorecard due',
    scorecard_escalation: 'Scorecard overdue',
    'hiring_decision.made': 'Hiring decision made',
    webhook_disabled: 'A webhook was turned off',
    'email.reply': 'A candidate replied',
    'email.received': 'An email was added to a candidate',
  },
  emailStatus: {
    scheduled: 'Scheduled',
    queued: 'Waiting to be sent',
    sent: 'Sent',
    failed: 'Could not be sent',
    bounced: 'Bounced',
    cancelled: 'Cancelled',
  },
  emailTemplateType: {
    application_received: 'Application received',
    rejection: 'Rejection',
    interview_invitation: 'Interview invitation',
    interview_rescheduled: 'Interview moved',
    interview_cancelled: 'Interview cancelled',
    scheduling_request: 'Scheduling request',
    offer_letter: 'Offer letter',
    custom: 'Other message',
  },
  inboxState: { open: 'Waiting', assigned: 'Added to a candidate', dismissed: 'Dismissed' },
  apiScope: {
    'jobs:read': 'See jobs, postings and job setup',
    'jobs:write': 'Change jobs, postings and job setup',
    'candidates:read': 'See candidates',
    'candidates:write': 'Add and change candidates',
    'applications:read': 'See applications and pipelines',
    'applications:write': 'Move, reject and reopen applications',
    'interviews:read': 'See interviews',
    'interviews:write': 'Schedule and change interviews',
    'scorecards:read': 'Read scorecards (including blind ones)',
    'scorecards:write': 'Write scorecards',
    'offers:read': 'See offers and hiring decisions',
    'offers:write': 'Make and change offers and decisions',
    'reports:read': 'See reports',
    'webhooks:manage': 'Manage webhooks',
    'users:read': 'See users',
  },
  webhookEvent: {
    '*': 'Everything',
    'candidate.created': 'Candidate added',
    'candidate.updated': 'Candidate changed',
    'candidate.merged': 'Candidates merged',
    'candidate.anonymized': 'Candidate anonymized',
    'candidate.deleted': 'Candidate deleted',
    'application.created': 'Application received',
    'application.stage_changed': 'Application moved to another stage',
    'application.rejected': 'Application rejected',
    'application.withdrawn': 'Application withdrawn',
    'application.reopened': 'Application reopened',
    'application.hired': 'Candidate hired',
    'interview.scheduled': 'Interview scheduled',
    'interview.rescheduled': 'Interview rescheduled',
    'interview.cancelled': 'Interview cancelled',
    'scorecard.submitted': 'Scorecard submitted',
    'scorecard.amended': 'Scorecard corrected',
    'decision.recorded': 'Hiring decision made',
    'offer.created': 'Offer drafted',
    'offer.submitted': 'Offer sent for approval',
    'offer.approved': 'Offer approved',
    'offer.rejected': 'Offer sent back by an approver',
    'offer.sent': 'Offer sent to the candidate',
    'offer.accepted': 'Offer accepted',
    'offer.declined': 'Offer declined',
    'offer.withdrawn': 'Offer withdrawn',
    'offer.expired': 'Offer expired',
    'job.created': 'Job created',
    'job.updated': 'Job changed',
    'job.opened': 'Job opened',
    'job.on_hold': 'Job put on hold',
    'job.closed': 'Job closed',
    'posting.live': 'Posting went live',
    'posting.closed': 'Posting taken down',
    'posting.failed': 'Posting failed',
    ping: 'Test message',
  },
  selfIdentificationQuestion: { sex: 'Sex', race_ethnicity: 'Race or ethnicity', veteran_status: 'Veteran status', disability: 'Disability' },
  selfIdentificationAnswer: {
    female: 'Women',
    male: 'Men',
    hispanic_or_latino: 'Hispanic or Latino',
    white: 'White',
    black_or_african_american: 'Black or African American',
    native_hawaiian_or_pacific_islander: 'Native Hawaiian or other Pacific Islander',
    asian: 'Asian',
    american_indian_or_alaska_native: 'American Indian or Alaska Native',
    two_or_more_races: 'Two or more races',
    protected_veteran: 'Protected veterans',
    not_a_protected_veteran: 'Not protected veterans',
    has_disability: 'With a disability',
    no_disability: 'Without a disability',
    declined: 'Declined to answer',
  },
  auditBreak: {
    entry_changed: 'An entry was changed after it was recorded',
    value_changed: 'A recorded value was changed after it was recorded',
    entry_missing: 'Entries are missing before this one',
    link_broken: 'This entry no longer follows the one before it',
    tail_missing: 'The newest entries are missing',
    unchained: 'An entry was written outside the chain',
  },
  deliveryStatus: { pending: 'Waiting to be sent', delivered: 'Delivered', failed: 'Failed' },
  webhookDisabledReason: {
    gone: 'The receiver said it no longer exists',
    failing: 'Deliveries failed for three days',
  },
  exportStatus: { pending: 'Being prepared', ready: 'Ready to download', failed: 'Could not be built', expired: 'Expired' },
  privacyRequestKind: { access: 'Copy of their data', deletion: 'Deletion of their data' },
  privacyRequestStatus: {
    unconfirmed: 'Waiting for the candidate to confirm',
    awaiting_admin: 'Waiting for an admin',
    confirmed: 'Confirmed, being prepared',
    fulfilled: 'Fulfilled',
    rejected: 'Rejected',
    expired: 'Link expired unconfirmed',
  },
  retentionRule: {
    closed: 'Application closed long ago',
    inactive: 'No activity for a long time',
    hired: 'Hired long ago',
  },
} as const satisfies Record<string, Record<string, string>>;

export type LabelKind = keyof typeof LABELS;

/** "on_hold" → "On hold", "salaryMin" → "Salary min", "FULL_TIME" → "Full time": words, never a code. */
export function humanize(value: string): string {
  const words = value
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .replace(/[._-]+/g, ' ')
    .trim()
    .toLowerCase();
  return words ? words[0].toUpperCase() + words.slice(1) : '';
}

/** The people-facing label of an enum value. */
export function label(kind: LabelKind, value: string | null | undefined): string {
  if (value === null || value === undefined || value === '') return '—';
  const table: Record<string, string> = LABELS[kind];
  return table[value] ?? humanize(value);
}

/** Select options for an enum: `options('employmentType')` → [{ value: 'FULL_TIME', label: 'Full-time' }, …]. */
export function options<K extends LabelKind>(kind: K, values?: readonly string[]): { value: string; label: string }[] {
  const table: Record<string, string> = LABELS[kind];
  return (values ?? Object.keys(table)).map((value) => ({ value, label: label(kind, value) }));
}

/** Roles as words: ['admin', 'hiring_manager'] → "Admin, Hiring manager". */
export const roleList = (roles: readonly string[]) => roles.map((r) => label('role', r)).join(', ');
