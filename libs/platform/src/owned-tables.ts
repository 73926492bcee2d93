/**
 * The tables the platform module owns (created by its migrations). Only this module's code names them in SQL or
 * query builders; other modules go through its services. `test/architecture.spec.ts` checks both.
 */
export const OWNED_TABLES: readonly string[] = ['audit_log', 'outbox_events', 'processed_events', 'domain_event_sequences', 'audit_chain_heads'];
