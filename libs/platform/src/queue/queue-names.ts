/** Every BullMQ queue Hireloop uses. Queue names live here and nowhere else. */
export enum QueueName {
  Platform = 'platform',
  Notifications = 'notifications',
}

/** Every job name, each handled by exactly one processor (checked at worker start). */
export enum JobName {
  /** A no-op event used by the outbox's own tests and health probes. */
  OutboxProbe = 'platform.outbox-probe',
  /** An audit-visible organization registration; today only recorded. */
  OrganizationRegistered = 'identity.organization-registered',
}

/** The queue each job goes to. */
export const JOB_QUEUE: Record<JobName, QueueName> = {
  [JobName.OutboxProbe]: QueueName.Platform,
  [JobName.OrganizationRegistered]: QueueName.Platform,
};

export const DEFAULT_JOB_OPTIONS = {
  attempts: 6,
  backoff: { type: 'exponential', delay: 1000 },
  removeOnComplete: { count: 1000, age: 24 * 3600 },
  removeOnFail: { count: 5000, age: 7 * 24 * 3600 },
} as const;

export interface OutboxJobData<P = Record<string, unknown>> {
  eventId: string;
  organizationId: string | null;
  aggregateType: string;
  aggregateId: string;
  payload: P;
}
