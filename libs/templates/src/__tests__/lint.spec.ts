import { LINT_RULES, countWords, lintTemplate, type LintFinding, type LintRule } from '../lint/index.js';
import { renderTemplate } from '../render/index.js';
import type { TemplateSections } from '../library/template-content.js';
import { cleanSections, sectionsWith, standardValues, standardVariables } from './fixtures.js';

const only = (findings: LintFinding[], rule: LintRule) => findings.filter((f) => f.rule === rule);
const notInfo = (findings: LintFinding[]) => findings.filter((f) => f.severity !== 'info');
const withSections = (patch: Partial<TemplateSections>): TemplateSections => ({ ...cleanSections(), ...patch });

describe('the clean fixture', () => {
  it('has no error or warning findings, so each rule below starts from silence', () => {
    expect(notInfo(lintTemplate({ sections: cleanSections() }, { seniority: 'mid', title: 'Backend Engineer' }))).toEqual([]);
  });
});

describe('LINT_RULES', () => {
  it('documents exactly the nine rules with a default severity and a description', () => {
    expect(LINT_RULES.map((r) => r.id).sort()).toEqual([
      'exclusionary-language',
      'experience-vs-seniority',
      'length',
      'pay-range-missing',
      'pay-range-too-wide',
      'salary-history-question',
      'section-missing',
      'too-generic',
      'too-many-requirements',
    ]);
    for (const rule of LINT_RULES) {
      expect(['error', 'warning', 'info']).toContain(rule.defaultSeverity);
      expect(rule.description.length).toBeGreaterThan(20);
    }
  });
});

describe('pay-range-missing', () => {
  it('is an error when the compensation note has no range and no salary is given', () => {
    const findings = only(lintTemplate({ sections: withSections({ compensationNote: 'Competitive salary and great perks.' }) }), 'pay-range-missing');
    expect(findings).toEqual([expect.objectContaining({ severity: 'error', section: 'compensationNote', start: 0, end: 0 })]);
  });

  it('is only info when a pay range is not required', () => {
    const findings = only(lintTemplate({ sections: withSections({ compensationNote: 'Competitive.' }) }, { requirePayRange: false }), 'pay-range-missing');
    expect(findings.map((f) => f.severity)).toEqual(['info']);
  });

  it('fires when the compensation section is missing entirely', () => {
    expect(only(lintTemplate({ sections: withSections({ compensationNote: '' }) }), 'pay-range-missing')).toHaveLength(1);
  });

  it('treats a single figure as not a range', () => {
    const [finding] = only(lintTemplate({ sections: withSections({ compensationNote: 'Up to $150k.' }) }), 'pay-range-missing');
    expect(finding.message).toMatch(/single figure/);
  });

  it.each([
    ['placeholders', 'Pay: {{ salaryMin }} to {{salaryMax}} {{currency}}.'],
    ['dollar figures', 'Pay: $120,000 – $150,000 a year.'],
    ['figures with a trailing ISO code', 'Pay: 120,000–150,000 USD per year.'],
    ['lakh figures', 'Pay: ₹10L to ₹14L per annum.'],
  ])('is silent with %s', (_label, compensationNote) => {
    expect(only(lintTemplate({ sections: withSections({ compensationNote }) }), 'pay-range-missing')).toEqual([]);
  });

  it('is silent when the context carries a salary, whatever the note says', () => {
    const findings = lintTemplate({ sections: withSections({ compensationNote: 'Ask us.' }) }, { salary: { min: 100000, max: 150000, currency: 'USD' } });
    expect(only(findings, 'pay-range-missing')).toEqual([]);
  });

  it('does not count years or week counts as money', () => {
    const findings = lintTemplate({ sections: withSections({ compensationNote: 'Reviewed after 3–5 years; offers within 2-3 weeks.' }) });
    expect(only(findings, 'pay-range-missing')).toHaveLength(1);
  });

  it('reports an inverted context salary as an invalid range', () => {
    const [finding] = only(lintTemplate({ sections: cleanSections() }, { salary: { min: 200000, max: 100000 } }), 'pay-range-missing');
    expect(finding.message).toMatch(/not a valid range/);
  });
});

describe('pay-range-too-wide', () => {
  it('warns when the context max is more than twice the min', () => {
    const findings = only(lintTemplate({ sections: cleanSections() }, { salary: { min: 50000, max: 150000 } }), 'pay-range-too-wide');
    expect(findings).toEqual([expect.objectContaining({ severity: 'warning', section: 'compensationNote' })]);
    expect(findings[0].message).toContain('3×');
  });

  it('accepts a range of exactly twice the min', () => {
    expect(only(lintTemplate({ sections: cleanSections() }, { salary: { min: 100000, max: 200000 } }), 'pay-range-too-wide')).toEqual([]);
  });

  it('reads figures from the note and points at them', () => {
    const compensationNote = 'We pay $50k–$150k depending on level.';
    const [finding] = only(lintTemplate({ sections: withSections({ compensationNote }) }), 'pay-range-too-wide');
    expect(compensationNote.slice(finding.start, finding.end)).toBe('$50k–$150k');
  });

  it('understands Indian notation and stays silent for a sensible range', () => {
    expect(only(lintTemplate({ sections: withSections({ compensationNote: '₹10L–₹70L' }) }), 'pay-range-too-wide')).toHaveLength(1);
    expect(only(lintTemplate({ sections: withSections({ compensationNote: '80,000 – 120,000 USD' }) }), 'pay-range-too-wide')).toEqual([]);
  });
});

describe('experience-vs-seniority', () => {
  const lintReq = (requirement: string, seniority: 'junior' | 'mid' | 'senior' | 'staff') =>
    only(lintTemplate({ sections: withSections({ requirements: ['Go and PostgreSQL.', requirement] }) }, { seniority }), 'experience-vs-seniority');

  it.each([
    ['junior', '5+ years of Go experience', '5+ years'],
    ['junior', 'At least 3 years building APIs', 'At least 3 years'],
    ['mid', '8+ years in backend roles', '8+ years'],
    ['mid', '0-1 years of experience', '0-1 years'],
    ['senior', '0–1 years of experience', '0–1 years'],
    ['senior', 'at least two years with Go', 'at least two years'],
    ['staff', '3+ years of backend work', '3+ years'],
    ['staff', '4 years of professional experience', '4 years of professional experience'],
  ] as const)('warns for a %s role asking "%s" and points at the phrase', (seniority, requirement, phrase) => {
    const findings = lintReq(requirement, seniority);
    expect(findings).toHaveLength(1);
    expect(findings[0]).toMatchObject({ severity: 'warning', section: 'requirements[1]' });
    expect(requirement.slice(findings[0].start, findings[0].end)).toBe(phrase);
    expect(findings[0].suggestion).toBeDefined();
  });

  it.each([
    ['junior', '0–2 years of experience, internships count'],
    ['junior', '1-3 years of experience'],
    ['mid', '2–5 years building services'],
    ['mid', '3+ years with Go'],
    ['senior', '5+ years of backend experience'],
    ['senior', 'at least 6 years'],
    ['staff', '8+ years, several of them leading teams'],
    ['staff', '10 or more years'],
  ] as const)('is silent for a %s role asking "%s"', (seniority, requirement) => {
    expect(lintReq(requirement, seniority)).toEqual([]);
  });

  it('needs a seniority to judge against', () => {
    expect(only(lintTemplate({ sections: withSections({ requirements: ['12+ years'] }) }), 'experience-vs-seniority')).toEqual([]);
  });
});

describe('too-many-requirements', () => {
  const requirements = (n: number) => Array.from({ length: n }, (_, i) => `Requirement number ${i + 1} about Go and PostgreSQL.`);

  it('warns above ten requirements', () => {
    const findings = only(lintTemplate({ sections: withSections({ requirements: requirements(11) }) }), 'too-many-requirements');
    expect(findings).toEqual([expect.objectContaining({ severity: 'warning', section: 'requirements', start: 0, end: 0 })]);
    expect(findings[0].message).toContain('11');
  });

  it('is silent at ten, and blank items do not count', () => {
    expect(only(lintTemplate({ sections: withSections({ requirements: [...requirements(10), ' '] }) }), 'too-many-requirements')).toEqual([]);
  });
});

describe('exclusionary-language', () => {
  const cases: Array<[string, string, string]> = [
    ['We need a rockstar engineer.', 'rockstar', 'skilled engineer'],
    ['Be our Rock Star.', 'Rock Star', 'skilled engineer'],
    ['A true ninja with Go.', 'ninja', 'expert'],
    ['Our SQL guru will mentor you.', 'guru', 'specialist'],
    ['You are a Kubernetes wizard.', 'wizard', 'expert'],
    ['The engineer will own his services.', 'his', 'their'],
    ['He will report to the CTO.', 'He', 'they'],
    ['We will give him support.', 'him', 'them'],
    ['He or she will join us.', 'He or she', 'they (or address the reader as "you")'],
    ['Native English speaker required.', 'Native English speaker', 'fluent in English (professional working proficiency)'],
    ['Must be a native speaker.', 'native speaker', 'fluent in English (professional working proficiency)'],
    ['Join a young team.', 'young', "describe the team's pace or practices instead"],
    ['A youthful office.', 'youthful', "describe the team's pace or practices instead"],
    ['Digital natives welcome.', 'Digital natives', 'comfortable with modern software tools'],
    ['We hire for culture fit.', 'culture fit', 'values alignment, or what the person would add to the team'],
    ['We lack manpower.', 'manpower', 'staffing, people or capacity'],
    ['Aggressive deadlines ahead.', 'Aggressive', 'ambitious or proactive'],
  ];

  it.each(cases)('flags "%s" at the exact span of "%s"', (text, word, suggestion) => {
    const findings = only(lintTemplate({ sections: withSections({ summary: text }) }), 'exclusionary-language');
    expect(findings).toHaveLength(1);
    expect(findings[0]).toMatchObject({
      severity: 'warning',
      section: 'summary',
      start: text.indexOf(word),
      end: text.indexOf(word) + word.length,
      suggestion,
    });
  });

  it('finds several words in one item with their own spans, in order', () => {
    const text = 'A ninja who loves his work and is a culture fit';
    const findings = only(lintTemplate({ sections: withSections({ responsibilities: ['Build Go services.', text] }) }), 'exclusionary-language');
    expect(findings.map((f) => [f.section, text.slice(f.start, f.end)])).toEqual([
      ['responsibilities[1]', 'ninja'],
      ['responsibilities[1]', 'his'],
      ['responsibilities[1]', 'culture fit'],
    ]);
  });

  it('checks the title passed in the context', () => {
    const findings = only(lintTemplate({ sections: cleanSections() }, { title: 'Backend Ninja' }), 'exclusionary-language');
    expect(findings).toEqual([expect.objectContaining({ section: 'title', start: 8, end: 13 })]);
  });

  it('does not flag words that merely contain the terms', () => {
    const text = 'This history of the shelter and the theme: Helm charts, hierarchy, wizardry, youngest, guruji, manpowered.';
    const findings = only(lintTemplate({ sections: withSections({ summary: text }) }), 'exclusionary-language');
    expect(findings).toEqual([]);
  });
});

describe('too-generic', () => {
  const generic = sectionsWith({
    summary: 'We are a fast-growing company looking for a passionate engineer to build great software with a talented team.',
    requirements: ['Strong problem-solving skills.', 'Good communication.'],
    responsibilities: ['Write code.', 'Go to meetings and ship features.'],
  });

  it('warns when nothing names a language, framework, datastore, system or domain', () => {
    const findings = only(lintTemplate({ sections: generic }), 'too-generic');
    expect(findings).toEqual([expect.objectContaining({ severity: 'warning', section: 'document' })]);
    expect(findings[0].message).toMatch(/no language/);
  });

  it('still warns with only one specific', () => {
    const findings = only(lintTemplate({ sections: { ...generic, skills: ['Python'] } }), 'too-generic');
    expect(findings[0].message).toContain('Python');
  });

  it('is silent once the stack is named', () => {
    expect(only(lintTemplate({ sections: { ...generic, skills: ['Go', 'PostgreSQL'] } }), 'too-generic')).toEqual([]);
  });
});

describe('section-missing', () => {
  it('warns once per missing or empty section', () => {
    const findings = only(lintTemplate({ sections: withSections({ niceToHave: [], skills: ['  '], interviewFocus: undefined }) }), 'section-missing');
    expect(findings.map((f) => [f.section, f.severity])).toEqual([
      ['niceToHave', 'warning'],
      ['skills', 'warning'],
      ['interviewFocus', 'warning'],
    ]);
  });

  it('raises summary and requirements to errors when both are missing', () => {
    const findings = only(lintTemplate({ sections: withSections({ summary: ' ', requirements: [] }) }), 'section-missing');
    expect(findings.map((f) => [f.section, f.severity])).toEqual([
      ['summary', 'error'],
      ['requirements', 'error'],
    ]);
  });

  it('keeps a single missing core section a warning', () => {
    const findings = only(lintTemplate({ sections: withSections({ summary: '' }) }), 'section-missing');
    expect(findings.map((f) => [f.section, f.severity])).toEqual([['summary', 'warning']]);
  });

  it('is silent for a complete template', () => {
    expect(only(lintTemplate({ sections: cleanSections() }), 'section-missing')).toEqual([]);
  });
});

describe('length', () => {
  it('warns below 150 words', () => {
    const [finding] = only(
      lintTemplate({ sections: withSections({ responsibilities: [], requirements: ['Go.'], niceToHave: [], interviewFocus: [], summary: 'Short.' }) }),
      'length',
    );
    expect(finding.severity).toBe('warning');
  });

  it('warns above 1200 words', () => {
    const long = Array.from({ length: 1300 }, () => 'word').join(' ');
    const [finding] = only(lintTemplate({ sections: sectionsWith({ summary: long }) }), 'length');
    expect(finding).toMatchObject({ severity: 'warning', section: 'document' });
    expect(finding.message).toContain('1300');
  });

  it('otherwise reports the word count as info', () => {
    const sections = cleanSections();
    const expected = [
      sections.summary,
      ...sections.responsibilities,
      ...sections.requirements,
      ...sections.niceToHave,
      ...sections.skills,
      ...sections.interviewFocus,
      sections.compensationNote,
    ]
      .map(countWords)
      .reduce((a, b) => a + b, 0);
    const [finding] = only(lintTemplate({ sections }), 'length');
    expect(finding.severity).toBe('info');
    expect(finding.message).toContain(`${expected} words`);
  });
});

describe('markdown input', () => {
  const rendered = () =>
    renderTemplate({ title: 'Backend Engineer', sections: cleanSections(), variables: standardVariables(), values: standardValues() }).markdown;

  it('parses the rendered layout back into sections so the rules agree with sections mode', () => {
    const fromMarkdown = lintTemplate({ markdown: rendered() }, { seniority: 'mid' });
    expect(notInfo(fromMarkdown)).toEqual([]);
    expect(fromMarkdown.every((f) => f.section === 'markdown')).toBe(true);
  });

  it('reports spans as offsets into the markdown', () => {
    const markdown = rendered().replace('Review pull requests', 'Act as our rockstar and review pull requests').replace('3–5 years', '9+ years');
    const findings = lintTemplate({ markdown }, { seniority: 'junior' });
    const word = only(findings, 'exclusionary-language');
    expect(word).toHaveLength(1);
    expect(markdown.slice(word[0].start, word[0].end)).toBe('rockstar');
    const years = only(findings, 'experience-vs-seniority');
    expect(markdown.slice(years[0].start, years[0].end)).toBe('9+ years');
  });

  it('tolerates common heading names, numbered lists and continuation lines', () => {
    const markdown = [
      '# Senior Go Engineer',
      '',
      '## Overview',
      'We build billing in Go and PostgreSQL.',
      '',
      '## Responsibilities',
      '1. Build services',
      '2. Review code',
      '',
      '### Requirements',
      '* 1-2 years of experience with',
      '  distributed systems',
      '* Kafka',
      '',
      '## Bonus points',
      '- Payments',
      '',
      '## Tech stack',
      '- Go',
      '',
      '## Interview process',
      '- Take-home',
      '',
      '## Salary',
      '$150,000 - $190,000',
    ].join('\n');
    const findings = lintTemplate({ markdown }, { seniority: 'senior' });
    expect(only(findings, 'section-missing')).toEqual([]);
    expect(only(findings, 'pay-range-missing')).toEqual([]);
    const [years] = only(findings, 'experience-vs-seniority');
    expect(markdown.slice(years.start, years.end)).toBe('1-2 years');
  });

  it('flags sections that are not there, and treats text before any heading as the summary', () => {
    const markdown = 'We need a ninja for Go and PostgreSQL work.\n\n## Requirements\n- Go\n';
    const findings = lintTemplate({ markdown });
    const missing = only(findings, 'section-missing');
    expect(missing.map((f) => f.severity)).toEqual(['warning', 'warning', 'warning', 'warning', 'warning']);
    expect(missing.map((f) => f.message).join(' ')).not.toContain('(summary)');
    const [ninja] = only(findings, 'exclusionary-language');
    expect(markdown.slice(ninja.start, ninja.end)).toBe('ninja');
    expect(only(findings, 'pay-range-missing')[0].severity).toBe('error');
  });
});

describe('ordering', () => {
  it('sorts findings by section in document order, then item index, then offset', () => {
    const sections = withSections({
      summary: 'A ninja and a guru.',
      responsibilities: ['Write Go.', 'x', 'y', 'z', 'a', 'b', 'c', 'd', 'e', 'f', 'A young wizard with PostgreSQL.'],
      requirements: ['12+ years'],
      compensationNote: 'Competitive.',
    });
    const findings = lintTemplate({ sections }, { seniority: 'junior', title: 'Rockstar' });
    const sectionsSeen = findings.map((f) => f.section);
    expect(sectionsSeen.slice(0, 3)).toEqual(['title', 'summary', 'summary']);
    expect(findings[1].start).toBeLessThan(findings[2].start);
    const i1 = sectionsSeen.indexOf('responsibilities[10]');
    const iReq = sectionsSeen.indexOf('requirements[0]');
    const iComp = sectionsSeen.indexOf('compensationNote');
    const iDoc = sectionsSeen.indexOf('document');
    expect(i1).toBeGreaterThan(1);
    expect(iReq).toBeGreaterThan(i1);
    expect(iComp).toBeGreaterThan(iReq);
    expect(iDoc).toBeGreaterThan(iComp);
  });
});

describe('salary-history-question', () => {
  it('finds questions about current or past pay in the text and in application questions, with their spans', () => {
    const findings = only(
      lintTemplate(
        {
          sections: withSections({ summary: 'Please share your salary history with us.' }),
          questions: ['What is your current salary?', 'How much do you currently earn?'],
        },
        {},
      ),
      'salary-history-question',
    );
    expect(findings.map((f) => [f.section, f.start, f.end, f.severity])).toEqual([
      ['summary', 18, 32, 'warning'],
      ['questions[0]', 13, 27, 'warning'],
      ['questions[1]', 0, 30, 'warning'],
    ]);
    expect(findings[1].suggestion).toMatch(/expectations/);
  });

  it('leaves questions about expectations alone', () => {
    const findings = lintTemplate({ sections: cleanSections(), questions: ['What are your salary expectations?', 'When could you start?'] }, {});
    expect(only(findings, 'salary-history-question')).toEqual([]);
  });
});
