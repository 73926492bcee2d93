export * from './library/index.js';
export * from './render/index.js';
export * from './lint/index.js';
export * from './template.entity.js';
export * from './template-revision.entity.js';
