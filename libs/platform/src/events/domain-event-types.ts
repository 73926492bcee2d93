/**
 * Every domain event the product announces (webhooks deliver them). Names are a public contract: never rename one.
 * `candidate.deleted` (data: `id`, `deletedAt`, `applicationIds`, `mergedCandidateIds`) also stands for the candidate's
 * applications, removed with them: no `application.*` event is announced for those.
 */
export enum DomainEventType {
  CandidateCreated = 'candidate.created',
  CandidateUpdated = 'candidate.updated',
  CandidateMerged = 'candidate.merged',
  CandidateAnonymized = 'candidate.anonymized',
  CandidateDeleted = 'candidate.deleted',
  ApplicationCreated = 'application.created',
  ApplicationStageChanged = 'application.stage_changed',
  ApplicationRejected = 'application.rejected',
  ApplicationWithdrawn = 'application.withdrawn',
  ApplicationReopened = 'application.reopened',
  ApplicationHired = 'application.hired',
  InterviewScheduled = 'interview.scheduled',
  InterviewRescheduled = 'interview.rescheduled',
  InterviewCancelled = 'interview.cancelled',
  ScorecardSubmitted = 'scorecard.submitted',
  ScorecardAmended = 'scorecard.amended',
  DecisionRecorded = 'decision.recorded',
  OfferCreated = 'offer.created',
  OfferSubmitted = 'offer.submitted',
  OfferApproved = 'offer.approved',
  OfferRejected = 'offer.rejected',
  OfferSent = 'offer.sent',
  OfferAccepted = 'offer.accepted',
  OfferDeclined = 'offer.declined',
  OfferWithdrawn = 'offer.withdrawn',
  OfferExpired = 'offer.expired',
  JobCreated = 'job.created',
  JobUpdated = 'job.updated',
  JobOpened = 'job.opened',
  JobOnHold = 'job.on_hold',
  JobClosed = 'job.closed',
  PostingLive = 'posting.live',
  PostingClosed = 'posting.closed',
  PostingFailed = 'posting.failed',
}

export const ALL_DOMAIN_EVENT_TYPES: readonly DomainEventType[] = Object.values(DomainEventType);

/** The event a webhook receiver gets on creation (and only then): not a domain event. */
export const PING_EVENT_TYPE = 'ping';

/** The body of a delivered event (and of the outbox job that fans it out). */
export interface DomainEventBody {
  /** `evt_…`: the same for every attempt and redelivery (it is the `webhook-id`). */
  id: string;
  type: DomainEventType | typeof PING_EVENT_TYPE;
  occurredAt: string;
  organizationId: string;
  /** Increases by one per event of the same aggregate (resource), so receivers can order. */
  sequence: number;
  data: Record<string, unknown>;
}
