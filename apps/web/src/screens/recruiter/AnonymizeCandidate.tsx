import { Alert, Button, Group, List, Modal, Paper, Stack, Text, Title } from '@mantine/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { api, Schemas, unwrap } from '../../api/client';
import { ErrorAlert } from '../../components/common';

type Candidate = Pick<Schemas['CandidateDto'], 'id' | 'firstName' | 'lastName' | 'emails' | 'phones'>;

/** An anonymised candidate carries the name "Anonymised candidate" and no contact details (the API has no flag for it). */
export function isAnonymised(c: Candidate): boolean {
  return c.firstName === 'Anonymised' && c.lastName === 'candidate' && c.emails.length === 0 && c.phones.length === 0;
}

export const ANONYMISED_SENTENCE =
  'This candidate was anonymised: their name, contact details, files and the texts written about them were removed. Ratings, dates and stages remain for reporting.';

/** Admins: anonymise the candidate everywhere, after a confirmation that says it cannot be undone and what goes. */
export function AnonymizeCandidate({ candidate, name }: { candidate: Candidate; name: string }) {
  const queryClient = useQueryClient();
  const [confirming, setConfirming] = useState(false);
  const anonymize = useMutation({
    mutationFn: () => unwrap(api.POST('/v1/candidates/{id}/anonymize', { params: { path: { id: candidate.id } } })),
    onSuccess: (data) => {
      setConfirming(false);
      queryClient.setQueryData(['candidate', candidate.id], data);
      void queryClient.invalidateQueries({ predicate: (q) => ['activity', 'notes', 'emails', 'candidate-exports'].includes(q.queryKey[0] as string) });
    },
  });
  const done = isAnonymised(candidate);
  return (
    <Paper withBorder p="md" role="region" aria-label="Anonymise">
      <Title order={2} size="h4" mb="xs">
        Anonymise
      </Title>
      {done ? (
        <Text size="sm" role="status">
          This candidate is anonymised. There is nothing more to remove.
        </Text>
      ) : (
        <Stack gap="xs">
          <Text size="sm">Remove this candidate's personal data everywhere in Hireloop, for example when they ask to be forgotten. This cannot be undone.</Text>
          <Group>
            <Button size="xs" color="red" variant="light" onClick={() => setConfirming(true)}>
              Anonymise candidate
            </Button>
          </Group>
        </Stack>
      )}
      <Modal opened={confirming} onClose={() => setConfirming(false)} title={`Anonymise ${name}?`} closeButtonProps={{ 'aria-label': 'Close' }}>
        <Stack gap="sm">
          <Alert color="red" variant="light" title="This cannot be undone">
            Once anonymised, the data below is gone for good: nobody can restore it.
          </Alert>
          <Text size="sm">Removed:</Text>
          <List size="sm" spacing={2}>
            <List.Item>their name, email addresses, phone numbers, links and location;</List.Item>
            <List.Item>their resume, files and cover letters;</List.Item>
            <List.Item>notes, rejection reasons and the texts of scorecards, interviews and offers about them;</List.Item>
            <List.Item>emails to and from them (unsent emails are cancelled);</List.Item>
            <List.Item>their personal details in the activity history, webhook events and the audit log.</List.Item>
          </List>
          <Text size="sm">Ratings, dates, stages and offer amounts remain, without their name, for reports.</Text>
          <ErrorAlert error={anonymize.error} />
          <Group justify="flex-end">
            <Button variant="default" onClick={() => setConfirming(false)}>
              Cancel
            </Button>
            <Button color="red" loading={anonymize.isPending} onClick={() => anonymize.mutate()}>
              Anonymise for good
            </Button>
          </Group>
        </Stack>
      </Modal>
    </Paper>
  );
}
