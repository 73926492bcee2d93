import { Anchor, Badge, Button, Checkbox, Paper, SimpleGrid, Stack, Table, Text, TextInput, Title } from '@mantine/core';
import { useInfiniteQuery, useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { Controller, useForm } from 'react-hook-form';
import { Link } from 'react-router';
import { api, Schemas, unwrap } from '../../api/client';
import { label, LABELS } from '../../app/labels';
import { applyProblem, ErrorAlert, fmtDate, Loading, PageTitle } from '../../components/common';
import { CopyOnceSecret } from '../../components/CopyOnceSecret';

/** Every event an endpoint may pick, in the catalogue's order ("*" is "Everything"). */
export const EVENT_TYPES = Object.keys(LABELS.webhookEvent).filter((type) => type !== '*' && type !== 'ping');
/** The catalogue grouped by what it is about, for the event picker. */
export const EVENT_GROUPS: Array<{ title: string; types: string[] }> = [
  { title: 'Candidates', types: EVENT_TYPES.filter((t) => t.startsWith('candidate.')) },
  { title: 'Applications', types: EVENT_TYPES.filter((t) => t.startsWith('application.')) },
  { title: 'Interviews and scorecards', types: EVENT_TYPES.filter((t) => t.startsWith('interview.') || t.startsWith('scorecard.')) },
  { title: 'Decisions and offers', types: EVENT_TYPES.filter((t) => t.startsWith('decision.') || t.startsWith('offer.')) },
  { title: 'Jobs and postings', types: EVENT_TYPES.filter((t) => t.startsWith('job.') || t.startsWith('posting.')) },
];

export function eventsSummary(events: string[]): string {
  if (events.includes('*')) return 'Everything';
  if (events.length <= 3) return events.map((e) => label('webhookEvent', e)).join(', ');
  return `${events.length} kinds of events`;
}

export function EventPicker({ value, onChange, error }: { value: string[]; onChange: (v: string[]) => void; error?: string }) {
  const everything = value.includes('*');
  return (
    <Stack gap="xs">
      <Checkbox label="Everything, including events added later" checked={everything} onChange={(e) => onChange(e.currentTarget.checked ? ['*'] : [])} />
      {!everything && (
        <Checkbox.Group label="Or only these events" value={value} onChange={onChange} error={error}>
          <SimpleGrid cols={{ base: 1, sm: 2, lg: 3 }} mt="xs">
            {EVENT_GROUPS.map((group) => (
              <Stack key={group.title} gap={4} role="group" aria-label={group.title}>
                <Text fw={600} size="sm">
                  {group.title}
                </Text>
                {group.types.map((type) => (
                  <Checkbox key={type} value={type} label={label('webhookEvent', type)} />
                ))}
              </Stack>
            ))}
          </SimpleGrid>
        </Checkbox.Group>
      )}
      {everything && error && (
        <Text c="red" size="sm">
          {error}
        </Text>
      )}
    </Stack>
  );
}

/** The words around a webhook's signing secret, shown once when the webhook is added and when its secret is rotated. */
export const SIGNING_SECRET_TEXTS = {
  intro: 'Your receiver needs this signing secret to check that messages come from Hireloop. This is the only time it is shown.',
  valueLabel: 'The signing secret',
  copyLabel: 'Copy secret',
  dismissLabel: 'I have stored the secret',
} as const;

interface NewWebhook {
  url: string;
  description: string;
  events: string[];
}

/** Webhooks: the endpoints that receive events, and a form to add one (with a test message sent at once). */
export default function WebhooksPage() {
  const queryClient = useQueryClient();
  const [created, setCreated] = useState<Schemas['CreatedWebhookDto'] | null>(null);
  const hooks = useInfiniteQuery({
    queryKey: ['webhooks'],
    initialPageParam: undefined as string | undefined,
    queryFn: ({ pageParam }) => unwrap(api.GET('/v1/webhooks', { params: { query: { limit: 50, cursor: pageParam } } })),
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  });
  const form = useForm<NewWebhook>({ defaultValues: { url: '', description: '', events: ['*'] } });
  const create = useMutation({
    mutationFn: (v: NewWebhook) =>
      unwrap(
        api.POST('/v1/webhooks', {
          body: { url: v.url, events: v.events as Schemas['CreateWebhookDto']['events'], ...(v.description ? { description: v.description } : {}) },
        }),
      ),
    onSuccess: (hook) => {
      setCreated(hook);
      form.reset();
      void queryClient.invalidateQueries({ queryKey: ['webhooks'] });
    },
    onError: (error) => applyProblem(error, form.setError, ['url', 'events', 'description']),
  });
  const list = hooks.data?.pages.flatMap((p) => p.data) ?? [];
  return (
    <>
      <PageTitle sub="Tell other systems at once when something happens in Hireloop: a candidate moves, an interview is booked, an offer is accepted.">
        Webhooks
      </PageTitle>
      <Stack>
        {created && (
          <CopyOnceSecret
            {...SIGNING_SECRET_TEXTS}
            title="Webhook added"
            value={created.secret}
            note={
              created.ping.ok
                ? 'A test message reached your receiver.'
                : created.ping.status
                  ? `A test message was sent, but your receiver answered with an error (${created.ping.status}). Events will be retried.`
                  : 'A test message could not reach your receiver. Check that it is running; events will be retried.'
            }
            onDismiss={() => setCreated(null)}
          />
        )}
        <ErrorAlert error={hooks.error} />
        {hooks.isPending ? (
          <Loading />
        ) : list.length === 0 ? (
          <Text c="dimmed">No webhooks yet.</Text>
        ) : (
          <div className="scroll-x" tabIndex={0} role="region" aria-label="Webhooks (scrolls sideways)">
            <Table striped>
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>Receiver</Table.Th>
                  <Table.Th>Events</Table.Th>
                  <Table.Th>State</Table.Th>
                  <Table.Th>Added</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {list.map((hook) => (
                  <Table.Tr key={hook.id}>
                    <Table.Td>
                      <Anchor component={Link} to={`/integrations/webhooks/${hook.id}`}>
                        {hook.description || hook.url}
                      </Anchor>
                      {hook.description && (
                        <Text size="xs" c="dimmed">
                          {hook.url}
                        </Text>
                      )}
                    </Table.Td>
                    <Table.Td>{eventsSummary(hook.events)}</Table.Td>
                    <Table.Td>
                      <Badge color={hook.enabled ? 'green' : 'gray'} variant="light" tt="none">
                        {hook.enabled ? 'On' : 'Off'}
                      </Badge>
                      {hook.disabledReason && (
                        <Text size="xs" c="dimmed">
                          {label('webhookDisabledReason', hook.disabledReason)}
                        </Text>
                      )}
                    </Table.Td>
                    <Table.Td>{fmtDate(hook.createdAt)}</Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </div>
        )}
        {hooks.hasNextPage && (
          <Button variant="default" onClick={() => void hooks.fetchNextPage()} loading={hooks.isFetchingNextPage} style={{ alignSelf: 'flex-start' }}>
            Load more webhooks
          </Button>
        )}
        <Paper withBorder p="md">
          <form onSubmit={(e) => void form.handleSubmit((v) => create.mutate(v))(e)} noValidate aria-label="Add a webhook">
            <Title order={2} size="h4" mb="xs">
              Add a webhook
            </Title>
            <SimpleGrid cols={{ base: 1, sm: 2 }}>
              <TextInput
                label="Receiver address"
                description="The https:// address Hireloop sends events to."
                required
                type="url"
                {...form.register('url', { required: 'Enter the address of your receiver' })}
                error={form.formState.errors.url?.message}
              />
              <TextInput label="Description" description="Optional, e.g. “HR system”." {...form.register('description')} />
            </SimpleGrid>
            <Controller
              control={form.control}
              name="events"
              rules={{ validate: (v) => v.length > 0 || 'Choose at least one event' }}
              render={({ field, fieldState }) => (
                <Stack mt="sm" gap={4}>
                  <Text fw={500} size="sm" id="webhook-events-label">
                    Events to send
                  </Text>
                  <EventPicker value={field.value} onChange={field.onChange} error={fieldState.error?.message} />
                </Stack>
              )}
            />
            <ErrorAlert error={create.error} title="Webhook not added" />
            <Button mt="sm" type="submit" loading={create.isPending}>
              Add webhook
            </Button>
          </form>
        </Paper>
      </Stack>
    </>
  );
}
