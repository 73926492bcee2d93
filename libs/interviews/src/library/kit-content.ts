/**
 * Interview-kit content model (framework-free).
 *
 * A kit is what an interviewer opens before an interview: what the stage is
 * for, which competencies it assesses (each with a four-level rubric written in
 * observable terms), the questions to ask with follow-ups, signals and red
 * flags, a time budget per part, and guidance for running the conversation.
 *
 * The same shape is used for built-in kits (see `built-in-kits.ts`) and for
 * kits authored by an organization; both go through `validateKitContent`.
 */

/** One thing the kit assesses, e.g. `distributed_state`. */
export interface KitCompetency {
  /** snake_case, unique within the kit. */
  key: string;
  name: string;
  description: string;
  /**
   * What levels 1, 2, 3 and 4 look like, described by what the candidate
   * actually did or said during the interview (index 0 is level 1).
   */
  rubric: [string, string, string, string];
}

export interface KitQuestion {
  /** snake_case, unique within the kit. */
  key: string;
  prompt: string;
  followUps: string[];
  /** What a strong answer shows. */
  signals: string[];
  redFlags: string[];
  /** Time budget for this question, follow-ups included. */
  minutes: number;
  /** Keys of the competencies this question produces evidence for. */
  competencies: string[];
}

export interface KitGuidance {
  /** How to open the interview (introductions, framing, setting expectations). */
  opening: string;
  /** How to protect time for the candidate's own questions. */
  candidateQuestions: string;
  /** How to close (next steps, what not to promise). */
  closing: string;
  notes: string[];
}

export interface KitContent {
  /** Stable kebab-case slug, e.g. `rate-limiter-design`. */
  key: string;
  title: string;
  purpose: string;
  /** snake_case, e.g. `recruiter_screen`, `take_home`, `technical_interview`, `system_design`. */
  stageKind: string;
  durationMinutes: number;
  competencies: KitCompetency[];
  questions: KitQuestion[];
  guidance: KitGuidance;
}

/** Stage kinds the built-in kits use; user-authored kits may use any snake_case value. */
export const KNOWN_STAGE_KINDS = ['application_review', 'recruiter_screen', 'take_home', 'technical_interview', 'system_design', 'hiring_manager'] as const;

export type KnownStageKind = (typeof KNOWN_STAGE_KINDS)[number];
