import { Badge, Button, List, Paper, Stack, Text } from '@mantine/core';
import type { ReactNode } from 'react';
import type { Schemas } from '../api/client';
import { label } from '../app/labels';

type Finding = Schemas['LintFindingDto'];

const SEVERITY_COLOR = { error: 'red', warning: 'orange', info: 'blue' } as const;

/** A finding's title in words ("Wording that may put people off"), never its rule id. */
export const findingTitle = (f: Pick<Finding, 'rule'>) => label('lintRule', f.rule);

/** Where a finding is, in words: "requirements[3]" → "requirements (item 4)". */
export function findingPlace(section: string): string {
  const item = /\[(\d+)\]$/.exec(section);
  const base = label('lintSection', section.replace(/\[\d+\]$/, ''));
  return item ? `${base} (item ${Number(item[1]) + 1})` : base;
}

/**
 * The replacement a finding suggests, when it is one that can be applied with a click: the finding points at a span
 * of text and its suggestion is a word or phrase ("ninja" → "expert"; "they (or address the reader as "you")" →
 * "they"). Advice such as "describe the actual physical task" has no one-click fix.
 */
export function suggestedFix(f: Finding, offending?: string): string | undefined {
  if (!f.suggestion || f.end <= f.start) return undefined;
  if (/^(describe|values|consider|add|remove|use|state|give|list)\b/i.test(f.suggestion.trim())) return undefined;
  // The first alternative, before any aside in parentheses: "they (or address the reader as "you")" → "they".
  const first = f.suggestion
    .split('(')[0]
    .split(/,| or /)[0]
    .trim();
  if (!first) return undefined;
  return offending && /^[A-Z]/.test(offending) ? first[0].toUpperCase() + first.slice(1) : first;
}

/** The rendered Markdown with each lint finding highlighted at its span, and the findings listed with their fixes. */
export function FindingsPreview({
  markdown,
  findings,
  spans: located = findings,
  onFix,
}: {
  markdown: string;
  findings: Finding[];
  spans?: Finding[];
  /** Applies a suggested fix (replace `offending` with `replacement`); without it, fixes are shown as advice only. */
  onFix?: (fix: { finding: Finding; offending: string; replacement: string }) => void;
}) {
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
        title={`${findingTitle(f)}: ${f.message}${f.suggestion ? ` Suggestion: ${f.suggestion}` : ''}`}
        aria-label={`${findingTitle(f)}: ${markdown.slice(f.start, f.end)}`}
        data-rule={f.rule}
      >
        {markdown.slice(f.start, f.end)}
      </mark>,
    );
    at = f.end;
  });
  parts.push(markdown.slice(at));
  // The list shows the located findings (they carry the offending text) plus the ones only the sections report.
  const listed = [...spans, ...findings.filter((f) => !spans.some((s) => s.rule === f.rule && s.message === f.message))];
  return (
    <Stack gap="sm">
      <Paper withBorder p="sm" className="preview" aria-label="Live preview" role="region">
        <Text component="pre" size="sm" style={{ whiteSpace: 'pre-wrap', fontFamily: 'inherit', margin: 0 }}>
          {parts}
        </Text>
      </Paper>
      <FindingsList findings={listed} text={markdown} onFix={onFix} />
    </Stack>
  );
}

export function FindingsList({
  findings,
  text,
  onFix,
}: {
  findings: Finding[];
  /** The text the findings' offsets point into, to quote the offending words. */
  text?: string;
  onFix?: (fix: { finding: Finding; offending: string; replacement: string }) => void;
}) {
  if (findings.length === 0) {
    return (
      <Text size="sm" c="green.9" role="status">
        No problems found in the text.
      </Text>
    );
  }
  return (
    <div role="region" aria-label="Suggestions for the text">
      <Text fw={600} size="sm" mb={4}>
        Suggestions for the text ({findings.length})
      </Text>
      <List spacing={6} size="sm" data-testid="findings">
        {findings.map((f, i) => {
          const offending = text && f.end > f.start && f.end <= text.length ? text.slice(f.start, f.end) : undefined;
          const fix = suggestedFix(f, offending);
          return (
            <List.Item key={`${f.rule}-${i}`} data-rule={f.rule}>
              <Badge color={SEVERITY_COLOR[f.severity]} variant="light" size="sm" mr={6}>
                {label('severity', f.severity)}
              </Badge>
              <Text span fw={600}>
                {findingTitle(f)}
              </Text>
              {offending ? (
                <Text span>
                  {' '}
                  — <mark className={`finding ${f.severity}`}>{offending}</mark>
                </Text>
              ) : (
                <Text span c="dimmed">
                  {' '}
                  in {findingPlace(f.section)}
                </Text>
              )}
              <Text span>: {f.message}</Text>
              {fix && offending && onFix ? (
                <Button size="compact-xs" variant="light" ml={6} onClick={() => onFix({ finding: f, offending, replacement: fix })}>
                  Replace with “{fix}”
                </Button>
              ) : (
                f.suggestion && (
                  <Text span c="dimmed">
                    {' '}
                    Suggestion: {f.suggestion}
                  </Text>
                )
              )}
            </List.Item>
          );
        })}
      </List>
    </div>
  );
}
