export * from './template-content.js';
export { builtInTemplates, findBuiltInTemplate } from './built-in-templates.js';
export { backendTemplate, backendTemplates, backendTitle, backendKey, BACKEND_FAMILY } from './backend-developer.js';
export type { BackendAxes } from './backend-developer.js';
export { adjacentFamilyTemplates, ADJACENT_FAMILIES } from './adjacent-families.js';
export { builtInVariables, composeSections, BUILT_IN_MAX_REQUIREMENTS, PAY_PERIOD_PHRASES, payPeriodPhrase } from './fragments.js';
export type { Fragment } from './fragments.js';
export { SALARY_REFERENCE, suggestSalaryBand, DEFAULT_SALARY_FAMILY, DEFAULT_SALARY_MARKET } from './salary-reference.js';
export type { SalaryReferenceRow, SalaryBandSuggestion } from './salary-reference.js';
