export * from './rules/index.js';
export * from './scorecard.entity.js';
export * from './scorecards.exception.js';
export * from './scorecards.service.js';
export * from './scorecard-reminders.service.js';
export * from './scorecards.module.js';
export * from './scorecard-merge.follower.js';
export * from './owned-tables.js';
export { ScorecardDto } from './dto/scorecard.dto.js';
