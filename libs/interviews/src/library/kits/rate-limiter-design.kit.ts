import type { KitContent } from '../kit-content.js';

export const rateLimiterDesignKit: KitContent = {
  key: 'rate-limiter-design',
  title: 'System design: rate limiter for a multi-tenant public API',
  purpose:
    'See how the candidate designs a rate limiter that many API servers share: how they frame the limits, keep the count correct when requests race, hold counters across machines, stay fair between customers, and what the API does when the store behind the limiter is down. The exercise is conversational; the goal is to watch the reasoning about concurrency and failure modes, not to reach one correct diagram.',
  stageKind: 'system_design',
  durationMinutes: 60,
  competencies: [
    {
      key: 'requirements_framing',
      name: 'Framing the problem',
      description: 'Turns a vague request ("stop clients from hammering us") into concrete limits, scopes and client-facing behaviour before designing.',
      rubric: [
        'Starts drawing components right away; asks nothing about traffic, clients or what "too fast" means, even when prompted.',
        'Asks one or two generic questions (for example "how many users?") but does not turn the answers into concrete limits or a scope.',
        'Asks about traffic volume, burst tolerance and who is being limited (key, tenant, endpoint), then states the limits and the 429 behaviour they will design for.',
        'Does everything in level 3 and also agrees an accuracy budget (how much overshoot is acceptable) and revisits earlier choices out loud when a later answer changes the picture.',
      ],
    },
    {
      key: 'algorithm_and_concurrency',
      name: 'Algorithm choice and concurrency correctness',
      description:
        'Chooses a limiting algorithm for stated reasons and makes the check-and-count step safe when requests for the same key run at the same time.',
      rubric: [
        'Cannot name or describe a limiting algorithm, or reads the counter, compares and writes it back as separate steps without seeing the race even after a hint.',
        'Names an algorithm (for example fixed window) but cannot explain its weak spots; notices the race only when the interviewer walks through two concurrent requests.',
        'Compares at least two algorithms (token bucket, fixed window, sliding window log or counter) with their burst behaviour, and makes the check-and-increment a single atomic operation without prompting.',
        'Does level 3 and also explains the fixed-window boundary burst with numbers, sizes memory per key with an eviction plan for idle keys, and picks the algorithm that matches the limits agreed earlier.',
      ],
    },
    {
      key: 'distributed_state',
      name: 'Distributed counters',
      description: 'Keeps one limit per client across many API instances and reasons about the cost, accuracy and hot spots of the shared state.',
      rubric: [
        "Assumes a counter in each server's memory enforces a global limit, and does not see the problem when told there are 20 instances behind a load balancer.",
        'Moves the counter to a shared store (for example Redis) but ignores the extra round trip per request and how the increment stays atomic there.',
        'Uses a shared store with an atomic server-side operation (a script, or an increment with its expiry set in the same step), and states the latency each request pays for it.',
        'Does level 3 and also offers a cheaper option with its accuracy cost (local counters synced in batches, or pre-allocated quota per node), and covers clock skew and hot keys.',
      ],
    },
    {
      key: 'failure_modes',
      name: 'Failure modes and degradation',
      description: "Plans what the limiter and the API do when the limiter's store is slow or unavailable, and how the team would notice.",
      rubric: [
        'Does not consider the store failing, or answers that it will not fail; cannot say what a request does in that case.',
        "When prompted, picks fail-open or fail-closed without justifying it, and leaves each request waiting on the store's default timeout.",
        'Makes an explicit fail-open versus fail-closed decision per endpoint based on risk, bounds the wait with a short timeout, and wants an alert when the limiter is degraded.',
        'Does level 3 and also adds a circuit breaker and a coarse in-memory fallback limit, and describes what happens when the store returns (empty counters, burst of traffic).',
      ],
    },
    {
      key: 'fairness_and_tenancy',
      name: 'Fairness between clients',
      description: 'Keeps one heavy customer from degrading service for everyone else, and gives clients a clear way to behave well.',
      rubric: [
        "Offers only a single global limit, or says fairness is the customers' problem.",
        'Adds per-key limits but misses that a tenant can create more keys, or treats all endpoints as equally costly.',
        'Limits per tenant as well as per key, allows different limits per plan through configuration, and tells clients when to retry (Retry-After).',
        'Does level 3 and also weights requests by cost, protects the backend with a fair share between tenants, and discusses how clients that retry at once are slowed down (backoff with jitter).',
      ],
    },
  ],
  questions: [
    {
      key: 'frame_the_limits',
      prompt:
        'Our public API is used by several hundred organisations, each with a handful of API keys. Some of them occasionally send far more traffic than we can handle. Before you design anything: what do you need to know, and which limits would you put in place?',
      followUps: [
        'Would you limit per API key, per organisation, per endpoint, globally, or a combination? Why?',
        'How does a client find out it has been limited, and how does it know when to try again?',
        'If the limiter lets through 5% more than the limit now and then, does that matter here?',
      ],
      signals: [
        'Asks about request volume, peak-to-average ratio and how bursty legitimate clients are before picking numbers.',
        'Separates the scopes (key, organisation, endpoint, global) and says what each one protects.',
        'Specifies the client contract: status 429, a Retry-After value, and headers showing the remaining quota.',
        'Agrees on how exact the limit needs to be, which later justifies simpler or cheaper designs.',
      ],
      redFlags: [
        'Starts drawing boxes without asking a single question about traffic or what should be limited.',
        'Treats every client and endpoint the same and cannot say why.',
      ],
      minutes: 8,
      competencies: ['requirements_framing', 'fairness_and_tenancy'],
    },
    {
      key: 'single_node_algorithm',
      prompt: 'Start with a single API server. Walk me through how the limiter decides whether one request is allowed, and what it stores for each client.',
      followUps: [
        'Two requests for the same key arrive at the same moment on different threads. Step through what your code does for each.',
        'What happens at the edge of a window? Can a client get close to twice its limit in a short period?',
        'How much memory does each key cost, and when do you forget a key that has gone quiet?',
      ],
      signals: [
        'Names an algorithm (token bucket, leaky bucket, fixed window, sliding window) and explains how it treats bursts.',
        'Sees that separate read, compare and write steps race, and makes the decision atomic (lock, compare-and-swap or an atomic increment).',
        'Explains the fixed-window boundary problem with a concrete example, such as 100 requests at 0:59 and 100 more at 1:00.',
        'Puts an expiry on per-key state so idle clients do not grow memory forever.',
      ],
      redFlags: [
        'Reads the count, compares it and writes it back in separate steps and does not see the race even after the two-thread walk-through.',
        'Cannot explain how their chosen algorithm behaves when a client sends a burst.',
      ],
      minutes: 10,
      competencies: ['algorithm_and_concurrency'],
    },
    {
      key: 'distributed_counters',
      prompt:
        'Now there are 20 API instances behind a load balancer, and each request can land on any of them. How do you enforce one limit per client across all of them?',
      followUps: [
        'Where does the counter live, and how many network round trips does each request now pay?',
        'With a shared store, how do you make "increment and check" atomic on the store side?',
        'Suppose that extra round trip is too slow for our latency budget. What would you trade away to avoid it?',
        "Servers' clocks drift. Where does that affect a window-based limit, and how do you avoid it?",
      ],
      signals: [
        'Compares options: a central store, local counters synchronised periodically, or routing a client to the same instance, with the downside of each.',
        'Keeps the increment atomic in the store (for example a server-side script, or setting the expiry in the same operation as the increment).',
        'Names the cost of the extra hop and proposes batching or a per-node share of the quota when accuracy can be relaxed.',
        "Uses one clock (the store's) for windows, and mentions spreading a very hot key if one client dominates.",
      ],
      redFlags: [
        'Believes per-instance in-memory counters enforce a global limit.',
        'Reaches for a distributed lock on every request without considering what it does to latency and throughput.',
      ],
      minutes: 12,
      competencies: ['distributed_state', 'algorithm_and_concurrency'],
    },
    {
      key: 'store_outage',
      prompt:
        'During peak traffic, the Redis cluster that holds your counters becomes unreachable for two minutes. What does the API do for those two minutes, and after?',
      followUps: [
        'Do you fail open (let requests through) or fail closed (reject them)? Is the answer the same for the login endpoint and for a read-only listing endpoint?',
        'How long does a request wait for the store before you decide, and what stops every request from paying that wait?',
        'How would the on-call engineer find out this was happening?',
        'When the store comes back with empty counters, what could go wrong?',
      ],
      signals: [
        'Chooses fail-open or fail-closed explicitly and per endpoint, for example open for cheap reads and closed or tightly limited for login or expensive writes, with the reason.',
        'Sets a short timeout on the store call and adds a circuit breaker so the limiter does not add seconds to every request.',
        'Falls back to a coarse per-instance in-memory limit as a safety net while the store is down.',
        'Wants metrics and an alert for limiter errors and for decisions taken in degraded mode.',
        'Thinks about recovery: counters start at zero, so a backlog of clients may all get through at once.',
      ],
      redFlags: [
        'Says the store will not go down, or has not thought about it until asked.',
        "Lets every request wait on the store's default timeout, turning a limiter outage into an API outage.",
        'Fails closed everywhere without noticing that this takes the whole API down with the store.',
      ],
      minutes: 10,
      competencies: ['failure_modes', 'distributed_state'],
    },
    {
      key: 'fairness_between_tenants',
      prompt:
        'One large customer now sends 70% of all traffic, stays just under its limit, and other customers say the API feels slow. How does your design keep things fair?',
      followUps: [
        'How would you give a paid plan higher limits without a deploy?',
        'Should a heavy search request count the same as fetching one record?',
        'A client retries the instant it gets a 429. What does that do to your system, and what would you change?',
      ],
      signals: [
        'Limits per organisation as well as per key, so a customer cannot escape the limit by creating more keys.',
        'Keeps limits in configuration per plan or per customer rather than in code.',
        'Charges expensive endpoints more tokens than cheap ones.',
        'Protects the shared backend with a global limit divided fairly between tenants, and asks clients to back off with jitter.',
      ],
      redFlags: ['Only proposes raising or lowering one global limit.', 'Treats fairness as something customers must sort out among themselves.'],
      minutes: 8,
      competencies: ['fairness_and_tenancy', 'requirements_framing'],
    },
  ],
  guidance: {
    opening:
      'Introduce yourself and your team in a minute. Say that this is a design conversation: there is no single right answer, the candidate should think out loud, and you will add constraints as you go. Tell them they may ask clarifying questions at any time and that you will keep the last part of the interview for their questions.',
    candidateQuestions:
      'The questions total 48 minutes; watch the clock from the second question on. If the distributed-counter discussion runs long, shorten the fairness question rather than the store-outage one, and wrap up the design part by minute 53 so the candidate keeps at least 7 minutes to ask about the team and the work.',
    closing:
      'Thank the candidate, tell them who will contact them and roughly when, and do not hint at the outcome. Write your scorecard the same day, quoting what the candidate said.',
    notes: [
      'The store-outage question is the most revealing part of this kit; protect its time.',
      'Give hints when the candidate is stuck, and record that you did. A candidate who uses a hint well can still score 3.',
      'Score each competency from what you observed; do not average your overall impression into every line.',
      'If the candidate already knows a standard answer by heart, move quickly to the follow-ups that change the constraints.',
      'Avoid asking about specific products by name; judge the reasoning, not vocabulary.',
    ],
  },
};
