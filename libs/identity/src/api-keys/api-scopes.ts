/** What an API key may do; each /v1 route needs one (see route-scopes.ts). */
export enum ApiScope {
  JobsRead = 'jobs:read',
  JobsWrite = 'jobs:write',
  CandidatesRead = 'candidates:read',
  CandidatesWrite = 'candidates:write',
  ApplicationsRead = 'applications:read',
  ApplicationsWrite = 'applications:write',
  InterviewsRead = 'interviews:read',
  InterviewsWrite = 'interviews:write',
  ScorecardsRead = 'scorecards:read',
  ScorecardsWrite = 'scorecards:write',
  OffersRead = 'offers:read',
  OffersWrite = 'offers:write',
  ReportsRead = 'reports:read',
  WebhooksManage = 'webhooks:manage',
  UsersRead = 'users:read',
}

export const ALL_SCOPES: readonly ApiScope[] = Object.values(ApiScope);
