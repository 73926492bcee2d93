import { Liquid } from 'liquidjs';

export const EMAIL_TEMPLATE_TYPES = [
  'application_received',
  'rejection',
  'interview_invitation',
  'interview_rescheduled',
  'interview_cancelled',
  'scheduling_request',
  'offer_letter',
  'custom',
] as const;
export type EmailTemplateType = (typeof EMAIL_TEMPLATE_TYPES)[number];

/** Every merge field a template may use, with what it holds (also the OpenAPI description). */
export const MERGE_FIELDS: Record<string, string> = {
  'candidate.first_name': "The candidate's first name",
  'candidate.last_name': "The candidate's last name",
  'candidate.full_name': "The candidate's full name",
  'job.title': 'The title of the job applied for',
  'organization.name': "Your organization's name",
  'interview.starts_at': "When the interview starts, written out in the candidate's time zone",
  'interview.duration_minutes': 'How long the interview lasts, in minutes',
  'interview.location': 'Where the interview takes place (a room or a video link)',
  'scheduling.link': 'The link where the candidate picks an interview time',
  'offer.letter_url': 'The link to the offer letter, where the candidate accepts or declines (it works until the offer expires)',
  'offer.letter': 'The offer letter as sent, in plain text',
  'offer.expires_at': "When the offer expires, written out in the candidate's time zone",
  'offer.start_date': 'The proposed first day, written out',
};

export const MERGE_FIELDS_DESCRIPTION =
  'Subject and body are Liquid templates (no includes, no file access, HTML output escaped). Merge fields: ' +
  Object.entries(MERGE_FIELDS)
    .map(([field, meaning]) => `\`{{ ${field} }}\` ${meaning.charAt(0).toLowerCase()}${meaning.slice(1)}`)
    .join('; ') +
  '. Any other field is refused (422 naming it).';

export const MAX_TEMPLATE_LENGTH = 20_000;

/** Built-in defaults, used when an organization has no template of a type. */
export const BUILT_IN_TEMPLATES: Record<EmailTemplateType, { name: string; subject: string; body: string }> = {
  application_received: {
    name: 'Application received',
    subject: 'We received your application for {{ job.title }}',
    body: 'Hello {{ candidate.first_name }},\n\nThank you for applying for {{ job.title }} at {{ organization.name }}. We will read your application carefully and let you know how it goes.\n\nBest regards,\n{{ organization.name }}',
  },
  rejection: {
    name: 'Rejection',
    subject: 'Your application for {{ job.title }}',
    body: 'Hello {{ candidate.first_name }},\n\nThank you for your interest in {{ job.title }} at {{ organization.name }}. After careful thought we have decided not to move forward with your application. We wish you all the best in your search.\n\nBest regards,\n{{ organization.name }}',
  },
  interview_invitation: {
    name: 'Interview invitation',
    subject: 'Interview for {{ job.title }}',
    body: 'Hello {{ candidate.first_name }},\n\nWe would like to meet you on {{ interview.starts_at }} for about {{ interview.duration_minutes }} minutes ({{ interview.location }}). The invitation is attached; add it to your calendar.\n\nBest regards,\n{{ organization.name }}',
  },
  interview_rescheduled: {
    name: 'Interview moved',
    subject: 'New time for your interview for {{ job.title }}',
    body: 'Hello {{ candidate.first_name }},\n\nYour interview has moved to {{ interview.starts_at }} ({{ interview.location }}). The updated invitation is attached.\n\nBest regards,\n{{ organization.name }}',
  },
  interview_cancelled: {
    name: 'Interview cancelled',
    subject: 'Your interview for {{ job.title }} is cancelled',
    body: 'Hello {{ candidate.first_name }},\n\nThe interview planned for {{ interview.starts_at }} is cancelled. We will be in touch about what comes next.\n\nBest regards,\n{{ organization.name }}',
  },
  scheduling_request: {
    name: 'Pick an interview time',
    subject: 'Choose a time to talk about {{ job.title }}',
    body: 'Hello {{ candidate.first_name }},\n\nPlease choose a time that suits you for an interview: {{ scheduling.link }}\n\nBest regards,\n{{ organization.name }}',
  },
  offer_letter: {
    name: 'Offer letter',
    subject: 'Your offer for {{ job.title }}',
    body: 'Hello {{ candidate.first_name }},\n\nWe are delighted to offer you the position of {{ job.title }} at {{ organization.name }}. Your offer letter follows. To accept or decline it, open {{ offer.letter_url }} (you can answer until {{ offer.expires_at }}).\n\n{{ offer.letter }}\n\nBest regards,\n{{ organization.name }}',
  },
  custom: {
    name: 'Message',
    subject: 'About your application for {{ job.title }}',
    body: 'Hello {{ candidate.first_name }},\n\n\n\nBest regards,\n{{ organization.name }}',
  },
};

/** A field problem found in a template: `field` is `subject` or `body`, the message names the merge field. */
export interface TemplateProblem {
  field: 'subject' | 'body';
  message: string;
}

const refuse = {
  parse(): void {
    throw new Error('This tag is not available in email templates.');
  },
  render(): string {
    return '';
  },
};

function engine(): Liquid {
  // No file system (an empty in-memory template map), no includes/layouts, unknown variables and filters are errors,
  // and parsing, rendering and memory are bounded.
  const liquid = new Liquid({
    templates: {},
    strictVariables: true,
    strictFilters: true,
    ownPropertyOnly: true,
    parseLimit: MAX_TEMPLATE_LENGTH * 2,
    renderLimit: 500,
    memoryLimit: 5_000_000,
  });
  for (const tag of ['include', 'render', 'layout', 'block']) liquid.registerTag(tag, refuse);
  return liquid;
}

const TEXT = engine();

/** Checks a subject or body: it parses, uses no refused tag and names only known merge fields. */
export function checkTemplate(field: 'subject' | 'body', source: string): TemplateProblem[] {
  let segments: unknown[][];
  try {
    segments = TEXT.globalVariableSegmentsSync(source);
  } catch (error: unknown) {
    const message = error instanceof Error ? error.message.split(', line:')[0] : 'It cannot be read.';
    return [{ field, message: `This template cannot be read: ${message}` }];
  }
  const problems: TemplateProblem[] = [];
  for (const path of segments) {
    const name = path.map((s) => (typeof s === 'string' || typeof s === 'number' ? String(s) : '?')).join('.');
    if (!(name in MERGE_FIELDS)) problems.push({ field, message: `Unknown merge field "${name.slice(0, 80)}".` });
  }
  return problems;
}

/** What a template is rendered with: the merge fields' values, nested (`candidate.first_name`). */
export type MergeValues = Record<string, Record<string, string | number>>;

/** Renders subject (plain) and body (plain text; the HTML part is escaped from it when sent). */
export async function renderTemplate(subject: string, body: string, values: MergeValues): Promise<{ subject: string; body: string }> {
  const [s, b] = await Promise.all([TEXT.parseAndRender(subject, values) as Promise<unknown>, TEXT.parseAndRender(body, values) as Promise<unknown>]);
  return {
    subject: String(s)
      .replace(/[\r\n]+/g, ' ')
      .trim(),
    body: String(b),
  };
}
