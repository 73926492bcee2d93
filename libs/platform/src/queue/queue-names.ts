/** Every BullMQ queue Hireloop uses. Queue names live here and nowhere else. */
export enum QueueName {
  Platform = 'platform',
  Notifications = 'notifications',
  Pipelines = 'pipelines',
  Postings = 'postings',
  Interviews = 'interviews',
  Scorecards = 'scorecards',
  Offers = 'offers',
  /** Untrusted files: text extraction in a sandbox (slow jobs, kept away from the other queues). */
  Files = 'files',
  /** Webhooks: domain events fanned out to endpoints, and each delivery attempt. */
  Webhooks = 'webhooks',
  /** Candidate email: one job per message (retried with backoff while the mail server is unavailable). */
  Mail = 'mail',
  /** What the mail module follows (an offer sent, a candidate merge): quick jobs that queue or move emails, never waiting on SMTP. */
  MailEvents = 'mail-events',
  /** Privacy: candidate data exports (zip built in the worker), their expiry, self-service requests; the daily retention sweep (and the anonymisations it ends in). */
  Privacy = 'privacy',
}

/** Every job name, each handled by exactly one processor (checked at worker start). */
export enum JobName {
  /** A no-op event used by the outbox's own tests and health probes. */
  OutboxProbe = 'platform.outbox-probe',
  /** An audit-visible organization registration; today only recorded. */
  OrganizationRegistered = 'identity.organization-registered',
  /** Publish (or republish) one posting on its board; idempotent per posting and content hash. */
  PostingPublish = 'postings.publish',
  /** Take one posting off its board (unpublish, job closed); push boards get a close event. */
  PostingClose = 'postings.close',
  /** Delayed until a posting's validThrough: expires it everywhere. */
  PostingExpire = 'postings.expire',
  /** Repeatable (every minute): expires postings whose validThrough passed and whose delayed expiry Redis lost. */
  PostingsExpirySweep = 'postings.expiry-sweep',
  /** Rebuilds an organization's stored XML feeds and drops its cached board JSON. */
  PostingFeedsRegenerate = 'postings.regenerate-feeds',
  /** A job changed (description, salary, status): republish live postings or close them. Any module may publish it. */
  PostingsJobChanged = 'postings.job-changed',
  /** A candidate was added (by a user or a public application). */
  PipelinesCandidateCreated = 'pipelines.candidate-created',
  /** A candidate's details changed. */
  PipelinesCandidateUpdated = 'pipelines.candidate-updated',
  /**
   * A duplicate candidate was folded into a survivor (`CandidateMergedEvent`: survivorId, mergedId,
   * applicationMap folded → kept). Its consumer fans out one `*.follow-merge` job per module below.
   */
  PipelinesCandidatesMerged = 'pipelines.candidates-merged',
  /** An application entered a job's first stage. */
  PipelinesApplicationCreated = 'pipelines.application-created',
  /** An application moved to another stage (or was hired). */
  PipelinesApplicationMoved = 'pipelines.application-moved',
  /** An application was rejected; `notifyCandidate` asks for the candidate email. */
  PipelinesApplicationRejected = 'pipelines.application-rejected',
  /** The candidate withdrew an application. */
  PipelinesApplicationWithdrawn = 'pipelines.application-withdrawn',
  /** A rejected or withdrawn application was reopened. */
  PipelinesApplicationReopened = 'pipelines.application-reopened',
  /** A stored resume's text is read in a sandboxed child process and, when found, made searchable. */
  PipelinesResumeText = 'pipelines.resume-text',
  /** Repeatable: flags applications over their stage SLA and notifies recruiters once per breach. */
  PipelinesStageSlaCheck = 'pipelines.stage-sla-check',
  /** Interviews (and their panels) of a merged candidate or folded application move to the survivor. */
  InterviewsFollowMerge = 'interviews.follow-merge',
  /** Scorecards of a folded application move to the kept one. */
  ScorecardsFollowMerge = 'scorecards.follow-merge',
  /** Offers and hiring decisions of a merged candidate or folded application move to the survivor. */
  OffersFollowMerge = 'offers.follow-merge',
  /** In-app notifications that name a merged candidate or folded application point at the survivor. */
  NotificationsFollowMerge = 'notifications.follow-merge',
  /** Repeatable (hourly): deletes delivered outbox rows and processed-event ids older than OUTBOX_RETENTION_DAYS. */
  OutboxRetention = 'platform.outbox-retention',
  /** Tell an interview's panel it was scheduled, rescheduled or cancelled (in-app notifications). */
  InterviewsNotifyInterviewers = 'interviews.notify-interviewers',
  /** Delayed until an interview's reminder time: reminds interviewers who still owe a scorecard. */
  ScorecardsReminder = 'scorecards.reminder',
  /** Delayed until twice the deadline: tells the job's recruiters whose scorecards are still missing. */
  ScorecardsEscalation = 'scorecards.escalation',
  /** Repeatable (every minute): reminders and escalations whose due time passed and whose delayed job Redis lost. */
  ScorecardsReminderSweep = 'scorecards.reminder-sweep',
  /** Delayed until an offer's expiresAt: expires it if still open (a no-op when it was accepted, closed or re-dated). */
  OfferExpire = 'offers.expire',
  /** Repeatable (every minute): expires open offers whose expiresAt passed and whose delayed expiry Redis lost. */
  OffersExpirySweep = 'offers.expiry-sweep',
  /** An offer was accepted and the candidate hired (for webhooks and notifications; today only recorded). */
  OfferAccepted = 'offers.accepted',
  /** A domain event (`DomainEvents.publish`): recorded for replay and turned into one delivery per subscribed endpoint. */
  WebhooksFanOut = 'webhooks.fan-out',
  /** One delivery attempt to one endpoint (in order per aggregate; retried with backoff). */
  WebhooksDeliver = 'webhooks.deliver',
  /** Repeatable (every minute): due deliveries whose job Redis lost, or that waited behind an earlier one. */
  WebhooksDeliverySweep = 'webhooks.delivery-sweep',
  /** Repeatable (hourly): deletes deliveries and events older than 30 days. */
  WebhooksRetention = 'webhooks.retention',
  /** Send one queued email (`payload.emailId`); delayed until its sendAt when scheduled. */
  MailSend = 'mail.send',
  /** An offer was sent (`payload.offerId`): the mail module emails the candidate the letter and its answer link (on the mail-events queue: mail is its only follower). */
  OfferSent = 'offers.sent',
  /** Emails, replies and unsubscribes of a merged candidate (and folded applications) move to the survivor. */
  MailFollowMerge = 'mail.follow-merge',
  /** An account link was issued (`payload.tokenId`: an invitation or an email confirmation): the mail module writes its email. */
  IdentityAccountEmail = 'identity.account-email',
  /** Someone asked to reset the password of `payload.email` (organization unknown): a reset link is mailed if an active account has it. */
  IdentityPasswordResetRequested = 'identity.password-reset-requested',
  /** Send one queued account email (`payload.accountEmailId`): invitation, password reset, email confirmation. */
  MailSendAccount = 'mail.send-account',
  /** Build one candidate data export (`payload.exportId`): a zip of every module's records and the files, stored in chunks. */
  PrivacyExportBuild = 'privacy.export-build',
  /** Repeatable (every minute): deletes the bytes of exports past their 24 h, and expires unconfirmed self-service links. */
  PrivacyExportsSweep = 'privacy.exports-sweep',
  /** Repeatable (daily): flags candidates a retention rule makes due and anonymises those whose grace period ended. */
  PrivacyRetentionSweep = 'privacy.retention-sweep',
}

/** The queue each job goes to. */
export const JOB_QUEUE: Record<JobName, QueueName> = {
  [JobName.OutboxProbe]: QueueName.Platform,
  [JobName.OrganizationRegistered]: QueueName.Platform,
  [JobName.OutboxRetention]: QueueName.Platform,
  [JobName.InterviewsFollowMerge]: QueueName.Interviews,
  [JobName.ScorecardsFollowMerge]: QueueName.Scorecards,
  [JobName.OffersFollowMerge]: QueueName.Offers,
  [JobName.NotificationsFollowMerge]: QueueName.Notifications,
  [JobName.PostingPublish]: QueueName.Postings,
  [JobName.PostingClose]: QueueName.Postings,
  [JobName.PostingExpire]: QueueName.Postings,
  [JobName.PostingsExpirySweep]: QueueName.Postings,
  [JobName.PostingFeedsRegenerate]: QueueName.Postings,
  [JobName.PostingsJobChanged]: QueueName.Postings,
  [JobName.PipelinesCandidateCreated]: QueueName.Pipelines,
  [JobName.PipelinesCandidateUpdated]: QueueName.Pipelines,
  [JobName.PipelinesCandidatesMerged]: QueueName.Pipelines,
  [JobName.PipelinesApplicationCreated]: QueueName.Pipelines,
  [JobName.PipelinesApplicationMoved]: QueueName.Pipelines,
  [JobName.PipelinesApplicationRejected]: QueueName.Pipelines,
  [JobName.PipelinesApplicationWithdrawn]: QueueName.Pipelines,
  [JobName.PipelinesApplicationReopened]: QueueName.Pipelines,
  [JobName.PipelinesStageSlaCheck]: QueueName.Pipelines,
  [JobName.PipelinesResumeText]: QueueName.Files,
  [JobName.InterviewsNotifyInterviewers]: QueueName.Interviews,
  [JobName.ScorecardsReminder]: QueueName.Scorecards,
  [JobName.ScorecardsEscalation]: QueueName.Scorecards,
  [JobName.ScorecardsReminderSweep]: QueueName.Scorecards,
  [JobName.OfferExpire]: QueueName.Offers,
  [JobName.OffersExpirySweep]: QueueName.Offers,
  [JobName.OfferAccepted]: QueueName.Offers,
  [JobName.WebhooksFanOut]: QueueName.Webhooks,
  [JobName.WebhooksDeliver]: QueueName.Webhooks,
  [JobName.WebhooksDeliverySweep]: QueueName.Webhooks,
  [JobName.WebhooksRetention]: QueueName.Webhooks,
  [JobName.MailSend]: QueueName.Mail,
  [JobName.OfferSent]: QueueName.MailEvents,
  [JobName.MailFollowMerge]: QueueName.MailEvents,
  [JobName.IdentityAccountEmail]: QueueName.Mail,
  [JobName.IdentityPasswordResetRequested]: QueueName.Mail,
  [JobName.MailSendAccount]: QueueName.Mail,
  [JobName.PrivacyExportBuild]: QueueName.Privacy,
  [JobName.PrivacyExportsSweep]: QueueName.Privacy,
  [JobName.PrivacyRetentionSweep]: QueueName.Privacy,
};

export const DEFAULT_JOB_OPTIONS = {
  attempts: 6,
  backoff: { type: 'exponential', delay: 1000 },
  removeOnComplete: { count: 1000, age: 24 * 3600 },
  removeOnFail: { count: 5000, age: 7 * 24 * 3600 },
} as const;

/**
 * Jobs the outbox relay hands to BullMQ in batches: the undelivered rows of one of these job names and one
 * organization that one relay pass reads become one BullMQ job of up to `max` rows, listed in `OutboxJobData.batch`
 * (the first row's fields fill the job's own; a group of one stays an ordinary job). Only rows without a delay or
 * a job id of their own are batched. Their handler must treat each item on its own and be idempotent per item.
 */
export const BATCHED_JOBS: Partial<Record<JobName, { max: number }>> = {
  // 250: per-batch costs (transactions, round trips, BullMQ moves) shrink with the size; 500 published no faster in
  // bench/postings, and a smaller batch keeps a failing board's retry and the worker's parallelism in proportion.
  [JobName.PostingPublish]: { max: 250 },
  // An organization's domain events of a pass, in outbox order: one fan-out transaction for the lot.
  [JobName.WebhooksFanOut]: { max: 200 },
};

/**
 * Payload keys the relay leaves in the outbox instead of copying into the job. Their consumer reads them from the outbox
 * row as it stands when the job runs (`OutboxService.currentPayloads`), so a copy in Redis would only be bytes to move
 * twice and personal data kept where an erasure does not reach. A domain event's `data` (the resource as its GET
 * returns it) is most of its size: the fan-out job carries the event's type, sequence and time.
 */
export const PAYLOAD_KEPT_IN_OUTBOX: Partial<Record<JobName, string[]>> = {
  [JobName.WebhooksFanOut]: ['data'],
};

/** One outbox row of a batched job. */
export interface OutboxBatchItem<P = Record<string, unknown>> {
  eventId: string;
  /** The row's aggregate type (the rows of one batch may differ; the job's own is the first row's). */
  aggregateType?: string;
  aggregateId: string;
  payload: P;
}

export interface OutboxJobData<P = Record<string, unknown>> {
  eventId: string;
  organizationId: string | null;
  aggregateType: string;
  aggregateId: string;
  payload: P;
  /** Present on a batched job (see BATCHED_JOBS): every row it carries, the first one included. */
  batch?: OutboxBatchItem<P>[];
}
