export * from './owned-tables.js';
export * from './privacy.module.js';
