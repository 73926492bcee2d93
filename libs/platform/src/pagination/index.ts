export * from './keyset.js';
export * from './page-query.dto.js';
