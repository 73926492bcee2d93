import { Badge, Button, Group, Stack, Text } from '@mantine/core';
import { useInfiniteQuery, useMutation, useQueryClient } from '@tanstack/react-query';
import { api, Schemas, unwrap } from '../../api/client';
import { label } from '../../app/labels';
import { ErrorAlert, fmtDate } from '../common';

type Sent = Schemas['EmailDto'];
type Received = Schemas['ReceivedEmailDto'];
type Entry = { kind: 'sent'; at: string; email: Sent } | { kind: 'received'; at: string; email: Received };

const STATUS_COLOR: Record<string, string> = { scheduled: 'blue', queued: 'gray', sent: 'green', failed: 'red', bounced: 'red', cancelled: 'gray' };

/** When a sent email happened, in words: sent at, scheduled for, or written at. */
export function sentWhen(email: Sent): string {
  if (email.sentAt) return `Sent ${fmtDate(email.sentAt)}`;
  if (email.status === 'scheduled' && email.sendAt) return `To be sent ${fmtDate(email.sendAt)}`;
  return `Written ${fmtDate(email.createdAt)}`;
}

/**
 * The candidate's email thread, newest first: what we sent (with its status in words, a scheduled or waiting one can be
 * cancelled) and what the candidate sent us (replies, and inbox messages added to the candidate).
 */
export function EmailThread({ candidateId }: { candidateId: string }) {
  const queryClient = useQueryClient();
  const sent = useInfiniteQuery({
    queryKey: ['emails', candidateId],
    initialPageParam: undefined as string | undefined,
    queryFn: ({ pageParam }) =>
      unwrap(api.GET('/v1/candidates/{id}/emails', { params: { path: { id: candidateId }, query: { limit: 25, cursor: pageParam } } })),
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  });
  const received = useInfiniteQuery({
    queryKey: ['received-emails', candidateId],
    initialPageParam: undefined as string | undefined,
    queryFn: ({ pageParam }) =>
      unwrap(api.GET('/v1/candidates/{id}/received-emails', { params: { path: { id: candidateId }, query: { limit: 25, cursor: pageParam } } })),
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  });
  const cancel = useMutation({
    mutationFn: (id: string) => unwrap(api.DELETE('/v1/emails/{id}', { params: { path: { id } } })),
    onSettled: () => {
      void queryClient.invalidateQueries({ queryKey: ['emails', candidateId] });
      void queryClient.invalidateQueries({ queryKey: ['activity', candidateId] });
    },
  });
  const entries: Entry[] = [
    ...(sent.data?.pages.flatMap((p) => p.data) ?? []).map((email): Entry => ({ kind: 'sent', at: email.sentAt ?? email.createdAt, email })),
    ...(received.data?.pages.flatMap((p) => p.data) ?? []).map((email): Entry => ({ kind: 'received', at: email.receivedAt, email })),
  ].sort((a, b) => b.at.localeCompare(a.at));
  const loading = sent.isPending || received.isPending;
  return (
    <Stack gap="xs">
      <ErrorAlert error={sent.error ?? received.error} title="Emails could not be loaded" focus={false} />
      <ErrorAlert error={cancel.error} title="The email was not cancelled" />
      {!loading && entries.length === 0 && <Text size="sm">No emails yet.</Text>}
      <ol style={{ listStyle: 'none', margin: 0, padding: 0 }} aria-label="Emails, newest first">
        {entries.map((entry) =>
          entry.kind === 'sent' ? (
            <li key={`s${entry.email.id}`} style={{ marginBottom: 10 }}>
              <Group gap="xs" wrap="wrap">
                <Text size="sm" fw={600}>
                  To {entry.email.to}: {entry.email.subject}
                </Text>
                <Badge variant="light" color={STATUS_COLOR[entry.email.status]}>
                  {label('emailStatus', entry.email.status)}
                </Badge>
              </Group>
              <Text size="xs" c="dimmed">
                {sentWhen(entry.email)}
              </Text>
              {entry.email.failureReason && (
                <Text size="sm" c="red.9">
                  {entry.email.failureReason}
                </Text>
              )}
              <details>
                <summary style={{ cursor: 'pointer', fontSize: 14 }}>Show the message</summary>
                <Text size="sm" style={{ whiteSpace: 'pre-wrap' }}>
                  {entry.email.body}
                </Text>
              </details>
              {(entry.email.status === 'scheduled' || entry.email.status === 'queued') && (
                <Button
                  size="xs"
                  variant="default"
                  mt={4}
                  loading={cancel.isPending && cancel.variables === entry.email.id}
                  onClick={() => window.confirm(`Cancel the email "${entry.email.subject}"? It will not be sent.`) && cancel.mutate(entry.email.id)}
                >
                  Cancel this email
                </Button>
              )}
            </li>
          ) : (
            <li key={`r${entry.email.id}`} style={{ marginBottom: 10 }}>
              <Group gap="xs" wrap="wrap">
                <Text size="sm" fw={600}>
                  From {entry.email.from}: {entry.email.subject || '(no subject)'}
                </Text>
                <Badge variant="light" color="grape">
                  {entry.email.inReplyToEmailId ? 'Reply' : 'Received'}
                </Badge>
              </Group>
              <Text size="xs" c="dimmed">
                Received {fmtDate(entry.email.receivedAt)}
              </Text>
              <details>
                <summary style={{ cursor: 'pointer', fontSize: 14 }}>Show the message</summary>
                <Text size="sm" style={{ whiteSpace: 'pre-wrap' }}>
                  {entry.email.body}
                </Text>
              </details>
            </li>
          ),
        )}
      </ol>
      {(sent.hasNextPage || received.hasNextPage) && (
        <Button
          size="xs"
          variant="default"
          onClick={() => {
            if (sent.hasNextPage) void sent.fetchNextPage();
            if (received.hasNextPage) void received.fetchNextPage();
          }}
          loading={sent.isFetchingNextPage || received.isFetchingNextPage}
        >
          Older emails
        </Button>
      )}
    </Stack>
  );
}
