/**
 * Keyword lists used by the linter. Kept apart from the rules so that product people
 * can extend them without reading matching code.
 */

export interface ExclusionaryTerm {
  /** Regex source matched case-insensitively at word boundaries. */
  pattern: string;
  /** Why the word is a problem, shown in the message. */
  reason: string;
  suggestion: string;
}

/**
 * Ordered: longer phrases first so that "he or she" wins over "he", "native English
 * speaker" over "native English". Overlapping matches keep the earliest, longest one.
 */
export const EXCLUSIONARY_TERMS: readonly ExclusionaryTerm[] = [
  {
    pattern: String.raw`he\s+or\s+she|she\s+or\s+he|he\s*/\s*she|s/he`,
    reason: 'binary pronouns leave people out',
    suggestion: 'they (or address the reader as "you")',
  },
  {
    pattern: String.raw`native(?:[\s-]+english)?[\s-]+speakers?|native[\s-]+english|native[\s-]+(?:level|like)[\s-]+english`,
    reason: 'asks for origin rather than language ability',
    suggestion: 'fluent in English (professional working proficiency)',
  },
  { pattern: String.raw`digital[\s-]+natives?`, reason: 'is a proxy for age', suggestion: 'comfortable with modern software tools' },
  {
    pattern: String.raw`cultur(?:e|al)[\s-]+fits?`,
    reason: 'invites hiring people who resemble the current team',
    suggestion: 'values alignment, or what the person would add to the team',
  },
  { pattern: String.raw`recent[\s-]+grad(?:uate)?s?`, reason: 'is a proxy for age and excludes career changers', suggestion: 'early-career or entry-level' },
  { pattern: String.raw`rock[\s-]?stars?`, reason: 'is jargon that reads as exclusive and vague', suggestion: 'skilled engineer' },
  { pattern: String.raw`super[\s-]?stars?`, reason: 'is jargon that reads as exclusive and vague', suggestion: 'strong engineer' },
  { pattern: String.raw`ninjas?`, reason: 'is jargon that reads as exclusive and vague', suggestion: 'expert' },
  { pattern: String.raw`gurus?`, reason: 'is jargon that reads as exclusive and vague', suggestion: 'specialist' },
  { pattern: String.raw`wizards?`, reason: 'is jargon that reads as exclusive and vague', suggestion: 'expert' },
  { pattern: String.raw`himself`, reason: 'assumes the candidate is a man', suggestion: 'themselves' },
  { pattern: String.raw`he`, reason: 'assumes the candidate is a man', suggestion: 'they' },
  { pattern: String.raw`him`, reason: 'assumes the candidate is a man', suggestion: 'them' },
  { pattern: String.raw`his`, reason: 'assumes the candidate is a man', suggestion: 'their' },
  { pattern: String.raw`youthful`, reason: 'is a proxy for age', suggestion: "describe the team's pace or practices instead" },
  { pattern: String.raw`young`, reason: 'is a proxy for age', suggestion: "describe the team's pace or practices instead" },
  { pattern: String.raw`man[\s-]?power`, reason: 'is gendered', suggestion: 'staffing, people or capacity' },
  { pattern: String.raw`aggressive(?:ly)?`, reason: 'puts off many applicants and hints at a hostile pace', suggestion: 'ambitious or proactive' },
  { pattern: String.raw`guys`, reason: 'is gendered', suggestion: 'everyone, folks or team' },
  {
    pattern: String.raw`able[\s-]+bodied`,
    reason: 'excludes disabled applicants without naming a real need',
    suggestion: 'describe the actual physical task, if any',
  },
];

export interface SpecificTerm {
  /** Regex source; matched case-insensitively unless `caseSensitive`. */
  pattern: string;
  label: string;
  caseSensitive?: boolean;
}

const term = (label: string, pattern?: string, caseSensitive?: boolean): SpecificTerm => ({
  label,
  pattern: pattern ?? label.replace(/[.*+?^${}()|[\]\\/#]/g, (c) => `\\${c}`).replace(/ /g, String.raw`[\s-]+`),
  ...(caseSensitive ? { caseSensitive } : {}),
});

/** Things that tell one role apart from another: languages, frameworks, datastores, infrastructure, domains. */
export const SPECIFIC_TERMS: Readonly<Record<'language' | 'framework' | 'datastore' | 'infrastructure' | 'domain', readonly SpecificTerm[]>> = {
  language: [
    term('Python'),
    term('Java'),
    term('Kotlin'),
    term('Scala'),
    term('JavaScript'),
    term('TypeScript'),
    term('Node.js', String.raw`node\.?js`),
    term('Go', String.raw`Go(?!\s+(?:to|for|live|ahead|back|beyond|through|out|above|and\s+see)\b)|[Gg]olang`, true),
    term('C#', String.raw`c#`),
    term('.NET', String.raw`\.net`),
    term('Ruby'),
    term('Rust', undefined, true),
    term('PHP'),
    term('Elixir'),
    term('C++', String.raw`c\+\+`),
    term('Swift', undefined, true),
    term('SQL'),
  ],
  framework: [
    term('Django'),
    term('FastAPI'),
    term('Flask'),
    term('Celery'),
    term('SQLAlchemy'),
    term('Pydantic'),
    term('Spring', undefined, true),
    term('Hibernate'),
    term('JVM'),
    term('Express', undefined, true),
    term('NestJS'),
    term('Fastify'),
    term('Prisma'),
    term('ASP.NET', String.raw`asp\.net`),
    term('Entity Framework'),
    term('EF Core'),
    term('Rails', undefined, true),
    term('Laravel'),
    term('React', undefined, true),
    term('Vue'),
    term('Angular'),
    term('Svelte'),
    term('Next.js'),
    term('GraphQL'),
    term('gRPC'),
    term('REST', undefined, true),
    term('Playwright'),
    term('Cypress'),
    term('Selenium'),
    term('Airflow'),
    term('dbt'),
    term('Spark', undefined, true),
    term('pandas'),
    term('Terraform'),
    term('Ansible'),
    term('Helm', undefined, true),
    term('goroutines', String.raw`goroutines?`),
  ],
  datastore: [
    term('PostgreSQL', String.raw`postgres(?:ql)?`),
    term('MySQL'),
    term('SQL Server'),
    term('SQLite'),
    term('Redis'),
    term('Memcached'),
    term('MongoDB'),
    term('DynamoDB'),
    term('Cassandra'),
    term('Elasticsearch'),
    term('OpenSearch'),
    term('Kafka'),
    term('RabbitMQ'),
    term('SQS'),
    term('BigQuery'),
    term('Snowflake'),
    term('ClickHouse'),
    term('S3'),
  ],
  infrastructure: [
    term('AWS'),
    term('GCP'),
    term('Azure'),
    term('Kubernetes'),
    term('Docker'),
    term('Prometheus'),
    term('Grafana'),
    term('OpenTelemetry'),
    term('Datadog'),
    term('CI/CD'),
    term('GitHub Actions'),
    term('Linux'),
    term('OAuth', String.raw`oauth2?`),
    term('JWT'),
    term('microservices', String.raw`micro[\s-]?services?`),
    term('message queues', String.raw`message[\s-]+queues?`),
    term('distributed tracing'),
    term('observability'),
  ],
  domain: [
    term('payments'),
    term('billing'),
    term('invoicing'),
    term('ledger'),
    term('fintech'),
    term('healthcare'),
    term('logistics'),
    term('marketplace'),
    term('e-commerce', String.raw`e-?commerce`),
    term('identity'),
    term('multi-tenant', String.raw`multi[\s-]?tenant`),
    term('real-time', String.raw`real[\s-]?time`),
    term('analytics'),
  ],
};

/** The matcher of an exclusionary term: the whole word or phrase, case-insensitive, every occurrence. */
export function exclusionaryRegex(term: ExclusionaryTerm): RegExp {
  return new RegExp(String.raw`(?<![A-Za-z0-9])(?:${term.pattern})(?![A-Za-z0-9])`, 'gi');
}

/** The matcher of a specific term: the whole name (not followed by `#` or `+`, so C is not C#). */
export function specificRegex(term: SpecificTerm): RegExp {
  return new RegExp(String.raw`(?<![A-Za-z0-9])(?:${term.pattern})(?![A-Za-z0-9#+])`, term.caseSensitive ? '' : 'i');
}
