import { Role } from '../../../../libs/identity/src/index.js';
import { EmploymentType, JobSeniority, JobStatus, JobWorkModel, SalaryPeriod } from '../../../../libs/jobs/src/index.js';

/** What the demo organization holds: the same on every start, so a second run finds everything by name. */
export const DEMO_ORGANIZATION_SLUG = 'demo';
export const DEMO_ORGANIZATION_NAME = 'Demo Robotics';
export const DEMO_PASSWORD = 'hireloop-demo-1';

export type DemoUserKey = 'admin' | 'recruiter' | 'manager' | 'interviewer' | 'interviewer2';

export const DEMO_USERS: Array<{ key: DemoUserKey; local: string; name: string; roles: Role[] }> = [
  { key: 'admin', local: 'admin', name: 'Avery Admin', roles: [Role.Admin] },
  { key: 'recruiter', local: 'recruiter', name: 'Riley Recruiter', roles: [Role.Recruiter] },
  { key: 'manager', local: 'manager', name: 'Morgan Manager', roles: [Role.HiringManager] },
  { key: 'interviewer', local: 'interviewer', name: 'Indy Interviewer', roles: [Role.Interviewer] },
  { key: 'interviewer2', local: 'interviewer2', name: 'Kai Interviewer', roles: [Role.Interviewer] },
];

export const DEMO_DEPARTMENTS = ['Engineering', 'Platform', 'Data'] as const;

export const DEMO_OFFICES = [
  { name: 'Berlin HQ', city: 'Berlin', region: 'Berlin', country: 'DE', streetAddress: 'Torstraße 1', postalCode: '10119' },
  { name: 'Lisbon', city: 'Lisbon', region: 'Lisbon', country: 'PT', streetAddress: 'Avenida da Liberdade 10', postalCode: '1250-096' },
  { name: 'London', city: 'London', region: 'England', country: 'GB', streetAddress: '1 Old Street', postalCode: 'EC1V 9HL' },
] as const;

/** Where a job's applications end up: how many per stage position, and how many rejected along the way. */
export interface DemoJob {
  title: string;
  template: { family: string; seniority: string; language?: string; systemType?: string; workModel?: string };
  department: (typeof DEMO_DEPARTMENTS)[number];
  offices: Array<(typeof DEMO_OFFICES)[number]['name']>;
  workModel: JobWorkModel;
  remoteCountries?: string[];
  seniority: JobSeniority;
  salary: { min: number; max: number; currency: string; period: SalaryPeriod };
  openings: number;
  /** The state the job is left in (applications are added while it is open). */
  status: JobStatus;
  /** Applications per stage position of the default plan (0 review … 5 hiring manager); offer and hire are `offerPending` / `hire`. */
  perStage: number[];
  rejected: number;
  /** One application whose offer waits for approval. */
  offerPending?: boolean;
  /** One application hired through an accepted offer. */
  hire?: boolean;
  /** The first application in the system-design stage still owes one scorecard. */
  owedScorecard?: boolean;
}

export const EMPLOYMENT = EmploymentType.FullTime;

export const DEMO_JOBS: DemoJob[] = [
  {
    title: 'Senior Backend Engineer (Go)',
    template: { family: 'backend-developer', language: 'go', seniority: 'senior', systemType: 'distributed', workModel: 'hybrid' },
    department: 'Engineering',
    offices: ['Berlin HQ'],
    workModel: JobWorkModel.Hybrid,
    seniority: JobSeniority.Senior,
    salary: { min: 85000, max: 110000, currency: 'EUR', period: SalaryPeriod.Year },
    openings: 2,
    status: JobStatus.Open,
    perStage: [4, 3, 2, 3, 2, 1],
    rejected: 2,
    offerPending: true,
    hire: true,
    owedScorecard: true,
  },
  {
    title: 'Platform Engineer',
    template: { family: 'platform-devops', seniority: 'mid' },
    department: 'Platform',
    offices: ['Lisbon'],
    workModel: JobWorkModel.Remote,
    remoteCountries: ['DE', 'PT', 'NL', 'ES'],
    seniority: JobSeniority.Mid,
    salary: { min: 60000, max: 80000, currency: 'EUR', period: SalaryPeriod.Year },
    openings: 1,
    status: JobStatus.Open,
    perStage: [3, 2, 2, 2, 1, 0],
    rejected: 2,
  },
  {
    title: 'Senior Data Engineer',
    template: { family: 'data-engineering', seniority: 'senior' },
    department: 'Data',
    offices: ['London'],
    workModel: JobWorkModel.Onsite,
    seniority: JobSeniority.Senior,
    salary: { min: 75000, max: 95000, currency: 'GBP', period: SalaryPeriod.Year },
    openings: 1,
    status: JobStatus.OnHold,
    perStage: [2, 2, 1, 1, 0, 0],
    rejected: 1,
  },
  {
    title: 'QA Automation Engineer',
    template: { family: 'qa-automation', seniority: 'junior' },
    department: 'Engineering',
    offices: ['Berlin HQ'],
    workModel: JobWorkModel.Hybrid,
    seniority: JobSeniority.Junior,
    salary: { min: 45000, max: 55000, currency: 'EUR', period: SalaryPeriod.Year },
    openings: 1,
    status: JobStatus.Closed,
    perStage: [1, 1, 0, 0, 0, 0],
    rejected: 2,
  },
  {
    title: 'Frontend Engineer',
    template: { family: 'frontend', seniority: 'mid' },
    department: 'Engineering',
    offices: ['Berlin HQ', 'Lisbon'],
    workModel: JobWorkModel.Hybrid,
    seniority: JobSeniority.Mid,
    salary: { min: 60000, max: 78000, currency: 'EUR', period: SalaryPeriod.Year },
    openings: 1,
    status: JobStatus.Draft,
    perStage: [],
    rejected: 0,
  },
];

const FIRST = ['Jordan', 'Sam', 'Alex', 'Robin', 'Charlie', 'Noor', 'Mina', 'Tomás', 'Lea', 'Kofi', 'Aiko', 'Priya', 'Mateo', 'Ines', 'Oskar', 'Yara'];
const LAST = ['Applicant', 'Okafor', 'Schmidt', 'Silva', 'Nakamura', 'Haddad', 'Novak', 'Rossi', 'Kowalski', 'Mensah', 'Lindqvist', 'Moreau', 'Patel'];
const SOURCES = ['careers page', 'referral', 'LinkedIn', 'sourced', 'agency'];

/** The n-th demo candidate (deterministic, so a second run finds them by email). */
export function demoCandidate(n: number, domain: string): { firstName: string; lastName: string; email: string; source: string } {
  const firstName = FIRST[n % FIRST.length];
  const lastName = LAST[(n * 7 + Math.floor(n / FIRST.length)) % LAST.length];
  const slug = `${firstName}.${lastName}`.toLowerCase().replace(/[^a-z.]/g, 'a');
  return { firstName, lastName, email: `${slug}.${n}@candidates.${domain}`, source: SOURCES[n % SOURCES.length] };
}
