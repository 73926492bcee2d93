/**
 * Published through the outbox in the merge's transaction (`JobName.PipelinesCandidatesMerged`):
 * the one event every module holding a candidate's or an application's id follows.
 */
export interface CandidateMergedEvent {
  organizationId: string;
  /** The candidate that stays. */
  survivorId: string;
  /** The candidate folded into the survivor (now `merged_into_id = survivorId`). */
  mergedId: string;
  /** Folded application id → the kept application id (two applications to the same job became one). */
  applicationMap: Record<string, string>;
}

/** A module's follow-up job: the merge event plus the outbox id of the merge event, its idempotency key. */
export interface MergeFollowUp extends CandidateMergedEvent {
  mergeEventId: string;
}

/**
 * Reads a merge event's job data. Events published before the follow-up consumers existed carried
 * `foldedApplications: [{ from, into }]` and no organization in the payload; they are read the same way.
 */
export function toCandidateMergedEvent(organizationId: string | null, payload: Record<string, unknown>): CandidateMergedEvent {
  const legacy = (payload.foldedApplications ?? []) as { from: string; into: string }[];
  return {
    organizationId: String((payload.organizationId as string | undefined) ?? organizationId),
    survivorId: String(payload.survivorId),
    mergedId: String(payload.mergedId),
    applicationMap: (payload.applicationMap as Record<string, string> | undefined) ?? Object.fromEntries(legacy.map((f) => [f.from, f.into])),
  };
}

/** Reads a merge follow-up job's payload (the worker's handlers hand it over as stored). */
export function toMergeFollowUp(payload: Record<string, unknown>): MergeFollowUp {
  const map = (payload.applicationMap ?? {}) as Record<string, string>;
  return {
    organizationId: String(payload.organizationId),
    survivorId: String(payload.survivorId),
    mergedId: String(payload.mergedId),
    applicationMap: map,
    mergeEventId: String(payload.mergeEventId),
  };
}
