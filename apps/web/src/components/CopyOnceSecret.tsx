import { Button, Code, CopyButton, Group, Paper, Text, Title } from '@mantine/core';
import type { ReactNode } from 'react';

/**
 * A secret the server answers only once (a new API key, a webhook's signing secret): announced politely, shown in full
 * with a button that copies it, and kept on screen until the person says they stored it.
 */
export function CopyOnceSecret({
  title,
  intro,
  value,
  valueLabel,
  copyLabel,
  note,
  dismissLabel,
  onDismiss,
}: {
  title: string;
  /** What the secret is for, and that this is the only time it is shown. */
  intro: ReactNode;
  value: string;
  /** The accessible name of the value. */
  valueLabel: string;
  copyLabel: string;
  /** Said below the value, e.g. whether a test message arrived. */
  note?: ReactNode;
  dismissLabel: string;
  onDismiss: () => void;
}) {
  return (
    <Paper withBorder p="md" role="status" aria-live="polite">
      <Title order={2} size="h4">
        {title}
      </Title>
      <Text size="sm" mb="xs">
        {intro}
      </Text>
      <Group wrap="nowrap" align="center">
        <Code block style={{ flex: 1, wordBreak: 'break-all' }} aria-label={valueLabel}>
          {value}
        </Code>
        <CopyButton value={value}>
          {({ copied, copy }) => (
            <Button onClick={copy} variant={copied ? 'light' : 'filled'}>
              {copied ? 'Copied' : copyLabel}
            </Button>
          )}
        </CopyButton>
      </Group>
      {note && (
        <Text size="sm" mt="xs">
          {note}
        </Text>
      )}
      <Button mt="sm" variant="default" size="xs" onClick={onDismiss}>
        {dismissLabel}
      </Button>
    </Paper>
  );
}
