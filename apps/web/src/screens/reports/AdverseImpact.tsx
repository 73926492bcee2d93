import { BarChart } from '@mantine/charts';
import { Alert, Badge, Button, Group, Stack, Text } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { api, unwrap } from '../../api/client';
import type { components } from '../../api/schema';
import { label } from '../../app/labels';
import { ErrorAlert, Loading } from '../../components/common';
import { Cell, saveText, toCsv } from './csv';
import { NumbersTable, Section } from './parts';

type Report = components['schemas']['AdverseImpactReportDto'];
type Group = components['schemas']['AdverseImpactGroupDto'];

interface Filters {
  from: string;
  to: string;
  jobId: string | null;
}

const pct = (rate: number | null | undefined) => (rate === null || rate === undefined ? '—' : `${Math.round(rate * 1000) / 10}%`);
const ratio = (r: number | null | undefined) => (r === null || r === undefined ? '—' : (Math.round(r * 100) / 100).toFixed(2));
const TOO_FEW = 'Too few to report';

/** The report's figures as CSV rows: one block per question, a row per stage and group. */
export function adverseImpactCsv(report: Report): string {
  const rows: Cell[][] = [['Adverse impact'], ['Applications that answered the survey', report.respondents], []];
  for (const q of report.questions) {
    rows.push(
      [label('selfIdentificationQuestion', q.question)],
      ['Stage', 'Group', 'Reached the stage', 'Went further', 'Selection rate %', 'Impact ratio', 'Below four fifths'],
    );
    for (const stage of q.stages)
      for (const g of stage.groups)
        rows.push(
          g.tooFewToReport
            ? [stage.stageName, label('selfIdentificationAnswer', g.group), TOO_FEW]
            : [
                stage.stageName,
                label('selfIdentificationAnswer', g.group),
                g.entered ?? null,
                g.selected ?? null,
                g.selectionRate === undefined ? null : Math.round(g.selectionRate * 1000) / 10,
                g.impactRatio ?? null,
                g.flagged ? 'yes' : 'no',
              ],
        );
    rows.push([]);
  }
  return toCsv(rows);
}

function groupCells(g: Group) {
  if (g.tooFewToReport) return [TOO_FEW, '', '', '', ''];
  return [
    String(g.entered ?? '—'),
    String(g.selected ?? '—'),
    pct(g.selectionRate),
    ratio(g.impactRatio),
    g.flagged ? (
      <Badge color="red" variant="light">
        Below four fifths
      </Badge>
    ) : (
      'No'
    ),
  ];
}

/**
 * Admins only: for each self-identification question, each stage's selection rate per group and its impact ratio
 * against the most selected group (the four-fifths rule). Groups of fewer than five people show no numbers.
 */
export default function AdverseImpactView({ filters }: { filters: Filters }) {
  const report = useQuery({
    queryKey: ['report', 'adverse-impact', filters.from, filters.to, filters.jobId],
    queryFn: () =>
      unwrap(
        api.GET('/v1/reports/adverse-impact', {
          params: { query: { from: filters.from || undefined, to: filters.to || undefined, jobId: filters.jobId ?? undefined } },
        }),
      ),
    placeholderData: (previous) => previous,
  });
  if (report.isPending) return <Loading label="Loading the adverse-impact report" />;
  if (report.error && !report.data) return <ErrorAlert error={report.error} />;
  const r = report.data;
  return (
    <Stack gap="md">
      <ErrorAlert error={report.error} />
      <Text size="sm">
        From the voluntary self-identification survey, counted only together. For each stage, the selection rate is the share of a group’s applicants who went
        past the stage; the impact ratio compares it with the most selected group. A ratio under {r.threshold} (four fifths) may show adverse impact. Groups
        with fewer than {r.minimumGroupSize} people at a stage are too few to report. {r.respondents} applications in this period answered.
      </Text>
      <Group justify="flex-end">
        <Button variant="default" onClick={() => saveText(`adverse-impact-${filters.from || 'all'}-${filters.to || 'now'}.csv`, adverseImpactCsv(r))}>
          Download CSV
        </Button>
      </Group>
      {r.respondents === 0 && (
        <Alert color="gray" title="No answers yet">
          Nobody who applied in this period answered the survey. Turn it on in Administration, Privacy and audit.
        </Alert>
      )}
      {r.questions.map((q) => {
        const title = label('selfIdentificationQuestion', q.question);
        const groups = [...new Set(q.stages.flatMap((s) => s.groups.map((g) => g.group)))];
        return (
          <Section
            key={q.question}
            title={title}
            empty={q.stages.length === 0}
            chart={
              <BarChart
                h={260}
                data={q.stages.map((s) => ({
                  stage: s.stageName,
                  ...Object.fromEntries(
                    s.groups
                      .filter((g) => !g.tooFewToReport)
                      .map((g) => [label('selfIdentificationAnswer', g.group), Math.round((g.selectionRate ?? 0) * 1000) / 10]),
                  ),
                }))}
                dataKey="stage"
                unit="%"
                series={groups.map((g, i) => ({
                  name: label('selfIdentificationAnswer', g),
                  color: ['blue.6', 'teal.6', 'grape.6', 'orange.6', 'cyan.6', 'pink.6', 'lime.6'][i % 7],
                }))}
              />
            }
            table={
              <NumbersTable
                caption={`${title}: selection rate per stage and group, and impact ratio against the most selected group`}
                head={['Stage and group', 'Reached the stage', 'Went further', 'Selection rate', 'Impact ratio', 'Below four fifths']}
                rows={q.stages.flatMap((s) => s.groups.map((g) => [`${s.stageName}: ${label('selfIdentificationAnswer', g.group)}`, ...groupCells(g)]))}
              />
            }
          />
        );
      })}
    </Stack>
  );
}
