import { SENIORITIES, type BuiltInTemplate, type Seniority } from './template-content.js';
import { PAY_RANGE_SENTENCE, builtInVariables, composeSections, hiringLoop, type Fragment } from './fragments.js';

/**
 * Families next to backend work that candidates and hiring teams compare it with:
 * platform/DevOps, data engineering, full-stack, frontend, QA automation and SRE.
 * Each is a family base plus a shared seniority layer, parametrised by what the family works on.
 */
export interface FamilyDefinition {
  family: string;
  /** Role name used in titles, e.g. "Data Engineer". */
  role: string;
  /** Role name inside a sentence, e.g. "data engineer". */
  noun: string;
  /** What the engineer works on, for the seniority layer: "our data pipelines and warehouse". */
  domain: string;
  /** What experience is counted in years: "data pipelines, SQL and data modelling". */
  experience: string;
  base: Fragment;
  /** The practical step of this family's interview loop. */
  exercise: string;
}

const SENIORITY_PREFIX: Record<Seniority, string> = { junior: 'Junior ', mid: 'Mid-level ', senior: 'Senior ', staff: 'Staff ' };

function seniorityLayer(seniority: Seniority, def: FamilyDefinition): Fragment {
  const { domain, experience } = def;
  switch (seniority) {
    case 'junior':
      return {
        summary: [`This is an early-career role: you will work on ${domain} with support from experienced colleagues, and grow your craft quickly.`],
        responsibilities: [
          `Pick up well-scoped tasks on ${domain} and see them through to production with review.`,
          'Write tests and notes for what you change, and ask questions early.',
        ],
        requirements: [
          `0–2 years of experience with ${experience}; internships and substantial personal projects count.`,
          'Care for implementation quality and eagerness to learn from code review.',
        ],
        interviewFocus: ['A paired exercise on a small, realistic task instead of a large design round.'],
      };
    case 'mid':
      return {
        summary: [`You will own meaningful parts of ${domain} end to end and make sound trade-offs with the people who rely on them.`],
        responsibilities: [
          `Own features or components of ${domain} from plan to production, including their upkeep.`,
          'Write short design notes and review colleagues’ work.',
        ],
        requirements: [`2–5 years of experience with ${experience}.`, 'Has owned a component end to end, trade-offs included.'],
        interviewFocus: ['A design conversation sized to a single component.'],
      };
    case 'senior':
      return {
        summary: [`As a senior engineer you will lead design work on ${domain}, mentor others and raise the quality bar.`],
        responsibilities: [
          `Lead the design of significant changes to ${domain} and write them up for review.`,
          'Mentor engineers, and lead incident follow-ups and quality improvements.',
        ],
        requirements: [
          `5+ years of experience with ${experience}, including work you designed and led.`,
          'Handles ambiguity and communicates well across teams.',
        ],
        interviewFocus: ['A design round on a larger problem from this field, run as a conversation.'],
      };
    case 'staff':
      return {
        summary: [`This staff role sets direction for ${domain} across several teams: technical strategy, standards and the migrations that get there.`],
        responsibilities: [
          `Set the technical strategy for ${domain} across teams and document it.`,
          'Define engineering standards and lead multi-quarter migrations without stalling delivery.',
        ],
        requirements: [
          `8+ years of experience with ${experience}, including setting direction beyond a single team.`,
          'Has planned and led a large migration or cross-team change.',
        ],
        interviewFocus: ['A deep-dive into a cross-team decision or migration you led.'],
      };
  }
}

const opening = (def: FamilyDefinition, seniority: Seniority): string =>
  `{{companyName}} is hiring a ${SENIORITY_PREFIX[seniority].toLowerCase()}${def.noun} for the {{teamName}} team ({{location}}).`;

export const ADJACENT_FAMILIES: readonly FamilyDefinition[] = [
  {
    family: 'platform-devops',
    role: 'Platform Engineer (DevOps)',
    noun: 'platform engineer with a DevOps focus',
    domain: 'our infrastructure and delivery pipelines',
    experience: 'cloud infrastructure, CI/CD and containers',
    base: {
      summary: [
        'The platform group builds the paved road every other engineer uses: build and deploy pipelines, Kubernetes clusters, infrastructure as code and the internal tooling around them.',
      ],
      responsibilities: [
        'Run and improve CI/CD pipelines so that deploys are frequent, fast and uneventful.',
        'Manage cloud infrastructure on AWS, GCP or Azure as code with Terraform, reviewed like application code.',
        'Operate Kubernetes clusters and the service templates teams start from.',
        'Build internal tools that shorten the path from commit to production.',
      ],
      requirements: [
        'Hands-on experience with Docker, Kubernetes and at least one major cloud provider.',
        'Infrastructure as code (Terraform, Pulumi or similar) and scripting in Bash plus Python or Go.',
        'Networking fundamentals: DNS, load balancing and TLS.',
      ],
      niceToHave: ['GitOps tooling such as Argo CD or Flux.', 'Work on cloud cost visibility and reduction.'],
      skills: ['Kubernetes', 'Terraform', 'CI/CD (GitHub Actions or GitLab CI)', 'AWS, GCP or Azure', 'Linux', 'Prometheus'],
    },
    exercise: 'A practical exercise: fix or extend a small Terraform module or pipeline definition, then talk us through it.',
  },
  {
    family: 'data-engineering',
    role: 'Data Engineer',
    noun: 'data engineer',
    domain: 'our data pipelines and warehouse',
    experience: 'data pipelines, SQL and data modelling',
    base: {
      summary: ['The data team turns product events and operational data into trustworthy datasets for analytics, reporting and machine learning.'],
      responsibilities: [
        'Build batch and streaming pipelines that land data on time and correct.',
        'Model data in the warehouse (BigQuery, Snowflake or similar) so analysts can answer questions without guesswork.',
        'Add data-quality checks, lineage and alerting so problems surface before a dashboard is wrong.',
        'Agree event schemas and change-data-capture with backend engineers.',
      ],
      requirements: [
        'Strong SQL and dimensional or event-based data modelling.',
        'Experience with an orchestrator such as Airflow or Dagster and a transformation tool such as dbt.',
        'Python for pipeline code and its tests.',
      ],
      niceToHave: ['Streaming experience with Kafka, Flink or Spark Structured Streaming.', 'Serving features or training data to machine-learning models.'],
      skills: ['SQL', 'Python', 'Airflow', 'dbt', 'Kafka', 'BigQuery or Snowflake'],
    },
    exercise: 'A data-modelling exercise: design tables that answer a set of business questions and explain the trade-offs.',
  },
  {
    family: 'full-stack',
    role: 'Full-Stack Engineer',
    noun: 'full-stack engineer',
    domain: 'product features across frontend and backend',
    experience: 'building web applications on both the frontend and the backend',
    base: {
      summary: ['You will ship product features from the database to the browser, owning both the API and the interface on top of it.'],
      responsibilities: [
        'Build features end to end: schema change, API endpoint and React interface.',
        'Keep the contract between frontend and backend clear, typed and versioned.',
        'Write tests at the right level: unit, integration and a few end-to-end checks with Playwright.',
        'Work with design and product to shape features before any code is written.',
      ],
      requirements: [
        'TypeScript on both sides: React in the browser and Node.js on the server.',
        'Relational database skills in PostgreSQL: schema design, indexes and migrations.',
        'Web fundamentals: HTTP caching, accessibility and browser security (CORS, XSS, CSRF).',
      ],
      niceToHave: ['Experience with Next.js or other server-side rendering.', 'Work on a design system or component library.'],
      skills: ['TypeScript', 'React', 'Node.js', 'PostgreSQL', 'REST or GraphQL', 'Playwright'],
    },
    exercise: 'A take-home feature: a small API and one screen that uses it, kept to a few hours.',
  },
  {
    family: 'frontend',
    role: 'Frontend Engineer',
    noun: 'frontend engineer',
    domain: 'our web application',
    experience: 'building production web interfaces',
    base: {
      summary: ['You will build the interface people use every day, and keep it fast, accessible and consistent.'],
      responsibilities: [
        'Build accessible, responsive interfaces in React and TypeScript.',
        'Keep pages fast: watch Core Web Vitals and fix regressions before users feel them.',
        'Contribute components and guidelines to the design system.',
        'Work with backend engineers on API shapes that suit the interface.',
      ],
      requirements: [
        'Strong TypeScript, HTML and CSS, with a modern framework such as React or Vue.',
        'Accessibility in practice: semantic HTML, keyboard support and WCAG 2.1 AA.',
        'Testing interface code with Testing Library and an end-to-end tool such as Playwright or Cypress.',
      ],
      niceToHave: ['Experience with Next.js and server-side rendering.', 'Working closely with designers in Figma.'],
      skills: ['TypeScript', 'React', 'CSS', 'Accessibility (WCAG)', 'Web performance', 'Playwright or Cypress'],
    },
    exercise: 'A practical exercise: build a small component from a design, then discuss state, accessibility and tests.',
  },
  {
    family: 'qa-automation',
    role: 'QA Automation Engineer',
    noun: 'QA automation engineer',
    domain: 'our test automation',
    experience: 'test automation',
    base: {
      summary: ['You will build the automated tests and tooling that let the team release often and with confidence.'],
      responsibilities: [
        'Build and maintain end-to-end and API test suites with Playwright, Cypress or Selenium.',
        'Run the suites in CI so every pull request gets fast, trustworthy feedback, and hunt down flaky tests.',
        'Agree a test strategy with engineers: which risks unit, integration and end-to-end tests each cover.',
        'Test APIs and data as well as screens: contract tests, test data and environments.',
      ],
      requirements: [
        'Programming skill in TypeScript, Python or Java, writing test code as clean as product code.',
        'Experience with a browser automation framework and with API testing tools.',
        'Running test suites in CI/CD pipelines such as GitHub Actions, GitLab CI or Jenkins.',
      ],
      niceToHave: ['Load testing with k6 or Gatling.', 'Contract testing with Pact.'],
      skills: ['Playwright', 'Cypress or Selenium', 'API testing', 'CI/CD', 'Test strategy', 'TypeScript or Python'],
    },
    exercise: 'A practical exercise: review a flaky test and a small feature, then write the tests you would add.',
  },
  {
    family: 'site-reliability',
    role: 'Site Reliability Engineer',
    noun: 'site reliability engineer (SRE)',
    domain: 'the reliability of our production services',
    experience: 'running production systems',
    base: {
      summary: [
        'Site reliability engineers keep production healthy: service-level objectives, incident response, capacity planning and automation that removes toil.',
      ],
      responsibilities: [
        'Define SLOs and error budgets with service owners, and alert on what users actually feel.',
        'Lead incident response and blameless post-mortems, and follow up until fixes land.',
        'Automate away toil: self-healing, runbooks as code and safer deploys.',
        'Plan capacity and load-test critical paths before peak traffic.',
      ],
      requirements: [
        'Experience running services on Linux, containers and Kubernetes in a cloud.',
        'Observability skills with Prometheus, Grafana, OpenTelemetry or similar, including reading traces during an incident.',
        'Coding in Go or Python for automation and tooling.',
      ],
      niceToHave: ['Chaos engineering or game-day experience.', 'Experience with database reliability: replication, failover and backups.'],
      skills: ['SLOs and error budgets', 'Kubernetes', 'Prometheus and Grafana', 'Incident management', 'Go or Python', 'Linux'],
    },
    exercise: 'A latency-spike scenario: how you would find the cause with metrics, logs and traces, and what you would change afterwards.',
  },
];

function composeFamily(def: FamilyDefinition, seniority: Seniority) {
  const loop = hiringLoop(def.exercise);
  return composeSections([
    { summary: [opening(def, seniority)] },
    def.base,
    loop.opening,
    seniorityLayer(seniority, def),
    loop.closing,
    { compensation: [PAY_RANGE_SENTENCE] },
  ]);
}

export function adjacentFamilyTemplates(): BuiltInTemplate[] {
  return ADJACENT_FAMILIES.flatMap((def) =>
    SENIORITIES.map((seniority) => ({
      key: `${def.family}.${seniority}`,
      family: def.family,
      title: `${SENIORITY_PREFIX[seniority]}${def.role}`,
      language: null,
      seniority,
      systemType: null,
      workModel: null,
      sections: composeFamily(def, seniority),
      variables: builtInVariables(),
    })),
  );
}
