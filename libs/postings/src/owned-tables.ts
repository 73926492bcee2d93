/**
 * The tables the postings module owns (created by its migrations). Only this module's code names them in SQL or
 * query builders; other modules go through its services. `test/architecture.spec.ts` checks both.
 */
export const OWNED_TABLES: readonly string[] = [
  'partner_boards',
  'board_public_ids',
  'postings',
  'posting_events',
  'board_feeds',
  'pay_transparency_rules',
  'pay_transparency_overrides',
];
