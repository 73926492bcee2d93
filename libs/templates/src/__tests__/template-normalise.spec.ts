import { normaliseSections, normaliseVariables } from '../templates.service.js';

describe('normaliseVariables', () => {
  it('declares the standard variables the author left out, keeping the author’s own declarations first', () => {
    const variables = normaliseVariables([
      { name: 'product', type: 'string', required: true } as never,
      { name: 'currency', type: 'currency', default: 'EUR' } as never,
    ]);
    expect(variables.slice(0, 2)).toEqual([
      { name: 'product', type: 'string', required: true, description: '' },
      { name: 'currency', type: 'currency', required: false, default: 'EUR', description: '' },
    ]);
    expect(variables.map((v) => v.name)).toEqual(['product', 'currency', 'companyName', 'teamName', 'location', 'salaryMin', 'salaryMax', 'payPeriod']);
  });

  it('gives the full standard set for no declarations', () => {
    expect(normaliseVariables().map((v) => v.name)).toEqual(['companyName', 'teamName', 'location', 'salaryMin', 'salaryMax', 'currency', 'payPeriod']);
  });
});

describe('normaliseSections', () => {
  it('fills every missing section with an empty value of its kind', () => {
    expect(normaliseSections({ summary: 'x', skills: ['Go'] })).toEqual({
      summary: 'x',
      responsibilities: [],
      requirements: [],
      niceToHave: [],
      skills: ['Go'],
      interviewFocus: [],
      compensationNote: '',
    });
  });
});
