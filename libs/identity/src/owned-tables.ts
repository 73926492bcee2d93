/**
 * The tables the identity module owns (created by its migrations). Only this module's code names them in SQL or
 * query builders; other modules go through its services. `test/architecture.spec.ts` checks both.
 */
export const OWNED_TABLES: readonly string[] = ['organizations', 'users', 'api_keys', 'account_tokens'];
