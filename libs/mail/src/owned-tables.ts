/**
 * The tables the mail module owns (created by its migrations). Only this module's code names them in SQL or
 * query builders; other modules go through its services. `test/architecture.spec.ts` checks both.
 */
export const OWNED_TABLES: readonly string[] = ['emails', 'email_templates', 'email_unsubscribes', 'inbound_emails', 'dev_mailbox', 'account_emails'];
