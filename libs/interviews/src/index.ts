export * from './library/index.js';
export * from './interviews.exception.js';
export * from './interview-kit.entity.js';
export * from './interview-kit-revision.entity.js';
export * from './interview-kits.service.js';
export * from './interviews.module.js';
export * from './built-in-kits.loader.js';
