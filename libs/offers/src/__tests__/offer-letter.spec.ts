import { DEFAULT_OFFER_TEMPLATE, OFFER_TEMPLATE_VARIABLES, OfferTemplateVariable, renderOfferLetter, unknownPlaceholders } from '../rules/offer-letter.js';

const values = Object.fromEntries(OFFER_TEMPLATE_VARIABLES.map((name) => [name, `v-${name}`])) as Record<OfferTemplateVariable, string>;

describe('offer letter', () => {
  it('the default template uses only known variables', () => {
    expect(unknownPlaceholders(DEFAULT_OFFER_TEMPLATE)).toEqual([]);
  });

  it('names unknown placeholders', () => {
    expect(unknownPlaceholders('Hi {{candidate_name}}, {{salary}} {{ nope }}')).toEqual(['salary', 'nope']);
  });

  it('fills every placeholder and renders Markdown to HTML', () => {
    const letter = renderOfferLetter(DEFAULT_OFFER_TEMPLATE, { ...values, job_title: 'Senior Backend Engineer', base_salary: '120,000' });
    expect(letter.markdown).toContain('# Offer of employment: Senior Backend Engineer');
    expect(letter.markdown).toContain('Base salary: 120,000 v-base\\_currency');
    expect(letter.markdown).not.toMatch(/\{\{/);
    expect(letter.html).toContain('<h1>Offer of employment: Senior Backend Engineer</h1>');
    expect(letter.html).toContain('<strong>Senior Backend Engineer</strong>');
  });

  it('escapes values so they cannot inject Markdown or HTML', () => {
    const letter = renderOfferLetter('Dear {{candidate_name}}', { ...values, candidate_name: '<script>alert(1)</script> *Bob* [x](javascript:alert(1))' });
    expect(letter.html).not.toMatch(/<script|<em>|href=/);
    expect(letter.html).toContain('*Bob*');
  });

  it('sanitises raw HTML written into the template itself', () => {
    const letter = renderOfferLetter('Hi <img src=x onerror=alert(1)> <a href="javascript:alert(1)">x</a>', values);
    expect(letter.html).not.toMatch(/<img|onerror|javascript:/);
  });
});
