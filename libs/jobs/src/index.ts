export * from './job.types.js';
export * from './job.entity.js';
export * from './job-stage.entity.js';
export * from './job-hiring-team-member.entity.js';
export * from './job-office.entity.js';
export * from './department.entity.js';
export * from './office.entity.js';
