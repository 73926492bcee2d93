import type { KitContent } from '../kit-content.js';

export const apiDesignVersioningKit: KitContent = {
  key: 'api-design-versioning',
  title: 'Technical interview: API design and versioning',
  purpose:
    "Design a public HTTP API that third-party integrators build on, then evolve it. Observe the candidate's instinct for clear contracts, safe retries, useful errors, tenant isolation, and above all for changing an API without breaking the clients who depend on it.",
  stageKind: 'technical_interview',
  durationMinutes: 60,
  competencies: [
    {
      key: 'contract_design',
      name: 'Resource and contract design',
      description: 'Shapes resources, methods, status codes, pagination, errors and retries so that an integrator can use the API correctly without asking.',
      rubric: [
        'Uses verbs in every URL, returns 200 for errors, or represents money as floating point; no thought for retries or pagination.',
        'Produces reasonable endpoints but leaves out one of: pagination that stays stable under inserts, safe retries of creates, or a consistent error format.',
        'Uses resources with correct methods and status codes, cursor pagination, idempotency keys for creation, and a consistent machine-readable error body that names the field at fault.',
        "Does level 3 and also designs for the integrator's experience: predictable naming, filtering and expansion that save round trips, and money as integer minor units with a currency.",
      ],
    },
    {
      key: 'compatibility_and_versioning',
      name: 'Backward compatibility and versioning',
      description: 'Tells breaking from non-breaking changes, prefers additive evolution, and chooses and runs a versioning scheme deliberately.',
      rubric: [
        'Thinks renaming a field is harmless, or bumps to a new major version for every change without considering the cost of running both.',
        'Recognises obvious breaking changes (removals, renames) but misses subtle ones such as new enum values, new required inputs or changed defaults.',
        'Classifies changes correctly including the subtle ones, ships changes additively where possible, and picks a versioning scheme (path, header or date-based) with its trade-offs.',
        'Does level 3 and also explains how many versions the team can afford to run, and how to keep old versions as thin adapters over one current implementation.',
      ],
    },
    {
      key: 'deprecation_and_rollout',
      name: 'Deprecation and rollout',
      description: 'Retires old behaviour based on usage data and clear communication, and protects clients with contract tests in the pipeline.',
      rubric: [
        'Would remove an old version on a fixed date without knowing who still uses it or telling them.',
        'Announces deprecation but has no usage data per client and no way to catch accidental breaking changes before release.',
        'Measures usage per client, announces a timeline with deprecation and sunset signals in responses, publishes a migration guide, and catches breaking changes in CI (contract tests or schema diffs).',
        'Does level 3 and also uses short planned brownouts to find forgotten clients and handles customers who cannot migrate in time through an explicit, time-limited agreement.',
      ],
    },
    {
      key: 'api_security',
      name: 'Authentication, authorisation and abuse protection',
      description: 'Keeps each integrator inside their own data, stores credentials safely, validates input strictly and limits abuse.',
      rubric: [
        'Relies on hard-to-guess ids as the only protection, or stores API keys in plain text.',
        'Checks ownership in each handler by hand, with nothing to stop a new endpoint from forgetting it.',
        'Scopes every query by tenant in one central place, stores only a hash of each key (with a visible prefix for support), supports rotation and scopes, validates input and rejects unknown fields, and rate-limits per client.',
        'Does level 3 and also answers a foreign id with 404 rather than 403 to avoid confirming it exists, and adds tests that fail if an endpoint skips the tenant check.',
      ],
    },
  ],
  questions: [
    {
      key: 'design_invoices_api',
      prompt:
        'Design the public HTTP API that third-party integrators use to create, list, fetch and cancel invoices for their customers. Show me the endpoints, a request and a response.',
      followUps: [
        'A client pages through 100,000 invoices while new ones are being created. How does it avoid skipping or repeating any?',
        "A client's POST times out and it retries. How do you avoid creating two invoices?",
        'What does the response look like when the request is invalid?',
        'How do you represent amounts of money?',
      ],
      signals: [
        'Uses resource-oriented paths and correct methods and statuses (201 with the new resource, 404, 409, 422).',
        'Uses cursor pagination that stays stable while data changes.',
        'Accepts an idempotency key on creation and returns the original result on a retry.',
        'Returns a consistent, machine-readable error body (for example problem+json) that names the failing field.',
        'Represents money as an integer amount in minor units plus a currency code.',
      ],
      redFlags: ['Returns 200 with an error message in the body.', 'Uses floating-point numbers for money.'],
      minutes: 12,
      competencies: ['contract_design'],
    },
    {
      key: 'classify_breaking_changes',
      prompt:
        'Six months after launch, product wants to rename "customer" to "account", split "amount" into "subtotal" and "tax", and make "due_date" required when creating an invoice. Which of these break clients, and how would you ship each one?',
      followUps: [
        'Is adding a field ever a breaking change? What about adding a new value to a status enum?',
        'How would you know which clients still depend on the old shape?',
        'Path versioning, a version header, or date-based versions: which would you choose, and why?',
      ],
      signals: [
        'Identifies the rename and the new required field as breaking, and proposes adding the new fields alongside the old ones first.',
        'Knows subtle breaking changes: new enum values for strict clients, new required inputs, changed defaults or error codes.',
        'Expects clients to ignore unknown fields, and documents this.',
        'Chooses a versioning scheme with its costs, including how many versions the team would run at once.',
      ],
      redFlags: ['Bumps to v2 for every change without weighing the cost of running two versions.', 'Considers renaming a field harmless.'],
      minutes: 12,
      competencies: ['compatibility_and_versioning'],
    },
    {
      key: 'retire_v1',
      prompt: 'You now have v2. Forty integrators still call v1. How do you retire it?',
      followUps: ['What does a v1 client see in responses before the removal date?', 'A large customer says they cannot migrate for a year. What now?'],
      signals: [
        'Measures usage per client and endpoint before setting dates.',
        'Announces a timeline, adds deprecation and sunset signals to responses, and publishes a migration guide with examples.',
        'Considers short planned brownouts to surface clients nobody knew about.',
        'Handles the large customer through an explicit, time-limited exception agreed with the business.',
      ],
      redFlags: ['Removes v1 on a date without usage data.', 'Has no plan for telling integrators.'],
      minutes: 8,
      competencies: ['deprecation_and_rollout', 'compatibility_and_versioning'],
    },
    {
      key: 'tenant_isolation_and_keys',
      prompt:
        "Integrators authenticate with API keys. How do you make sure one integrator can never read another's invoices, and how do you protect the API from misuse?",
      followUps: [
        'Where in the code does the tenant check happen, and what stops a new endpoint from forgetting it?',
        'How do you store API keys, and how does a customer rotate one?',
        'A request asks for an invoice that belongs to another integrator. Do you answer 403 or 404?',
      ],
      signals: [
        'Scopes every data access by tenant in one shared layer, not in each handler.',
        'Stores a hash of each key, shows a prefix for identification, supports rotation and scoped permissions.',
        "Answers 404 for other tenants' ids so their existence is not revealed.",
        'Validates input strictly, rejects unknown fields, and rate-limits per client.',
      ],
      redFlags: ['Relies on random ids as the only protection.', 'Stores API keys in plain text.'],
      minutes: 10,
      competencies: ['api_security'],
    },
    {
      key: 'guard_the_contract',
      prompt: 'How would you make sure a developer on your team cannot accidentally ship a breaking change to this API?',
      followUps: ['What runs in CI, and what does it compare against?', 'How do you know your documentation matches what the API actually does?'],
      signals: [
        'Keeps a machine-readable API description and compares it with the released one in CI, failing on breaking differences.',
        'Uses contract tests, ideally driven by real client expectations, alongside integration tests.',
        'Generates or checks documentation from the same source as the code.',
      ],
      redFlags: ['Relies on code review alone.', 'Thinks unit tests of handlers are enough to protect clients.'],
      minutes: 8,
      competencies: ['deprecation_and_rollout', 'contract_design'],
    },
  ],
  guidance: {
    opening:
      'Introduce yourself and explain that the interview designs one small public API and then changes it over time. Invite the candidate to write endpoints and example payloads in the shared document in whatever notation they like.',
    candidateQuestions:
      'The questions total 50 minutes. If the first design runs long, shorten the CI question rather than versioning. Stop by minute 55 so the candidate has at least 5 minutes for their questions.',
    closing:
      'Thank the candidate and explain the next steps and when they will hear back. Do not give a verdict. Record the endpoints and the breaking-change classification they gave on the scorecard.',
    notes: [
      "Versioning and backward compatibility are the main differentiators in this kit; protect that question's time.",
      'REST, RPC or GraphQL are all acceptable starting points; ask how the same concerns apply in the style they chose.',
      'Do not reward memorised status-code lists; reward reasons tied to what the client needs to do next.',
      'Keep the invoice scenario consistent between candidates so the scores are comparable.',
    ],
  },
};
