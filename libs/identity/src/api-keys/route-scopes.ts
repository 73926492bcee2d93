import { ApiScope } from './api-scopes.js';

/** A route API keys may not use at all: only a signed-in person may (their own session, keys, users, settings). */
export const PEOPLE_ONLY = null;

/**
 * The one place that says which scope an API key needs for each signed-in /v1 route (`METHOD /path` as the
 * OpenAPI document spells it). A route missing here is refused to keys (403), and
 * test/e2e/api-keys.e2e.spec.ts walks the OpenAPI document: every authenticated /v1 route must be listed
 * (with a scope or PEOPLE_ONLY), and every entry must still be a route. A new route is mapped the day it is added.
 *
 * Scorecard contents (what blind scorecard rules hide) only ever come through routes needing `scorecards:read`.
 */
export const ROUTE_SCOPES: Readonly<Record<string, ApiScope | typeof PEOPLE_ONLY>> = {
  // identity
  'POST /v1/auth/logout-all': PEOPLE_ONLY,
  'POST /v1/auth/password': PEOPLE_ONLY,
  'POST /v1/auth/resend-confirmation': PEOPLE_ONLY,
  'GET /v1/me': PEOPLE_ONLY,
  'GET /v1/users': ApiScope.UsersRead,
  'GET /v1/users/{id}': ApiScope.UsersRead,
  'POST /v1/users': PEOPLE_ONLY,
  'POST /v1/users/invitations': PEOPLE_ONLY,
  'PATCH /v1/users/{id}': PEOPLE_ONLY,
  'GET /v1/me/working-hours': PEOPLE_ONLY,
  'PATCH /v1/me/working-hours': PEOPLE_ONLY,
  'GET /v1/users/{id}/working-hours': ApiScope.UsersRead,
  'PATCH /v1/users/{id}/working-hours': PEOPLE_ONLY,
  'GET /v1/organization/settings': PEOPLE_ONLY,
  'PATCH /v1/organization/settings': PEOPLE_ONLY,
  'GET /v1/api-keys': PEOPLE_ONLY,
  'POST /v1/api-keys': PEOPLE_ONLY,
  'DELETE /v1/api-keys/{id}': PEOPLE_ONLY,
  // templates, org units, kits and job setup belong with jobs
  'GET /v1/templates': ApiScope.JobsRead,
  'POST /v1/templates': ApiScope.JobsWrite,
  'GET /v1/templates/{id}': ApiScope.JobsRead,
  'POST /v1/templates/{id}/fork': ApiScope.JobsWrite,
  'POST /v1/templates/{id}/render': ApiScope.JobsRead,
  'GET /v1/templates/{id}/revisions': ApiScope.JobsRead,
  'POST /v1/templates/{id}/revisions': ApiScope.JobsWrite,
  'POST /v1/templates/lint': ApiScope.JobsRead,
  'GET /v1/departments': ApiScope.JobsRead,
  'POST /v1/departments': ApiScope.JobsWrite,
  'GET /v1/departments/{id}': ApiScope.JobsRead,
  'PATCH /v1/departments/{id}': ApiScope.JobsWrite,
  'GET /v1/offices': ApiScope.JobsRead,
  'POST /v1/offices': ApiScope.JobsWrite,
  'GET /v1/offices/{id}': ApiScope.JobsRead,
  'PATCH /v1/offices/{id}': ApiScope.JobsWrite,
  'GET /v1/jobs': ApiScope.JobsRead,
  'POST /v1/jobs': ApiScope.JobsWrite,
  'GET /v1/jobs/{id}': ApiScope.JobsRead,
  'PATCH /v1/jobs/{id}': ApiScope.JobsWrite,
  'POST /v1/jobs/{id}/open': ApiScope.JobsWrite,
  'POST /v1/jobs/{id}/hold': ApiScope.JobsWrite,
  'POST /v1/jobs/{id}/close': ApiScope.JobsWrite,
  'PUT /v1/jobs/{id}/stages': ApiScope.JobsWrite,
  'GET /v1/jobs/{id}/postings': ApiScope.JobsRead,
  'POST /v1/jobs/{id}/postings': ApiScope.JobsWrite,
  'GET /v1/postings/{id}': ApiScope.JobsRead,
  'DELETE /v1/postings/{id}': ApiScope.JobsWrite,
  'POST /v1/postings/{id}/retry': ApiScope.JobsWrite,
  'GET /v1/partner-boards': ApiScope.JobsRead,
  'POST /v1/partner-boards': ApiScope.JobsWrite,
  'PATCH /v1/partner-boards/{id}': ApiScope.JobsWrite,
  'GET /v1/interview-kits': ApiScope.JobsRead,
  'POST /v1/interview-kits': ApiScope.JobsWrite,
  'GET /v1/interview-kits/{id}': ApiScope.JobsRead,
  'POST /v1/interview-kits/{id}/fork': ApiScope.JobsWrite,
  'POST /v1/interview-kits/{id}/revisions': ApiScope.JobsWrite,
  // candidates
  'GET /v1/candidates': ApiScope.CandidatesRead,
  'POST /v1/candidates': ApiScope.CandidatesWrite,
  'GET /v1/candidates/{id}': ApiScope.CandidatesRead,
  'PATCH /v1/candidates/{id}': ApiScope.CandidatesWrite,
  // deleting is a candidate write too (the route's role guard still asks for an admin)
  'DELETE /v1/candidates/{id}': ApiScope.CandidatesWrite,
  'GET /v1/candidates/{id}/activity': ApiScope.CandidatesRead,
  'GET /v1/candidates/{id}/duplicates': ApiScope.CandidatesRead,
  'POST /v1/candidates/{id}/merge': ApiScope.CandidatesWrite,
  'GET /v1/candidates/{id}/notes': ApiScope.CandidatesRead,
  'POST /v1/candidates/{id}/notes': ApiScope.CandidatesWrite,
  'GET /v1/candidates/{id}/resume': ApiScope.CandidatesRead,
  'POST /v1/candidates/{id}/resume': ApiScope.CandidatesWrite,
  // applications and the pipeline
  'GET /v1/applications': ApiScope.ApplicationsRead,
  'POST /v1/applications': ApiScope.ApplicationsWrite,
  'POST /v1/applications/bulk': ApiScope.ApplicationsWrite,
  'GET /v1/applications/{id}': ApiScope.ApplicationsRead,
  'POST /v1/applications/{id}/move': ApiScope.ApplicationsWrite,
  'POST /v1/applications/{id}/reject': ApiScope.ApplicationsWrite,
  'POST /v1/applications/{id}/withdraw': ApiScope.ApplicationsWrite,
  'POST /v1/applications/{id}/reopen': ApiScope.ApplicationsWrite,
  'POST /v1/applications/{id}/notes': ApiScope.ApplicationsWrite,
  'GET /v1/jobs/{id}/applications': ApiScope.ApplicationsRead,
  'GET /v1/jobs/{id}/pipeline': ApiScope.ApplicationsRead,
  'GET /v1/jobs/{id}/funnel': ApiScope.ReportsRead,
  'GET /v1/rejection-reasons': ApiScope.ApplicationsRead,
  'POST /v1/rejection-reasons': ApiScope.ApplicationsWrite,
  // interviews
  'POST /v1/applications/{id}/interviews': ApiScope.InterviewsWrite,
  'GET /v1/interviews': ApiScope.InterviewsRead,
  'GET /v1/interviews/busy': ApiScope.InterviewsRead,
  'GET /v1/interviews/{id}': ApiScope.InterviewsRead,
  'PATCH /v1/interviews/{id}': ApiScope.InterviewsWrite,
  'POST /v1/interviews/{id}/cancel': ApiScope.InterviewsWrite,
  'GET /v1/interviews/{id}/calendar.ics': ApiScope.InterviewsRead,
  // scorecards (blind rules: what a non-submitter may not see is only behind scorecards:read)
  'GET /v1/interviews/{id}/scorecard': ApiScope.ScorecardsRead,
  'PUT /v1/interviews/{id}/scorecard': ApiScope.ScorecardsWrite,
  'POST /v1/interviews/{id}/scorecard/submit': ApiScope.ScorecardsWrite,
  'POST /v1/interviews/{id}/scorecard/corrections': ApiScope.ScorecardsWrite,
  'GET /v1/applications/{id}/scorecards': ApiScope.ScorecardsRead,
  'GET /v1/applications/{id}/scorecard-summary': ApiScope.ScorecardsRead,
  'GET /v1/applications/{id}/decision-packet': ApiScope.ScorecardsRead,
  // offers and decisions
  'POST /v1/applications/{id}/decision': ApiScope.OffersWrite,
  'GET /v1/applications/{id}/offers': ApiScope.OffersRead,
  'POST /v1/applications/{id}/offers': ApiScope.OffersWrite,
  'GET /v1/offers/awaiting-my-approval': PEOPLE_ONLY,
  'GET /v1/offers/{id}': ApiScope.OffersRead,
  'GET /v1/offers/{id}/letter-preview': ApiScope.OffersRead,
  'PATCH /v1/offers/{id}': ApiScope.OffersWrite,
  'POST /v1/offers/{id}/submit': ApiScope.OffersWrite,
  'POST /v1/offers/{id}/approve': ApiScope.OffersWrite,
  'POST /v1/offers/{id}/reject': ApiScope.OffersWrite,
  'POST /v1/offers/{id}/send': ApiScope.OffersWrite,
  'POST /v1/offers/{id}/accept': ApiScope.OffersWrite,
  'POST /v1/offers/{id}/decline': ApiScope.OffersWrite,
  'POST /v1/offers/{id}/withdraw': ApiScope.OffersWrite,
  'GET /v1/offer-settings': ApiScope.OffersRead,
  'PUT /v1/offer-settings': ApiScope.OffersWrite,
  // reports
  'GET /v1/reports/hiring': ApiScope.ReportsRead,
  'GET /v1/reports/interviewers': ApiScope.ReportsRead,
  'GET /v1/decision-queue': ApiScope.ReportsRead,
  'GET /v1/reports/adverse-impact': ApiScope.ReportsRead,
  // a person's own inbox
  'GET /v1/notifications': PEOPLE_ONLY,
  'GET /v1/notifications/unread-count': PEOPLE_ONLY,
  'POST /v1/notifications/{id}/read': PEOPLE_ONLY,
  'POST /v1/notifications/read-all': PEOPLE_ONLY,
  // webhooks
  'GET /v1/webhooks': ApiScope.WebhooksManage,
  'POST /v1/webhooks': ApiScope.WebhooksManage,
  'GET /v1/webhooks/{id}': ApiScope.WebhooksManage,
  'PATCH /v1/webhooks/{id}': ApiScope.WebhooksManage,
  'DELETE /v1/webhooks/{id}': ApiScope.WebhooksManage,
  'POST /v1/webhooks/{id}/rotate-secret': ApiScope.WebhooksManage,
  'GET /v1/webhooks/{id}/deliveries': ApiScope.WebhooksManage,
  'POST /v1/webhooks/{id}/deliveries/{deliveryId}/redeliver': ApiScope.WebhooksManage,
  'POST /v1/webhooks/{id}/replay': ApiScope.WebhooksManage,
  'GET /v1/webhooks/event-types': ApiScope.WebhooksManage,
  // candidate email: writing to a candidate is a candidate write; templates are the organization's configuration
  'POST /v1/applications/{id}/emails': ApiScope.CandidatesWrite,
  'POST /v1/applications/bulk-email': ApiScope.CandidatesWrite,
  'GET /v1/candidates/{id}/emails': ApiScope.CandidatesRead,
  'DELETE /v1/emails/{id}': ApiScope.CandidatesWrite,
  'GET /v1/email-templates': ApiScope.CandidatesRead,
  'POST /v1/email-templates': PEOPLE_ONLY,
  'PATCH /v1/email-templates/{id}': PEOPLE_ONLY,
  'POST /v1/email-templates/{id}/preview': ApiScope.CandidatesRead,
  // the organization inbox: reading it reads candidates' mail; assigning or dismissing is a candidate write
  'GET /v1/inbox': ApiScope.CandidatesRead,
  'POST /v1/inbox/{id}/assign': ApiScope.CandidatesWrite,
  'POST /v1/inbox/{id}/dismiss': ApiScope.CandidatesWrite,
  'GET /v1/candidates/{id}/received-emails': ApiScope.CandidatesRead,
  // the audit log (privacy): people only, like the organization's settings
  'GET /v1/audit/verify': PEOPLE_ONLY,
  'GET /v1/audit/export': PEOPLE_ONLY,
  // self-scheduling: a request books an interview for the candidate
  'POST /v1/applications/{id}/scheduling-requests': ApiScope.InterviewsWrite,
  'GET /v1/applications/{id}/scheduling-requests': ApiScope.InterviewsRead,
  // privacy: a data export holds everything about a person, and requests come from people; a signed-in admin only
  'POST /v1/candidates/{id}/export': PEOPLE_ONLY,
  'GET /v1/candidates/{id}/exports': PEOPLE_ONLY,
  'GET /v1/privacy/exports/{id}': PEOPLE_ONLY,
  'GET /v1/privacy/exports/{id}/download': PEOPLE_ONLY,
  'GET /v1/privacy/requests': PEOPLE_ONLY,
  'POST /v1/privacy/requests/{id}/fulfil': PEOPLE_ONLY,
  'POST /v1/privacy/requests/{id}/reject': PEOPLE_ONLY,
  // pay transparency: reading the rules goes with jobs; changing them is the organization's configuration
  'GET /v1/pay-transparency/rules': ApiScope.JobsRead,
  'PUT /v1/pay-transparency/overrides': PEOPLE_ONLY,
  // privacy: anonymising and keeping are candidate writes (the route's role guard still asks for an admin or recruiter)
  'POST /v1/candidates/{id}/anonymize': ApiScope.CandidatesWrite,
  'GET /v1/privacy/settings': PEOPLE_ONLY,
  'PATCH /v1/privacy/settings': PEOPLE_ONLY,
  'GET /v1/privacy/due': ApiScope.CandidatesRead,
  'POST /v1/privacy/due/{candidateId}/keep': ApiScope.CandidatesWrite,
};

/** `GET /v1/jobs/:id` (Fastify's route) → `GET /v1/jobs/{id}` (the OpenAPI spelling the table uses). */
export function routeKey(method: string, routeUrl: string): string {
  return `${method.toUpperCase()} ${routeUrl.replace(/:([A-Za-z0-9_]+)/g, '{$1}')}`;
}

/** The scope a key needs for this route; `undefined` when the route is not mapped (refused to keys like PEOPLE_ONLY). */
export function scopeOfRoute(method: string, routeUrl: string): ApiScope | null | undefined {
  return ROUTE_SCOPES[routeKey(method, routeUrl)];
}
