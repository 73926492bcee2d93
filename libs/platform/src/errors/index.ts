export * from './domain.exception.js';
export * from './problem-details.filter.js';
export * from './validation.js';
