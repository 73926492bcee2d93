import { Alert, Anchor, Button, Code, CopyButton, Group, Paper, Stack, Text, Title } from '@mantine/core';
import { useInfiniteQuery, useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { Link } from 'react-router';
import { api, Schemas, unwrap } from '../../api/client';
import { ErrorAlert, fmtDate, Loading, PageTitle } from '../../components/common';
import { CandidatePicker } from '../../components/mail/CandidatePicker';

type Item = Schemas['InboxItemDto'];

/**
 * The organization inbox: mail sent to the organization's inbox address that answers none of our emails. Each message
 * can be added to a candidate (found by name or email) or dismissed.
 */
export default function InboxPage() {
  const queryClient = useQueryClient();
  const [done, setDone] = useState<string | null>(null);
  const inbox = useInfiniteQuery({
    queryKey: ['inbox'],
    initialPageParam: undefined as string | undefined,
    queryFn: ({ pageParam }) => unwrap(api.GET('/v1/inbox', { params: { query: { limit: 25, cursor: pageParam } } })),
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  });
  const refresh = (sentence: string) => {
    setDone(sentence);
    void queryClient.invalidateQueries({ queryKey: ['inbox'] });
  };
  const address = inbox.data?.pages[0]?.address;
  const items = inbox.data?.pages.flatMap((p) => p.data) ?? [];
  return (
    <>
      <PageTitle sub="Email sent to your organization's inbox address that is not a reply to one of your messages. Add each one to a candidate, or dismiss it.">
        Inbox
      </PageTitle>
      {address ? (
        <Group mb="md" gap="xs" align="center">
          <Text size="sm">Your inbox address:</Text>
          <Code aria-label="Inbox address">{address}</Code>
          <CopyButton value={address}>
            {({ copied, copy }) => (
              <Button size="xs" variant="default" onClick={copy}>
                {copied ? 'Copied' : 'Copy the address'}
              </Button>
            )}
          </CopyButton>
        </Group>
      ) : (
        inbox.isSuccess && (
          <Text size="sm" mb="md">
            This Hireloop has no inbound mail domain yet, so there is no inbox address. Ask the person who runs it to set one up.
          </Text>
        )
      )}
      <div role="status" aria-live="polite">
        {done && (
          <Alert color="green" withCloseButton closeButtonLabel="Dismiss message" onClose={() => setDone(null)} mb="sm">
            {done}
          </Alert>
        )}
      </div>
      <ErrorAlert error={inbox.error} title="The inbox could not be loaded" />
      {inbox.isPending && <Loading label="Loading the inbox" />}
      {inbox.isSuccess && items.length === 0 && <Text>The inbox is empty.</Text>}
      <Stack component="ul" gap="sm" style={{ listStyle: 'none', padding: 0, margin: 0 }} aria-label="Messages, newest first">
        {items.map((item) => (
          <li key={item.id}>
            <InboxMessage item={item} onHandled={refresh} />
          </li>
        ))}
      </Stack>
      {inbox.hasNextPage && (
        <Button variant="default" mt="md" onClick={() => void inbox.fetchNextPage()} loading={inbox.isFetchingNextPage}>
          Older messages
        </Button>
      )}
    </>
  );
}

export function InboxMessage({ item, onHandled }: { item: Item; onHandled: (sentence: string) => void }) {
  const [assigning, setAssigning] = useState(false);
  const subject = item.subject || '(no subject)';
  const assign = useMutation({
    mutationFn: (candidate: { id: string; name: string }) =>
      unwrap(api.POST('/v1/inbox/{id}/assign', { params: { path: { id: item.id } }, body: { candidateId: candidate.id } })).then(() => candidate),
    onSuccess: (candidate) => onHandled(`“${subject}” was added to ${candidate.name}'s emails.`),
  });
  const dismiss = useMutation({
    mutationFn: () => unwrap(api.POST('/v1/inbox/{id}/dismiss', { params: { path: { id: item.id } } })),
    onSuccess: () => onHandled(`“${subject}” was dismissed.`),
  });
  return (
    <Paper withBorder p="md" role="article" aria-label={`${subject}, from ${item.from}`}>
      <Title order={2} size="h5">
        {subject}
      </Title>
      <Text size="sm" c="dimmed">
        From {item.from || 'an unknown sender'} · received {fmtDate(item.receivedAt)}
      </Text>
      <Text size="sm" mt="xs" style={{ whiteSpace: 'pre-wrap' }} lineClamp={assigning ? undefined : 6}>
        {item.body || 'The message has no text.'}
      </Text>
      <ErrorAlert error={assign.error ?? dismiss.error} title={assign.error ? 'The message was not added' : 'The message was not dismissed'} />
      {assigning ? (
        <Stack mt="sm" gap="xs">
          <CandidatePicker
            label="Find the candidate"
            initial={item.from}
            actionLabel={(name) => `Add to ${name}`}
            onPick={(c) => assign.mutate({ id: c.id, name: c.name })}
          />
          <Group>
            <Button size="xs" variant="subtle" onClick={() => setAssigning(false)}>
              Cancel
            </Button>
          </Group>
        </Stack>
      ) : (
        <Group mt="sm">
          <Button size="xs" onClick={() => setAssigning(true)}>
            Add to a candidate
          </Button>
          <Button size="xs" variant="default" onClick={() => dismiss.mutate()} loading={dismiss.isPending}>
            Dismiss
          </Button>
        </Group>
      )}
      {assign.isSuccess && (
        <Anchor component={Link} to={`/candidates/${assign.data.id}`} size="sm">
          Open {assign.data.name}
        </Anchor>
      )}
    </Paper>
  );
}
