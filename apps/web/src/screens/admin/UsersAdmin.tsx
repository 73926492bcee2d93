import { Alert, Badge, Button, Checkbox, Code, CopyButton, Group, Paper, SimpleGrid, Stack, Table, Text, TextInput, Title } from '@mantine/core';
import { useInfiniteQuery, useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { Controller, useForm } from 'react-hook-form';
import { api, Role, Schemas, unwrap } from '../../api/client';
import { ErrorAlert, Loading } from '../../components/common';
import { FormProblem, showFieldErrors } from '../../components/FieldErrors';
import { label } from '../../app/labels';

const ROLES: Role[] = ['admin', 'recruiter', 'hiring_manager', 'interviewer'];

type InviteValues = { name: string; email: string; roles: Role[] };

/** Users and roles: invite with a one-time password shown once, change roles, deactivate. */
export function UsersAdmin() {
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
  if (users.isPending) return <Loading />;
  const rows = users.data?.pages.flatMap((p) => p.data) ?? [];
  return (
    <Stack>
      <ErrorAlert error={users.error} />
      <InviteUser />
      <div className="scroll-x" tabIndex={0} role="region" aria-label="Users (scrolls sideways)">
        <Table striped>
          <Table.Thead>
            <Table.Tr>
              <Table.Th>Name</Table.Th>
              <Table.Th>Email</Table.Th>
              <Table.Th>Roles</Table.Th>
              <Table.Th>Access</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {rows.map((u) => {
              const busy = update.isPending && update.variables?.user.id === u.id;
              return (
                <Table.Tr key={u.id}>
                  <Table.Td>
                    {u.name}{' '}
                    {u.invitationPending && u.active && (
                      <Badge variant="light" color="yellow" size="sm">
                        Invited, has not signed in yet
                      </Badge>
                    )}
                  </Table.Td>
                  <Table.Td>{u.email}</Table.Td>
                  <Table.Td>
                    <Group gap="xs">
                      {ROLES.map((r) => (
                        <Checkbox
                          key={r}
                          size="xs"
                          label={label('role', r)}
                          aria-label={`${u.name}: ${label('role', r)}`}
                          disabled={busy}
                          checked={u.roles.includes(r)}
                          onChange={(e) => update.mutate({ user: u, roles: e.currentTarget.checked ? [...u.roles, r] : u.roles.filter((x) => x !== r) })}
                        />
                      ))}
                    </Group>
                  </Table.Td>
                  <Table.Td>
                    {u.active ? (
                      <Button
                        size="xs"
                        variant="default"
                        color="red"
                        disabled={busy}
                        onClick={() => update.mutate({ user: u, active: false })}
                        aria-label={`Deactivate ${u.name}`}
                      >
                        Deactivate
                      </Button>
                    ) : (
                      <Group gap="xs">
                        <Badge variant="light" color="gray">
                          Deactivated
                        </Badge>
                        <Button
                          size="xs"
                          variant="default"
                          disabled={busy}
                          onClick={() => update.mutate({ user: u, active: true })}
                          aria-label={`Reactivate ${u.name}`}
                        >
                          Reactivate
                        </Button>
                      </Group>
                    )}
                  </Table.Td>
                </Table.Tr>
              );
            })}
          </Table.Tbody>
        </Table>
      </div>
      <Text size="sm" role="status" aria-live="polite">
        {update.isPending
          ? `Saving ${update.variables?.user.name}…`
          : update.isSuccess
            ? `Saved ${update.data.name}${update.data.active ? '' : ': deactivated and signed out everywhere'}.`
            : ''}
      </Text>
      <FormProblem error={update.error} title="Change not saved" />
      {users.hasNextPage && (
        <Button variant="default" onClick={() => void users.fetchNextPage()} loading={users.isFetchingNextPage} style={{ alignSelf: 'flex-start' }}>
          Load more users
        </Button>
      )}
    </Stack>
  );
}

export function InviteUser() {
  const queryClient = useQueryClient();
  const [invited, setInvited] = useState<Schemas['InvitationDto'] | null>(null);
  const [showPassword, setShowPassword] = useState(false);
  const form = useForm<InviteValues>({ defaultValues: { name: '', email: '', roles: ['recruiter'] } });
  const invite = useMutation({
    mutationFn: (v: InviteValues) => unwrap(api.POST('/v1/users/invitations', { body: { name: v.name, email: v.email, roles: v.roles } })),
    onSuccess: (result) => {
      setInvited(result);
      setShowPassword(false);
      form.reset();
      void queryClient.invalidateQueries({ queryKey: ['users'] });
    },
    onError: (error) => showFieldErrors(error, form, ['name', 'email', 'roles']),
  });
  const errors = form.formState.errors;
  return (
    <Paper withBorder p="md">
      <form onSubmit={(e) => void form.handleSubmit((v) => invite.mutate(v))(e)} noValidate aria-label="Invite a user">
        <Title order={2} size="h4" mb="xs">
          Invite a user
        </Title>
        <Text size="sm" c="dimmed" mb="sm">
          Hireloop emails them a link to choose their password (it works for 3 days). If the email does not reach them, you can hand over a one-time password
          instead.
        </Text>
        <SimpleGrid cols={{ base: 1, sm: 2 }}>
          <TextInput label="Name" required {...form.register('name', { required: 'Enter the person’s name.' })} error={errors.name?.message} />
          <TextInput
            label="Email"
            type="email"
            required
            {...form.register('email', {
              required: 'Enter the email address they sign in with.',
              pattern: { value: /^[^\s@]+@[^\s@]+$/, message: 'Enter an email address such as rita@example.com.' },
            })}
            error={errors.email?.message}
          />
        </SimpleGrid>
        <Controller
          control={form.control}
          name="roles"
          rules={{ validate: (v) => v.length > 0 || 'Choose at least one role.' }}
          render={({ field, fieldState }) => (
            <Checkbox.Group label="Roles" required value={field.value} onChange={(v) => field.onChange(v)} error={fieldState.error?.message} mt="sm">
              <Group mt={4}>
                {ROLES.map((r, i) => (
                  <Checkbox key={r} value={r} label={label('role', r)} ref={i === 0 ? field.ref : undefined} />
                ))}
              </Group>
            </Checkbox.Group>
          )}
        />
        <FormProblem error={invite.error} title="Invitation not sent" fields={['name', 'email', 'roles']} />
        <Button mt="sm" type="submit" loading={invite.isPending}>
          Invite
        </Button>
      </form>
      {invited && (
        <Alert mt="md" color="green" title={`${invited.user.name} is invited`} role="status">
          <Stack gap="xs">
            {invited.invitationEmailed && (
              <Text size="sm">
                We emailed {invited.user.name} ({invited.user.email}) a link to choose their password. It works once, for 3 days.
              </Text>
            )}
            {invited.invitationEmailed && !showPassword ? (
              <Group gap="sm">
                <Button size="xs" variant="default" onClick={() => setShowPassword(true)}>
                  Show a one-time password instead
                </Button>
                <Button size="xs" variant="subtle" onClick={() => setInvited(null)}>
                  Done
                </Button>
              </Group>
            ) : (
              <>
                <Text size="sm">
                  {invited.invitationEmailed
                    ? `If the email does not arrive, give ${invited.user.name} this one-time password; it is shown only now. They choose their own password when they sign in with it.`
                    : `This Hireloop sends no email, so give ${invited.user.name} (${invited.user.email}) this one-time password; it is shown only now. They will choose their own when they sign in.`}
                </Text>
                <Group gap="sm">
                  <Code fz="lg" data-testid="one-time-password" aria-label="One-time password">
                    {invited.oneTimePassword}
                  </Code>
                  <CopyButton value={invited.oneTimePassword}>
                    {({ copied, copy }) => (
                      <Button size="xs" variant="default" onClick={copy}>
                        {copied ? 'Copied' : 'Copy'}
                      </Button>
                    )}
                  </CopyButton>
                  <Button size="xs" variant="subtle" onClick={() => setInvited(null)}>
                    I have handed it over
                  </Button>
                </Group>
              </>
            )}
          </Stack>
        </Alert>
      )}
    </Paper>
  );
}
