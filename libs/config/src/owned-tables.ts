/** The config module owns no tables. See `test/architecture.spec.ts` and DEVELOPING.md "Table ownership". */
export const OWNED_TABLES: readonly string[] = [];
