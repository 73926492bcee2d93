import type { TemplateSections, TemplateVariable } from '../library/template-content.js';

/** A complete, specific job description that every lint rule accepts (about 230 words). */
export function cleanSections(): TemplateSections {
  return {
    summary:
      '{{companyName}} is hiring a backend engineer for the {{teamName}} team in {{location}}. The team owns the billing service that charges customers every month, written in Go with PostgreSQL for storage and Kafka for events. You will work on correctness, performance and the developer experience of the people who build on top of it.',
    responsibilities: [
      'Build and maintain Go services that calculate invoices and record payments.',
      'Keep the PostgreSQL schema consistent with constraints, transactions and safe migrations.',
      'Instrument the service with structured logs, metrics and traces and use them during incidents.',
      'Review pull requests from colleagues and write short design notes for larger changes.',
    ],
    requirements: [
      '3–5 years of experience building production backend services.',
      'Working knowledge of Go, including goroutines, channels and error handling.',
      'Comfort writing SQL for PostgreSQL or MySQL, including indexes and query plans.',
      'Clear written communication in English.',
    ],
    niceToHave: ['Experience with Kafka consumers and idempotent message handling.', 'Exposure to payments or invoicing domains.'],
    skills: ['Go', 'PostgreSQL', 'Kafka', 'Docker', 'Prometheus'],
    interviewFocus: [
      'A recruiter screen of about thirty minutes.',
      'A take-home exercise that asks you to build a small invoicing API.',
      'A technical interview where we review the exercise together and talk about systems you have built.',
      'A conversation with the hiring manager about how you like to work.',
    ],
    compensationNote: 'The base salary for this role is {{salaryMin}}–{{salaryMax}} {{currency}} per year, and we discuss where you land in the range openly.',
  };
}

export function standardVariables(): TemplateVariable[] {
  return [
    { name: 'companyName', type: 'string', required: true, description: 'Company' },
    { name: 'teamName', type: 'string', required: false, default: 'Engineering', description: 'Team' },
    { name: 'location', type: 'string', required: false, default: 'Remote', description: 'Location' },
    { name: 'salaryMin', type: 'number', required: true, description: 'Min' },
    { name: 'salaryMax', type: 'number', required: true, description: 'Max' },
    { name: 'currency', type: 'currency', required: false, default: 'USD', description: 'Currency' },
  ];
}

export function standardValues(): Record<string, unknown> {
  return { companyName: 'Acme', salaryMin: 120000, salaryMax: 160000 };
}

/** A sections object with everything empty except what is given. */
export function sectionsWith(partial: Partial<TemplateSections>): TemplateSections {
  return {
    summary: '',
    responsibilities: [],
    requirements: [],
    niceToHave: [],
    skills: [],
    interviewFocus: [],
    compensationNote: '',
    ...partial,
  };
}
