import {
  ADJACENT_FAMILIES,
  DEFAULT_SALARY_MARKET,
  LANGUAGES,
  SALARY_REFERENCE,
  SENIORITIES,
  SYSTEM_TYPES,
  WORK_MODELS,
  backendTemplate,
  builtInTemplates,
  payPeriodPhrase,
  suggestSalaryBand,
  type BackendAxes,
  type BuiltInTemplate,
  type TemplateSections,
} from '../library/index.js';
import { findExperienceAsks, lintTemplate } from '../lint/index.js';
import { extractPlaceholders, isIsoCurrency, renderTemplate } from '../render/index.js';

const all = builtInTemplates();
const backend = all.filter((t) => t.family === 'backend-developer');

const textOf = (sections: TemplateSections): string =>
  [
    sections.summary,
    ...sections.responsibilities,
    ...sections.requirements,
    ...sections.niceToHave,
    ...sections.skills,
    ...sections.interviewFocus,
    sections.compensationNote,
  ].join('\n');
const duties = (t: BuiltInTemplate): string => [...t.sections.responsibilities, ...t.sections.requirements].join('\n');

const axes = (patch: Partial<BackendAxes> = {}): BackendAxes => ({
  language: 'python',
  seniority: 'senior',
  systemType: 'crud',
  workModel: 'onsite',
  ...patch,
});
const make = (patch: Partial<BackendAxes>) => backendTemplate(axes(patch));

describe('built-in library: shape', () => {
  it('has all 480 backend combinations, each exactly once', () => {
    expect(backend).toHaveLength(6 * 4 * 5 * 4);
    const combos = new Set(backend.map((t) => `${t.language}/${t.seniority}/${t.systemType}/${t.workModel}`));
    expect(combos.size).toBe(480);
    for (const language of LANGUAGES)
      for (const seniority of SENIORITIES)
        for (const systemType of SYSTEM_TYPES)
          for (const workModel of WORK_MODELS) expect(combos.has(`${language}/${seniority}/${systemType}/${workModel}`)).toBe(true);
  });

  it('gives every template a unique, stable key', () => {
    expect(new Set(all.map((t) => t.key)).size).toBe(all.length);
    expect(all.map((t) => t.key)).toContain('backend-developer.go.staff.platform.remote');
    expect(all.every((t) => /^[a-z0-9_.-]+$/.test(t.key))).toBe(true);
  });

  it('is deterministic and returns fresh objects', () => {
    const again = builtInTemplates();
    expect(JSON.stringify(again)).toBe(JSON.stringify(all));
    again[0].sections.requirements.push('mutated');
    expect(builtInTemplates()[0].sections.requirements).not.toContain('mutated');
  });

  it('titles name seniority, language and system type', () => {
    expect(all.find((t) => t.key === 'backend-developer.go.staff.platform.remote')?.title).toBe('Staff Backend Engineer (Go, Platform)');
    expect(make({ language: 'csharp', seniority: 'junior', systemType: 'security' }).title).toBe('Junior Backend Engineer (C#, Security)');
    expect(make({ language: 'any', seniority: 'mid', systemType: 'distributed' }).title).toBe('Mid-level Backend Engineer (Distributed Systems)');
  });

  it('keeps every section filled and hard requirements at ten or fewer', () => {
    for (const t of all) {
      expect(t.sections.summary.length).toBeGreaterThan(50);
      for (const list of [t.sections.responsibilities, t.sections.requirements, t.sections.niceToHave, t.sections.skills, t.sections.interviewFocus]) {
        expect(list.length).toBeGreaterThan(0);
      }
      expect(t.sections.requirements.length).toBeLessThanOrEqual(10);
    }
  });

  it('uses the standard placeholders and declares the standard variables', () => {
    for (const t of all) {
      const used = extractPlaceholders(textOf(t.sections));
      expect(used).toEqual(expect.arrayContaining(['companyName', 'teamName', 'location']));
      expect(extractPlaceholders(t.sections.compensationNote)).toEqual(expect.arrayContaining(['salaryMin', 'salaryMax', 'currency']));
      expect(t.variables).toEqual([
        expect.objectContaining({ name: 'companyName', type: 'string', required: true }),
        expect.objectContaining({ name: 'teamName', type: 'string', default: 'Engineering' }),
        expect.objectContaining({ name: 'location', type: 'string', default: 'Remote' }),
        expect.objectContaining({ name: 'salaryMin', type: 'number', required: true }),
        expect.objectContaining({ name: 'salaryMax', type: 'number', required: true }),
        expect.objectContaining({ name: 'currency', type: 'currency', default: 'USD' }),
        expect.objectContaining({ name: 'payPeriod', type: 'string', required: false, default: 'per year' }),
      ]);
      expect(extractPlaceholders(t.sections.compensationNote)).toContain('payPeriod');
      expect(t.sections.compensationNote).not.toMatch(/per year|annual/i);
      expect(t.variables.every((v) => v.description.length > 0)).toBe(true);
    }
  });
});

describe('built-in library: each axis changes the text', () => {
  it('staff adds technical strategy, standards and migration planning that senior lacks', () => {
    const staff = make({ seniority: 'staff' });
    const senior = make({ seniority: 'senior' });
    expect(duties(staff)).toMatch(/technical strategy/i);
    expect(duties(staff)).toMatch(/engineering standards/i);
    expect(duties(staff)).toMatch(/migrations?/i);
    expect(duties(senior)).not.toMatch(/technical strategy|engineering standards|multi-quarter migrations/i);
  });

  it('juniors are asked for implementation quality and learning, never system-design ownership', () => {
    const juniors = backend.filter((t) => t.seniority === 'junior');
    expect(juniors).toHaveLength(120);
    for (const t of juniors) {
      expect(duties(t)).not.toMatch(/architect|system design|technical strategy|engineering standards|lead the design|design rest endpoints/i);
      expect(duties(t)).toMatch(/implementation quality/i);
      expect(duties(t)).toMatch(/learn/i);
    }
    expect(duties(make({ seniority: 'senior' }))).toMatch(/system design/i);
  });

  it('asks for years of experience matching the level', () => {
    const minimumYears = (t: BuiltInTemplate) => t.sections.requirements.flatMap((r) => findExperienceAsks(r)).map((a) => a.min);
    expect(minimumYears(make({ seniority: 'junior' }))).toEqual([0]);
    expect(minimumYears(make({ seniority: 'mid' }))).toEqual([2]);
    expect(minimumYears(make({ seniority: 'senior' }))).toEqual([5]);
    expect(minimumYears(make({ seniority: 'staff' }))).toEqual([8]);
  });

  it('a Go platform role asks for concurrency and operational clarity', () => {
    const goPlatform = make({ language: 'go', systemType: 'platform' });
    expect(duties(goPlatform)).toMatch(/concurrency/i);
    expect(duties(goPlatform)).toMatch(/operational clarity/i);
    expect(duties(make({ language: 'python', systemType: 'platform' }))).not.toMatch(/goroutines|operational clarity/i);
  });

  it('a remote role asks for clear written, asynchronous work; on-site does not', () => {
    const remote = make({ workModel: 'remote' });
    expect(remote.sections.requirements.join(' ')).toMatch(/written communication/i);
    expect(remote.sections.requirements.join(' ')).toMatch(/asynchronous/i);
    expect(textOf(make({ workModel: 'onsite' }).sections)).not.toMatch(/asynchronous/i);
    expect(make({ workModel: 'hybrid' }).sections.summary).toMatch(/hybrid/i);
  });

  it('a contract role names defined deliverables and a handover', () => {
    const contract = make({ workModel: 'contract' });
    expect(textOf(contract.sections)).toMatch(/deliverables/i);
    expect(duties(contract)).toMatch(/handover/i);
    expect(contract.sections.compensationNote).toMatch(/day or monthly rate/);
    expect(textOf(make({ workModel: 'remote' }).sections)).not.toMatch(/handover/i);
  });

  it('a data-intensive role asks for pipelines and storage patterns', () => {
    const data = make({ systemType: 'data_intensive' });
    expect(duties(data)).toMatch(/pipelines/i);
    expect(duties(data)).toMatch(/storage patterns/i);
    expect(duties(make({ systemType: 'crud' }))).not.toMatch(/pipelines|storage patterns/i);
  });

  it('a distributed role covers failure modes, idempotency and backpressure', () => {
    const distributed = duties(make({ systemType: 'distributed' }));
    expect(distributed).toMatch(/failure modes/i);
    expect(distributed).toMatch(/idempoten/i);
    expect(distributed).toMatch(/backpressure/i);
    expect(duties(make({ systemType: 'crud' }))).not.toMatch(/backpressure/i);
  });

  it('a security-sensitive role covers threat modelling, authn/authz and audit', () => {
    for (const seniority of SENIORITIES) {
      const security = duties(make({ systemType: 'security', seniority }));
      expect(security).toMatch(/threat[- ]model/i);
      expect(security).toMatch(/authentication and authorization|authn\/authz/i);
      expect(security).toMatch(/audit/i);
    }
    expect(duties(make({ systemType: 'crud' }))).not.toMatch(/threat/i);
  });

  it.each([
    ['python', [/Django/, /FastAPI/, /Celery/]],
    ['java', [/Spring/, /JVM tuning/, /JVM/]],
    ['nodejs', [/TypeScript/, /Node\.js/, /event loop/]],
    ['go', [/goroutines/, /channels/, /small/]],
    ['csharp', [/\.NET/, /ASP\.NET Core/, /EF Core/]],
  ] as const)('the %s variant names its real ecosystem', (language, patterns) => {
    const text = textOf(make({ language }).sections);
    for (const pattern of patterns) expect(text).toMatch(pattern);
  });

  it('the language-agnostic variant names no particular ecosystem as a must', () => {
    const any = make({ language: 'any' });
    expect(textOf(any.sections)).not.toMatch(/Django|Spring Boot|goroutines|ASP\.NET|event loop/);
    expect(any.sections.requirements.join(' ')).toMatch(/at least one server-side language/);
    expect(any.language).toBe('any');
  });

  it('every pair of backend templates differs in text', () => {
    expect(new Set(backend.map((t) => JSON.stringify(t.sections))).size).toBe(480);
  });
});

describe('built-in library: adjacent families', () => {
  const families = ['platform-devops', 'data-engineering', 'full-stack', 'frontend', 'qa-automation', 'site-reliability'];

  it.each(families)('%s exists at all four seniorities, without backend axes', (family) => {
    const members = all.filter((t) => t.family === family);
    expect(members.map((t) => t.seniority)).toEqual(['junior', 'mid', 'senior', 'staff']);
    for (const t of members) {
      expect(t).toMatchObject({ language: null, systemType: null, workModel: null, key: `${family}.${t.seniority}` });
    }
  });

  it('each family has its own content and the seniority layer changes it', () => {
    expect(ADJACENT_FAMILIES.map((f) => f.family)).toEqual(families);
    const seniorSummaries = new Set(all.filter((t) => families.includes(t.family) && t.seniority === 'senior').map((t) => t.sections.summary));
    expect(seniorSummaries.size).toBe(families.length);
    const sre = (s: string) => all.find((t) => t.key === `site-reliability.${s}`)!;
    expect(duties(sre('staff'))).toMatch(/technical strategy/);
    expect(duties(sre('junior'))).not.toMatch(/technical strategy|lead the design/i);
    expect(sre('senior').title).toBe('Senior Site Reliability Engineer');
  });
});

describe('built-in library: passes its own linter', () => {
  it('has no error or warning findings for any built-in, linted as sections', () => {
    const offenders = all.flatMap((t) =>
      lintTemplate({ sections: t.sections }, { seniority: t.seniority ?? undefined, title: t.title })
        .filter((f) => f.severity !== 'info')
        .map((f) => `${t.key}: ${f.rule} ${f.message}`),
    );
    expect(offenders).toEqual([]);
  });

  it('only pay-range findings appear when the salary placeholders are taken out', () => {
    const t = all[0];
    const findings = lintTemplate({ sections: { ...t.sections, compensationNote: 'Competitive pay.' } }, { seniority: t.seniority ?? undefined });
    expect(findings.filter((f) => f.severity !== 'info').map((f) => f.rule)).toEqual(['pay-range-missing']);
  });

  it('states the pay period it is given (per year by default, per month or per hour from a job)', () => {
    const t = make({});
    const render = (values: Record<string, unknown>) =>
      renderTemplate({
        title: t.title,
        sections: t.sections,
        variables: t.variables,
        values: { companyName: 'Acme', salaryMin: 60, salaryMax: 90, currency: 'EUR', ...values },
      }).markdown;
    expect(render({})).toContain('60–90 EUR per year');
    expect(render({ payPeriod: payPeriodPhrase('MONTH') })).toContain('60–90 EUR per month');
    expect(render({ payPeriod: payPeriodPhrase('HOUR') })).toContain('60–90 EUR per hour');
    expect(render({ payPeriod: payPeriodPhrase('HOUR') })).not.toContain('per year');
    expect(payPeriodPhrase('WEEK')).toBeUndefined();
    expect(payPeriodPhrase(null)).toBeUndefined();
  });

  it('renders every built-in with the suggested salary band, and the rendered markdown lints clean', () => {
    const offenders: string[] = [];
    for (const t of all) {
      const band = suggestSalaryBand({ family: t.family, seniority: t.seniority ?? 'mid' });
      expect(band).not.toBeNull();
      const rendered = renderTemplate({
        title: t.title,
        sections: t.sections,
        variables: t.variables,
        values: { companyName: 'Acme', salaryMin: band!.min, salaryMax: band!.max, currency: band!.currency },
      });
      expect(rendered.markdown).not.toMatch(/\{\{/);
      const findings = lintTemplate({ markdown: rendered.markdown }, { seniority: t.seniority ?? undefined, salary: band });
      offenders.push(...findings.filter((f) => f.severity !== 'info').map((f) => `${t.key}: ${f.rule} ${f.message}`));
    }
    expect(offenders).toEqual([]);
  });
});

describe('salary reference', () => {
  it('holds well-formed annual rows', () => {
    expect(SALARY_REFERENCE.length).toBeGreaterThanOrEqual(5);
    for (const row of SALARY_REFERENCE) {
      expect(isIsoCurrency(row.currency)).toBe(true);
      expect(row.period).toBe('YEAR');
      expect(row.min).toBeGreaterThan(0);
      expect(row.max).toBeGreaterThan(row.min);
      expect(row.source.length).toBeGreaterThan(20);
    }
  });

  it('defaults to the market with the most data', () => {
    expect(DEFAULT_SALARY_MARKET).toBe('US');
  });

  it.each([
    ['junior', 80000, 120000],
    ['mid', 140000, 220000],
    ['senior', 220000, 350000],
  ] as const)('suggests the US %s band', (seniority, min, max) => {
    expect(suggestSalaryBand({ seniority })).toMatchObject({ min, max, currency: 'USD', period: 'YEAR', market: 'US' });
  });

  it('uses the senior band for staff, saying so', () => {
    expect(suggestSalaryBand({ seniority: 'staff' })).toMatchObject({ min: 220000, max: 350000, basedOn: { seniority: 'senior' } });
  });

  it('falls back to backend-developer for families without figures', () => {
    expect(suggestSalaryBand({ family: 'frontend', seniority: 'mid' })).toMatchObject({ min: 140000, basedOn: { family: 'backend-developer' } });
  });

  it('selects a market by name or by currency, and converts lakh figures to rupees', () => {
    expect(suggestSalaryBand({ seniority: 'mid', market: 'in' })).toMatchObject({ min: 1_000_000, max: 7_000_000, currency: 'INR', market: 'IN' });
    expect(suggestSalaryBand({ seniority: 'mid', currency: 'INR' })).toMatchObject({ market: 'IN' });
    expect(suggestSalaryBand({ seniority: 'junior', market: 'GLOBAL' })).toMatchObject({ min: 50000, max: 80000 });
    expect(suggestSalaryBand({ seniority: 'senior', market: 'INTL' })).toMatchObject({ min: 110000, max: 175000 });
  });

  it('returns null rather than guessing', () => {
    expect(suggestSalaryBand({ seniority: 'junior', market: 'IN' })).toBeNull();
    expect(suggestSalaryBand({ seniority: 'mid', market: 'MARS' })).toBeNull();
    expect(suggestSalaryBand({ seniority: 'mid', market: 'US', currency: 'EUR' })).toBeNull();
    expect(suggestSalaryBand({ seniority: 'mid', currency: 'EUR' })).toBeNull();
  });
});
