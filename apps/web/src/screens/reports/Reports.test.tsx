import { fireEvent, screen, within } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { tokenStore } from '../../api/client';
import { AuthProvider } from '../../app/auth';
import { axeViolations, renderWithProviders } from '../../test/render';
import { json, setApi } from '../../test/setup';
import { csvCell, toCsv } from './csv';
import Reports, { hiringCsv, HiringReport } from './Reports';

const report: HiringReport = {
  filters: { from: null, to: null, jobId: null, departmentId: null },
  timeToHire: { hires: 2, medianDays: 21.5, p90Days: 30 },
  timeInStage: [{ stageName: 'Recruiter screen', kind: 'recruiter_screen', exits: 4, medianHours: 50, averageHours: 60.25 }],
  offers: { made: 4, accepted: 2, declined: 1, expired: 1, withdrawn: 0, acceptanceRate: 0.5 },
  declineReasons: [{ reason: '=HYPERLINK("http://evil")', reasonId: null, count: 1 }],
  sourceEffectiveness: [{ source: 'referral', applications: 10, offers: 3, hires: 2, hireRate: 0.2 }],
  passThrough: [
    { stageName: 'Application review', kind: 'application_review', position: 0, reached: 10, passed: 6, rate: 0.6 },
    { stageName: 'Recruiter screen', kind: 'recruiter_screen', position: 1, reached: 6, passed: 4, rate: 0.6667 },
  ],
};

function api() {
  const calls: string[] = [];
  setApi((request) => {
    const url = new URL(request.url);
    calls.push(url.pathname + url.search);
    if (url.pathname === '/v1/me')
      return json({ user: { id: 'u1', name: 'Rita', email: 'r@example.test', roles: ['recruiter'] }, organization: { id: 'o1', name: 'Acme', slug: 'acme' } });
    if (url.pathname === '/v1/departments') return json({ data: [{ id: 'd1', name: 'Platform' }], nextCursor: null });
    if (url.pathname === '/v1/jobs') return json({ data: [{ id: 'j1', title: 'Backend Engineer' }], nextCursor: null });
    if (url.pathname === '/v1/reports/hiring') {
      if (url.searchParams.get('to') === '2020-01-01')
        return json(
          { status: 422, code: 'reporting.invalid_report_filter', errors: [{ field: 'to', message: 'the end of the period must not be before its start' }] },
          422,
        );
      return json(report);
    }
    if (url.pathname === '/v1/reports/interviewers')
      return json({
        from: '',
        to: '',
        data: [
          {
            interviewerName: 'Iris',
            submitted: 5,
            medianHoursToSubmit: 12,
            lateShare: 0.2,
            overallDeviation: 0.4,
            tendency: 'lenient',
            decisionAgreement: 0.8,
            noSignalShare: 0,
            compared: 5,
            decided: 4,
            interviewerId: 'u2',
            ratingDeviation: 0.1,
          },
        ],
      });
    return json({ status: 404 }, 404);
  });
  return calls;
}

afterEach(() => tokenStore.set(null));

describe('Reports', () => {
  it('shows every hiring-report section with its numbers in a table beside the chart', async () => {
    api();
    tokenStore.set('t');
    renderWithProviders(
      <AuthProvider>
        <Reports />
      </AuthProvider>,
    );
    const funnel = await screen.findByRole('table', { name: /Candidates per stage/ });
    expect(within(funnel).getByRole('rowheader', { name: 'Recruiter screen' })).toBeTruthy();
    expect(funnel.textContent).toMatch(/66\.7%/);
    expect(screen.getByRole('table', { name: /Hours spent in each stage/ }).textContent).toMatch(/60\.3/);
    expect(screen.getByRole('table', { name: /by source/ }).textContent).toMatch(/Referral/);
    expect(screen.getByRole('table', { name: /offers sent/ }).textContent).toMatch(/50%/);
    expect(screen.getByRole('table', { name: /declined offers/ })).toBeTruthy();
    expect(screen.getByText('21.5 days')).toBeTruthy();
    expect(document.body.textContent).not.toMatch(/recruiter_screen|application_review|referral\b/);
    expect(await axeViolations()).toEqual([]);
  }, 30_000);

  it('sends the filters and shows a filter error beside its field', async () => {
    const calls = api();
    tokenStore.set('t');
    renderWithProviders(
      <AuthProvider>
        <Reports />
      </AuthProvider>,
    );
    await screen.findByRole('table', { name: /Candidates per stage/ });
    fireEvent.change(screen.getByLabelText('To'), { target: { value: '2020-01-01' } });
    await screen.findByText('The end of the period must not be before its start.', { selector: '.mantine-InputWrapper-error' });
    expect(calls.some((c) => c.startsWith('/v1/reports/hiring') && c.includes('to=2020-01-01'))).toBe(true);
  });

  it('shows interviewer calibration for recruiters, tendencies as words', async () => {
    api();
    tokenStore.set('t');
    renderWithProviders(
      <AuthProvider>
        <Reports />
      </AuthProvider>,
    );
    fireEvent.click(await screen.findByRole('tab', { name: 'Interviewer calibration' }));
    const table = await screen.findByRole('table', { name: /compared with the rest of the panel/ });
    expect(table.textContent).toMatch(/Rates higher than the panel/);
    expect(table.textContent).not.toMatch(/lenient/);
  });
});

describe('CSV export', () => {
  it('neutralises cells a spreadsheet would run as formulas', () => {
    for (const evil of ['=1+1', '+1', '-1', '@SUM(A1)', '\tx', '\rx']) expect(csvCell(evil).replace(/^"/, '')).toMatch(/^'/);
    expect(csvCell('Referral')).toBe('Referral');
    expect(csvCell('a,"b"')).toBe('"a,""b"""');
    expect(csvCell(-3)).toBe('-3');
    expect(
      toCsv([
        ['a', 1],
        [null, 'b'],
      ]),
    ).toBe('a,1\r\n,b\r\n');
  });

  it('exports the same numbers the tables show, decline reasons neutralised', () => {
    const csv = hiringCsv(report, { from: '2026-01-01', to: '2026-03-31', departmentId: null, jobId: null });
    expect(csv).toContain('Recruiter screen,6,4,66.7');
    expect(csv).toContain(`"'=HYPERLINK(""http://evil"")",1`);
    expect(csv).toContain('Referral,10,3,2,20');
    expect(csv).not.toMatch(/(^|,)=/m);
  });
});
