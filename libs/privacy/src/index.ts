export * from './owned-tables.js';
export * from './privacy.module.js';
export * from './privacy.exception.js';
export * from './anonymization/candidate-anonymization.service.js';
export * from './retention/retention-clock.js';
export * from './retention/retention-sweep.service.js';
export * from './dto/privacy.dto.js';
