import { NativeSelect, Paper, Stack, Switch, Text, Title } from '@mantine/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useMemo } from 'react';
import { api, Schemas, unwrap } from '../api/client';
import { ErrorAlert } from './common';

type Candidate = Pick<Schemas['CandidateDto'], 'id' | 'version' | 'doNotContact' | 'timeZone'>;

/** Every IANA time zone the browser knows (UTC first), for the candidate's time zone. */
function timeZones(): string[] {
  const known = typeof Intl.supportedValuesOf === 'function' ? Intl.supportedValuesOf('timeZone') : [];
  return ['UTC', ...known.filter((zone) => zone !== 'UTC')];
}

/**
 * How the candidate may be written to: "Do not contact" (only email about an application in progress reaches them) and
 * their time zone (interview times in their emails are written in it). Admins and recruiters change them.
 */
export function ContactPreferences({ candidate }: { candidate: Candidate }) {
  const queryClient = useQueryClient();
  const zones = useMemo(() => timeZones(), []);
  const update = useMutation({
    mutationFn: (body: { doNotContact?: boolean; timeZone?: string | null }) =>
      unwrap(api.PATCH('/v1/candidates/{id}', { params: { path: { id: candidate.id } }, body: { ...body, version: candidate.version } })),
    onSuccess: (updated) => {
      queryClient.setQueryData(['candidate', candidate.id], (old: object | undefined) => (old ? { ...old, ...updated } : updated));
      void queryClient.invalidateQueries({ queryKey: ['activity', candidate.id] });
    },
  });
  return (
    <Paper withBorder p="md" role="region" aria-label="Contact">
      <Title order={2} size="h4" mb="xs">
        Contact
      </Title>
      <Stack gap="sm">
        <Switch
          label="Do not contact"
          description="While this is on, the candidate receives only email about an application in progress: no bulk email and nothing about closed applications."
          checked={candidate.doNotContact}
          disabled={update.isPending}
          onChange={(e) => update.mutate({ doNotContact: e.currentTarget.checked })}
        />
        <NativeSelect
          label="Time zone"
          description="Interview times in the candidate's emails are written in this time zone; without one they are in UTC."
          data={[{ value: '', label: 'Not known' }, ...zones.map((zone) => ({ value: zone, label: zone }))]}
          value={candidate.timeZone ?? ''}
          disabled={update.isPending}
          onChange={(e) => update.mutate({ timeZone: e.currentTarget.value || null })}
        />
        {update.isSuccess && (
          <Text size="sm" role="status">
            Saved.
          </Text>
        )}
        <ErrorAlert error={update.error} title="The change was not saved" />
      </Stack>
    </Paper>
  );
}
