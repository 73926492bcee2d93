import type { KitContent } from '../kit-content.js';

export const dataConsistencyIncidentKit: KitContent = {
  key: 'data-consistency-incident',
  title: 'Technical interview: data consistency incident',
  purpose:
    'Uncover practical, hard-won database knowledge. The candidate first tells the story of the hardest data consistency bug they have handled, then works through a payments scenario where records disagree. Listen for concrete mechanisms (races, lost updates, partial writes, duplicate retries, replica lag), evidence-based root-cause analysis, safe repair of the damaged data, and prevention.',
  stageKind: 'technical_interview',
  durationMinutes: 60,
  competencies: [
    {
      key: 'consistency_fundamentals',
      name: 'Transactions, isolation and consistency models',
      description: 'Understands what transactions and isolation levels do and do not protect against, and when eventual consistency is acceptable.',
      rubric: [
        'Believes that wrapping code in a transaction prevents every race, and cannot describe a concrete interleaving of two requests.',
        'Describes the lost-update problem in general terms but offers only one fix and does not know the default isolation level of the database they use.',
        'Shows a concrete interleaving that loses an update and offers several fixes (atomic update, row lock, version check, serializable with retry), and knows the default isolation level and what it allows.',
        'Does level 3 and also explains when eventual consistency is fine and when strong consistency is required, with examples, in words a product manager would follow.',
      ],
    },
    {
      key: 'root_cause_analysis',
      name: 'Finding the real cause',
      description: 'Moves from a symptom to a proven mechanism using evidence, and finds the full extent of the damage.',
      rubric: [
        'Stops at a plausible story ("probably a race condition") without evidence, or only handles the cases that were reported.',
        'Finds a likely cause but confirms it weakly and estimates the impact from complaints alone.',
        'Names the exact mechanism and the evidence for it (logs, audit records, a reproduction), and finds all affected records by reconciling against a source of truth.',
        'Does level 3 and also explains why the bug stayed hidden until then and which other parts of the system share the same weakness.',
      ],
    },
    {
      key: 'repair_and_prevention',
      name: 'Repairing data and preventing repeats',
      description: 'Fixes damaged data safely and auditably, then changes the system so the same class of bug is caught or impossible.',
      rubric: [
        'Would edit production data by hand with no record, and considers the incident closed once the code fix ships.',
        'Writes a repair script but without a dry run, review or record of what changed; prevention stops at the one code fix.',
        'Repairs with an idempotent, reviewed script that has a dry run, works in batches and logs before and after values; adds constraints, tests or a reconciliation job to catch recurrences.',
        'Does level 3 and also plans communication with support and affected customers, and shares the lesson so other teams check for the same pattern.',
      ],
    },
    {
      key: 'ownership_and_communication',
      name: 'Ownership and clear explanation',
      description: "Explains a messy incident clearly, separates their own contribution from the team's, and is candid about mistakes.",
      rubric: [
        'Cannot say what they personally did, or blames others and the tools throughout.',
        "Explains the incident with prompting but mixes their work with the team's, and the timeline is hard to follow.",
        'Tells a clear, ordered story, says which parts they owned, and admits what they got wrong along the way.',
        'Does level 3 and also adjusts the depth of the explanation to the listener and describes how the incident changed the way they or their team work.',
      ],
    },
  ],
  questions: [
    {
      key: 'hardest_consistency_bug',
      prompt: 'Tell me about the hardest data consistency bug you have dealt with in production. Start with how you found out something was wrong.',
      followUps: [
        'What exactly was inconsistent: which records, how many, and since when?',
        'Which parts of the investigation and fix did you do yourself?',
        'How did you prove the cause, as opposed to finding a plausible one?',
        'What would you do differently now?',
      ],
      signals: [
        'Gives specifics: the system, the data involved, the numbers, the time frame.',
        'Names a concrete mechanism, for example two writers racing, a partial failure between two writes, a retried request applied twice, a read from a lagging replica, a time zone conversion.',
        'Explains the evidence that confirmed the cause (logs, audit trail, reproduction).',
        "Separates their own work from the team's and is honest about missteps.",
      ],
      redFlags: [
        'The story stays generic after follow-ups, with no mechanism or numbers.',
        'Blames the database or another team without understanding what actually went wrong.',
      ],
      minutes: 14,
      competencies: ['root_cause_analysis', 'ownership_and_communication'],
    },
    {
      key: 'charged_but_unpaid',
      prompt:
        'Customers report being charged while their order still shows as unpaid; yesterday it was about 0.3% of orders. The payment service calls the payment provider, then updates the orders table, then publishes an "order paid" event. How do you investigate?',
      followUps: [
        'What can happen between the call to the provider and the database update?',
        'How do you find every affected order, not only the ones customers reported?',
        'You notice two payment rows for one order, created a second apart. What does that tell you?',
      ],
      signals: [
        'Spots the non-atomic sequence across two systems and the failure windows: a timeout after the provider succeeded, a crash before the update, a failed publish.',
        "Reconciles against the provider's records to find all affected orders.",
        'Uses idempotency keys with the provider and makes webhook or callback handling idempotent.',
        'Reads the duplicate rows as a retry without deduplication, and checks where retries happen (client, load balancer, job runner).',
      ],
      redFlags: [
        'Proposes wrapping the external HTTP call inside a database transaction and believes this makes the whole sequence atomic.',
        'Fixes only the orders that customers complained about.',
      ],
      minutes: 14,
      competencies: ['root_cause_analysis', 'consistency_fundamentals'],
    },
    {
      key: 'lost_update',
      prompt:
        'Two requests update the same account balance at the same time. Show me step by step how one update can be lost, then give me three different ways to prevent it.',
      followUps: [
        'What isolation level does the database you know best use by default, and which anomalies does it allow?',
        'When would you accept eventual consistency? How would you explain that choice to a product manager?',
      ],
      signals: [
        'Writes out a concrete interleaving: both read 100, both subtract, the second write overwrites the first.',
        'Offers several fixes with trade-offs: a single atomic UPDATE with a condition, SELECT ... FOR UPDATE, a version column checked on write, serializable isolation with retry.',
        'Knows the default isolation level (for example Read Committed in PostgreSQL) and what it does not prevent.',
        'Gives a sensible example of where eventual consistency is acceptable (a follower count) and where it is not (an account balance).',
      ],
      redFlags: ['Believes that a transaction at the default isolation level prevents all races.', 'Cannot produce a concrete interleaving.'],
      minutes: 12,
      competencies: ['consistency_fundamentals'],
    },
    {
      key: 'repair_and_prevent',
      prompt:
        'Back to the payments case: the code fix is ready. What do you do about the orders that are already wrong, and how do you make sure this class of bug does not come back?',
      followUps: ['How do you run the repair safely on production data?', 'What do you tell support and the affected customers?'],
      signals: [
        'Writes a repair script that is idempotent, reviewed, has a dry run, runs in batches and records before and after values.',
        'Adds an ongoing reconciliation job that compares orders with the provider and alerts on differences.',
        'Adds database constraints and tests that reproduce the failure (timeouts, retries, concurrent requests).',
        'Thinks about customers: refunds or corrections, and a clear message through support.',
      ],
      redFlags: ['Fixes rows by hand in a SQL console with no record.', 'Considers the work finished once the code is deployed.'],
      minutes: 10,
      competencies: ['repair_and_prevention', 'ownership_and_communication'],
    },
  ],
  guidance: {
    opening:
      'Introduce yourself and explain the two halves: first their own story, then a scenario you will describe. Tell the candidate that an incident they were only partly involved in is fine as long as they are clear about their role, and that they should leave out confidential details.',
    candidateQuestions:
      'The questions total 50 minutes. If the story runs long, shorten the lost-update question, not repair and prevention. Stop by minute 55 so the candidate has at least 5 minutes for their questions.',
    closing:
      'Thank the candidate, explain the next steps and the timeline. Do not give feedback on the answers. Write the scorecard the same day, recording the mechanisms and numbers they gave.',
    notes: [
      'Some candidates will not have a dramatic story. A smaller bug explained precisely scores better than a big one told vaguely.',
      'If the candidate has no production story at all, move to the scenario early and give it the extra time; note this on the scorecard.',
      'Do not ask for confidential details about a previous employer; the mechanism is what matters.',
      'Listen for the phrase "it was probably a race condition"; follow up until you hear the exact interleaving or the candidate says they do not know.',
    ],
  },
};
