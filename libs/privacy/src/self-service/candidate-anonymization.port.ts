/**
 * The one place self-service deletion depends on anonymisation: `CandidateAnonymization.anonymize` (libs/privacy,
 * built beside this) with exactly this signature. PrivacyModule binds the token to that service once it is in the
 * tree; while nothing is bound, confirmed deletion requests wait for an admin with status `awaiting_anonymization`.
 */
export interface CandidateAnonymizer {
  anonymize(organizationId: string, candidateId: string, by: { actorId: string | null; reason: string }): Promise<unknown>;
}

export const CANDIDATE_ANONYMIZER = Symbol('CANDIDATE_ANONYMIZER');
