/**
 * Voluntary self-identification (US EEO-1 categories): the questions an organization may ask on apply and the answers
 * each offers. "Declined" is always offered. Answers are kept apart from the candidate (pipelines'
 * `self_identifications`) and only ever read in aggregate (reporting's adverse-impact report).
 */
export enum SelfIdentificationQuestion {
  Sex = 'sex',
  RaceEthnicity = 'race_ethnicity',
  VeteranStatus = 'veteran_status',
  Disability = 'disability',
}

export const DECLINED = 'declined';

export const SELF_IDENTIFICATION_ANSWERS: Readonly<Record<SelfIdentificationQuestion, readonly string[]>> = {
  [SelfIdentificationQuestion.Sex]: ['female', 'male', DECLINED],
  [SelfIdentificationQuestion.RaceEthnicity]: [
    'hispanic_or_latino',
    'white',
    'black_or_african_american',
    'native_hawaiian_or_pacific_islander',
    'asian',
    'american_indian_or_alaska_native',
    'two_or_more_races',
    DECLINED,
  ],
  [SelfIdentificationQuestion.VeteranStatus]: ['protected_veteran', 'not_a_protected_veteran', DECLINED],
  [SelfIdentificationQuestion.Disability]: ['has_disability', 'no_disability', DECLINED],
};

export const ALL_SELF_IDENTIFICATION_QUESTIONS: readonly SelfIdentificationQuestion[] = Object.values(SelfIdentificationQuestion);

/** The answers of one application, by question; a question not asked or left blank is absent. */
export type SelfIdentificationAnswers = Partial<Record<SelfIdentificationQuestion, string>>;

/** The questions the apply form asks: none while the survey is off, else the chosen ones (all by default), in order. */
export function surveyQuestions(settings: Record<string, unknown> | null | undefined): SelfIdentificationQuestion[] {
  if (settings?.selfIdentificationSurvey !== true) return [];
  const asked = settings.selfIdentificationQuestions;
  return Array.isArray(asked) ? ALL_SELF_IDENTIFICATION_QUESTIONS.filter((q) => asked.includes(q)) : [...ALL_SELF_IDENTIFICATION_QUESTIONS];
}

/** The apply field of each question (public apply: JSON, form or multipart). */
export const SURVEY_FIELDS: Readonly<Record<SelfIdentificationQuestion, string>> = {
  [SelfIdentificationQuestion.Sex]: 'eeo_sex',
  [SelfIdentificationQuestion.RaceEthnicity]: 'eeo_race_ethnicity',
  [SelfIdentificationQuestion.VeteranStatus]: 'eeo_veteran_status',
  [SelfIdentificationQuestion.Disability]: 'eeo_disability',
};
