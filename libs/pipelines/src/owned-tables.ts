/**
 * The tables the pipelines module owns (created by its migrations). Only this module's code names them in SQL or
 * query builders; other modules go through its services. `test/architecture.spec.ts` checks both.
 */
export const OWNED_TABLES: readonly string[] = [
  'candidates',
  'candidate_emails',
  'candidate_files',
  'candidate_file_contents',
  'rejection_reasons',
  'applications',
  'application_moves',
  'notes',
  'activity_events',
  'notifications',
  'sla_breaches',
  'self_identifications',
];
