import type { KitContent } from '../kit-content.js';

export const latencySpikeDebuggingKit: KitContent = {
  key: 'latency-spike-debugging',
  title: 'Technical interview: debugging a latency spike in production',
  purpose:
    'Walk the candidate through a production incident in which one API endpoint suddenly becomes slow, revealing information as they ask for it. The aim is to see whether they work from hypotheses, use metrics, logs and traces for what each is good at, narrow the search step by step, mitigate without destroying evidence, and prove the fix worked rather than assuming it did.',
  stageKind: 'technical_interview',
  durationMinutes: 60,
  competencies: [
    {
      key: 'hypothesis_driven_investigation',
      name: 'Hypothesis-driven narrowing',
      description:
        'Forms several explanations, ranks them, and picks the cheapest check that can rule each one out, narrowing the search instead of wandering.',
      rubric: [
        'Guesses one cause and jumps to a fix (add an index, add a cache, restart) without checking anything first.',
        'Lists possible causes but checks them in no particular order, or keeps a favourite explanation after evidence contradicts it.',
        'States competing hypotheses, ranks them by likelihood and cost to check, names the evidence that would confirm or rule out each, and updates the ranking as results come in.',
        'Does level 3 and also uses the shape of the data (p99 up while the median is flat, one tenant or one host affected) to cut the search space before reaching for tools.',
      ],
    },
    {
      key: 'observability_use',
      name: 'Using metrics, logs and traces',
      description:
        'Knows what each signal answers: metrics for when and where, traces for which step, logs for the details of specific requests; connects them through request or trace ids.',
      rubric: [
        'Only mentions searching the logs, or looks at average latency and sees nothing wrong.',
        'Uses dashboards and logs but not traces, or cannot say how to get from a slow graph to the specific slow requests.',
        'Breaks metrics down by endpoint, host and dependency, uses a trace to find the slow span, then pulls the logs for that request id; checks saturation (connection pool waits, CPU, garbage collection).',
        'Does level 3 and also accounts for trace sampling missing the slow tail (tail-based sampling, exemplars, slow-request logging) and says which missing signal they would add afterwards.',
      ],
    },
    {
      key: 'mitigation_and_communication',
      name: 'Mitigation and communication under pressure',
      description: 'Limits user impact quickly, keeps mitigation separate from finding the root cause, and keeps others informed.',
      rubric: [
        'Reads code for a long time while users are affected, or restarts everything without capturing any evidence.',
        'Mitigates eventually but without weighing the risk of the action, and does not tell anyone what is happening.',
        'Checks impact and scope first, considers a rollback or other mitigation early, captures evidence before it disappears, and posts updates in the incident channel.',
        'Does level 3 and also states the condition under which they would roll back even without a root cause, and delegates tasks when others join.',
      ],
    },
    {
      key: 'fix_verification',
      name: 'Verifying the fix and following through',
      description: 'Proves that the change removed the cause, not only the symptom, and makes sure the problem cannot come back silently.',
      rubric: [
        'Declares the incident over after one good minute on the graph.',
        'Compares before and after on a dashboard, but over too short a window or with averages only.',
        'Compares the same percentile over a representative window, including the next time the trigger would occur, confirms the mechanism went away, and adds an alert or guard.',
        'Does level 3 and also reproduces the problem or tests the fix outside production, and writes a blameless review with a timeline, root cause and owned follow-up actions.',
      ],
    },
  ],
  questions: [
    {
      key: 'first_ten_minutes',
      prompt:
        'You are on call. An alert fires: the 99th-percentile latency of GET /orders went from about 180 ms to 2.5 s at 14:05. The median has barely moved, and the error rate went from 0.1% to 0.8%. Nobody announced a deploy. What do you do in the first ten minutes?',
      followUps: [
        'What does it tell you that p99 jumped while the median stayed flat?',
        'Would you roll anything back before you know the cause? What would make you do it?',
        'Who do you tell, and what do you say in your first update?',
      ],
      signals: [
        'Establishes impact and scope first: which endpoints, regions, tenants or hosts are affected.',
        'Looks for what changed around 14:05: deploys, feature flags, configuration, traffic, scheduled jobs, dependencies.',
        'Reads the flat median as a subset of requests being slow (one host, one tenant, cache misses, lock or pool waits).',
        'Treats mitigation and root cause as separate tracks, and captures evidence before restarting anything.',
        'Posts a short status update with impact, what is known and when the next update will come.',
      ],
      redFlags: ['Opens the code and starts reading before looking at a single dashboard.', 'Restarts services straight away and loses the evidence.'],
      minutes: 8,
      competencies: ['mitigation_and_communication', 'hypothesis_driven_investigation'],
    },
    {
      key: 'metrics_logs_traces',
      prompt:
        'You have dashboards per endpoint and per host, structured JSON logs with a request id, and distributed traces sampled at 5%. Walk me through how you use each of them to find where the extra time goes.',
      followUps: [
        'A trace shows 2.1 s of a 2.4 s request inside one database span. What next?',
        'Another trace shows no slow span at all: the time is spent inside the service itself. What could that be, and how would you see it?',
        'At 5% sampling you may never catch the slow requests. How would you make sure you see them?',
      ],
      signals: [
        'Uses metrics to find when and where (split by host, endpoint, status, dependency), traces to find which step, and logs for the details of specific request ids.',
        'Moves between the three using the request or trace id.',
        'Checks saturation: connection pool wait time, thread or worker pool queues, CPU, garbage collection pauses.',
        'Knows the limits of head sampling and proposes tail-based sampling, exemplars on latency histograms, or logging requests above a threshold.',
      ],
      redFlags: ['Relies only on searching logs by text.', 'Looks only at averages and concludes nothing is wrong.'],
      minutes: 12,
      competencies: ['observability_use', 'hypothesis_driven_investigation'],
    },
    {
      key: 'narrow_the_cause',
      prompt:
        'The slow span is a query on the orders table that normally takes 5 ms. List your hypotheses for why it is now slow, and how you would test each one, cheapest first.',
      followUps: [
        'How would you tell a changed query plan apart from lock contention?',
        'Only the largest tenant is slow. What does that change in your list?',
        'The query has not changed in months. Why could it suddenly be slow today?',
      ],
      signals: [
        'Lists several competing causes: a plan change, locks held by a migration or batch job, connection pool exhaustion, data growth crossing a threshold, stale statistics, a noisy neighbour.',
        'Orders the checks by cost and likelihood and says what result would rule each cause out.',
        "Names concrete tools: EXPLAIN ANALYZE, the database's active-session and lock views, the slow-query log, pool metrics.",
        'Links "only the largest tenant" to skewed data and plans that suit small tenants but not large ones.',
      ],
      redFlags: ['Fixes on the first idea and argues for it against the evidence.', 'Adds an index or a cache at once without confirming the cause.'],
      minutes: 12,
      competencies: ['hypothesis_driven_investigation', 'observability_use'],
    },
    {
      key: 'verify_the_fix',
      prompt:
        'You find that a nightly batch job started early because of a scheduling change and holds row locks on orders. You move it back and the graph looks better. How do you know the problem is fixed?',
      followUps: [
        'What exactly would you compare, and over what period?',
        'What would you add so that this cannot quietly come back?',
        'What goes into the incident review?',
      ],
      signals: [
        'Compares the same percentile on the same endpoint over a representative period, including the next run of the batch job.',
        'Confirms the mechanism is gone (lock waits back to normal), not only the latency symptom.',
        "Adds a guard: an alert on lock waits or p99, a statement or lock timeout for the job, a check on the job's schedule.",
        'Plans a blameless review with a timeline, the root cause and follow-up actions that each have an owner.',
      ],
      redFlags: ['Declares victory after a few good minutes on the graph.', 'Sees no follow-up work beyond the schedule change.'],
      minutes: 8,
      competencies: ['fix_verification', 'observability_use'],
    },
    {
      key: 'real_latency_story',
      prompt: 'Tell me about a real performance or latency problem you investigated. What did you see first, and how did you get from there to the cause?',
      followUps: ["What was your own part, as opposed to the team's?", 'Looking back, which signal would have led you to the cause faster?'],
      signals: [
        'Gives specifics: the system, the numbers before and after, the tools used.',
        'Describes at least one hypothesis that turned out wrong and how they ruled it out.',
        'Explains how they confirmed the fix and what changed afterwards to prevent a repeat.',
      ],
      redFlags: [
        'The story stays vague after follow-ups, with no numbers or mechanism.',
        'Blames another team or a tool without understanding what actually happened.',
      ],
      minutes: 8,
      competencies: ['hypothesis_driven_investigation', 'fix_verification'],
    },
  ],
  guidance: {
    opening:
      'Introduce yourself and explain the format: you will describe an incident and reveal more as the candidate asks for it, as if you were the dashboards and the teammates. Encourage them to say what they would look at and why; there are no trick answers.',
    candidateQuestions:
      'The questions total 48 minutes. If the scenario runs long, shorten the real-story question rather than verification. Finish by minute 53 so the candidate keeps about 7 minutes for their questions.',
    closing:
      'Thank the candidate, tell them when they will hear back and from whom. Do not reveal the "real" root cause as if they missed it. Record the order in which they asked for information; it is part of the evidence.',
    notes: [
      'Prepare what each data source "shows" before the interview so your answers stay consistent (for example: pool wait time is flat, lock waits rose at 14:03, only the largest tenant is affected).',
      'Answer questions with data, not conclusions; let the candidate draw them.',
      'Asking for information in a sensible order is a strong signal even if the candidate does not reach the root cause in time.',
      'If the candidate has little production access in past jobs, score what they would do rather than what they have done, and note it.',
    ],
  },
};
