export * from './scorecard-content.js';
export * from './validate-scorecard.js';
export * from './summary.js';
export * from './calibration.js';
