import { Alert, Button, Group, List, Modal, Paper, Stack, Text, Title } from '@mantine/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useNavigate } from 'react-router';
import { api, Schemas, unwrap } from '../../api/client';
import { ErrorAlert } from '../../components/common';

type Candidate = Pick<Schemas['CandidateDto'], 'id'> & { applications?: Array<Pick<Schemas['ApplicationSummaryDto'], 'status'>> };

/** What the candidates list shows after a deletion (passed as the navigation's state). */
export interface CandidatesNotice {
  notice: string;
}

export const HIRED_SENTENCE =
  'This candidate was hired, so their records are kept for reporting and the job: they cannot be deleted. To remove their personal data, anonymise them instead.';

/**
 * Admins: delete the candidate for good (a spam or test profile, a duplicate created by mistake), after a confirmation
 * that says what goes. A hired candidate cannot be deleted: the dialog says so and points to anonymising. Afterwards
 * the candidates list opens with a notice.
 */
export function DeleteCandidate({ candidate, name }: { candidate: Candidate; name: string }) {
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  const [confirming, setConfirming] = useState(false);
  const hired = (candidate.applications ?? []).some((a) => a.status === 'hired');
  const remove = useMutation({
    mutationFn: () => unwrap(api.DELETE('/v1/candidates/{id}', { params: { path: { id: candidate.id } } })),
    onSuccess: () => {
      setConfirming(false);
      queryClient.removeQueries({ queryKey: ['candidate', candidate.id] });
      void queryClient.invalidateQueries({ queryKey: ['candidates'] });
      const state: CandidatesNotice = { notice: `${name} was deleted, with their applications and everything about them.` };
      void navigate('/candidates', { state });
    },
  });
  return (
    <Paper withBorder p="md" role="region" aria-label="Delete">
      <Title order={2} size="h4" mb="xs">
        Delete
      </Title>
      <Stack gap="xs">
        <Text size="sm">
          Remove this profile and everything about it for good: for a spam or test profile, or a duplicate created by mistake. To keep the hiring history of a
          real person but remove their personal data, anonymise them instead.
        </Text>
        <Group>
          <Button size="xs" color="red" variant="light" onClick={() => setConfirming(true)}>
            Delete candidate
          </Button>
        </Group>
      </Stack>
      <Modal opened={confirming} onClose={() => setConfirming(false)} title={`Delete ${name}?`} closeButtonProps={{ 'aria-label': 'Close' }}>
        {hired ? (
          <Stack gap="sm">
            <Alert color="yellow" variant="light" title="This candidate cannot be deleted">
              {HIRED_SENTENCE}
            </Alert>
            <Group justify="flex-end">
              <Button variant="default" onClick={() => setConfirming(false)}>
                Back to the profile
              </Button>
            </Group>
          </Stack>
        ) : (
          <Stack gap="sm">
            <Alert color="red" variant="light" title="This cannot be undone">
              Once deleted, the candidate is gone for good: nobody can restore them.
            </Alert>
            <Text size="sm">Removed:</Text>
            <List size="sm" spacing={2}>
              <List.Item>the candidate, their contact details, resume and files, and any profiles merged into this one;</List.Item>
              <List.Item>every application, with its interviews, scorecards, decisions and offers;</List.Item>
              <List.Item>notes, emails to and from them, scheduling links and the activity history;</List.Item>
              <List.Item>their personal details in webhook events and the audit log.</List.Item>
            </List>
            <Text size="sm">
              The audit log keeps a record that the candidate was deleted, and by whom. If this person was hired, or you want to keep their hiring history,
              anonymise them instead.
            </Text>
            <ErrorAlert error={remove.error} />
            <Group justify="flex-end">
              <Button variant="default" onClick={() => setConfirming(false)}>
                Cancel
              </Button>
              <Button color="red" loading={remove.isPending} onClick={() => remove.mutate()}>
                Delete for good
              </Button>
            </Group>
          </Stack>
        )}
      </Modal>
    </Paper>
  );
}
