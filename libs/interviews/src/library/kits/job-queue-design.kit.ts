import type { KitContent } from '../kit-content.js';

export const jobQueueDesignKit: KitContent = {
  key: 'job-queue-design',
  title: 'System design: background job queue',
  purpose:
    'Design a background job system from scratch for work such as emails, webhook deliveries and report generation. Observe how the candidate reasons about delivery guarantees, workers racing for the same job, crashes mid-job, retries and poison jobs, one tenant flooding the queue, and how the team would know the queue is falling behind.',
  stageKind: 'system_design',
  durationMinutes: 60,
  competencies: [
    {
      key: 'delivery_semantics',
      name: 'Delivery guarantees and idempotency',
      description: 'States what the system guarantees (at-most-once, at-least-once) and makes repeated execution harmless where it matters.',
      rubric: [
        'Promises exactly-once delivery without explaining how, or cannot say what happens if a job runs twice.',
        'Chooses at-least-once delivery but leaves duplicate handling to "be careful" in each job.',
        'Chooses at-least-once with a reason, makes handlers idempotent (idempotency key, dedupe record, conditional update), and closes the gap between saving data and enqueuing (same transaction or an outbox).',
        'Does level 3 and also separates the jobs where a duplicate is harmless from those where it is costly (payments, emails) and applies stronger protection only where needed.',
      ],
    },
    {
      key: 'concurrency_and_leases',
      name: 'Claiming jobs safely',
      description: 'Makes sure one job is run by one worker at a time, and that a job held by a crashed worker is picked up again.',
      rubric: [
        'Lets workers read the next job without any claiming step, or deletes the job before running it and loses it on a crash.',
        'Claims jobs with a lock or status flag but has no answer for a worker that dies while holding it.',
        'Claims with a lease or visibility timeout (or row locks with SKIP LOCKED on a database), renews it with a heartbeat for long jobs, and re-queues expired leases.',
        'Does level 3 and also caps concurrency per job type or destination, discusses ordering guarantees and their cost, and sizes the lease from job duration data.',
      ],
    },
    {
      key: 'failure_handling',
      name: 'Retries and poison jobs',
      description: 'Retries transient failures without causing harm, stops retrying permanent ones, and provides a way to inspect and replay failed jobs.',
      rubric: [
        'Retries immediately in a tight loop or forever, or drops failed jobs silently.',
        'Retries with a fixed delay and a maximum, but treats all errors the same and has no place for jobs that never succeed.',
        'Distinguishes transient from permanent errors, uses exponential backoff with jitter and a cap, moves exhausted jobs to a dead-letter store with the error history, and offers a replay.',
        'Does level 3 and also isolates a failing destination (per-destination circuit breaker) so it cannot tie up every worker, and keeps a record of every attempt.',
      ],
    },
    {
      key: 'capacity_and_operability',
      name: 'Fairness, backpressure and operability',
      description: 'Keeps one tenant or job type from starving others, reacts when producers outpace workers, and knows what to monitor.',
      rubric: [
        'Puts everything in one first-in-first-out queue and proposes "more workers" as the only answer to a backlog; monitoring is not mentioned.',
        'Adds priorities but not fairness between tenants; watches queue length only.',
        'Separates queues or capacity by job class, caps concurrency per tenant, alerts on the age of the oldest job, and can trace a job back to the request that created it.',
        'Does level 3 and also applies backpressure at enqueue time (rejecting or throttling producers), autoscales on queue age, and avoids starving low-priority work.',
      ],
    },
  ],
  questions: [
    {
      key: 'producer_contract',
      prompt:
        "Our API needs to run work in the background: sending emails, delivering webhooks, building reports that take minutes. Design the system. Start with what a producer's call looks like and what you promise about delivery.",
      followUps: [
        'The API saves an order in its database, then crashes before enqueuing the confirmation email. What happens, and how would you prevent it?',
        'Do any of these jobs need to run in order? Which ones, and what does ordering cost?',
        'What do you put in the job payload?',
      ],
      signals: [
        'Asks about volume, how long jobs take, and how quickly they must start.',
        'States a guarantee explicitly, usually at-least-once, and explains why exactly-once delivery is not on offer.',
        'Closes the save-then-enqueue gap: enqueue in the same database transaction or write to an outbox table that a relay publishes.',
        'Keeps payloads small (ids rather than large documents) and versioned.',
      ],
      redFlags: [
        'Promises exactly-once delivery without a mechanism.',
        'Does not notice that writing to the database and to the queue are two separate steps that can be split by a crash.',
      ],
      minutes: 8,
      competencies: ['delivery_semantics'],
    },
    {
      key: 'claim_and_crash',
      prompt:
        'Twenty workers pull from the queue. How does a job get claimed so that two workers do not run it at the same time, and what happens if a worker dies halfway through a job?',
      followUps: [
        'If the queue lives in Postgres, what query claims the next job?',
        'How long is the claim valid, and what happens to a legitimate job that runs longer?',
        'A job has now run twice. Where does that hurt, and how do you make it safe?',
      ],
      signals: [
        'Uses a lease or visibility timeout after which an unacknowledged job becomes available again.',
        'On a relational store, claims with SELECT ... FOR UPDATE SKIP LOCKED (or an equivalent atomic update) so workers do not block each other.',
        'Extends the lease with a heartbeat for long jobs.',
        'Makes duplicate runs safe with an idempotency key, a record of completed work, or a conditional update.',
      ],
      redFlags: ['Removes the job from the queue before running it and accepts losing it on a crash without saying so.', 'Assumes workers do not crash.'],
      minutes: 12,
      competencies: ['concurrency_and_leases', 'delivery_semantics'],
    },
    {
      key: 'retries_and_poison_jobs',
      prompt:
        "A customer's webhook endpoint is down for an hour. Separately, one report job fails on every attempt because of a bug in our code. How does your system treat each of them?",
      followUps: [
        'What retry schedule would you use, and why add randomness to it?',
        'When do you give up on a job, and where does it go?',
        'The bug is fixed. How does someone rerun the failed report jobs?',
      ],
      signals: [
        'Separates transient errors (timeouts, 5xx, 429) from permanent ones (4xx, validation errors, bugs).',
        'Uses exponential backoff with jitter and a maximum delay, with a limit on attempts.',
        'Moves exhausted jobs to a dead-letter store with the error and attempt history, and provides a replay path.',
        'Stops one unhealthy destination from occupying all workers (circuit breaker or per-destination concurrency limit).',
      ],
      redFlags: ['Retries immediately in a loop.', 'Retries forever, or discards failed jobs with no record.'],
      minutes: 10,
      competencies: ['failure_handling', 'concurrency_and_leases'],
    },
    {
      key: 'noisy_tenant',
      prompt: "One tenant enqueues two million report jobs at once. Everyone else's password-reset emails stop arriving. Fix it.",
      followUps: [
        'If you add priorities, how do you make sure low-priority work still runs eventually?',
        'The queue is growing faster than the workers drain it. What do you do, in the short and the long term?',
      ],
      signals: [
        'Separates job classes into their own queues or reserves capacity for latency-sensitive work such as password resets.',
        'Caps concurrency per tenant or schedules fairly between tenants (round robin).',
        'Applies backpressure at enqueue time: limits per tenant, or rejecting with a retryable error.',
        'Scales workers on the age of the oldest job and checks that downstream systems can take the extra load.',
      ],
      redFlags: ['Keeps one first-in-first-out queue for everything.', 'Answers only "add more workers" without checking what is actually saturated.'],
      minutes: 10,
      competencies: ['capacity_and_operability'],
    },
    {
      key: 'observe_the_queue',
      prompt: "What would you put on the queue's dashboard, and what should wake someone up at night?",
      followUps: [
        'Why is the age of the oldest waiting job more useful than the number of waiting jobs?',
        'How would you follow one job from the API request that created it to its final attempt?',
      ],
      signals: [
        'Tracks age of the oldest job, throughput, failure and retry rates per job type, dead-letter size and worker utilisation.',
        'Pages on user-facing symptoms (jobs waiting longer than the agreed time) rather than on every single failure.',
        "Carries a correlation id from the request into the job and into each attempt's structured log.",
      ],
      redFlags: ['Relies on reading logs to find out whether the queue is keeping up.', 'Pages on every failed attempt.'],
      minutes: 8,
      competencies: ['capacity_and_operability', 'failure_handling'],
    },
  ],
  guidance: {
    opening:
      'Introduce yourself, then frame the session as a design conversation: the candidate drives, you answer questions about requirements and add complications along the way. A simple design that is correct beats a large one that is vague.',
    candidateQuestions:
      'The questions total 48 minutes. If claiming and crashes take longer, shorten the dashboard question. Stop the design by minute 53 so the candidate has about 7 minutes for their own questions.',
    closing:
      'Thank the candidate and explain what happens next and when. Do not share your assessment. Write the scorecard the same day with quotes for each competency.',
    notes: [
      'Candidates may build on a specific broker or on a database table; both are fine. Ask how the guarantees change with the other option.',
      'The crash-mid-job follow-up is the core of this kit; make sure every candidate gets it.',
      'If the candidate names a library, ask what it does underneath; the reasoning is what you are scoring.',
      'Give requirement answers consistently: about 200 jobs per second at peak, most jobs under one second, reports up to ten minutes.',
    ],
  },
};
