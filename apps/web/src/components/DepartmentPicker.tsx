import { Button, Group, Select, Stack, Text, TextInput } from '@mantine/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { forwardRef, useState } from 'react';
import { api, unwrap } from '../api/client';
import { fieldError } from './common';
import { sentence } from './FieldErrors';

type Department = { id: string; name: string; archived: boolean };

/**
 * The department of a job: archived departments are not offered (unless it is the job's current one), and one can be
 * added on the spot when the right one is missing, so an empty organization can still create its first job.
 */
export const DepartmentPicker = forwardRef<
  HTMLInputElement,
  { departments: Department[]; value: string; onChange: (id: string) => void; onBlur?: () => void; error?: string; canAdd?: boolean }
>(function DepartmentPicker({ departments, value, onChange, onBlur, error, canAdd = true }, ref) {
  const queryClient = useQueryClient();
  const [adding, setAdding] = useState(false);
  const [name, setName] = useState('');
  const create = useMutation({
    mutationFn: () => unwrap(api.POST('/v1/departments', { body: { name: name.trim() } })),
    onSuccess: (department) => {
      queryClient.setQueryData(['departments'], (old: { data: Department[]; nextCursor: string | null } | undefined) =>
        old ? { ...old, data: [...old.data, department] } : old,
      );
      void queryClient.invalidateQueries({ queryKey: ['departments'] });
      onChange(department.id);
      setAdding(false);
      setName('');
    },
  });
  const offered = departments.filter((d) => !d.archived || d.id === value).map((d) => ({ value: d.id, label: d.archived ? `${d.name} (archived)` : d.name }));
  const createError = fieldError(create.error, 'name');
  return (
    <Stack gap={4}>
      <Select
        ref={ref}
        label="Department"
        required
        placeholder={offered.length ? 'Choose a department' : 'No departments yet: add one below'}
        data={offered}
        value={value || null}
        onChange={(v) => onChange(v ?? '')}
        onBlur={onBlur}
        error={error}
        searchable
        // A required field: choosing the chosen department again keeps it (a second click must not empty the field).
        allowDeselect={false}
      />
      {canAdd && !adding && (
        <Button variant="subtle" size="compact-sm" onClick={() => setAdding(true)} style={{ alignSelf: 'flex-start' }}>
          Add a department
        </Button>
      )}
      {adding && (
        <Group gap="xs" align="flex-start" role="group" aria-label="Add a department">
          <TextInput
            size="xs"
            label="New department"
            value={name}
            onChange={(e) => setName(e.currentTarget.value)}
            error={createError ? sentence(createError, 'name') : create.isError ? 'The department was not added; try again.' : undefined}
            autoFocus
          />
          <Button size="xs" mt={22} loading={create.isPending} disabled={!name.trim()} onClick={() => create.mutate()}>
            Add
          </Button>
          <Button size="xs" mt={22} variant="subtle" onClick={() => setAdding(false)}>
            Cancel
          </Button>
        </Group>
      )}
      {create.isSuccess && (
        <Text size="xs" role="status">
          Added {create.data.name}.
        </Text>
      )}
    </Stack>
  );
});
