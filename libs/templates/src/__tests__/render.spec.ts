import { extractPlaceholders, renderTemplate, TemplateVariableError } from '../render/index.js';
import type { TemplateVariable } from '../library/template-content.js';
import { cleanSections, sectionsWith, standardValues, standardVariables } from './fixtures.js';

function renderError(fn: () => unknown): TemplateVariableError {
  try {
    fn();
  } catch (error) {
    if (error instanceof TemplateVariableError) return error;
    throw error;
  }
  throw new Error('expected renderTemplate to throw TemplateVariableError');
}

describe('extractPlaceholders', () => {
  it('returns distinct names in order of first use, allowing whitespace inside braces', () => {
    expect(extractPlaceholders('{{ b }} and {{a}} and {{b}} and {{  c_1  }}')).toEqual(['b', 'a', 'c_1']);
  });

  it('ignores things that are not placeholders', () => {
    expect(extractPlaceholders('{single} {{ two words }} {{1abc}} {{}} plain')).toEqual([]);
  });
});

describe('renderTemplate: substitution', () => {
  it('replaces placeholders in every section, including ones written with spaces', () => {
    const result = renderTemplate({
      title: 'Engineer at {{ companyName }}',
      sections: sectionsWith({
        summary: 'Join {{ companyName }} in {{location}}.',
        responsibilities: ['Work with {{teamName}}.'],
        requirements: ['Know {{companyName}}.'],
        niceToHave: ['Visit {{ location }}.'],
        skills: ['{{teamName}} tooling'],
        interviewFocus: ['Meet {{teamName}}.'],
        compensationNote: '{{salaryMin}}–{{salaryMax}} {{currency}}',
      }),
      variables: standardVariables(),
      values: { companyName: 'Acme', teamName: 'Payments', salaryMin: 120000, salaryMax: 150000.5 },
    });
    expect(result.title).toBe('Engineer at Acme');
    expect(result.sections.summary).toBe('Join Acme in Remote.');
    expect(result.sections.responsibilities).toEqual(['Work with Payments.']);
    expect(result.sections.requirements).toEqual(['Know Acme.']);
    expect(result.sections.niceToHave).toEqual(['Visit Remote.']);
    expect(result.sections.skills).toEqual(['Payments tooling']);
    expect(result.sections.interviewFocus).toEqual(['Meet Payments.']);
    expect(result.sections.compensationNote).toBe('120,000–150,000.5 USD');
    expect(result.markdown).not.toMatch(/\{\{/);
  });

  it('merges values over declared defaults', () => {
    const defaults = renderTemplate({
      sections: sectionsWith({ summary: '{{teamName}} / {{location}} / {{currency}}' }),
      variables: standardVariables(),
      values: standardValues(),
    });
    expect(defaults.sections.summary).toBe('Engineering / Remote / USD');

    const overridden = renderTemplate({
      sections: sectionsWith({ summary: '{{teamName}} / {{location}} / {{currency}}' }),
      variables: standardVariables(),
      values: { ...standardValues(), teamName: 'Core', location: 'Berlin', currency: 'EUR' },
    });
    expect(overridden.sections.summary).toBe('Core / Berlin / EUR');
  });

  it('treats null and undefined values as absent, falling back to the default', () => {
    const result = renderTemplate({
      sections: sectionsWith({ summary: '{{teamName}}' }),
      variables: standardVariables(),
      values: { ...standardValues(), teamName: null, location: undefined },
    });
    expect(result.sections.summary).toBe('Engineering');
  });

  it('renders booleans as yes/no and does not expand placeholders inside values', () => {
    const variables: TemplateVariable[] = [
      { name: 'visa', type: 'boolean', required: true, description: '' },
      { name: 'note', type: 'string', required: true, description: '' },
    ];
    const result = renderTemplate({
      sections: sectionsWith({ summary: 'Visa sponsorship: {{visa}}. {{note}}' }),
      variables,
      values: { visa: true, note: 'literal {{visa}}' },
    });
    expect(result.sections.summary).toBe('Visa sponsorship: yes. literal {{visa}}');
  });
});

describe('renderTemplate: markdown layout', () => {
  it('emits the title and the seven sections under fixed headings, in order', () => {
    const { markdown } = renderTemplate({ title: 'Backend Engineer', sections: cleanSections(), variables: standardVariables(), values: standardValues() });
    const headings = markdown.split('\n').filter((line) => line.startsWith('#'));
    expect(headings).toEqual([
      '# Backend Engineer',
      '## About the role',
      '## What you will do',
      '## What we are looking for',
      '## Nice to have',
      '## Skills',
      '## How we interview',
      '## Compensation',
    ]);
    expect(markdown).toContain('\n- Build and maintain Go services that calculate invoices and record payments.\n');
  });

  it('leaves out empty sections and the title when none is given', () => {
    const { markdown } = renderTemplate({
      sections: sectionsWith({ summary: 'Only a summary.', skills: ['', '  '] }),
      variables: [],
      values: {},
    });
    expect(markdown).toBe('## About the role\n\nOnly a summary.\n');
  });

  it('produces HTML with headings and lists', () => {
    const { html } = renderTemplate({ title: 'T', sections: cleanSections(), variables: standardVariables(), values: standardValues() });
    expect(html).toContain('<h1>T</h1>');
    expect(html).toContain('<h2>What you will do</h2>');
    expect(html).toMatch(/<ul>\s*<li>Build and maintain Go services/);
  });
});

describe('renderTemplate: variable errors', () => {
  it('refuses a render that would pass MAX_RENDERED_CHARS, naming the value that adds the most', () => {
    const sections = sectionsWith({ summary: '{{companyName}} '.repeat(300), responsibilities: ['{{location}}'] });
    const error = renderError(() =>
      renderTemplate({
        sections,
        variables: standardVariables(),
        values: { ...standardValues(), companyName: 'x'.repeat(1_000), location: 'y'.repeat(2_000) },
      }),
    );
    expect(error.problems.map((p) => p.variable)).toEqual(['companyName']);
    expect(error.problems[0].message).toMatch(/^makes the text 30\d,\d{3} characters long once filled in; at most 250,000$/);
    expect(() => renderTemplate({ sections, variables: standardVariables(), values: { ...standardValues(), companyName: 'x'.repeat(500) } })).not.toThrow();
  });

  it('reports a required variable with neither value nor default as missing', () => {
    const error = renderError(() => renderTemplate({ sections: cleanSections(), variables: standardVariables(), values: { salaryMin: 1, salaryMax: 2 } }));
    expect(error).toBeInstanceOf(Error);
    expect(error.problems.map((p) => p.variable)).toEqual(['companyName']);
    expect(error.problems[0].message).toContain('missing');
  });

  it('refuses numeric strings for number variables and non-finite numbers', () => {
    const error = renderError(() =>
      renderTemplate({
        sections: cleanSections(),
        variables: standardVariables(),
        values: { companyName: 'Acme', salaryMin: '120000', salaryMax: Number.POSITIVE_INFINITY },
      }),
    );
    expect(error.problems.map((p) => p.variable).sort()).toEqual(['salaryMax', 'salaryMin']);
    expect(error.problems.every((p) => p.message.includes('finite number'))).toBe(true);
  });

  it.each([['usd'], ['XYZ'], ['US'], [840]])('refuses %p as a currency', (currency) => {
    const error = renderError(() => renderTemplate({ sections: cleanSections(), variables: standardVariables(), values: { ...standardValues(), currency } }));
    expect(error.problems.map((p) => p.variable)).toEqual(['currency']);
    expect(error.problems[0].message).toContain('ISO 4217');
  });

  it('accepts a valid ISO 4217 code', () => {
    const result = renderTemplate({ sections: cleanSections(), variables: standardVariables(), values: { ...standardValues(), currency: 'INR' } });
    expect(result.sections.compensationNote).toContain('INR');
  });

  it('checks booleans and strings', () => {
    const variables: TemplateVariable[] = [
      { name: 'flag', type: 'boolean', required: true, description: '' },
      { name: 'name', type: 'string', required: true, description: '' },
    ];
    const error = renderError(() =>
      renderTemplate({ sections: sectionsWith({ summary: '{{flag}} {{name}}' }), variables, values: { flag: 'true', name: 42 } }),
    );
    expect(error.problems.map((p) => p.variable)).toEqual(['flag', 'name']);
    expect(error.problems[0].message).toContain('true or false');
    expect(error.problems[1].message).toContain('must be a string');
  });

  it('reports a placeholder whose variable is not declared, naming the sections', () => {
    const error = renderError(() =>
      renderTemplate({
        sections: { ...cleanSections(), niceToHave: ['Work with {{ manager }}'], summary: 'Hi {{manager}}' },
        variables: standardVariables(),
        values: standardValues(),
      }),
    );
    expect(error.problems.map((p) => p.variable)).toEqual(['manager']);
    expect(error.problems[0].message).toMatch(/summary, niceToHave.*not declared/);
  });

  it('reports a value given for an undeclared variable', () => {
    const error = renderError(() => renderTemplate({ sections: cleanSections(), variables: standardVariables(), values: { ...standardValues(), bonus: 5 } }));
    expect(error.problems.map((p) => p.variable)).toEqual(['bonus']);
    expect(error.problems[0].message).toContain('not declared');
  });

  it('collects every problem in one error instead of stopping at the first', () => {
    const error = renderError(() =>
      renderTemplate({
        title: '{{role}}',
        sections: cleanSections(),
        variables: standardVariables(),
        values: { salaryMin: 'lots', salaryMax: 100, currency: 'dollars', extra: 'x' },
      }),
    );
    const byVariable = Object.fromEntries(error.problems.map((p) => [p.variable, p.message]));
    expect(Object.keys(byVariable).sort()).toEqual(['companyName', 'currency', 'extra', 'role', 'salaryMin']);
    expect(byVariable.companyName).toMatch(/missing/);
    expect(byVariable.role).toMatch(/title.*not declared/);
    expect(error.message).toContain('companyName');
  });

  it('reports a default of the wrong type and duplicate declarations', () => {
    const variables: TemplateVariable[] = [
      { name: 'n', type: 'number', required: false, default: 'ten', description: '' },
      { name: 'n', type: 'number', required: false, description: '' },
    ];
    const error = renderError(() => renderTemplate({ sections: sectionsWith({ summary: '{{n}}' }), variables, values: {} }));
    expect(error.problems.map((p) => p.message)).toEqual([expect.stringContaining('default must be a finite number'), 'is declared more than once']);
  });
});

describe('renderTemplate: sanitisation', () => {
  const hostile = sectionsWith({
    summary: 'Hello <script>alert(1)</script> world <img src=x onerror="alert(2)"> <iframe src="https://evil.example"></iframe>',
    responsibilities: [
      '[click](javascript:alert(3))',
      '<a href="javascript:alert(4)" onclick="alert(5)">raw link</a>',
      '<p onmouseover="alert(6)" style="color:red">styled</p><style>body{display:none}</style>',
      '[docs](https://example.com/docs) and [mail](mailto:jobs@example.com)',
    ],
    compensationNote: '**Competitive** and *fair* with `code`',
  });

  it('strips scripts, event handlers, iframes, styles and javascript: links typed into sections', () => {
    const { html } = renderTemplate({ sections: hostile, variables: [], values: {} });
    expect(html).not.toMatch(/<script|<iframe|<style|<img/i);
    expect(html).not.toMatch(/\son\w+=/i);
    expect(html).not.toMatch(/javascript:/i);
    expect(html).not.toMatch(/style=/i);
    expect(html).not.toContain('alert(1)');
    expect(html).toContain('Hello');
    expect(html).toContain('raw link');
    expect(html).toContain('styled');
  });

  it('keeps safe markup: http(s) and mailto links, emphasis and code', () => {
    const { html } = renderTemplate({ sections: hostile, variables: [], values: {} });
    expect(html).toMatch(/<a href="https:\/\/example\.com\/docs"[^>]*>docs<\/a>/);
    expect(html).toMatch(/<a href="mailto:jobs@example\.com"[^>]*>mail<\/a>/);
    expect(html).toContain('<strong>Competitive</strong>');
    expect(html).toContain('<em>fair</em>');
    expect(html).toContain('<code>code</code>');
  });

  it('shows markup inside values as text, escaped exactly once', () => {
    const { html, sections, markdown } = renderTemplate({
      title: '{{companyName}}',
      sections: sectionsWith({ summary: 'Welcome to {{companyName}}.', responsibilities: ['Ship for {{companyName}}'] }),
      variables: standardVariables(),
      values: { ...standardValues(), companyName: 'Tom & Jerry <script>alert(1)</script><img src=x onerror=alert(2)>' },
    });
    expect(html).not.toMatch(/<script|<img/i);
    expect(html).toContain('Tom &amp; Jerry &lt;script&gt;alert(1)&lt;/script&gt;&lt;img src=x onerror=alert(2)&gt;');
    expect(html).not.toContain('&amp;amp;');
    expect(html).not.toContain('&amp;lt;');
    // Plain-text sections keep the value exactly as given.
    expect(sections.summary).toBe('Welcome to Tom & Jerry <script>alert(1)</script><img src=x onerror=alert(2)>.');
    expect(markdown).not.toContain('<script>');
  });

  it('does not let a value inject a javascript: link or new markdown structure', () => {
    const { html } = renderTemplate({
      sections: sectionsWith({ summary: 'About {{companyName}}', responsibilities: ['{{companyName}}'] }),
      variables: standardVariables(),
      values: { ...standardValues(), companyName: '[x](javascript:alert(1))\n\n## Injected\n- item' },
    });
    expect(html).not.toMatch(/<a /);
    expect(html).not.toContain('<h2>Injected</h2>');
    expect(html).toContain('[x](javascript:alert(1)) ## Injected - item');
  });

  it('does not turn a value that looks like a list marker into a list', () => {
    const { html } = renderTemplate({
      sections: sectionsWith({ summary: '{{companyName}}' }),
      variables: standardVariables(),
      values: { ...standardValues(), companyName: '- 1. not a list' },
    });
    expect(html).toBe('<h2>About the role</h2>\n<p>- 1. not a list</p>\n');
  });
});
