import { Badge, Button, Group, Paper, SimpleGrid, Stack, Table, Text, TextInput, Title } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useForm } from 'react-hook-form';
import { api, unwrap } from '../../api/client';
import { ErrorAlert, Loading } from '../../components/common';
import { FormProblem, showFieldErrors } from '../../components/FieldErrors';

type Unit = { id: string; name: string; archived: boolean; detail?: string };
type Kind = 'department' | 'office';

const WORDS: Record<Kind, { one: string; many: string }> = {
  department: { one: 'department', many: 'Departments' },
  office: { one: 'office', many: 'Offices' },
};

/** Departments and offices: create, rename, archive (no longer offered for new jobs; jobs keep theirs) and restore. */
export function UnitsAdmin() {
  const departments = useQuery({ queryKey: ['departments'], queryFn: () => unwrap(api.GET('/v1/departments', { params: { query: { limit: 100 } } })) });
  const offices = useQuery({ queryKey: ['offices'], queryFn: () => unwrap(api.GET('/v1/offices', { params: { query: { limit: 100 } } })) });
  if (departments.isPending || offices.isPending) return <Loading />;
  return (
    <Stack gap="xl">
      <ErrorAlert error={departments.error ?? offices.error} />
      <section aria-labelledby="departments-title">
        <Title order={2} size="h4" id="departments-title" mb="xs">
          Departments
        </Title>
        <UnitTable kind="department" units={departments.data?.data ?? []} />
        <NewDepartment />
      </section>
      <section aria-labelledby="offices-title">
        <Title order={2} size="h4" id="offices-title" mb="xs">
          Offices
        </Title>
        <UnitTable kind="office" units={(offices.data?.data ?? []).map((o) => ({ ...o, detail: `${o.city}, ${o.country}` }))} />
        <NewOffice />
      </section>
    </Stack>
  );
}

function useUnitChange(kind: Kind) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ id, ...body }: { id: string; name?: string; archived?: boolean }) =>
      kind === 'department'
        ? unwrap(api.PATCH('/v1/departments/{id}', { params: { path: { id } }, body }))
        : unwrap(api.PATCH('/v1/offices/{id}', { params: { path: { id } }, body })),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: [kind === 'department' ? 'departments' : 'offices'] }),
  });
}

function UnitTable({ kind, units }: { kind: Kind; units: Unit[] }) {
  const change = useUnitChange(kind);
  const [renaming, setRenaming] = useState<string | null>(null);
  if (units.length === 0) return <Text c="dimmed">No {WORDS[kind].many.toLowerCase()} yet. Add the first one below.</Text>;
  return (
    <>
      <Table striped>
        <Table.Thead>
          <Table.Tr>
            <Table.Th>Name</Table.Th>
            <Table.Th>State</Table.Th>
            <Table.Th>
              <span style={{ position: 'absolute', left: -9999 }}>Actions</span>
            </Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {units.map((u) => (
            <Table.Tr key={u.id}>
              <Table.Td>
                {renaming === u.id ? (
                  <RenameForm kind={kind} unit={u} onDone={() => setRenaming(null)} />
                ) : (
                  <>
                    {u.name}
                    {u.detail && (
                      <Text span c="dimmed" size="sm">
                        {' '}
                        ({u.detail})
                      </Text>
                    )}
                  </>
                )}
              </Table.Td>
              <Table.Td>
                {u.archived ? (
                  <Badge color="gray" variant="light">
                    Archived
                  </Badge>
                ) : (
                  <Badge color="green" variant="light">
                    In use
                  </Badge>
                )}
              </Table.Td>
              <Table.Td>
                <Group gap="xs" justify="flex-end">
                  {renaming !== u.id && (
                    <Button size="xs" variant="default" onClick={() => setRenaming(u.id)} aria-label={`Rename ${u.name}`}>
                      Rename
                    </Button>
                  )}
                  <Button
                    size="xs"
                    variant="default"
                    loading={change.isPending && change.variables?.id === u.id}
                    onClick={() => change.mutate({ id: u.id, archived: !u.archived })}
                    aria-label={`${u.archived ? 'Restore' : 'Archive'} ${u.name}`}
                  >
                    {u.archived ? 'Restore' : 'Archive'}
                  </Button>
                </Group>
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
      <Text size="sm" c="dimmed" mt={4}>
        An archived {WORDS[kind].one} is no longer offered for new jobs; jobs that have it keep it.
      </Text>
      <Text size="sm" role="status" aria-live="polite">
        {change.isSuccess ? `${change.data.name} is ${change.data.archived ? 'archived' : 'in use'}.` : ''}
      </Text>
      <FormProblem error={change.error} title="Not changed" />
    </>
  );
}

function RenameForm({ kind, unit, onDone }: { kind: Kind; unit: Unit; onDone: () => void }) {
  const change = useUnitChange(kind);
  const form = useForm<{ name: string }>({ defaultValues: { name: unit.name } });
  return (
    <form
      onSubmit={(e) =>
        void form.handleSubmit((v) =>
          change.mutate({ id: unit.id, name: v.name }, { onSuccess: onDone, onError: (error) => showFieldErrors(error, form, ['name']) }),
        )(e)
      }
      noValidate
      aria-label={`Rename ${unit.name}`}
    >
      <Group gap="xs" align="flex-start">
        <TextInput
          size="xs"
          label={`New name of ${unit.name}`}
          autoFocus
          {...form.register('name', { required: 'Enter a name.' })}
          error={form.formState.errors.name?.message}
        />
        <Button size="xs" type="submit" mt={22} loading={change.isPending}>
          Save
        </Button>
        <Button size="xs" variant="subtle" mt={22} onClick={onDone}>
          Cancel
        </Button>
      </Group>
    </form>
  );
}

function NewDepartment() {
  const queryClient = useQueryClient();
  const form = useForm<{ name: string }>({ defaultValues: { name: '' } });
  const create = useMutation({
    mutationFn: (v: { name: string }) => unwrap(api.POST('/v1/departments', { body: { name: v.name } })),
    onSuccess: () => {
      form.reset();
      void queryClient.invalidateQueries({ queryKey: ['departments'] });
    },
    onError: (error) => showFieldErrors(error, form, ['name']),
  });
  return (
    <Paper withBorder p="md" mt="sm">
      <form onSubmit={(e) => void form.handleSubmit((v) => create.mutate(v))(e)} noValidate aria-label="Add a department">
        <Group align="flex-start">
          <TextInput
            label="New department"
            required
            {...form.register('name', { required: 'Enter the department’s name.' })}
            error={form.formState.errors.name?.message}
          />
          <Button type="submit" mt={24} loading={create.isPending}>
            Add department
          </Button>
        </Group>
        <Text size="sm" role="status" aria-live="polite">
          {create.isSuccess ? `Added ${create.data.name}.` : ''}
        </Text>
        <FormProblem error={create.error} title="Department not added" fields={['name']} />
      </form>
    </Paper>
  );
}

type OfficeValues = { name: string; city: string; region: string; country: string };

function NewOffice() {
  const queryClient = useQueryClient();
  const form = useForm<OfficeValues>({ defaultValues: { name: '', city: '', region: '', country: '' } });
  const create = useMutation({
    mutationFn: (v: OfficeValues) => unwrap(api.POST('/v1/offices', { body: { ...v, country: v.country.toUpperCase() } })),
    onSuccess: () => {
      form.reset();
      void queryClient.invalidateQueries({ queryKey: ['offices'] });
    },
    onError: (error) => showFieldErrors(error, form, ['name', 'city', 'region', 'country']),
  });
  const errors = form.formState.errors;
  return (
    <Paper withBorder p="md" mt="sm">
      <form onSubmit={(e) => void form.handleSubmit((v) => create.mutate(v))(e)} noValidate aria-label="Add an office">
        <SimpleGrid cols={{ base: 1, sm: 4 }}>
          <TextInput label="Office name" required {...form.register('name', { required: 'Enter the office’s name.' })} error={errors.name?.message} />
          <TextInput label="City" required {...form.register('city', { required: 'Enter the city.' })} error={errors.city?.message} />
          <TextInput label="Region or state" required {...form.register('region', { required: 'Enter the region or state.' })} error={errors.region?.message} />
          <TextInput
            label="Country code"
            description="Two letters, such as DE or GB"
            required
            maxLength={2}
            {...form.register('country', {
              required: 'Enter the country’s two-letter code.',
              pattern: { value: /^[A-Za-z]{2}$/, message: 'Use the two-letter country code, such as DE for Germany.' },
            })}
            error={errors.country?.message}
          />
        </SimpleGrid>
        <Button mt="sm" type="submit" loading={create.isPending}>
          Add office
        </Button>
        <Text size="sm" role="status" aria-live="polite">
          {create.isSuccess ? `Added ${create.data.name}.` : ''}
        </Text>
        <FormProblem error={create.error} title="Office not added" fields={['name', 'city', 'region', 'country']} />
      </form>
    </Paper>
  );
}
