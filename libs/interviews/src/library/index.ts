export * from './kit-content.js';
export * from './validate-kit.js';
export * from './minutes-plan.js';
export * from './built-in-kits.js';
