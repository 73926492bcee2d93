import { readFileSync } from 'node:fs';
import { jobPostingJsonLd, orgProfile, PostingStatus, type BoardPosting } from '../../libs/postings/src/index.js';

/** schema.org release 30.0 (vendored in test/fixtures from the schema.org release files): every type and property we emit must exist there. */
const VOCAB = JSON.parse(readFileSync(new URL('../fixtures/schemaorg-30.0-current-https.jsonld', import.meta.url), 'utf8')) as {
  '@graph': Array<Record<string, unknown>>;
};
const ids = new Set(VOCAB['@graph'].map((n) => String(n['@id'])));
const isType = (name: string) => VOCAB['@graph'].some((n) => n['@id'] === `schema:${name}` && n['@type'] === 'rdfs:Class');
const isProperty = (name: string) => VOCAB['@graph'].some((n) => n['@id'] === `schema:${name}` && n['@type'] === 'rdf:Property');

function walk(value: unknown, seen: { types: Set<string>; properties: Set<string> }): void {
  if (Array.isArray(value)) return value.forEach((v) => walk(v, seen));
  if (!value || typeof value !== 'object') return;
  for (const [key, v] of Object.entries(value)) {
    if (key === '@type') seen.types.add(String(v));
    else if (!key.startsWith('@')) seen.properties.add(key);
    walk(v, seen);
  }
}

const base: BoardPosting = {
  postingId: '00000000-0000-4000-8000-000000000001',
  publicId: 42,
  organizationId: '00000000-0000-4000-8000-000000000002',
  board: 'careers',
  status: PostingStatus.Live,
  partnerBoardId: null,
  externalId: '42',
  contentHash: null,
  jobId: '00000000-0000-4000-8000-000000000003',
  jobPublicId: 7,
  title: 'Senior Backend Engineer',
  descriptionHtml: '<p>Build APIs.</p>',
  departmentId: null,
  departmentName: 'Engineering',
  departmentPublicId: null,
  offices: [
    { id: 'o1', publicId: 1, name: 'Berlin', city: 'Berlin', region: 'Berlin', country: 'DE', postalCode: '10115', streetAddress: 'Invalidenstraße 1' },
  ],
  workModel: 'onsite',
  remoteCountries: [],
  employmentType: 'FULL_TIME',
  seniority: 'senior',
  salaryMin: 70000,
  salaryMax: 90000,
  salaryCurrency: 'EUR',
  salaryPeriod: 'YEAR',
  validThrough: new Date('2030-01-01T00:00:00Z'),
  publishedAt: new Date('2026-01-01T00:00:00Z'),
  createdAt: new Date('2026-01-01T00:00:00Z'),
  updatedAt: new Date('2026-01-01T00:00:00Z'),
};
const org = orgProfile(
  { id: 'x', name: 'Acme', slug: 'acme', settings: { logoUrl: 'https://acme.example/logo.png', websiteUrl: 'https://acme.example' } },
  'https://jobs.example',
);

describe('JobPosting JSON-LD against schema.org 30.0 and Google for Jobs', () => {
  it.each([
    ['an on-site job', base],
    ['a remote job', { ...base, workModel: 'remote' as const, remoteCountries: ['DE', 'NL'], offices: [] }],
    ['a job without salary or end date', { ...base, salaryMin: null, salaryMax: null, salaryCurrency: null, salaryPeriod: null, validThrough: null }],
  ])('uses only types and properties of the vocabulary for %s', (_label, posting) => {
    const seen = { types: new Set<string>(), properties: new Set<string>() };
    walk(jobPostingJsonLd(posting, org), seen);
    expect([...seen.types].filter((t) => !isType(t))).toEqual([]);
    expect([...seen.properties].filter((p) => !isProperty(p))).toEqual([]);
    expect(ids.has('schema:JobPosting')).toBe(true);
  });

  it('carries Google’s required and recommended properties, with Google’s enumerations', () => {
    const ld = jobPostingJsonLd(base, org);
    for (const required of ['title', 'description', 'datePosted', 'hiringOrganization', 'jobLocation']) expect(ld[required]).toBeDefined();
    for (const recommended of ['validThrough', 'employmentType', 'baseSalary', 'identifier', 'directApply']) expect(ld[recommended]).toBeDefined();
    expect(['FULL_TIME', 'PART_TIME', 'CONTRACTOR', 'TEMPORARY', 'INTERN', 'VOLUNTEER', 'PER_DIEM', 'OTHER']).toContain(ld.employmentType);
    expect(ld.hiringOrganization).toEqual({ '@type': 'Organization', name: 'Acme', sameAs: 'https://acme.example', logo: 'https://acme.example/logo.png' });
    expect((ld.jobLocation as Array<{ address: { addressCountry: string } }>)[0].address.addressCountry).toBe('DE');
    expect(ld.baseSalary).toEqual({
      '@type': 'MonetaryAmount',
      currency: 'EUR',
      value: { '@type': 'QuantitativeValue', unitText: 'YEAR', minValue: 70000, maxValue: 90000 },
    });
    expect(Date.parse(String(ld.datePosted))).not.toBeNaN();
    const remote = jobPostingJsonLd({ ...base, workModel: 'remote', remoteCountries: ['DE'], offices: [] }, org);
    expect(remote.jobLocationType).toBe('TELECOMMUTE');
    expect(remote.applicantLocationRequirements).toEqual([{ '@type': 'Country', name: 'DE' }]);
    expect(remote.jobLocation).toBeUndefined();
  });
});
