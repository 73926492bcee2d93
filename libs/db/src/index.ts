export * from './data-source-options.js';
export * from './db.module.js';
export * from './migrate.js';
export * from './owned-tables.js';
export * from './tenant-context.js';
export * from './tenant-client.js';
export * from './unit-of-work.js';
