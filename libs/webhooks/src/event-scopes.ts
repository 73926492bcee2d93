import { ApiScope } from '../../identity/src/index.js';
import { DomainEventType } from '../../platform/src/index.js';

/**
 * The scope an endpoint must hold to receive each event: its `data` is the resource as the GET behind that scope
 * returns it. An endpoint created by a person holds every scope; one created by an API key holds that key's scopes,
 * so a key never learns through a webhook what it could not read (scorecards only with `scorecards:read`).
 */
export const EVENT_SCOPE: Record<DomainEventType, ApiScope> = {
  [DomainEventType.CandidateCreated]: ApiScope.CandidatesRead,
  [DomainEventType.CandidateUpdated]: ApiScope.CandidatesRead,
  [DomainEventType.CandidateMerged]: ApiScope.CandidatesRead,
  [DomainEventType.CandidateAnonymized]: ApiScope.CandidatesRead,
  [DomainEventType.CandidateDeleted]: ApiScope.CandidatesRead,
  [DomainEventType.ApplicationCreated]: ApiScope.ApplicationsRead,
  [DomainEventType.ApplicationStageChanged]: ApiScope.ApplicationsRead,
  [DomainEventType.ApplicationRejected]: ApiScope.ApplicationsRead,
  [DomainEventType.ApplicationWithdrawn]: ApiScope.ApplicationsRead,
  [DomainEventType.ApplicationReopened]: ApiScope.ApplicationsRead,
  [DomainEventType.ApplicationHired]: ApiScope.ApplicationsRead,
  [DomainEventType.InterviewScheduled]: ApiScope.InterviewsRead,
  [DomainEventType.InterviewRescheduled]: ApiScope.InterviewsRead,
  [DomainEventType.InterviewCancelled]: ApiScope.InterviewsRead,
  [DomainEventType.ScorecardSubmitted]: ApiScope.ScorecardsRead,
  [DomainEventType.ScorecardAmended]: ApiScope.ScorecardsRead,
  [DomainEventType.DecisionRecorded]: ApiScope.OffersRead,
  [DomainEventType.OfferCreated]: ApiScope.OffersRead,
  [DomainEventType.OfferSubmitted]: ApiScope.OffersRead,
  [DomainEventType.OfferApproved]: ApiScope.OffersRead,
  [DomainEventType.OfferRejected]: ApiScope.OffersRead,
  [DomainEventType.OfferSent]: ApiScope.OffersRead,
  [DomainEventType.OfferAccepted]: ApiScope.OffersRead,
  [DomainEventType.OfferDeclined]: ApiScope.OffersRead,
  [DomainEventType.OfferWithdrawn]: ApiScope.OffersRead,
  [DomainEventType.OfferExpired]: ApiScope.OffersRead,
  [DomainEventType.JobCreated]: ApiScope.JobsRead,
  [DomainEventType.JobUpdated]: ApiScope.JobsRead,
  [DomainEventType.JobOpened]: ApiScope.JobsRead,
  [DomainEventType.JobOnHold]: ApiScope.JobsRead,
  [DomainEventType.JobClosed]: ApiScope.JobsRead,
  [DomainEventType.PostingLive]: ApiScope.JobsRead,
  [DomainEventType.PostingClosed]: ApiScope.JobsRead,
  [DomainEventType.PostingFailed]: ApiScope.JobsRead,
};

/** Whether an endpoint with these scopes (null = every scope: made by a person) may receive this event type. */
export function endpointMayReceive(scopes: readonly string[] | null, type: DomainEventType): boolean {
  return scopes === null || scopes.includes(EVENT_SCOPE[type]);
}
