import {
  Badge,
  Button,
  Checkbox,
  Group,
  NativeSelect,
  Paper,
  PasswordInput,
  SimpleGrid,
  Space,
  Stack,
  Tabs,
  Text,
  Textarea,
  TextInput,
  Title,
} from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useForm } from 'react-hook-form';
import { label, options } from '../../app/labels';
import { api, unwrap } from '../../api/client';
import { CareersBrandingSettings } from '../../components/CareersBrandingSettings';
import { applyProblem, ErrorAlert, Loading, PageTitle } from '../../components/common';
import { FormProblem, showFieldErrors } from '../../components/FieldErrors';
import { PrivacyAdmin } from './PrivacyAdmin';
import { UnitsAdmin } from './UnitsAdmin';
import { UsersAdmin } from './UsersAdmin';

export default function AdminPage() {
  return (
    <>
      <PageTitle>Administration</PageTitle>
      <Tabs defaultValue="users" keepMounted={false}>
        <Tabs.List>
          <Tabs.Tab value="users">Users and roles</Tabs.Tab>
          <Tabs.Tab value="units">Departments and offices</Tabs.Tab>
          <Tabs.Tab value="boards">Partner boards</Tabs.Tab>
          <Tabs.Tab value="chain">Approval chain</Tabs.Tab>
          <Tabs.Tab value="reasons">Rejection reasons</Tabs.Tab>
          <Tabs.Tab value="settings">Settings</Tabs.Tab>
          <Tabs.Tab value="privacy">Privacy and audit</Tabs.Tab>
        </Tabs.List>
        <Tabs.Panel value="users" pt="md">
          <UsersAdmin />
        </Tabs.Panel>
        <Tabs.Panel value="units" pt="md">
          <UnitsAdmin />
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
          <Space h="lg" />
          <CareersBrandingSettings />
        </Tabs.Panel>
        <Tabs.Panel value="privacy" pt="md">
          <PrivacyAdmin />
        </Tabs.Panel>
      </Tabs>
    </>
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
                { value: 'recruiter', label: label('role', 'recruiter') },
                { value: 'admin', label: label('role', 'admin') },
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
      <FormProblem error={save.error} title="Approval chain not saved" />
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
    onError: (error) => showFieldErrors(error, form, ['label', 'kind']),
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
          <TextInput label="New reason" required {...form.register('label', { required: 'Write the reason.' })} error={form.formState.errors.label?.message} />
          <NativeSelect label="Who ended it" data={options('rejectionKind')} {...form.register('kind')} />
          <Button type="submit" loading={create.isPending}>
            Add reason
          </Button>
        </Group>
        <FormProblem error={create.error} title="Reason not added" fields={['label', 'kind']} />
      </form>
    </Stack>
  );
}

type SettingsForm = { requirePayRange: boolean; scorecardDeadlineHours: number };

function Settings() {
  return (
    <Stack maw={720} gap="xl">
      <OrganizationSettings />
      <OfferTemplate />
    </Stack>
  );
}

function OrganizationSettings() {
  const queryClient = useQueryClient();
  const settings = useQuery({ queryKey: ['organization-settings'], queryFn: () => unwrap(api.GET('/v1/organization/settings')) });
  const form = useForm<SettingsForm>({ values: settings.data });
  const save = useMutation({
    mutationFn: (v: SettingsForm) =>
      unwrap(
        api.PATCH('/v1/organization/settings', { body: { requirePayRange: v.requirePayRange, scorecardDeadlineHours: Number(v.scorecardDeadlineHours) } }),
      ),
    onSuccess: (data) => queryClient.setQueryData(['organization-settings'], data),
    onError: (error) => showFieldErrors(error, form, ['requirePayRange', 'scorecardDeadlineHours']),
  });
  if (settings.isPending) return <Loading />;
  return (
    <form onSubmit={(e) => void form.handleSubmit((v) => save.mutate(v))(e)} noValidate aria-label="Organization settings">
      <Stack>
        <Title order={2} size="h4">
          Job descriptions and feedback
        </Title>
        <Checkbox
          label="Every job description must state its pay range (a job without one cannot be opened)"
          {...form.register('requirePayRange')}
          error={form.formState.errors.requirePayRange?.message}
        />
        <TextInput
          type="number"
          min={1}
          max={720}
          label="Scorecard deadline, in hours after the interview"
          description="Interviewers are reminded then; recruiters are alerted at twice that."
          required
          {...form.register('scorecardDeadlineHours', {
            required: 'Give a number of hours.',
            min: { value: 1, message: 'Give at least one hour.' },
            max: { value: 720, message: 'Give at most 720 hours (30 days).' },
          })}
          error={form.formState.errors.scorecardDeadlineHours?.message}
        />
        <Group>
          <Button type="submit" loading={save.isPending}>
            Save settings
          </Button>
          <Text size="sm" role="status" aria-live="polite">
            {save.isSuccess ? 'Settings saved.' : ''}
          </Text>
        </Group>
        <ErrorAlert error={settings.error} />
        <FormProblem error={save.error} title="Settings not saved" fields={['requirePayRange', 'scorecardDeadlineHours']} />
      </Stack>
    </form>
  );
}

function OfferTemplate() {
  const queryClient = useQueryClient();
  const settings = useQuery({ queryKey: ['offer-settings'], queryFn: () => unwrap(api.GET('/v1/offer-settings')) });
  const form = useForm<{ offerTemplate: string }>({ values: settings.data ? { offerTemplate: settings.data.offerTemplate } : undefined });
  const save = useMutation({
    mutationFn: (v: { offerTemplate: string }) =>
      unwrap(api.PUT('/v1/offer-settings', { body: { approvalChain: settings.data?.approvalChain ?? [], offerTemplate: v.offerTemplate } })),
    onSuccess: (data) => queryClient.setQueryData(['offer-settings'], data),
    onError: (error) => showFieldErrors(error, form, ['offerTemplate']),
  });
  if (settings.isPending) return <Loading />;
  return (
    <form onSubmit={(e) => void form.handleSubmit((v) => save.mutate(v))(e)} noValidate aria-label="Offer letter template">
      <Stack>
        <Title order={2} size="h4">
          Offer letter
        </Title>
        <Textarea
          label="Offer letter template"
          description={`Placeholders you may use, written in double braces: ${(settings.data?.offerTemplateVariables ?? []).map((v) => `{{${v}}}`).join(', ')}`}
          autosize
          minRows={6}
          maxRows={20}
          required
          {...form.register('offerTemplate', { required: 'Write the letter candidates receive.' })}
          error={form.formState.errors.offerTemplate?.message}
        />
        <Group>
          <Button type="submit" loading={save.isPending}>
            Save offer letter
          </Button>
          <Text size="sm" role="status" aria-live="polite">
            {save.isSuccess ? 'Offer letter saved.' : ''}
          </Text>
        </Group>
        <FormProblem error={save.error} title="Offer letter not saved" fields={['offerTemplate']} />
      </Stack>
    </form>
  );
}
