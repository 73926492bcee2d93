import { Badge, Button, Group, NativeSelect, Paper, SimpleGrid, Stack, Switch, Table, Text, TextInput, Title, VisuallyHidden } from '@mantine/core';
import { useInfiniteQuery, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useForm } from 'react-hook-form';
import { useNavigate, useParams } from 'react-router';
import { api, Schemas, unwrap } from '../../api/client';
import { label, options } from '../../app/labels';
import { applyProblem, ErrorAlert, fmtDate, Loading, PageTitle } from '../../components/common';
import { CopyOnceSecret } from '../../components/CopyOnceSecret';
import { EventPicker, eventsSummary, SIGNING_SECRET_TEXTS } from './WebhooksPage';

const STATUS_COLOR: Record<string, string> = { pending: 'yellow', delivered: 'green', failed: 'red' };

/** One webhook: turn it off and on, change its events, rotate its secret, read its delivery log, send again, replay a time window. */
export default function WebhookDetail() {
  const { id = '' } = useParams();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const [rotated, setRotated] = useState<Schemas['RotatedSecretDto'] | null>(null);
  const [editing, setEditing] = useState<string[] | null>(null);
  const hook = useQuery({ queryKey: ['webhooks', id], queryFn: () => unwrap(api.GET('/v1/webhooks/{id}', { params: { path: { id } } })) });
  const refresh = () => queryClient.invalidateQueries({ queryKey: ['webhooks'] });
  const update = useMutation({
    mutationFn: (body: Schemas['UpdateWebhookDto']) => unwrap(api.PATCH('/v1/webhooks/{id}', { params: { path: { id } }, body })),
    onSuccess: () => {
      setEditing(null);
      void refresh();
    },
  });
  const rotate = useMutation({
    mutationFn: () => unwrap(api.POST('/v1/webhooks/{id}/rotate-secret', { params: { path: { id } } })),
    onSuccess: setRotated,
  });
  const remove = useMutation({
    mutationFn: () => unwrap(api.DELETE('/v1/webhooks/{id}', { params: { path: { id } } })),
    onSuccess: () => {
      void refresh();
      void navigate('/integrations/webhooks');
    },
  });
  if (hook.isPending) return <Loading />;
  if (!hook.data) return <ErrorAlert error={hook.error} />;
  const h = hook.data;
  return (
    <>
      <PageTitle sub={h.url}>{h.description || 'Webhook'}</PageTitle>
      <Stack>
        {rotated && (
          <CopyOnceSecret
            {...SIGNING_SECRET_TEXTS}
            title="New signing secret"
            value={rotated.secret}
            note={`Until ${fmtDate(rotated.previousSecretValidUntil)} messages are signed with both the old and the new secret, so you can switch your receiver over calmly.`}
            onDismiss={() => setRotated(null)}
          />
        )}
        <ErrorAlert error={update.error ?? rotate.error ?? remove.error} />
        <Paper withBorder p="md">
          <Stack gap="sm">
            <Switch
              label={h.enabled ? 'Sending events' : 'Not sending events'}
              checked={h.enabled}
              disabled={update.isPending}
              onChange={(e) => update.mutate({ enabled: e.currentTarget.checked })}
            />
            {h.disabledReason && <Text size="sm">Hireloop turned it off: {label('webhookDisabledReason', h.disabledReason).toLowerCase()}.</Text>}
            <Text size="sm">Events: {eventsSummary(h.events)}</Text>
            {h.previousSecretValidUntil && <Text size="sm">The previous secret still signs until {fmtDate(h.previousSecretValidUntil)}.</Text>}
            {editing ? (
              <Stack gap="xs">
                <EventPicker value={editing} onChange={setEditing} />
                <Group>
                  <Button
                    size="xs"
                    disabled={editing.length === 0}
                    loading={update.isPending}
                    onClick={() => update.mutate({ events: editing as Schemas['UpdateWebhookDto']['events'] })}
                  >
                    Save events
                  </Button>
                  <Button size="xs" variant="default" onClick={() => setEditing(null)}>
                    Cancel
                  </Button>
                </Group>
              </Stack>
            ) : (
              <Group>
                <Button size="xs" variant="default" onClick={() => setEditing(h.events)}>
                  Change events
                </Button>
                <Button size="xs" variant="default" loading={rotate.isPending} onClick={() => rotate.mutate()}>
                  Rotate the signing secret
                </Button>
                <Button
                  size="xs"
                  color="red"
                  variant="light"
                  loading={remove.isPending}
                  onClick={() => {
                    if (window.confirm('Delete this webhook and its delivery log? Your receiver gets no more events.')) remove.mutate();
                  }}
                >
                  Delete webhook
                </Button>
              </Group>
            )}
          </Stack>
        </Paper>
        <Deliveries id={id} />
        <Replay id={id} />
      </Stack>
    </>
  );
}

function Deliveries({ id }: { id: string }) {
  const queryClient = useQueryClient();
  const [status, setStatus] = useState('');
  const deliveries = useInfiniteQuery({
    queryKey: ['webhooks', id, 'deliveries', status],
    initialPageParam: undefined as string | undefined,
    queryFn: ({ pageParam }) =>
      unwrap(
        api.GET('/v1/webhooks/{id}/deliveries', {
          params: { path: { id }, query: { limit: 50, cursor: pageParam, ...(status ? { status: status as Schemas['DeliveryDto']['status'] } : {}) } },
        }),
      ),
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  });
  const redeliver = useMutation({
    mutationFn: (d: Schemas['DeliveryDto']) =>
      unwrap(api.POST('/v1/webhooks/{id}/deliveries/{deliveryId}/redeliver', { params: { path: { id, deliveryId: d.id } } })).then(() => d),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ['webhooks', id, 'deliveries'] }),
  });
  const list = deliveries.data?.pages.flatMap((p) => p.data) ?? [];
  return (
    <Paper withBorder p="md">
      <Group justify="space-between" mb="xs">
        <Title order={2} size="h4">
          Deliveries (last 30 days)
        </Title>
        <NativeSelect
          label="Show"
          value={status}
          onChange={(e) => setStatus(e.currentTarget.value)}
          data={[{ value: '', label: 'All deliveries' }, ...options('deliveryStatus')]}
        />
      </Group>
      <ErrorAlert error={deliveries.error ?? redeliver.error} />
      {deliveries.isPending ? (
        <Loading />
      ) : list.length === 0 ? (
        <Text c="dimmed">Nothing sent yet.</Text>
      ) : (
        <div className="scroll-x" tabIndex={0} role="region" aria-label="Deliveries (scrolls sideways)">
          <Table striped>
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Event</Table.Th>
                <Table.Th>State</Table.Th>
                <Table.Th>Tries</Table.Th>
                <Table.Th>Last answer</Table.Th>
                <Table.Th>Created</Table.Th>
                <Table.Th>Next try</Table.Th>
                <Table.Th>
                  <VisuallyHidden>Actions</VisuallyHidden>
                </Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {list.map((d) => (
                <Table.Tr key={d.id}>
                  <Table.Td>{label('webhookEvent', d.eventType)}</Table.Td>
                  <Table.Td>
                    <Badge color={STATUS_COLOR[d.status]} variant="light" tt="none">
                      {label('deliveryStatus', d.status)}
                    </Badge>
                  </Table.Td>
                  <Table.Td>{d.attempts}</Table.Td>
                  <Table.Td>
                    {d.lastError ?? (d.lastStatusCode ? `Accepted in ${d.lastDurationMs ?? 0} ms` : '—')}
                    {d.responseExcerpt && (
                      <Text size="xs" c="dimmed">
                        “{d.responseExcerpt}”
                      </Text>
                    )}
                  </Table.Td>
                  <Table.Td>{fmtDate(d.createdAt)}</Table.Td>
                  <Table.Td>{d.nextRetryAt ? fmtDate(d.nextRetryAt) : '—'}</Table.Td>
                  <Table.Td>
                    <Button
                      size="xs"
                      variant="default"
                      aria-label={`Send again: “${label('webhookEvent', d.eventType)}” from ${fmtDate(d.createdAt)}`}
                      loading={redeliver.isPending && redeliver.variables?.id === d.id}
                      onClick={() => redeliver.mutate(d)}
                    >
                      Send again
                    </Button>
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </div>
      )}
      <Text size="sm" role="status" aria-live="polite" c="dimmed">
        {redeliver.isSuccess ? `“${label('webhookEvent', redeliver.data.eventType)}” will be sent again.` : ''}
      </Text>
      {deliveries.hasNextPage && (
        <Button mt="xs" variant="default" onClick={() => void deliveries.fetchNextPage()} loading={deliveries.isFetchingNextPage}>
          Load more deliveries
        </Button>
      )}
    </Paper>
  );
}

interface ReplayWindow {
  since: string;
  until: string;
}

function Replay({ id }: { id: string }) {
  const queryClient = useQueryClient();
  const form = useForm<ReplayWindow>({ defaultValues: { since: '', until: '' } });
  const replay = useMutation({
    mutationFn: (v: ReplayWindow) =>
      unwrap(
        api.POST('/v1/webhooks/{id}/replay', {
          params: { path: { id } },
          body: { since: new Date(v.since).toISOString(), ...(v.until ? { until: new Date(v.until).toISOString() } : {}) },
        }),
      ),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ['webhooks', id, 'deliveries'] }),
    onError: (error) => applyProblem(error, form.setError, ['since', 'until']),
  });
  return (
    <Paper withBorder p="md">
      <form onSubmit={(e) => void form.handleSubmit((v) => replay.mutate(v))(e)} noValidate aria-label="Send a time window again">
        <Title order={2} size="h4" mb="xs">
          Send a time window again
        </Title>
        <Text size="sm" mb="xs">
          Every event of the window this webhook receives is sent again, in order. Useful after your receiver lost data. Events are kept 30 days.
        </Text>
        <SimpleGrid cols={{ base: 1, sm: 2 }}>
          <TextInput
            label="From"
            type="datetime-local"
            required
            {...form.register('since', { required: 'Choose when the window starts' })}
            error={form.formState.errors.since?.message}
          />
          <TextInput
            label="Until"
            description="Leave empty for “until now”."
            type="datetime-local"
            {...form.register('until')}
            error={form.formState.errors.until?.message}
          />
        </SimpleGrid>
        <ErrorAlert error={replay.error} title="Nothing was sent again" />
        <Button mt="sm" type="submit" loading={replay.isPending}>
          Send again
        </Button>
        <Text size="sm" role="status" aria-live="polite" mt="xs">
          {replay.isSuccess ? (replay.data.queued === 1 ? 'One event will be sent again.' : `${replay.data.queued} events will be sent again.`) : ''}
        </Text>
      </form>
    </Paper>
  );
}
