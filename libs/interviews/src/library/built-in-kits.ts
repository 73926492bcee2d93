/**
 * The built-in interview-kit library: one kit per file under `kits/`.
 *
 * The three kits the product requires (rate limiter design, relational schema
 * design, latency-spike debugging) come first, followed by the rest in the
 * order of a usual backend hiring process. Kits are deeply frozen; copy one
 * (for example with `structuredClone`) before using it as the basis of an
 * editable kit.
 */
import type { KitContent } from './kit-content.js';
import { apiDesignVersioningKit } from './kits/api-design-versioning.kit.js';
import { dataConsistencyIncidentKit } from './kits/data-consistency-incident.kit.js';
import { jobQueueDesignKit } from './kits/job-queue-design.kit.js';
import { latencySpikeDebuggingKit } from './kits/latency-spike-debugging.kit.js';
import { rateLimiterDesignKit } from './kits/rate-limiter-design.kit.js';
import { recruiterScreenKit } from './kits/recruiter-screen.kit.js';
import { relationalSchemaDesignKit } from './kits/relational-schema-design.kit.js';
import { takeHomeReviewKit } from './kits/take-home-review.kit.js';

export const BUILT_IN_KIT_KEYS = [
  'rate-limiter-design',
  'relational-schema-design',
  'latency-spike-debugging',
  'job-queue-design',
  'data-consistency-incident',
  'api-design-versioning',
  'take-home-review',
  'recruiter-screen',
] as const;

export type BuiltInKitKey = (typeof BUILT_IN_KIT_KEYS)[number];

/** The kits the product brief names as required. */
export const REQUIRED_BUILT_IN_KIT_KEYS: readonly BuiltInKitKey[] = ['rate-limiter-design', 'relational-schema-design', 'latency-spike-debugging'];

function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const child of Object.values(value)) deepFreeze(child);
  }
  return value;
}

export const BUILT_IN_KITS: KitContent[] = deepFreeze([
  rateLimiterDesignKit,
  relationalSchemaDesignKit,
  latencySpikeDebuggingKit,
  jobQueueDesignKit,
  dataConsistencyIncidentKit,
  apiDesignVersioningKit,
  takeHomeReviewKit,
  recruiterScreenKit,
]);

const BY_KEY = new Map<string, KitContent>(BUILT_IN_KITS.map((kit) => [kit.key, kit]));

/** The built-in kit with this key, or undefined. */
export function getBuiltInKit(key: string): KitContent | undefined {
  return BY_KEY.get(key);
}

/** Built-in kits meant for a given stage kind (e.g. `system_design`). */
export function builtInKitsForStage(stageKind: string): KitContent[] {
  return BUILT_IN_KITS.filter((kit) => kit.stageKind === stageKind);
}
