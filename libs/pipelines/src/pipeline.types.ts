/** Enumerations of the pipelines module; the values are part of the public API. */

export enum ApplicationStatus {
  Active = 'active',
  Rejected = 'rejected',
  Withdrawn = 'withdrawn',
  Hired = 'hired',
}

export enum MoveKind {
  Created = 'created',
  Moved = 'moved',
  Rejected = 'rejected',
  Withdrawn = 'withdrawn',
  Reopened = 'reopened',
  Hired = 'hired',
}

export enum RejectionReasonKind {
  Rejected = 'rejected',
  Declined = 'declined',
  Other = 'other',
}

export enum NotificationKind {
  StageSlaBreached = 'stage_sla_breached',
}

/** Kinds of activity events pipelines writes; other modules add their own (`interview.scheduled`, ...). */
export enum ActivityKind {
  CandidateCreated = 'candidate.created',
  CandidateMerged = 'candidate.merged',
  ApplicationCreated = 'application.created',
  ApplicationMoved = 'application.moved',
  ApplicationRejected = 'application.rejected',
  ApplicationWithdrawn = 'application.withdrawn',
  ApplicationReopened = 'application.reopened',
  ApplicationHired = 'application.hired',
  NoteAdded = 'note.added',
  ResumeAdded = 'candidate.resume_added',
}

/** Seeded into an organization's rejection reasons the first time it lists or uses them. */
export const DEFAULT_REJECTION_REASONS: { label: string; kind: RejectionReasonKind }[] = [
  { label: 'Skills or experience do not match the role', kind: RejectionReasonKind.Rejected },
  { label: 'Not enough seniority for the level', kind: RejectionReasonKind.Rejected },
  { label: 'Did not pass the technical assessment', kind: RejectionReasonKind.Rejected },
  { label: 'Another candidate was a stronger fit', kind: RejectionReasonKind.Rejected },
  { label: 'Salary expectations outside the band', kind: RejectionReasonKind.Rejected },
  { label: 'Location or work model does not fit', kind: RejectionReasonKind.Rejected },
  { label: 'Candidate declined the offer or process', kind: RejectionReasonKind.Declined },
  { label: 'Candidate unresponsive', kind: RejectionReasonKind.Other },
  { label: 'Position filled or closed', kind: RejectionReasonKind.Other },
];
