import recheck from 'recheck';
import { EXCLUSIONARY_TERMS, exclusionaryRegex, SPECIFIC_TERMS, specificRegex } from '../../libs/templates/src/lint/index.js';
import { startTestApp, TestApp } from '../support/app.js';
import { closeTestDb, count } from '../support/db.js';
import { bearer, makeOrg, makeUser, TestOrg, TestUser } from '../support/factories.js';
import { collectRegexes, type RegexSite } from '../support/regex-inventory.js';

/**
 * Every regular expression of the product (libs/*\/src and apps/*\/src, tests left out) goes through
 * the recheck ReDoS checker; one that backtracks super-linearly on some input fails the test with
 * its file and line. See DEVELOPING.md, "Regular expressions".
 */

/**
 * Patterns built at run time from data, keyed by `file: pattern argument as written`. Each entry
 * builds, with the product's own builder, every RegExp that site makes, so the data is checked too.
 * A new run-time pattern fails the test until it is added here (or made a constant).
 */
const RUNTIME_BUILT: Record<string, () => RegExp[]> = {
  'libs/templates/src/lint/word-lists.ts: String.raw`(?<![A-Za-z0-9])(?:${term.pattern})(?![A-Za-z0-9])`': () => EXCLUSIONARY_TERMS.map(exclusionaryRegex),
  'libs/templates/src/lint/word-lists.ts: String.raw`(?<![A-Za-z0-9])(?:${term.pattern})(?![A-Za-z0-9#+])`': () =>
    Object.values(SPECIFIC_TERMS).flat().map(specificRegex),
};

interface Candidate {
  where: string;
  source: string;
  flags: string;
}

/**
 * recheck's fuzz checker also gives up on time limits (incubation, attack), which a loaded machine
 * can hit on a safe pattern and report as vulnerable. Without them it counts the steps of its own
 * matcher only (attackLimit, incubationLimit), so a verdict does not depend on the machine's load;
 * the overall timeout still bounds each check.
 */
const CHECK_PARAMS = { timeout: 60_000, attackTimeout: null, incubationTimeout: null, seedingTimeout: null };
/** Checks in flight at once: enough to use the cores, few enough that no check waits long behind others. */
const CONCURRENCY = 4;

/** Every candidate the checker could not prove linear, as `where /source/flags: why`. */
async function unsafe(candidates: Candidate[]): Promise<string[]> {
  const distinct = new Map<string, Candidate[]>();
  for (const candidate of candidates) {
    const key = `/${candidate.source}/${candidate.flags}`;
    distinct.set(key, [...(distinct.get(key) ?? []), candidate]);
  }
  const queue = [...distinct.entries()];
  const problems: string[] = [];
  const worker = async () => {
    for (let next = queue.shift(); next; next = queue.shift()) {
      const [key, sites] = next;
      const diagnostics = await recheck.check(sites[0].source, sites[0].flags, CHECK_PARAMS);
      if (diagnostics.status === 'safe') continue;
      const why =
        diagnostics.status === 'vulnerable'
          ? `${diagnostics.complexity.summary}, e.g. ${diagnostics.attack.pattern}`
          : `could not be proven safe (${diagnostics.error.kind}${'message' in diagnostics.error ? `: ${diagnostics.error.message}` : ''})`;
      for (const site of sites) problems.push(`${site.where} ${key}: ${why}`);
    }
  };
  await Promise.all(Array.from({ length: CONCURRENCY }, worker));
  return problems.sort();
}

describe('regular expressions are linear on hostile input (ReDoS)', () => {
  let sites: RegexSite[];

  beforeAll(() => {
    sites = collectRegexes(process.cwd());
  });

  it('finds the regular expressions of the product: literals, and RegExp constructors with a pattern built from constants', () => {
    const at = (file: string) => sites.filter((site) => site.file === file);
    expect(sites.length).toBeGreaterThan(100);
    // A constant built from a const binding (placeholders), from String.raw pieces joined by + (pay figures),
    // from Object.keys(...).join('|') (experience), and a class-validator @Matches literal (offers).
    expect(at('libs/templates/src/render/placeholders.ts').map((s) => s.source)).toContain(String.raw`\{\{\s*([A-Za-z_][A-Za-z0-9_]*)\s*\}\}`);
    expect(at('libs/templates/src/lint/pay-figures.ts').some((s) => s.source?.startsWith(String.raw`(?<pre>[$€£₹¥]|\b[A-Z]{3}\b)?[ \t]?(?<num>`))).toBe(true);
    expect(at('libs/templates/src/lint/experience.ts').some((s) => s.source?.includes('(\\d{1,2}|zero|one|two|'))).toBe(true);
    expect(at('libs/offers/src/dto/offer.dto.ts').length).toBeGreaterThan(0);
    expect(sites.some((site) => site.file.startsWith('apps/web/src/'))).toBe(true);
    expect(sites.every((site) => !/__tests__|\.spec\.|\.test\./.test(site.file))).toBe(true);
  });

  it('the checker names a pattern that backtracks (so a vulnerable one cannot slip through)', async () => {
    const problems = await unsafe([
      { where: 'example.ts:1', source: String.raw`^(a+)+$`, flags: '' },
      { where: 'example.ts:2', source: String.raw`\s*[\r\n]+\s*`, flags: 'g' },
      { where: 'example.ts:3', source: String.raw`(?<![a-z])\s*\+?\s*years`, flags: 'gi' },
      { where: 'example.ts:4', source: String.raw`[\r\n]`, flags: 'g' },
    ]);
    expect(problems).toEqual([
      expect.stringMatching(/^example\.ts:1 \/\^\(a\+\)\+\$\/: exponential/),
      expect.stringMatching(/^example\.ts:2 .*polynomial/),
      expect.stringMatching(/^example\.ts:3 .*polynomial/),
    ]);
  }, 60_000);

  it('every pattern built at run time is registered, with the RegExps it builds', () => {
    const dynamic = sites.filter((site) => site.source === undefined).map((site) => `${site.file}: ${site.expression}`);
    expect(dynamic.filter((key) => !RUNTIME_BUILT[key])).toEqual([]);
    expect(Object.keys(RUNTIME_BUILT).filter((key) => !dynamic.includes(key))).toEqual([]);
  });

  it('no regular expression of the product is vulnerable to ReDoS', async () => {
    const candidates: Candidate[] = sites.flatMap((site) =>
      site.source !== undefined
        ? [{ where: site.where, source: site.source, flags: site.flags ?? '' }]
        : (RUNTIME_BUILT[`${site.file}: ${site.expression}`]?.() ?? []).map((regex) => ({ where: site.where, source: regex.source, flags: regex.flags })),
    );
    expect(candidates.length).toBeGreaterThan(sites.length);
    expect(await unsafe(candidates)).toEqual([]);
  }, 180_000);
});

describe('POST /v1/templates/lint with pathological markdown', () => {
  let t: TestApp;
  let org: TestOrg;
  let recruiter: TestUser;

  beforeAll(async () => {
    t = await startTestApp();
    org = await makeOrg(t);
    recruiter = await makeUser(t, org, ['recruiter']);
  });
  afterAll(async () => {
    await t.close();
    await closeTestDb();
  });

  interface Finding {
    rule: string;
    message: string;
    start: number;
    end: number;
  }
  const lint = async (markdown: string): Promise<Finding[]> => {
    const res = await t.http().post('/v1/templates/lint').set(bearer(recruiter)).send({ markdown });
    expect(res.status).toBe(200);
    return res.body.findings;
  };
  const rulesAndMessages = (findings: Finding[]) => findings.map((f) => `${f.rule}: ${f.message}`).sort();

  it('"# a" + 49,990 spaces + "x" gets the findings of "# a x"; nothing is written', async () => {
    const findings = await lint(`# a${' '.repeat(49_990)}x`);
    expect(rulesAndMessages(findings)).toEqual(rulesAndMessages(await lint('# a x')));
    expect(findings.map((f) => f.rule)).toEqual(expect.arrayContaining(['section-missing', 'pay-range-missing']));
    expect(await count('templates', 'organization_id = $1', [org.id])).toBe(0);
  });

  it('a word after 49,990 spaces in a heading is located at its exact offset', async () => {
    const markdown = `# a${' '.repeat(49_990)}ninja`;
    const findings = await lint(markdown);
    expect(findings.filter((f) => f.rule === 'exclusionary-language')).toEqual([
      expect.objectContaining({ start: markdown.indexOf('ninja'), end: markdown.length }),
    ]);
  });

  it('headings and list items padded with long runs of blanks keep their sections and items', async () => {
    const pad = ' \t'.repeat(8_000);
    const markdown = `# Backend Engineer\n\n## Requirements${pad}##\n\n-${pad}Go and PostgreSQL${pad}\n- Kafka\n\n## Skills\n\n* Go`;
    expect(markdown.length).toBeGreaterThan(48_000);
    const missing = (await lint(markdown)).filter((f) => f.rule === 'section-missing').map((f) => f.message);
    expect(missing.some((m) => m.includes('(requirements)'))).toBe(false);
    expect(missing.some((m) => m.includes('(skills)'))).toBe(false);
    expect(missing.some((m) => m.includes('(summary)'))).toBe(true);
  });
});
