import '@mantine/charts/styles.css';
import { BarChart } from '@mantine/charts';
import { Button, Group, Paper, Select, SimpleGrid, Stack, Tabs, Text, TextInput } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { api, unwrap } from '../../api/client';
import { useAuth } from '../../app/auth';
import { label } from '../../app/labels';
import { ErrorAlert, fieldError, Loading, PageTitle } from '../../components/common';
import { Cell, saveText, toCsv } from './csv';
import { NumbersTable, Section } from './parts';
import AdverseImpactView from './AdverseImpact';

export interface HiringReport {
  filters: { from: string | null; to: string | null; jobId: string | null; departmentId?: string | null };
  timeToHire: { hires: number; medianDays: number | null; p90Days: number | null };
  timeInStage: { stageName: string; kind: string; exits: number; medianHours: number | null; averageHours: number | null }[];
  offers: { made: number; accepted: number; declined: number; expired: number; withdrawn: number; acceptanceRate: number | null };
  declineReasons: { reason: string | null; reasonId: string | null; count: number }[];
  sourceEffectiveness: { source: string; applications: number; offers: number; hires: number; hireRate: number | null }[];
  passThrough: { stageName: string; kind: string; position: number; reached: number; passed: number; rate: number | null }[];
}

export interface Filters {
  from: string;
  to: string;
  departmentId: string | null;
  jobId: string | null;
}

const pct = (rate: number | null | undefined) => (rate === null || rate === undefined ? '—' : `${Math.round(rate * 1000) / 10}%`);
const num = (n: number | null | undefined, digits = 1) => (n === null || n === undefined ? '—' : String(Math.round(n * 10 ** digits) / 10 ** digits));
const sourceName = (s: string) => (s === 'unknown' ? 'Not recorded' : label('source', s));
const daysAgo = (days: number) => new Date(Date.now() - days * 86_400_000).toISOString().slice(0, 10);

/** The hiring report's sections as rows, the same numbers the tables show: one CSV with a block per section. */
export function hiringCsv(report: HiringReport, filters: Filters): string {
  const rows: Cell[][] = [
    ['Hiring report'],
    ['From', filters.from || 'any date', 'To', filters.to || 'any date'],
    [],
    ['Funnel', 'Reached', 'Went further', 'Pass-through %'],
    ...report.passThrough.map((p) => [p.stageName, p.reached, p.passed, p.rate === null ? null : Math.round(p.rate * 1000) / 10]),
    [],
    ['Time in stage', 'Moves out', 'Median hours', 'Average hours'],
    ...report.timeInStage.map((s) => [s.stageName, s.exits, s.medianHours, s.averageHours]),
    [],
    ['Time to hire', 'Hires', 'Median days', '90th percentile days'],
    ['Application to accepted offer', report.timeToHire.hires, report.timeToHire.medianDays, report.timeToHire.p90Days],
    [],
    ['Offers', 'Sent', 'Accepted', 'Declined', 'Expired', 'Withdrawn', 'Acceptance %'],
    [
      'All offers',
      report.offers.made,
      report.offers.accepted,
      report.offers.declined,
      report.offers.expired,
      report.offers.withdrawn,
      report.offers.acceptanceRate === null ? null : Math.round(report.offers.acceptanceRate * 1000) / 10,
    ],
    [],
    ['Decline reason', 'Offers declined'],
    ...report.declineReasons.map((r) => [r.reason ?? 'No reason given', r.count]),
    [],
    ['Source', 'Applications', 'Offers', 'Hires', 'Hire %'],
    ...report.sourceEffectiveness.map((s) => [
      sourceName(s.source),
      s.applications,
      s.offers,
      s.hires,
      s.hireRate === null ? null : Math.round(s.hireRate * 1000) / 10,
    ]),
  ];
  return toCsv(rows);
}

type Calibration = {
  from: string;
  to: string;
  data: {
    interviewerName: string;
    submitted: number;
    medianHoursToSubmit: number | null;
    lateShare: number | null;
    overallDeviation: number | null;
    tendency: string;
    decisionAgreement: number | null;
    noSignalShare: number | null;
  }[];
};

export function calibrationCsv(report: Calibration): string {
  return toCsv([
    ['Interviewer', 'Scorecards', 'Median hours to submit', 'Late %', 'Overall deviation', 'Tendency', 'Agreement with decision %', 'No-signal %'],
    ...report.data.map((r) => [
      r.interviewerName,
      r.submitted,
      r.medianHoursToSubmit,
      r.lateShare === null ? null : Math.round(r.lateShare * 1000) / 10,
      r.overallDeviation,
      label('tendency', r.tendency),
      r.decisionAgreement === null ? null : Math.round(r.decisionAgreement * 1000) / 10,
      r.noSignalShare === null ? null : Math.round(r.noSignalShare * 1000) / 10,
    ]),
  ]);
}

function FiltersBar({ filters, onChange, error }: { filters: Filters; onChange: (f: Filters) => void; error: unknown }) {
  const departments = useQuery({ queryKey: ['departments'], queryFn: () => unwrap(api.GET('/v1/departments', { params: { query: { limit: 100 } } })) });
  const jobs = useQuery({ queryKey: ['jobs', 'report-filter'], queryFn: () => unwrap(api.GET('/v1/jobs', { params: { query: { limit: 100 } } })) });
  return (
    <Group align="flex-end" gap="sm" mb="md" role="search" aria-label="Report filters">
      <TextInput
        type="date"
        label="From"
        value={filters.from}
        onChange={(e) => onChange({ ...filters, from: e.currentTarget.value })}
        error={fieldError(error, 'from')}
      />
      <TextInput
        type="date"
        label="To"
        value={filters.to}
        onChange={(e) => onChange({ ...filters, to: e.currentTarget.value })}
        error={fieldError(error, 'to')}
      />
      <Select
        label="Department"
        placeholder="All departments"
        clearable
        data={(departments.data?.data ?? []).map((d) => ({ value: d.id, label: d.name }))}
        value={filters.departmentId}
        onChange={(v) => onChange({ ...filters, departmentId: v })}
        error={fieldError(error, 'departmentId')}
      />
      <Select
        label="Job"
        placeholder="All jobs"
        clearable
        searchable
        data={(jobs.data?.data ?? []).map((j) => ({ value: j.id, label: j.title }))}
        value={filters.jobId}
        onChange={(v) => onChange({ ...filters, jobId: v })}
        error={fieldError(error, 'jobId')}
      />
    </Group>
  );
}

const query = (f: Filters) => ({
  from: f.from || undefined,
  to: f.to || undefined,
  departmentId: f.departmentId ?? undefined,
  jobId: f.jobId ?? undefined,
});

function useHiringReport(filters: Filters, enabled: boolean) {
  return useQuery({
    queryKey: ['report', 'hiring', filters],
    queryFn: async () => (await unwrap(api.GET('/v1/reports/hiring', { params: { query: query(filters) } }))) as unknown as HiringReport,
    placeholderData: (previous) => previous,
    enabled,
  });
}

function useCalibration(filters: Filters, enabled: boolean) {
  return useQuery({
    queryKey: ['report', 'interviewers', filters],
    queryFn: async () => (await unwrap(api.GET('/v1/reports/interviewers', { params: { query: query(filters) } }))) as unknown as Calibration,
    placeholderData: (previous) => previous,
    enabled,
  });
}

function HiringReportView({ filters, report }: { filters: Filters; report: ReturnType<typeof useHiringReport> }) {
  if (report.isPending) return <Loading label="Loading the hiring report" />;
  if (report.error && !report.data) return <ErrorAlert error={report.error} />;
  const r = report.data;
  const offers = r.offers;
  return (
    <Stack gap="md">
      <ErrorAlert error={report.error} />
      <Group justify="flex-end">
        <Button variant="default" onClick={() => saveText(`hiring-report-${filters.from || 'all'}-${filters.to || 'now'}.csv`, hiringCsv(r, filters))}>
          Download CSV
        </Button>
      </Group>
      <SimpleGrid cols={{ base: 1, sm: 3 }}>
        <Paper withBorder p="md">
          <Text size="sm" c="dimmed">
            Hires
          </Text>
          <Text fw={700} size="xl">
            {r.timeToHire.hires}
          </Text>
        </Paper>
        <Paper withBorder p="md">
          <Text size="sm" c="dimmed">
            Time to hire (median)
          </Text>
          <Text fw={700} size="xl">
            {r.timeToHire.medianDays === null ? '—' : `${num(r.timeToHire.medianDays)} days`}
          </Text>
          <Text size="xs" c="dimmed">
            90% hired within {r.timeToHire.p90Days === null ? '—' : `${num(r.timeToHire.p90Days)} days`}
          </Text>
        </Paper>
        <Paper withBorder p="md">
          <Text size="sm" c="dimmed">
            Offer acceptance
          </Text>
          <Text fw={700} size="xl">
            {pct(offers.acceptanceRate)}
          </Text>
          <Text size="xs" c="dimmed">
            {offers.accepted} accepted of {offers.made} sent
          </Text>
        </Paper>
      </SimpleGrid>
      <Section
        title="Funnel"
        empty={r.passThrough.length === 0}
        chart={
          <BarChart
            h={260}
            data={r.passThrough.map((p) => ({ stage: p.stageName, Reached: p.reached, 'Went further': p.passed }))}
            dataKey="stage"
            series={[
              { name: 'Reached', color: 'blue.6' },
              { name: 'Went further', color: 'teal.6' },
            ]}
          />
        }
        table={
          <NumbersTable
            caption="Candidates per stage and how many went further"
            head={['Stage', 'Reached', 'Went further', 'Pass-through']}
            rows={r.passThrough.map((p) => [p.stageName, p.reached, p.passed, pct(p.rate)])}
          />
        }
      />
      <Section
        title="Time in stage"
        empty={r.timeInStage.length === 0}
        chart={
          <BarChart
            h={260}
            data={r.timeInStage.map((s) => ({ stage: s.stageName, 'Median hours': s.medianHours ?? 0 }))}
            dataKey="stage"
            series={[{ name: 'Median hours', color: 'indigo.6' }]}
          />
        }
        table={
          <NumbersTable
            caption="Hours spent in each stage before moving on"
            head={['Stage', 'Moves out', 'Median hours', 'Average hours']}
            rows={r.timeInStage.map((s) => [s.stageName, s.exits, num(s.medianHours), num(s.averageHours)])}
          />
        }
      />
      <Section
        title="Sources"
        empty={r.sourceEffectiveness.length === 0}
        chart={
          <BarChart
            h={260}
            data={r.sourceEffectiveness.map((s) => ({ source: sourceName(s.source), Applications: s.applications, Hires: s.hires }))}
            dataKey="source"
            series={[
              { name: 'Applications', color: 'blue.6' },
              { name: 'Hires', color: 'green.7' },
            ]}
          />
        }
        table={
          <NumbersTable
            caption="Applications, offers and hires by source"
            head={['Source', 'Applications', 'Offers', 'Hires', 'Hire rate']}
            rows={r.sourceEffectiveness.map((s) => [sourceName(s.source), s.applications, s.offers, s.hires, pct(s.hireRate)])}
          />
        }
      />
      <Section
        title="Offers"
        chart={
          <BarChart
            h={220}
            data={[{ outcome: 'Offers', Accepted: offers.accepted, Declined: offers.declined, Expired: offers.expired, Withdrawn: offers.withdrawn }]}
            dataKey="outcome"
            type="stacked"
            series={[
              { name: 'Accepted', color: 'green.7' },
              { name: 'Declined', color: 'red.7' },
              { name: 'Expired', color: 'gray.6' },
              { name: 'Withdrawn', color: 'orange.7' },
            ]}
          />
        }
        table={
          <NumbersTable
            caption="What happened to the offers sent"
            head={['Outcome', 'Offers']}
            rows={[
              ['Sent', offers.made],
              ['Accepted', offers.accepted],
              ['Declined', offers.declined],
              ['Expired', offers.expired],
              ['Withdrawn', offers.withdrawn],
              ['Acceptance rate', pct(offers.acceptanceRate)],
            ]}
          />
        }
      />
      <Section
        title="Decline reasons"
        empty={r.declineReasons.length === 0}
        chart={
          <BarChart
            h={220}
            data={r.declineReasons.map((d) => ({ reason: d.reason ?? 'No reason given', Declined: d.count }))}
            dataKey="reason"
            series={[{ name: 'Declined', color: 'red.7' }]}
          />
        }
        table={
          <NumbersTable
            caption="Why candidates declined offers"
            head={['Reason', 'Offers declined']}
            rows={r.declineReasons.map((d) => [d.reason ?? 'No reason given', d.count])}
          />
        }
      />
    </Stack>
  );
}

function CalibrationView({ report }: { report: ReturnType<typeof useCalibration> }) {
  if (report.isPending) return <Loading label="Loading interviewer calibration" />;
  if (report.error && !report.data) return <ErrorAlert error={report.error} />;
  const r = report.data;
  return (
    <Stack gap="md">
      <ErrorAlert error={report.error} />
      <Group justify="flex-end">
        <Button variant="default" onClick={() => saveText('interviewer-calibration.csv', calibrationCsv(r))}>
          Download CSV
        </Button>
      </Group>
      <Section
        title="Interviewer calibration"
        empty={r.data.length === 0}
        chart={
          <BarChart
            h={Math.max(200, r.data.length * 36)}
            orientation="vertical"
            data={r.data.map((d) => ({ name: d.interviewerName, 'Overall vs panel': d.overallDeviation ?? 0 }))}
            dataKey="name"
            series={[{ name: 'Overall vs panel', color: 'violet.6' }]}
          />
        }
        table={
          <NumbersTable
            caption="How each interviewer rates compared with the rest of the panel (positive: higher)"
            head={['Interviewer', 'Scorecards', 'Median hours to submit', 'Late', 'Overall vs panel', 'Tendency', 'Agrees with decision', 'No signal']}
            rows={r.data.map((d) => [
              d.interviewerName,
              d.submitted,
              num(d.medianHoursToSubmit),
              pct(d.lateShare),
              num(d.overallDeviation, 2),
              label('tendency', d.tendency),
              pct(d.decisionAgreement),
              pct(d.noSignalShare),
            ])}
          />
        }
      />
    </Stack>
  );
}

export default function Reports() {
  const { hasRole } = useAuth();
  const [filters, setFilters] = useState<Filters>({ from: daysAgo(90), to: daysAgo(0), departmentId: null, jobId: null });
  const [tab, setTab] = useState<string | null>('hiring');
  const calibration = hasRole('admin', 'recruiter');
  const admin = hasRole('admin');
  const hiring = useHiringReport(filters, tab === 'hiring');
  const interviewers = useCalibration(filters, calibration && tab === 'interviewers');
  const error = tab === 'hiring' ? hiring.error : interviewers.error;
  return (
    <>
      <PageTitle sub="Numbers for applications in the chosen period; every chart has its table beside it.">Reports</PageTitle>
      <FiltersBar filters={filters} onChange={setFilters} error={error} />
      <Tabs value={tab} onChange={setTab} keepMounted={false}>
        <Tabs.List mb="md">
          <Tabs.Tab value="hiring">Hiring report</Tabs.Tab>
          {calibration && <Tabs.Tab value="interviewers">Interviewer calibration</Tabs.Tab>}
          {admin && <Tabs.Tab value="adverse-impact">Adverse impact</Tabs.Tab>}
        </Tabs.List>
        <Tabs.Panel value="hiring">
          <HiringReportView filters={filters} report={hiring} />
        </Tabs.Panel>
        {calibration && (
          <Tabs.Panel value="interviewers">
            <CalibrationView report={interviewers} />
          </Tabs.Panel>
        )}
        {admin && (
          <Tabs.Panel value="adverse-impact">
            <AdverseImpactView filters={filters} />
          </Tabs.Panel>
        )}
      </Tabs>
    </>
  );
}
