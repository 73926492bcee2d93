import { Alert, Anchor, Button, Checkbox, Group, Paper, SimpleGrid, Stack, Text, TextInput, Title } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { FormProvider, useForm } from 'react-hook-form';
import { Link, useNavigate, useParams } from 'react-router';
import { api, ApiError, Schemas, unwrap } from '../../api/client';
import { ErrorAlert, Loading, PageTitle } from '../../components/common';
import { FormProblem, showFieldErrors } from '../../components/FieldErrors';
import { JobFields } from './JobFields';

type Job = Schemas['JobDto'];

export interface EditJobValues {
  title: string;
  newerRevision: boolean;
  variables: Record<string, string>;
  departmentId: string;
  officeIds: string[];
  workModel: 'onsite' | 'hybrid' | 'remote';
  remoteCountries: string;
  employmentType: Job['employmentType'];
  openings: number;
  salary: { min: number | ''; max: number | ''; currency: string; period: 'YEAR' | 'MONTH' | 'HOUR' };
  hiringTeam: { recruiterIds: string[]; hiringManagerIds: string[]; interviewerIds: string[] };
}

const FIELDS = ['title', 'variables', 'departmentId', 'officeIds', 'workModel', 'remoteCountries', 'employmentType', 'openings', 'salary', 'hiringTeam'];

export function valuesOf(job: Job): EditJobValues {
  return {
    title: job.title,
    newerRevision: false,
    variables: Object.fromEntries(
      Object.entries(job.variables).map(([k, v]) => [k, v === null || v === undefined ? '' : String(v as string | number | boolean)]),
    ),
    departmentId: job.departmentId ?? '',
    officeIds: job.officeIds,
    workModel: job.workModel,
    remoteCountries: job.remoteCountries.join(', '),
    employmentType: job.employmentType,
    openings: job.openings,
    salary: job.salary
      ? { min: job.salary.min, max: job.salary.max, currency: job.salary.currency, period: job.salary.period }
      : { min: '', max: '', currency: 'EUR', period: 'YEAR' },
    hiringTeam: job.hiringTeam,
  };
}

/** The PATCH body: only what changed, with the version the form was loaded from. */
export function patchOf(job: Job, v: EditJobValues, revision: Schemas['TemplateRevisionDto'] | undefined): Schemas['UpdateJobDto'] {
  const body: Schemas['UpdateJobDto'] = { version: job.version };
  if (v.title.trim() && v.title.trim() !== job.title) body.title = v.title.trim();
  if (v.newerRevision && revision) body.templateRevisionId = revision.id;
  const declared = v.newerRevision && revision ? revision.variables : null;
  const typed: Record<string, string | number | boolean> = {};
  for (const [name, raw] of Object.entries(v.variables)) {
    if (raw === '') continue;
    const type = declared?.find((d) => d.name === name)?.type ?? typeof job.variables[name];
    typed[name] = type === 'number' && Number.isFinite(Number(raw)) ? Number(raw) : type === 'boolean' ? raw === 'true' : raw;
  }
  if (JSON.stringify(typed) !== JSON.stringify(job.variables) || body.templateRevisionId) body.variables = typed;
  if (v.departmentId && v.departmentId !== job.departmentId) body.departmentId = v.departmentId;
  if (JSON.stringify(v.officeIds) !== JSON.stringify(job.officeIds)) body.officeIds = v.officeIds;
  if (v.workModel !== job.workModel) body.workModel = v.workModel;
  const countries =
    v.workModel === 'remote'
      ? v.remoteCountries
          .split(/[\s,]+/)
          .filter(Boolean)
          .map((c) => c.toUpperCase())
      : [];
  if (JSON.stringify(countries) !== JSON.stringify(job.remoteCountries)) body.remoteCountries = countries;
  if (v.employmentType !== job.employmentType) body.employmentType = v.employmentType;
  if (Number(v.openings) !== job.openings) body.openings = Number(v.openings);
  if (v.salary.min !== '' && v.salary.max !== '') {
    const salary = { min: Number(v.salary.min), max: Number(v.salary.max), currency: v.salary.currency.toUpperCase(), period: v.salary.period };
    const before = job.salary ? { min: job.salary.min, max: job.salary.max, currency: job.salary.currency, period: job.salary.period } : null;
    if (JSON.stringify(salary) !== JSON.stringify(before)) body.salary = salary;
  }
  if (JSON.stringify(v.hiringTeam) !== JSON.stringify(job.hiringTeam)) body.hiringTeam = v.hiringTeam;
  return body;
}

export default function EditJob() {
  const { id = '' } = useParams();
  const job = useQuery({ queryKey: ['job', id], queryFn: () => unwrap(api.GET('/v1/jobs/{id}', { params: { path: { id } } })) });
  if (job.isPending) return <Loading label="Loading the job" />;
  if (!job.data) return <ErrorAlert error={job.error} title="The job could not be loaded" />;
  return <EditJobForm key={`${job.data.id}:${job.data.version}`} job={job.data} reload={() => void job.refetch()} />;
}

export function EditJobForm({ job, reload }: { job: Job; reload: () => void }) {
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const template = useQuery({
    queryKey: ['template', job.templateId],
    queryFn: () => unwrap(api.GET('/v1/templates/{id}', { params: { path: { id: job.templateId } } })),
  });
  const departments = useQuery({ queryKey: ['departments'], queryFn: () => unwrap(api.GET('/v1/departments', { params: { query: { limit: 100 } } })) });
  const offices = useQuery({ queryKey: ['offices'], queryFn: () => unwrap(api.GET('/v1/offices', { params: { query: { limit: 100 } } })) });
  const users = useQuery({ queryKey: ['users'], queryFn: () => unwrap(api.GET('/v1/users', { params: { query: { limit: 100 } } })) });
  const form = useForm<EditJobValues>({ defaultValues: valuesOf(job) });
  const { register, formState, watch } = form;
  const newer = template.data && template.data.latestRevisionId !== job.templateRevisionId ? template.data.latestRevision : undefined;
  const moving = watch('newerRevision');
  const workModel = watch('workModel');
  const [conflict, setConflict] = useState(false);

  // Moving to the newer revision: its variables, filled with what the job has.
  useEffect(() => {
    if (!moving || !newer) return;
    for (const v of newer.variables) {
      if (form.getValues(`variables.${v.name}`) === undefined) form.setValue(`variables.${v.name}`, v.default !== undefined ? String(v.default) : '');
    }
  }, [moving, newer, form]);
  useEffect(() => {
    if (workModel !== 'remote') form.setValue('remoteCountries', '');
  }, [workModel, form]);

  const save = useMutation({
    mutationFn: (v: EditJobValues) => unwrap(api.PATCH('/v1/jobs/{id}', { params: { path: { id: job.id } }, body: patchOf(job, v, newer) })),
    onSuccess: (saved) => {
      queryClient.setQueryData(['job', job.id], saved);
      void queryClient.invalidateQueries({ queryKey: ['jobs'] });
      void navigate(`/jobs/${job.id}`, { state: { saved: true } });
    },
    onError: (error) => {
      if (error instanceof ApiError && error.status === 409 && error.problem.code === 'jobs.stale_version') {
        setConflict(true);
        return;
      }
      showFieldErrors(error, form, FIELDS);
    },
  });

  const err = (path: string) => {
    let node: unknown = formState.errors;
    for (const p of path.split('.')) node = (node as Record<string, unknown> | undefined)?.[p];
    return (node as { message?: string } | undefined)?.message;
  };
  const variableNames = moving && newer ? newer.variables.map((v) => v.name) : Object.keys(job.variables);

  return (
    <>
      <PageTitle sub="Changes are saved together; the job keeps its interview plan (edit it on the job page).">Edit {job.title}</PageTitle>
      <form noValidate aria-label="Edit job" onSubmit={(e) => void form.handleSubmit((v) => save.mutate(v))(e)}>
        <Stack maw={960}>
          {conflict && (
            <Alert color="orange" title="Someone else changed this job" role="alert">
              <Text size="sm">
                This job was changed by someone else after you opened it, so your changes were not saved. Reload to see the job as it is now, then make your
                changes again.
              </Text>
              <Button mt="sm" size="xs" onClick={reload}>
                Reload the job
              </Button>
            </Alert>
          )}
          <Paper withBorder p="md">
            <Title order={2} size="h4" mb="sm">
              Title and text
            </Title>
            <Stack>
              <TextInput label="Job title" required {...register('title', { required: 'Give the job a title.' })} error={err('title')} />
              {newer && (
                <Checkbox label={`Use the template's newer text (revision ${newer.number}; this job uses an older one)`} {...register('newerRevision')} />
              )}
              <SimpleGrid cols={{ base: 1, sm: 2 }}>
                {variableNames.map((name) => (
                  <TextInput key={name} label={labelOf(name)} {...register(`variables.${name}` as const)} error={err(`variables.${name}`)} />
                ))}
              </SimpleGrid>
            </Stack>
          </Paper>
          <Paper withBorder p="md">
            <Title order={2} size="h4" mb="sm">
              Requisition
            </Title>
            <FormProvider {...form}>
              <JobFields
                err={err}
                departments={departments.data?.data ?? []}
                offices={offices.data?.data ?? []}
                users={users.data?.data ?? []}
                userLabel={(u) => u.name}
                workModel={workModel}
                officesKeptWhenArchived={job.officeIds}
                markArchivedOffices
                remoteCountriesDescription="Two-letter codes separated by commas, such as DE, NL"
                validateRemoteCountries={(v) => v.trim() !== '' || 'Name at least one country for a remote job, such as DE.'}
                openingsMin="A job has at least one opening."
                focusAll
              />
            </FormProvider>
          </Paper>
          <FormProblem error={conflict ? null : save.error} title="The job was not saved" fields={FIELDS} />
          <Group>
            <Button type="submit" loading={save.isPending}>
              Save changes
            </Button>
            <Anchor component={Link} to={`/jobs/${job.id}`}>
              Cancel
            </Anchor>
          </Group>
        </Stack>
      </form>
    </>
  );
}

function labelOf(name: string): string {
  return name.replace(/([A-Z])/g, ' $1').replace(/^./, (c) => c.toUpperCase());
}
