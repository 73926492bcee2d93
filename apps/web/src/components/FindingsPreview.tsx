import { Badge, List, Paper, Stack, Text } from '@mantine/core';
import type { ReactNode } from 'react';
import type { Schemas } from '../api/client';

type Finding = Schemas['LintFindingDto'];

const SEVERITY_COLOR = { error: 'red', warning: 'orange', info: 'blue' } as const;

/** The rendered Markdown with each lint finding highlighted at its span, and the findings listed with their fixes. */
export function FindingsPreview({ markdown, findings, spans: located = findings }: { markdown: string; findings: Finding[]; spans?: Finding[] }) {
  const spans = located.filter((f) => f.end > f.start && f.end <= markdown.length).sort((a, b) => a.start - b.start);
  const parts: ReactNode[] = [];
  let at = 0;
  spans.forEach((f, i) => {
    if (f.start < at) return; // overlapping: listed below, highlighted once
    parts.push(markdown.slice(at, f.start));
    parts.push(
      <mark
        key={i}
        className={`finding ${f.severity}`}
        title={`${f.message}${f.suggestion ? ` Suggestion: ${f.suggestion}` : ''}`}
        aria-label={`${f.severity}: ${f.message}`}
        data-rule={f.rule}
      >
        {markdown.slice(f.start, f.end)}
      </mark>,
    );
    at = f.end;
  });
  parts.push(markdown.slice(at));
  return (
    <Stack gap="sm">
      <Paper withBorder p="sm" className="preview" aria-label="Live preview" role="region">
        <Text component="pre" size="sm" style={{ whiteSpace: 'pre-wrap', fontFamily: 'inherit', margin: 0 }}>
          {parts}
        </Text>
      </Paper>
      <FindingsList findings={findings} />
    </Stack>
  );
}

export function FindingsList({ findings }: { findings: Finding[] }) {
  if (findings.length === 0) {
    return (
      <Text size="sm" c="green.9" role="status">
        No lint findings.
      </Text>
    );
  }
  return (
    <div role="region" aria-label="Lint findings">
      <Text fw={600} size="sm" mb={4}>
        Lint findings ({findings.length})
      </Text>
      <List spacing={4} size="sm" data-testid="findings">
        {findings.map((f, i) => (
          <List.Item key={`${f.rule}-${i}`} data-rule={f.rule}>
            <Badge color={SEVERITY_COLOR[f.severity]} variant="light" size="sm" mr={6}>
              {f.severity}
            </Badge>
            <Text span fw={500}>
              {f.rule}
            </Text>{' '}
            <Text span>
              in {f.section}: {f.message}
            </Text>
            {f.suggestion && (
              <Text span c="dimmed">
                {' '}
                Suggested fix: {f.suggestion}
              </Text>
            )}
          </List.Item>
        ))}
      </List>
    </div>
  );
}
