import { Button, Stack, Text, TextInput } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { useQuery } from '@tanstack/react-query';
import { useId, useState } from 'react';
import { api, Schemas, unwrap } from '../../api/client';
import { ErrorAlert } from '../common';

type Candidate = Schemas['CandidatePageDto']['data'][number];

/** Search candidates by name or email and pick one (a list of buttons under the search box, each naming the candidate). */
export function CandidatePicker({
  label,
  initial = '',
  onPick,
  actionLabel,
}: {
  label: string;
  initial?: string;
  onPick: (candidate: Candidate) => void;
  /** The words on each result's button, e.g. (name) => `Add to ${name}`. */
  actionLabel: (name: string) => string;
}) {
  const [q, setQ] = useState(initial);
  const [debounced] = useDebouncedValue(q.trim(), 250);
  const resultsId = useId();
  const results = useQuery({
    queryKey: ['candidates', debounced, 'picker'],
    queryFn: () => unwrap(api.GET('/v1/candidates', { params: { query: { q: debounced, limit: 8 } } })),
    enabled: debounced.length >= 2,
  });
  const rows = results.data?.data ?? [];
  return (
    <Stack gap="xs">
      <TextInput
        label={label}
        description="Type at least two letters of a name or an email address."
        value={q}
        onChange={(e) => setQ(e.currentTarget.value)}
        role="searchbox"
        aria-controls={resultsId}
      />
      <ErrorAlert error={results.error} focus={false} />
      <div id={resultsId} aria-live="polite">
        {debounced.length >= 2 && results.isSuccess && rows.length === 0 && <Text size="sm">No candidate matches “{debounced}”.</Text>}
        {rows.length > 0 && (
          <ul style={{ listStyle: 'none', margin: 0, padding: 0 }} aria-label="Matching candidates">
            {rows.map((c) => (
              <li key={c.id} style={{ marginBottom: 4 }}>
                <Button variant="default" size="xs" onClick={() => onPick(c)}>
                  {actionLabel(c.name)}
                </Button>
                <Text span size="xs" c="dimmed" ml="xs">
                  {c.emails[0] ?? 'no email address'}
                </Text>
              </li>
            ))}
          </ul>
        )}
      </div>
    </Stack>
  );
}
