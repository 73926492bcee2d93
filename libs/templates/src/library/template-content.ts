/**
 * Shapes shared by the built-in library, the renderer and the linter.
 * Framework-free on purpose: nothing here knows about NestJS or TypeORM.
 */

/** The seven sections every job-description template is made of. */
export interface TemplateSections {
  summary: string;
  responsibilities: string[];
  requirements: string[];
  niceToHave: string[];
  skills: string[];
  interviewFocus: string[];
  compensationNote: string;
}

/** Section names in the order they are rendered and reported. */
export const SECTION_ORDER: ReadonlyArray<keyof TemplateSections> = [
  'summary',
  'responsibilities',
  'requirements',
  'niceToHave',
  'skills',
  'interviewFocus',
  'compensationNote',
];

/** The `##` heading the renderer emits for each section; the linter parses these back. */
export const SECTION_HEADINGS: Readonly<Record<keyof TemplateSections, string>> = {
  summary: 'About the role',
  responsibilities: 'What you will do',
  requirements: 'What we are looking for',
  niceToHave: 'Nice to have',
  skills: 'Skills',
  interviewFocus: 'How we interview',
  compensationNote: 'Compensation',
};

/** Sections that hold a list of items rather than one block of text. */
export const LIST_SECTIONS: ReadonlyArray<keyof TemplateSections> = ['responsibilities', 'requirements', 'niceToHave', 'skills', 'interviewFocus'];

export type VariableType = 'string' | 'number' | 'currency' | 'boolean';

export interface TemplateVariable {
  name: string;
  type: VariableType;
  required: boolean;
  default?: string | number | boolean;
  description: string;
}

export type Language = 'python' | 'java' | 'nodejs' | 'go' | 'csharp' | 'any';
export type Seniority = 'junior' | 'mid' | 'senior' | 'staff';
export type SystemType = 'crud' | 'data_intensive' | 'distributed' | 'platform' | 'security';
export type WorkModel = 'onsite' | 'hybrid' | 'remote' | 'contract';

export const LANGUAGES: readonly Language[] = ['python', 'java', 'nodejs', 'go', 'csharp', 'any'];
export const SENIORITIES: readonly Seniority[] = ['junior', 'mid', 'senior', 'staff'];
export const SYSTEM_TYPES: readonly SystemType[] = ['crud', 'data_intensive', 'distributed', 'platform', 'security'];
export const WORK_MODELS: readonly WorkModel[] = ['onsite', 'hybrid', 'remote', 'contract'];

export interface BuiltInTemplate {
  /** Stable unique slug, e.g. `backend-developer.go.staff.platform.remote`. */
  key: string;
  /** Template family, e.g. `backend-developer`. */
  family: string;
  title: string;
  language: Language | null;
  seniority: Seniority | null;
  systemType: SystemType | null;
  workModel: WorkModel | null;
  sections: TemplateSections;
  variables: TemplateVariable[];
}

/** An empty set of sections, handy as a starting point. */
export function emptySections(): TemplateSections {
  return {
    summary: '',
    responsibilities: [],
    requirements: [],
    niceToHave: [],
    skills: [],
    interviewFocus: [],
    compensationNote: '',
  };
}
