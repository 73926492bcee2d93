import {
  LANGUAGES,
  SENIORITIES,
  SYSTEM_TYPES,
  WORK_MODELS,
  type BuiltInTemplate,
  type Language,
  type Seniority,
  type SystemType,
  type WorkModel,
} from './template-content.js';
import { PAY_RANGE_SENTENCE, builtInVariables, composeSections, hiringLoop, type Fragment } from './fragments.js';

export const BACKEND_FAMILY = 'backend-developer';

/** One point in the four-axis space of the Backend Developer family. */
export interface BackendAxes {
  language: Language;
  seniority: Seniority;
  systemType: SystemType;
  workModel: WorkModel;
}

type AxisFragment = (axes: BackendAxes) => Fragment;

const SENIORITY_TITLE: Record<Seniority, string> = {
  junior: 'Junior',
  mid: 'Mid-level',
  senior: 'Senior',
  staff: 'Staff',
};

const LANGUAGE_LABEL: Record<Language, string | null> = {
  python: 'Python',
  java: 'Java',
  nodejs: 'Node.js',
  go: 'Go',
  csharp: 'C#',
  any: null,
};

const SYSTEM_LABEL: Record<SystemType, string> = {
  crud: 'Product APIs',
  data_intensive: 'Data-Intensive',
  distributed: 'Distributed Systems',
  platform: 'Platform',
  security: 'Security',
};

/** " in Go" / "" — used inside the years-of-experience requirement. */
const inLanguage = (language: Language): string => (LANGUAGE_LABEL[language] ? ` in ${LANGUAGE_LABEL[language]}` : '');
const isEarlyCareer = (axes: BackendAxes): boolean => axes.seniority === 'junior';

export function backendTitle(axes: BackendAxes): string {
  const qualifiers = [LANGUAGE_LABEL[axes.language], SYSTEM_LABEL[axes.systemType]].filter(Boolean);
  return `${SENIORITY_TITLE[axes.seniority]} Backend Engineer (${qualifiers.join(', ')})`;
}

export function backendKey(axes: BackendAxes): string {
  return [BACKEND_FAMILY, axes.language, axes.seniority, axes.systemType, axes.workModel].join('.');
}

const BACKEND_LOOP = hiringLoop(
  'A take-home exercise: a small, realistic API with clear requirements, reviewed by engineers on the team rather than an automated grader. It is not an algorithm puzzle.',
);

// --- base ------------------------------------------------------------------------------------

const base: AxisFragment = (axes) => ({
  summary: [`{{companyName}} is hiring a ${SENIORITY_TITLE[axes.seniority].toLowerCase()} backend engineer for the {{teamName}} team ({{location}}).`],
  responsibilities: [
    'Write unit, integration and contract tests that protect business logic and keep APIs backward compatible.',
    'Instrument your code with structured logs, metrics and traces, and use them to track down production issues.',
  ],
  requirements: ['Comfortable writing SQL well past simple lookups, working in Git with code review, and testing your own code.'],
  niceToHave: [
    'Experience packaging services with Docker and deploying them to AWS, GCP or Azure.',
    'Contributions to open-source backend frameworks, libraries or tooling.',
  ],
  skills: ['SQL', 'REST API design', 'Git', 'Automated testing', 'Docker', 'Logs, metrics and traces'],
  interviewFocus: BACKEND_LOOP.opening.interviewFocus,
  compensation: [PAY_RANGE_SENTENCE],
});

// --- language --------------------------------------------------------------------------------

const LANGUAGE: Record<Language, Fragment> = {
  python: {
    summary: ['Our services are written in Python, with Django and FastAPI for HTTP, Celery for background work and PostgreSQL for storage.'],
    responsibilities: ['Build Python services with Django or FastAPI, and the Celery tasks that run behind them.'],
    requirements: ['Solid Python: type hints, packaging and dependency management, and a web framework such as Django or FastAPI.'],
    niceToHave: ['Experience with SQLAlchemy or the Django ORM on large tables, and with async Python (asyncio).'],
    skills: ['Python', 'Django', 'FastAPI', 'Celery', 'SQLAlchemy', 'pytest'],
    interviewFocus: ['A code review of Python you are shown: readability, typing and how you would test it with pytest.'],
  },
  java: {
    summary: ['The stack is Java on the JVM: Spring Boot services, PostgreSQL and Kafka, in long-lived codebases where clear structure matters.'],
    responsibilities: ['Build and evolve Spring Boot services, keeping a large, long-lived Java codebase clean and well tested.'],
    requirements: ['Strong Java and Spring (Spring Boot, Spring Data), including concurrency with the java.util.concurrent toolkit.'],
    niceToHave: ['JVM tuning experience: choosing a garbage collector, sizing the heap and reading thread dumps under load.'],
    skills: ['Java', 'Spring Boot', 'JVM tuning', 'Hibernate / JPA', 'JUnit'],
    interviewFocus: ['A Java conversation covering concurrency, garbage collection and testing with JUnit.'],
  },
  nodejs: {
    summary: ['Services are written in TypeScript on Node.js, so fluency with asynchronous code and the event loop is essential.'],
    responsibilities: ['Build TypeScript services on Node.js (NestJS or Express) and keep blocking work off the event loop.'],
    requirements: ['Strong TypeScript on Node.js, with a clear model of the event loop, promises and asynchronous error handling.'],
    niceToHave: ['Experience with real-time features over WebSockets, or with serverless functions.'],
    skills: ['TypeScript', 'Node.js', 'NestJS or Express', 'Prisma or TypeORM', 'Jest'],
    interviewFocus: ['A Node.js conversation about the event loop, asynchronous error handling and moving CPU-heavy work off the main thread.'],
  },
  go: {
    summary: ['Services are written in Go and kept small, simple and easy to operate.'],
    responsibilities: ['Write small, focused Go services that are easy to read, deploy and run.'],
    requirements: ['Solid Go, including concurrency with goroutines and channels, context cancellation and explicit error handling.'],
    niceToHave: ['Profiling Go services with pprof and cutting allocations on hot paths.'],
    skills: ['Go', 'Goroutines and channels', 'gRPC', 'pprof', 'Go testing and benchmarks'],
    interviewFocus: ['A Go discussion on concurrency patterns (goroutines, channels, context) and on keeping a service easy to operate.'],
  },
  csharp: {
    summary: ['The stack is C# on .NET: ASP.NET Core services with Entity Framework Core over SQL Server or PostgreSQL.'],
    responsibilities: ['Build ASP.NET Core services and keep data access through EF Core efficient and predictable.'],
    requirements: ['Strong C# and .NET: ASP.NET Core, dependency injection, async/await and EF Core.'],
    niceToHave: ['Experience with Azure services and with integrating existing enterprise systems.'],
    skills: ['C#', '.NET', 'ASP.NET Core', 'EF Core', 'xUnit'],
    interviewFocus: ['A .NET conversation about async/await pitfalls, how EF Core turns LINQ into SQL, and testing with xUnit.'],
  },
  any: {
    summary: ['We care more about strong backend fundamentals than about one particular language; you can learn our stack on the job.'],
    responsibilities: ['Work across services written in more than one language, picking up a new ecosystem when the work calls for it.'],
    requirements: ['Fluency in at least one server-side language (for example Python, Java, Go, C# or TypeScript) and willingness to learn others.'],
    niceToHave: ['Production experience in two or more backend ecosystems.'],
    skills: ['A server-side language of your choice', 'PostgreSQL'],
    interviewFocus: ['You can do every exercise in the language you know best.'],
  },
};

// --- seniority -------------------------------------------------------------------------------

const SENIORITY: Record<Seniority, AxisFragment> = {
  junior: (axes) => ({
    summary: [
      'This is an early-career role: you will add to services that already exist, with pairing and review from experienced engineers, and grow quickly in how production software is built, tested and shipped.',
    ],
    responsibilities: [
      'Implement API endpoints, database queries and background tasks from well-scoped tickets.',
      'Fix defects and add the tests that stop them from coming back.',
      'Open small, readable pull requests and learn from the review feedback you get.',
      "Learn the team's deployment and monitoring workflow, and sit in on incident reviews.",
    ],
    requirements: [
      `0–2 years of experience building software${inLanguage(axes.language)}; internships, apprenticeships and substantial personal projects count.`,
      'Care for implementation quality: readable code, meaningful names and tests that cover the edge cases.',
      'Curiosity and a habit of asking questions early; you enjoy learning from code review.',
    ],
    niceToHave: ['A project you can walk us through, explaining what you built and what you would change now.'],
    skills: ['Debugging', 'Code review'],
    interviewFocus: [
      'No large-scale design round at this level: instead, a paired session where you extend a small existing service with an interviewer alongside.',
    ],
  }),
  mid: (axes) => ({
    summary: [
      'You will own features and small services from the first design note to production, making sensible trade-offs together with product, QA and operations colleagues.',
    ],
    responsibilities: [
      'Turn product requirements into a plan, break the work down and deliver it end to end.',
      'Own one or two small services: their performance, their alerts and their backlog of technical debt.',
      'Write short design notes that explain the trade-offs you chose and why.',
      'Review colleagues’ code and help newer engineers get unstuck.',
    ],
    requirements: [
      `2–5 years of experience building and running production backend services${inLanguage(axes.language)}.`,
      'Evidence of owning a feature or a small service end to end, including the trade-offs made along the way.',
    ],
    niceToHave: ['Experience speeding up a slow endpoint or query and measuring the result.'],
    skills: ['Performance profiling', 'Technical design notes'],
    interviewFocus: ['A design conversation sized to a single service: data model, API shape and what happens when traffic grows.'],
  }),
  senior: (axes) => ({
    summary: [
      'As a senior engineer you will lead the design of the services your team owns, raise the bar on reliability and mentor the engineers around you.',
    ],
    responsibilities: [
      'Lead system design for new services and major changes, and write the design documents that get them agreed.',
      'Mentor mid-level and junior engineers through pairing, review and clear feedback.',
      'Drive reliability: observability, calm incident response and follow-up actions that actually get done.',
      'Spot technical debt and security risks early and plan how to pay them down.',
    ],
    requirements: [
      `5+ years of backend engineering experience${inLanguage(axes.language)}, including production services you designed or substantially reshaped.`,
      'A record of leading system design and of handling ambiguity, scaling problems and incidents with a clear head.',
    ],
    niceToHave: ['Has mentored engineers who went on to take on larger scope.'],
    skills: ['System design', 'Mentoring', 'Incident response'],
    interviewFocus: ['A system design round on a larger problem, such as a rate limiter or a distributed cache, run as a conversation rather than an exam.'],
  }),
  staff: (axes) => ({
    summary: [
      'This staff role spans several teams: you will shape technical strategy, set engineering standards and plan the migrations that keep our systems healthy for years, while still writing code where it matters most.',
    ],
    responsibilities: [
      'Set the technical strategy for backend systems across several teams, and write it down so others can act on it.',
      'Define and maintain engineering standards: service templates, API conventions, and review and testing expectations.',
      'Plan and lead multi-quarter migrations, sequencing them so that teams keep shipping along the way.',
      'Make and document platform decisions together with engineering managers and other staff engineers.',
      'Grow senior engineers into technical leaders.',
    ],
    requirements: [
      `8+ years of backend engineering experience${inLanguage(axes.language)}, including several years setting technical direction beyond your own team.`,
      'Has planned and led at least one large migration or platform change that spanned multiple teams.',
      'Writes strategy and standards documents that teams adopt without constant follow-up.',
    ],
    niceToHave: ['Public technical writing or conference talks about systems you have built.'],
    skills: ['Technical strategy', 'Migration planning', 'Engineering standards', 'Architecture review'],
    interviewFocus: [
      'A system design round on a larger problem, such as a rate limiter or a distributed cache, run as a conversation rather than an exam.',
      'A deep-dive on a migration or cross-team decision you led: what you weighed, whom you had to convince and what you would change.',
    ],
  }),
};

// --- system type -----------------------------------------------------------------------------

const SYSTEM: Record<SystemType, AxisFragment> = {
  crud: (axes) => ({
    summary: [
      'The team builds the product APIs behind our application: business rules, validation, permissions and a relational data model that must stay correct as the product grows.',
    ],
    responsibilities: [
      isEarlyCareer(axes)
        ? 'Build REST endpoints with careful input validation, authorization checks and clear error responses.'
        : 'Design REST endpoints with careful input validation, authorization checks, clear error responses and a versioning plan.',
      'Keep business data consistent in PostgreSQL with constraints, transactions and safe migrations.',
    ],
    requirements: isEarlyCareer(axes)
      ? [
          'A working grasp of relational data: joins, indexes and transactions.',
          'Understanding of HTTP and REST basics: methods, status codes and request validation.',
        ]
      : [
          'Good relational modelling in PostgreSQL or MySQL: normalisation, constraints, indexing strategy and transactions.',
          'Experience designing and versioning APIs that other teams or customers depend on.',
        ],
    niceToHave: ['Experience with multi-tenant SaaS data models.'],
    skills: ['PostgreSQL', 'Data validation', 'Authorization'],
    interviewFocus: ['A relational schema design exercise: entities, keys, indexes and how the model copes with new requirements.'],
  }),
  data_intensive: (axes) => ({
    summary: [
      'The systems here move and store a lot of data: ingestion pipelines, event streams, reporting queries and the storage patterns that keep all of it fast.',
    ],
    responsibilities: isEarlyCareer(axes)
      ? [
          'Implement and test steps of existing data pipelines, and fix the data issues they surface.',
          'Tune slow reporting queries with guidance, measuring before and after.',
        ]
      : [
          'Build and run data pipelines that ingest, transform and serve large volumes reliably, even when inputs arrive late or twice.',
          'Choose storage patterns (partitioning, batching, materialised views, columnar stores) that keep reporting queries fast.',
        ],
    requirements: isEarlyCareer(axes)
      ? [
          'Interest in data pipelines and comfort writing SQL that aggregates large tables.',
          'Willingness to learn how large tables are partitioned, indexed and archived.',
        ]
      : [
          'Experience building batch or streaming pipelines (for example with Kafka, Airflow or Spark) and keeping them correct.',
          'Knowledge of storage patterns for large datasets: partitioning, indexing and when a warehouse such as BigQuery beats the transactional database.',
        ],
    niceToHave: ['Exposure to analytics workflows or to serving machine-learning models next to product backends.'],
    skills: ['Data pipelines', 'Kafka', 'SQL query tuning', 'BigQuery or Snowflake'],
    interviewFocus: ['A data-flow discussion: how you would ingest, deduplicate and query a high-volume event stream.'],
  }),
  distributed: (axes) => ({
    summary: [
      'You will work on high-traffic distributed services, where caching, queues, latency and failure handling decide whether customers ever notice a bad day.',
    ],
    responsibilities: isEarlyCareer(axes)
      ? [
          'Implement retries, timeouts and idempotent handlers in existing services, following the patterns the team has set.',
          'Add caching and queue consumers with guidance, and check their effect with metrics and traces.',
        ]
      : [
          'Build services that survive partial failure: timeouts, retries with backoff, idempotent handlers and backpressure when downstream systems slow down.',
          'Reduce latency with caching and careful use of message queues, and prove the gains with metrics and distributed tracing.',
        ],
    requirements: isEarlyCareer(axes)
      ? [
          'Awareness of what goes wrong between networked services (timeouts, retries, duplicate messages) and eagerness to learn how to handle it.',
          'Some exposure to message queues or caches such as Redis, even from personal projects.',
        ]
      : [
          'Hands-on experience with the failure modes of distributed systems: partial outages, retries, idempotency, ordering and backpressure.',
          'Production use of message queues or streams (Kafka, RabbitMQ or SQS) and of caches such as Redis.',
        ],
    niceToHave: ['Knowledge of consistency models and of when eventual consistency is acceptable.'],
    skills: ['Distributed systems', 'Idempotency', 'Message queues', 'Redis caching', 'Distributed tracing'],
    interviewFocus: [
      isEarlyCareer(axes)
        ? 'Questions on code you are shown: what happens when a message arrives twice or a downstream call times out.'
        : 'A rate-limiter or job-queue design discussion focused on concurrency, failure modes and backpressure.',
    ],
  }),
  platform: (axes) => ({
    summary: [
      'This is an internal platform role: your users are other engineers, and success means they can build, deploy and debug services without waiting on anyone.',
    ],
    responsibilities: isEarlyCareer(axes)
      ? [
          'Improve internal tools, CI/CD pipelines and service templates under guidance, fixing the rough edges other engineers report.',
          'Keep runbooks and platform documentation accurate as things change.',
        ]
      : [
          'Build and run the deployment systems, service templates and internal APIs that product teams depend on.',
          'Improve developer experience: faster builds, safer rollouts and runbooks people actually use.',
        ],
    requirements: isEarlyCareer(axes)
      ? [
          'Familiarity with Docker and a CI/CD pipeline, and curiosity about how Kubernetes and cloud infrastructure work.',
          'Interest in observability: reading logs and metrics to understand what a service is doing.',
        ]
      : [
          'Experience running containerised services on Kubernetes in a cloud (AWS, GCP or Azure), with CI/CD pipelines you built or maintained.',
          'An operator’s mindset: clear logs, useful metrics and alerts, and tools that fail loudly rather than silently.',
        ],
    niceToHave: ['Infrastructure as code with Terraform, and time on an on-call rotation for shared infrastructure.'],
    skills: ['Kubernetes', 'CI/CD', 'Terraform', 'Prometheus and OpenTelemetry'],
    interviewFocus: ['A discussion of an internal tool or pipeline you improved: who used it, what broke and how you measured success.'],
  }),
  security: (axes) => ({
    summary: ['The services handle identity, access and sensitive data, so security and compliance are part of every design and every code review.'],
    responsibilities: [
      isEarlyCareer(axes)
        ? 'Take part in threat-modelling sessions and fix the security findings assigned to you.'
        : 'Run threat modelling for new features and changes, and fix what it finds before launch.',
      'Implement authentication and authorization (authn/authz) correctly and consistently: OAuth2, OIDC, role- and attribute-based access.',
      'Keep audit logs complete and tamper-evident, and support compliance reviews with evidence.',
    ],
    requirements: isEarlyCareer(axes)
      ? [
          'Awareness of common web vulnerabilities (OWASP Top 10) and a habit of validating input and handling secrets carefully.',
          'Understanding of how authentication and authorization differ, and of token and session basics.',
        ]
      : [
          'Practical threat modelling and secure coding: input validation, secrets management and the OWASP Top 10.',
          'Hands-on authentication and authorization work (OAuth2/OIDC, JWT, session handling, least privilege) and audit logging.',
        ],
    niceToHave: ['Experience in regulated environments such as SOC 2, ISO 27001, PCI DSS or HIPAA.'],
    skills: ['Threat modelling', 'OAuth2 / OIDC', 'Access control', 'Audit logging', 'Secrets management'],
    interviewFocus: ['A security review of a small API: where authn/authz can fail, what to record for audit and what to fix first.'],
  }),
};

// --- work model ------------------------------------------------------------------------------

const WORK: Record<WorkModel, Fragment> = {
  onsite: {
    summary: ['This is an on-site role: the team works together in the office, which keeps pairing and whiteboard sessions easy.'],
    responsibilities: ['Pair in person and join whiteboard sessions, planning and demos in the office.'],
    requirements: ['Able to work from the office full time, and enjoy fast, face-to-face collaboration.'],
    interviewFocus: ['The final conversation takes place in the office, so you can meet the team and see where you would work.'],
  },
  hybrid: {
    summary: ['The team is hybrid: some days together in the office for planning and pairing, the rest from home.'],
    responsibilities: ['Use office days for planning, pairing and design discussions, and home days for focused work.'],
    requirements: ['Comfortable splitting the week between office and home while keeping your work visible to colleagues on both kinds of day.'],
    interviewFocus: ['Interviews are held by video, with an optional office visit before any offer.'],
  },
  remote: {
    summary: ['The role is fully remote. We work asynchronously across time zones, so clear writing matters as much as clear code.'],
    responsibilities: [
      'Communicate in writing by default: design notes, tidy issues and pull-request descriptions that colleagues in other time zones can act on without a meeting.',
    ],
    requirements: ['Clear written communication and comfort working asynchronously and independently, with limited live support.'],
    niceToHave: ['Previous experience on a fully remote, distributed team.'],
    skills: ['Asynchronous written communication'],
    interviewFocus: ['A short written step, such as commenting asynchronously on a design note, alongside the live interviews.'],
    compensation: ['We tell you before the offer stage whether the range is adjusted for where you live.'],
  },
  contract: {
    summary: [
      'This is a fixed-term contract with defined deliverables: you will get productive quickly in our codebase, ship against agreed milestones and leave the work in a state the team can own.',
    ],
    responsibilities: [
      'Deliver the agreed scope against milestones, raising risks to scope or dates early.',
      'Finish with a clean handover: documentation, runbooks and a walkthrough for the engineers who take the work over.',
    ],
    requirements: ['Evidence of getting productive fast in an unfamiliar stack and delivering defined outcomes without a long onboarding.'],
    interviewFocus: ['A scoping conversation on deliverables, milestones and how the handover will work.'],
    compensation: ['For a contract, this range is converted into a day or monthly rate that we agree before work starts.'],
  },
};

// --- combinations worth a line of their own -------------------------------------------------

const COMBINATIONS: Array<{ when: Partial<BackendAxes>; fragment: Fragment }> = [
  {
    when: { language: 'go', systemType: 'platform' },
    fragment: {
      responsibilities: [
        'Write platform tooling in Go with operational clarity in mind: predictable behaviour, useful logs and a runbook for every component.',
      ],
      niceToHave: ['Experience writing Kubernetes operators or command-line tools in Go.'],
    },
  },
  {
    when: { language: 'python', systemType: 'data_intensive' },
    fragment: { niceToHave: ['Experience with pandas, Airflow or dbt in production pipelines.'] },
  },
  {
    when: { language: 'java', systemType: 'distributed' },
    fragment: { niceToHave: ['Experience with Kafka Streams or reactive Java under heavy load.'] },
  },
  {
    when: { language: 'nodejs', systemType: 'crud' },
    fragment: { niceToHave: ['Experience running Prisma or TypeORM migrations against a live product database.'] },
  },
  {
    when: { language: 'csharp', systemType: 'security' },
    fragment: { niceToHave: ['Experience with ASP.NET Core Identity or Microsoft Entra ID integration.'] },
  },
];

function combinationFragments(axes: BackendAxes): Fragment[] {
  return COMBINATIONS.filter(({ when }) => (Object.keys(when) as Array<keyof BackendAxes>).every((axis) => when[axis] === axes[axis])).map(
    ({ fragment }) => fragment,
  );
}

/** Compose one Backend Developer template from the base and the four axis fragments. */
export function backendTemplate(axes: BackendAxes): BuiltInTemplate {
  const fragments: Fragment[] = [
    base(axes),
    SENIORITY[axes.seniority](axes),
    SYSTEM[axes.systemType](axes),
    LANGUAGE[axes.language],
    WORK[axes.workModel],
    ...combinationFragments(axes),
    BACKEND_LOOP.closing,
  ];
  return {
    key: backendKey(axes),
    family: BACKEND_FAMILY,
    title: backendTitle(axes),
    language: axes.language,
    seniority: axes.seniority,
    systemType: axes.systemType,
    workModel: axes.workModel,
    sections: composeSections(fragments),
    variables: builtInVariables(),
  };
}

/** All 6 × 4 × 5 × 4 = 480 combinations, in a fixed order. */
export function backendTemplates(): BuiltInTemplate[] {
  const templates: BuiltInTemplate[] = [];
  for (const language of LANGUAGES)
    for (const seniority of SENIORITIES)
      for (const systemType of SYSTEM_TYPES)
        for (const workModel of WORK_MODELS) templates.push(backendTemplate({ language, seniority, systemType, workModel }));
  return templates;
}
