/**
 * The reporting module owns no tables. It is the one exception to table ownership: its SQL may SELECT from
 * any module's tables (never write), and no other module imports it. See `test/architecture.spec.ts`.
 */
export const OWNED_TABLES: readonly string[] = [];
