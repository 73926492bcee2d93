import { plainToInstance } from 'class-transformer';
import { validateSync } from 'class-validator';
import { BUILT_IN_KIT_KEYS } from '../../../interviews/src/library/index.js';
import { CreateJobDto, SalaryDto } from '../dto/job.dto.js';
import { defaultInterviewPlan } from '../interview-plan.js';
import { JOB_TRANSITIONS, JobStatus, StageKind } from '../job.types.js';
import { isIsoCountry, ISO_3166_ALPHA2 } from '../reference/countries.js';
import { isIsoCurrency } from '../reference/currencies.js';
import { PortNotBoundError } from '../../../platform/src/index.js';
import { StageOccupancyRegistry } from '../stage-occupancy.js';

const errorsOf = <T extends object>(cls: new () => T, plain: object) =>
  validateSync(plainToInstance(cls, plain) as object, { whitelist: true, forbidNonWhitelisted: true }).flatMap((e) => [
    e.property,
    ...(e.children ?? []).map((c) => `${e.property}.${c.property}`),
  ]);

describe('reference lists', () => {
  it('knows ISO 3166-1 alpha-2 countries, upper case only', () => {
    expect(ISO_3166_ALPHA2.size).toBe(249);
    for (const code of ['DE', 'US', 'GB', 'IN', 'BR', 'NO']) expect(isIsoCountry(code)).toBe(true);
    for (const code of ['de', 'XX', 'UK', 'EU', 'DEU', '', 42, null]) expect(isIsoCountry(code)).toBe(false);
  });

  it('knows ISO 4217 currencies, upper case only', () => {
    for (const code of ['USD', 'EUR', 'INR', 'GBP', 'JPY']) expect(isIsoCurrency(code)).toBe(true);
    for (const code of ['usd', 'EUX', 'US', 'BTC', '', undefined]) expect(isIsoCurrency(code)).toBe(false);
  });
});

describe('salary validation', () => {
  const salary = (patch: object) => errorsOf(SalaryDto, { min: 100, max: 200, currency: 'EUR', period: 'YEAR', ...patch });

  it('accepts a band with max ≥ min, including equal bounds', () => {
    expect(salary({})).toEqual([]);
    expect(salary({ min: 150, max: 150 })).toEqual([]);
  });

  it('rejects max below min, negative figures, unknown currencies and periods', () => {
    expect(salary({ min: 300 })).toEqual(['max']);
    expect(salary({ min: -1 })).toEqual(['min']);
    expect(salary({ currency: 'EUX' })).toEqual(['currency']);
    expect(salary({ period: 'WEEK' })).toEqual(['period']);
    expect(salary({ min: 1.234 })).toEqual(['min']);
  });
});

describe('CreateJobDto rules', () => {
  const base = {
    templateId: '00000000-0000-4000-8000-000000000001',
    departmentId: '00000000-0000-4000-8000-000000000002',
    officeIds: [],
    workModel: 'onsite',
    employmentType: 'FULL_TIME',
    seniority: 'mid',
    openings: 1,
  };

  it('accepts a minimal onsite job', () => {
    expect(errorsOf(CreateJobDto, base)).toEqual([]);
  });

  it('needs remote countries only for remote jobs', () => {
    expect(errorsOf(CreateJobDto, { ...base, workModel: 'remote' })).toEqual(['remoteCountries']);
    expect(errorsOf(CreateJobDto, { ...base, workModel: 'remote', remoteCountries: ['DE'] })).toEqual([]);
    expect(errorsOf(CreateJobDto, { ...base, workModel: 'remote', remoteCountries: ['DE', 'DE'] })).toEqual(['remoteCountries']);
  });

  it('needs a template or a template revision, not neither', () => {
    expect(errorsOf(CreateJobDto, { ...base, templateId: undefined })).toEqual(['templateId']);
    expect(errorsOf(CreateJobDto, { ...base, templateId: undefined, templateRevisionId: '00000000-0000-4000-8000-000000000003' })).toEqual([]);
  });

  it('rejects non-positive openings', () => {
    expect(errorsOf(CreateJobDto, { ...base, openings: 0 })).toEqual(['openings']);
    expect(errorsOf(CreateJobDto, { ...base, openings: -3 })).toEqual(['openings']);
  });
});

describe('job lifecycle', () => {
  it('allows draft → open → on_hold → open → closed and nothing out of closed', () => {
    expect(JOB_TRANSITIONS.open).toEqual([JobStatus.Draft, JobStatus.OnHold]);
    expect(JOB_TRANSITIONS.hold).toEqual([JobStatus.Open]);
    expect(JOB_TRANSITIONS.close).not.toContain(JobStatus.Closed);
    for (const move of Object.values(JOB_TRANSITIONS)) expect(move).not.toContain(JobStatus.Closed);
  });
});

describe('default interview plan', () => {
  it('follows the usual backend process in order', () => {
    expect(defaultInterviewPlan().map((s) => s.kind)).toEqual([
      StageKind.ApplicationReview,
      StageKind.RecruiterScreen,
      StageKind.TakeHome,
      StageKind.TechnicalInterview,
      StageKind.SystemDesign,
      StageKind.HiringManager,
      StageKind.Offer,
      StageKind.Hired,
    ]);
  });

  it('names only built-in interview kits and gives every active stage an SLA', () => {
    const plan = defaultInterviewPlan();
    for (const stage of plan) {
      if (stage.kitKey) expect(BUILT_IN_KIT_KEYS).toContain(stage.kitKey);
      if (stage.kind !== StageKind.Hired) expect(stage.slaDays).toBeGreaterThan(0);
    }
    expect(plan.filter((s) => s.kitKey).map((s) => s.kitKey)).toEqual(['recruiter-screen', 'take-home-review', 'rate-limiter-design']);
  });

  it('returns fresh objects each call', () => {
    const a = defaultInterviewPlan();
    a[0].name = 'changed';
    expect(defaultInterviewPlan()[0].name).toBe('Application review');
  });
});

describe('stage occupancy port', () => {
  it('has no default: unbound, it refuses to start and refuses to answer (never "no applications")', () => {
    const registry = new StageOccupancyRegistry();
    expect(() => registry.onApplicationBootstrap()).toThrow(PortNotBoundError);
    expect(() => registry.onApplicationBootstrap()).toThrow('Port STAGE_OCCUPANCY is not bound: import PipelinesModule');
    expect(() => registry.countByStage('o', 'j', ['s1'])).toThrow(PortNotBoundError);
  });

  it('delegates to the plugged-in implementation, and skips the call for no stages', async () => {
    const registry = new StageOccupancyRegistry();
    const calls: string[][] = [];
    registry.use({
      countByStage: (_org, _job, ids) => {
        calls.push(ids);
        return Promise.resolve(new Map(ids.map((id) => [id, 2])));
      },
      countByJobs: (_org, ids) => {
        calls.push(ids);
        return Promise.resolve(new Map(ids.map((id) => [id, { total: 3, active: 1 }])));
      },
    });
    expect(await registry.countByStage('o', 'j', ['s1'])).toEqual(new Map([['s1', 2]]));
    expect(await registry.countByStage('o', 'j', [])).toEqual(new Map());
    expect(await registry.countByJobs('o', ['j1'])).toEqual(new Map([['j1', { total: 3, active: 1 }]]));
    expect(await registry.countByJobs('o', [])).toEqual(new Map());
    expect(calls).toEqual([['s1'], ['j1']]);
  });
});
