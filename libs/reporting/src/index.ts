export * from './owned-tables.js';
export * from './reporting.exception.js';
export * from './dto/report.dto.js';
export * from './hiring-report.service.js';
export * from './interviewer-calibration.service.js';
export * from './decision-queue.service.js';
export * from './reporting.module.js';
