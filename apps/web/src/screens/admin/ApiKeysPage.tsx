import { Badge, Button, Checkbox, Code, Group, Paper, SimpleGrid, Stack, Table, Text, TextInput, Title, VisuallyHidden } from '@mantine/core';
import { useInfiniteQuery, useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { Controller, useForm } from 'react-hook-form';
import { api, Schemas, unwrap } from '../../api/client';
import { label, LABELS } from '../../app/labels';
import { applyProblem, ErrorAlert, fmtDate, fmtDay, Loading, PageTitle } from '../../components/common';
import { CopyOnceSecret } from '../../components/CopyOnceSecret';

const SCOPES = Object.keys(LABELS.apiScope) as Array<Schemas['CreateApiKeyDto']['scopes'][number]>;

interface NewKey {
  name: string;
  scopes: string[];
  expiresAt: string;
}

/** API keys: create one with the permissions it needs (shown once, to copy), see who made each and when it was last used, revoke. */
export default function ApiKeysPage() {
  const queryClient = useQueryClient();
  const [created, setCreated] = useState<Schemas['CreatedApiKeyDto'] | null>(null);
  const keys = useInfiniteQuery({
    queryKey: ['api-keys'],
    initialPageParam: undefined as string | undefined,
    queryFn: ({ pageParam }) => unwrap(api.GET('/v1/api-keys', { params: { query: { limit: 50, cursor: pageParam } } })),
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  });
  const form = useForm<NewKey>({ defaultValues: { name: '', scopes: [], expiresAt: '' } });
  const create = useMutation({
    mutationFn: (v: NewKey) =>
      unwrap(
        api.POST('/v1/api-keys', {
          body: {
            name: v.name,
            scopes: v.scopes as Schemas['CreateApiKeyDto']['scopes'],
            ...(v.expiresAt ? { expiresAt: new Date(`${v.expiresAt}T23:59:59`).toISOString() } : {}),
          },
        }),
      ),
    onSuccess: (key) => {
      setCreated(key);
      form.reset();
      void queryClient.invalidateQueries({ queryKey: ['api-keys'] });
    },
    onError: (error) => applyProblem(error, form.setError, ['name', 'scopes', 'expiresAt']),
  });
  const revoke = useMutation({
    mutationFn: (key: Schemas['ApiKeyDto']) => unwrap(api.DELETE('/v1/api-keys/{id}', { params: { path: { id: key.id } } })).then(() => key),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ['api-keys'] }),
  });

  const list = keys.data?.pages.flatMap((p) => p.data) ?? [];
  return (
    <>
      <PageTitle sub="Let other systems (an HR system, a data warehouse, a chat bot) use Hireloop with only the permissions you give them.">API keys</PageTitle>
      <Stack>
        {created && (
          <CopyOnceSecret
            title="Copy your new key now"
            intro={`This is the only time Hireloop shows the key “${created.name}”. Store it somewhere safe; if you lose it, revoke it and create another.`}
            value={created.key}
            valueLabel="The new API key"
            copyLabel="Copy key"
            dismissLabel="I have stored it"
            onDismiss={() => setCreated(null)}
          />
        )}
        <ErrorAlert error={keys.error ?? revoke.error} />
        {keys.isPending ? (
          <Loading />
        ) : list.length === 0 ? (
          <Text c="dimmed">No API keys yet.</Text>
        ) : (
          <div className="scroll-x" tabIndex={0} role="region" aria-label="API keys (scrolls sideways)">
            <Table striped>
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>Name</Table.Th>
                  <Table.Th>Starts with</Table.Th>
                  <Table.Th>May</Table.Th>
                  <Table.Th>Created by</Table.Th>
                  <Table.Th>Last used</Table.Th>
                  <Table.Th>Expires</Table.Th>
                  <Table.Th>
                    <VisuallyHidden>Actions</VisuallyHidden>
                  </Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {list.map((key) => (
                  <Table.Tr key={key.id}>
                    <Table.Td>{key.name}</Table.Td>
                    <Table.Td>
                      <Code>{key.prefix}…</Code>
                    </Table.Td>
                    <Table.Td>
                      <Group gap={4}>
                        {key.scopes.map((scope) => (
                          <Badge key={scope} variant="light" tt="none">
                            {label('apiScope', scope)}
                          </Badge>
                        ))}
                      </Group>
                    </Table.Td>
                    <Table.Td>{key.createdBy?.name ?? 'A former user'}</Table.Td>
                    <Table.Td>{key.lastUsedAt ? fmtDate(key.lastUsedAt) : 'Never'}</Table.Td>
                    <Table.Td>{key.expiresAt ? fmtDay(key.expiresAt) : 'Never'}</Table.Td>
                    <Table.Td>
                      <Button
                        color="red"
                        variant="light"
                        size="xs"
                        aria-label={`Revoke the key ${key.name}`}
                        loading={revoke.isPending && revoke.variables?.id === key.id}
                        onClick={() => {
                          if (window.confirm(`Revoke “${key.name}”? Systems using it stop working at once.`)) revoke.mutate(key);
                        }}
                      >
                        Revoke
                      </Button>
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </div>
        )}
        <Text size="sm" role="status" aria-live="polite" c="dimmed">
          {revoke.isSuccess ? `The key “${revoke.data.name}” was revoked.` : ''}
        </Text>
        {keys.hasNextPage && (
          <Button variant="default" onClick={() => void keys.fetchNextPage()} loading={keys.isFetchingNextPage} style={{ alignSelf: 'flex-start' }}>
            Load more keys
          </Button>
        )}
        <Paper withBorder p="md">
          <form onSubmit={(e) => void form.handleSubmit((v) => create.mutate(v))(e)} noValidate aria-label="Create an API key">
            <Title order={2} size="h4" mb="xs">
              Create an API key
            </Title>
            <SimpleGrid cols={{ base: 1, sm: 2 }}>
              <TextInput
                label="Name"
                description="Say which system uses it, e.g. “HR system sync”."
                required
                {...form.register('name', { required: 'Enter a name' })}
                error={form.formState.errors.name?.message}
              />
              <TextInput
                label="Expires on"
                description="Leave empty for a key that does not expire."
                type="date"
                {...form.register('expiresAt')}
                error={form.formState.errors.expiresAt?.message}
              />
            </SimpleGrid>
            <Controller
              control={form.control}
              name="scopes"
              rules={{ validate: (v) => v.length > 0 || 'Choose at least one permission' }}
              render={({ field, fieldState }) => (
                <Checkbox.Group
                  mt="sm"
                  label="What the key may do"
                  required
                  value={field.value}
                  onChange={field.onChange}
                  error={fieldState.error?.message ?? form.formState.errors.scopes?.message}
                >
                  <SimpleGrid cols={{ base: 1, sm: 2, md: 3 }} mt="xs">
                    {SCOPES.map((scope) => (
                      <Checkbox key={scope} value={scope} label={label('apiScope', scope)} />
                    ))}
                  </SimpleGrid>
                </Checkbox.Group>
              )}
            />
            <ErrorAlert error={create.error} title="Key not created" />
            <Button mt="sm" type="submit" loading={create.isPending}>
              Create key
            </Button>
          </form>
        </Paper>
      </Stack>
    </>
  );
}
