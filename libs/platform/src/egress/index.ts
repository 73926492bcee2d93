export * from './egress.errors.js';
export * from './egress-address.js';
export * from './egress-resolver.js';
export * from './egress.guard.js';
