import { Badge, Button, Checkbox, Group, NativeSelect, Paper, PasswordInput, SimpleGrid, Stack, Table, Tabs, Text, TextInput, Title } from '@mantine/core';
import { useInfiniteQuery, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useForm } from 'react-hook-form';
import { label, options } from '../../app/labels';
import { api, Role, Schemas, unwrap } from '../../api/client';
import { applyProblem, ErrorAlert, Loading, PageTitle } from '../../components/common';

const ROLES: Role[] = ['admin', 'recruiter', 'hiring_manager', 'interviewer'];

export default function AdminPage() {
  return (
    <>
      <PageTitle>Administration</PageTitle>
      <Tabs defaultValue="users" keepMounted={false}>
        <Tabs.List>
          <Tabs.Tab value="users">Users and roles</Tabs.Tab>
          <Tabs.Tab value="boards">Partner boards</Tabs.Tab>
          <Tabs.Tab value="chain">Approval chain</Tabs.Tab>
          <Tabs.Tab value="reasons">Rejection reasons</Tabs.Tab>
          <Tabs.Tab value="settings">Settings</Tabs.Tab>
        </Tabs.List>
        <Tabs.Panel value="users" pt="md">
          <Users />
        </Tabs.Panel>
        <Tabs.Panel value="boards" pt="md">
          <PartnerBoards />
        </Tabs.Panel>
        <Tabs.Panel value="chain" pt="md">
          <ApprovalChain />
        </Tabs.Panel>
        <Tabs.Panel value="reasons" pt="md">
          <Reasons />
        </Tabs.Panel>
        <Tabs.Panel value="settings" pt="md">
          <Settings />
        </Tabs.Panel>
      </Tabs>
    </>
  );
}

function Users() {
  const queryClient = useQueryClient();
  const users = useInfiniteQuery({
    queryKey: ['users', 'admin-list'],
    initialPageParam: undefined as string | undefined,
    queryFn: ({ pageParam }) => unwrap(api.GET('/v1/users', { params: { query: { limit: 50, cursor: pageParam } } })),
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  });
  const update = useMutation({
    mutationFn: ({ user, roles, active }: { user: Schemas['UserDto']; roles?: Role[]; active?: boolean }) =>
      unwrap(
        api.PATCH('/v1/users/{id}', { params: { path: { id: user.id } }, body: { ...(roles ? { roles } : {}), ...(active !== undefined ? { active } : {}) } }),
      ),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ['users'] }),
  });
  const form = useForm<{ name: string; email: string; password: string; role: Role }>({
    defaultValues: { name: '', email: '', password: '', role: 'interviewer' },
  });
  const create = useMutation({
    mutationFn: (v: { name: string; email: string; password: string; role: Role }) =>
      unwrap(api.POST('/v1/users', { body: { name: v.name, email: v.email, password: v.password, roles: [v.role] } })),
    onSuccess: () => {
      form.reset();
      void queryClient.invalidateQueries({ queryKey: ['users'] });
    },
    onError: (error) => applyProblem(error, form.setError, ['name', 'email', 'password', 'roles']),
  });
  if (users.isPending) return <Loading />;
  return (
    <Stack>
      <ErrorAlert error={users.error ?? update.error} />
      <div className="scroll-x" tabIndex={0} role="region" aria-label="Table (scrolls sideways)">
        <Table striped>
          <Table.Thead>
            <Table.Tr>
              <Table.Th>Name</Table.Th>
              <Table.Th>Email</Table.Th>
              <Table.Th>Roles</Table.Th>
              <Table.Th>Active</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {(users.data?.pages.flatMap((p) => p.data) ?? []).map((u) => (
              <Table.Tr key={u.id}>
                <Table.Td>{u.name}</Table.Td>
                <Table.Td>{u.email}</Table.Td>
                <Table.Td>
                  <Group gap="xs">
                    {ROLES.map((r) => (
                      <Checkbox
                        key={r}
                        size="xs"
                        label={label('role', r)}
                        aria-label={`${u.name}: ${label('role', r)}`}
                        disabled={update.isPending && update.variables?.user.id === u.id}
                        checked={u.roles.includes(r)}
                        onChange={(e) => update.mutate({ user: u, roles: e.currentTarget.checked ? [...u.roles, r] : u.roles.filter((x) => x !== r) })}
                      />
                    ))}
                  </Group>
                </Table.Td>
                <Table.Td>
                  <Checkbox
                    aria-label={`${u.name} is active`}
                    disabled={update.isPending && update.variables?.user.id === u.id}
                    checked={u.active}
                    onChange={(e) => update.mutate({ user: u, active: e.currentTarget.checked })}
                  />
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </div>
      <Text size="sm" role="status" aria-live="polite" c="dimmed">
        {update.isPending ? `Saving ${update.variables?.user.name}…` : update.isSuccess ? `Saved ${update.data.name}.` : ''}
      </Text>
      {users.hasNextPage && (
        <Button variant="default" onClick={() => void users.fetchNextPage()} loading={users.isFetchingNextPage} style={{ alignSelf: 'flex-start' }}>
          Load more users
        </Button>
      )}
      <Paper withBorder p="md">
        <form onSubmit={(e) => void form.handleSubmit((v) => create.mutate(v))(e)} noValidate aria-label="Add a user">
          <Title order={2} size="h4" mb="xs">
            Add a user
          </Title>
          <SimpleGrid cols={{ base: 1, sm: 4 }}>
            <TextInput label="Name" required {...form.register('name', { required: 'Enter a name' })} error={form.formState.errors.name?.message} />
            <TextInput
              label="Email"
              required
              type="email"
              {...form.register('email', { required: 'Enter an email' })}
              error={form.formState.errors.email?.message}
            />
            <PasswordInput
              label="Initial password"
              required
              {...form.register('password', { required: 'Enter a password' })}
              error={form.formState.errors.password?.message}
            />
            <NativeSelect label="Role" data={options('role', ROLES)} {...form.register('role')} />
          </SimpleGrid>
          <ErrorAlert error={create.error} title="User not added" />
          <Button mt="sm" type="submit" loading={create.isPending}>
            Add user
          </Button>
        </form>
      </Paper>
    </Stack>
  );
}

function PartnerBoards() {
  const queryClient = useQueryClient();
  const boards = useQuery({ queryKey: ['partner-boards'], queryFn: () => unwrap(api.GET('/v1/partner-boards')) });
  const form = useForm<{ name: string; url: string; secret: string }>({ defaultValues: { name: '', url: '', secret: '' } });
  const create = useMutation({
    mutationFn: (v: { name: string; url: string; secret: string }) => unwrap(api.POST('/v1/partner-boards', { body: v })),
    onSuccess: () => {
      form.reset();
      void queryClient.invalidateQueries({ queryKey: ['partner-boards'] });
    },
    onError: (error) => applyProblem(error, form.setError, ['name', 'url', 'secret']),
  });
  return (
    <Stack>
      {(boards.data?.data ?? []).map((b) => (
        <Text key={b.id}>
          {b.name} — {b.url}{' '}
          {b.active ? (
            <Badge variant="light" color="green">
              active
            </Badge>
          ) : (
            <Badge variant="light">inactive</Badge>
          )}
        </Text>
      ))}
      <Paper withBorder p="md">
        <form onSubmit={(e) => void form.handleSubmit((v) => create.mutate(v))(e)} noValidate aria-label="Add a partner board">
          <SimpleGrid cols={{ base: 1, sm: 3 }}>
            <TextInput label="Name" required {...form.register('name')} error={form.formState.errors.name?.message} />
            <TextInput label="Webhook URL" required {...form.register('url')} error={form.formState.errors.url?.message} />
            <PasswordInput label="Signing secret" required {...form.register('secret')} error={form.formState.errors.secret?.message} />
          </SimpleGrid>
          <ErrorAlert error={create.error} title="Board not added" />
          <Button mt="sm" type="submit" loading={create.isPending}>
            Add board
          </Button>
        </form>
      </Paper>
    </Stack>
  );
}

type Step = { kind: 'role' | 'user'; value: string };

function ApprovalChain() {
  const queryClient = useQueryClient();
  const settings = useQuery({ queryKey: ['offer-settings'], queryFn: () => unwrap(api.GET('/v1/offer-settings')) });
  const users = useQuery({ queryKey: ['users'], queryFn: () => unwrap(api.GET('/v1/users', { params: { query: { limit: 100 } } })) });
  const [steps, setSteps] = useState<Step[] | null>(null);
  const current: Step[] =
    steps ?? (settings.data?.approvalChain ?? []).map((s) => (s.userId ? { kind: 'user', value: s.userId } : { kind: 'role', value: s.role ?? 'admin' }));
  const save = useMutation({
    mutationFn: () =>
      unwrap(
        api.PUT('/v1/offer-settings', {
          body: { approvalChain: current.map((s) => (s.kind === 'user' ? { userId: s.value } : { role: s.value as 'admin' })) },
        }),
      ),
    onSuccess: (data) => {
      queryClient.setQueryData(['offer-settings'], data);
      setSteps(null);
    },
  });
  if (settings.isPending) return <Loading />;
  const set = (i: number, s: Step) => setSteps(current.map((x, j) => (j === i ? s : x)));
  return (
    <Stack maw={640}>
      <Text size="sm">Offers are approved by these approvers in order. An offer outside the job's band also needs an admin.</Text>
      {current.map((s, i) => (
        <Group key={i} align="flex-end">
          <NativeSelect
            label={`Step ${i + 1}: approver type`}
            data={[
              { value: 'role', label: 'By role' },
              { value: 'user', label: 'A named user' },
            ]}
            value={s.kind}
            onChange={(e) =>
              set(i, {
                kind: e.currentTarget.value as 'role' | 'user',
                value: e.currentTarget.value === 'role' ? 'hiring_manager' : (users.data?.data[0]?.id ?? ''),
              })
            }
          />
          {s.kind === 'role' ? (
            <NativeSelect
              label={`Step ${i + 1}: role`}
              data={[
                { value: 'hiring_manager', label: "The job's hiring manager" },
                { value: 'recruiter', label: 'Recruiter' },
                { value: 'admin', label: 'Admin' },
              ]}
              value={s.value}
              onChange={(e) => set(i, { kind: 'role', value: e.currentTarget.value })}
            />
          ) : (
            <NativeSelect
              label={`Step ${i + 1}: user`}
              data={(users.data?.data ?? []).map((u) => ({ value: u.id, label: u.name }))}
              value={s.value}
              onChange={(e) => set(i, { kind: 'user', value: e.currentTarget.value })}
            />
          )}
          <Button variant="default" onClick={() => setSteps(current.filter((_, j) => j !== i))}>
            Remove step {i + 1}
          </Button>
        </Group>
      ))}
      <Group>
        <Button variant="default" onClick={() => setSteps([...current, { kind: 'role', value: 'admin' }])}>
          Add step
        </Button>
        <Button onClick={() => save.mutate()} loading={save.isPending}>
          Save approval chain
        </Button>
      </Group>
      <ErrorAlert error={save.error} title="Chain not saved" />
    </Stack>
  );
}

function Reasons() {
  const queryClient = useQueryClient();
  const reasons = useQuery({ queryKey: ['rejection-reasons'], queryFn: () => unwrap(api.GET('/v1/rejection-reasons')) });
  const form = useForm<{ label: string; kind: 'rejected' | 'declined' | 'other' }>({ defaultValues: { label: '', kind: 'rejected' } });
  const create = useMutation({
    mutationFn: (v: { label: string; kind: 'rejected' | 'declined' | 'other' }) => unwrap(api.POST('/v1/rejection-reasons', { body: v })),
    onSuccess: () => {
      form.reset();
      void queryClient.invalidateQueries({ queryKey: ['rejection-reasons'] });
    },
    onError: (error) => applyProblem(error, form.setError, ['label', 'kind']),
  });
  return (
    <Stack maw={640}>
      {(reasons.data?.data ?? []).map((r) => (
        <Text key={r.id} size="sm">
          {r.label}{' '}
          <Badge variant="light" size="sm">
            {label('rejectionKind', r.kind)}
          </Badge>{' '}
          {r.builtIn && (
            <Badge variant="light" color="gray" size="sm">
              built in
            </Badge>
          )}
        </Text>
      ))}
      <form onSubmit={(e) => void form.handleSubmit((v) => create.mutate(v))(e)} noValidate aria-label="Add a rejection reason">
        <Group align="flex-end">
          <TextInput label="New reason" required {...form.register('label', { required: 'Write the reason' })} error={form.formState.errors.label?.message} />
          <NativeSelect label="Kind" data={['rejected', 'declined', 'other']} {...form.register('kind')} />
          <Button type="submit" loading={create.isPending}>
            Add reason
          </Button>
        </Group>
        <ErrorAlert error={create.error} title="Reason not added" />
      </form>
    </Stack>
  );
}

type SettingsForm = { requirePayRange: boolean; scorecardDeadlineHours: number };

function Settings() {
  const queryClient = useQueryClient();
  const settings = useQuery({ queryKey: ['organization-settings'], queryFn: () => unwrap(api.GET('/v1/organization/settings')) });
  const form = useForm<SettingsForm>({ values: settings.data });
  const save = useMutation({
    mutationFn: (v: SettingsForm) =>
      unwrap(
        api.PATCH('/v1/organization/settings', { body: { requirePayRange: v.requirePayRange, scorecardDeadlineHours: Number(v.scorecardDeadlineHours) } }),
      ),
    onSuccess: (data) => queryClient.setQueryData(['organization-settings'], data),
    onError: (error) => applyProblem(error, form.setError, ['requirePayRange', 'scorecardDeadlineHours']),
  });
  if (settings.isPending) return <Loading />;
  return (
    <form onSubmit={(e) => void form.handleSubmit((v) => save.mutate(v))(e)} noValidate aria-label="Organization settings">
      <Stack maw={640}>
        <Checkbox
          label="Job descriptions must state a pay range (lint error when missing)"
          {...form.register('requirePayRange')}
          error={form.formState.errors.requirePayRange?.message}
        />
        <TextInput
          type="number"
          min={1}
          max={720}
          label="Scorecard deadline (hours after the interview; recruiters are alerted at twice that)"
          required
          {...form.register('scorecardDeadlineHours', {
            required: 'Give a number of hours',
            min: { value: 1, message: 'At least one hour' },
            max: { value: 720, message: 'At most 720 hours' },
          })}
          error={form.formState.errors.scorecardDeadlineHours?.message}
        />
        <Group>
          <Button type="submit" loading={save.isPending}>
            Save settings
          </Button>
          {save.isSuccess && (
            <Text size="sm" role="status">
              Saved.
            </Text>
          )}
        </Group>
        <ErrorAlert error={save.error ?? settings.error} title="Settings not saved" />
      </Stack>
    </form>
  );
}
