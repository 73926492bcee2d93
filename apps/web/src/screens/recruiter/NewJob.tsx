import { Alert, Button, Divider, Grid, Group, Paper, Select, SimpleGrid, Stack, Text, TextInput, Title } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useMemo, useRef, useState } from 'react';
import { FormProvider, useForm, useWatch } from 'react-hook-form';
import { useNavigate } from 'react-router';
import { api, ApiError, Schemas, unwrap } from '../../api/client';
import { useAuth } from '../../app/auth';
import { options } from '../../app/labels';
import { fieldSentence } from '../../app/problems';
import { ErrorAlert, Loading, PageTitle } from '../../components/common';
import { FormProblem, showFieldErrors } from '../../components/FieldErrors';
import { suggestedLocation } from '../../components/jobLocation';
import { FindingsPreview } from '../../components/FindingsPreview';
import {
  defaultPlan,
  InterviewPlanEditor,
  isPlanField,
  planErrorsFromProblem,
  PlanErrors,
  PlanStage,
  toStageInput,
  validatePlan,
} from '../../components/InterviewPlanEditor';
import { JobFields } from './JobFields';

const FAMILIES = [
  { value: 'backend-developer', label: 'Backend Developer' },
  { value: 'platform-devops', label: 'Platform / DevOps' },
  { value: 'data-engineering', label: 'Data engineering' },
  { value: 'full-stack', label: 'Full-stack' },
  { value: 'frontend', label: 'Frontend' },
  { value: 'site-reliability', label: 'Site reliability' },
  { value: 'qa-automation', label: 'QA automation' },
];
const LANGUAGES = [
  { value: 'python', label: 'Python' },
  { value: 'java', label: 'Java' },
  { value: 'nodejs', label: 'Node.js' },
  { value: 'go', label: 'Go' },
  { value: 'csharp', label: 'C#' },
  { value: 'any', label: 'Any language' },
];
const SYSTEMS = [
  { value: 'crud', label: 'CRUD product' },
  { value: 'data_intensive', label: 'Data-intensive' },
  { value: 'distributed', label: 'High-scale distributed' },
  { value: 'platform', label: 'Platform / infrastructure' },
  { value: 'security', label: 'Security-sensitive' },
];
const SENIORITIES = ['junior', 'mid', 'senior', 'staff'];
const TEMPLATE_WORK_MODEL_OPTIONS = options('workModel', ['onsite', 'hybrid', 'remote', 'contract']);

type Axes = { family: string; language: string; seniority: string; systemType: string; workModel: string };

interface JobForm {
  variables: Record<string, string>;
  title: string;
  departmentId: string;
  officeIds: string[];
  workModel: 'onsite' | 'hybrid' | 'remote';
  remoteCountries: string;
  employmentType: Schemas['CreateJobDto']['employmentType'];
  openings: number;
  salary: { min: number | ''; max: number | ''; currency: string; period: 'YEAR' | 'MONTH' | 'HOUR' };
  hiringTeam: { recruiterIds: string[]; hiringManagerIds: string[]; interviewerIds: string[] };
}
const FORM_FIELDS = [
  'variables',
  'title',
  'departmentId',
  'officeIds',
  'workModel',
  'remoteCountries',
  'employmentType',
  'openings',
  'salary',
  'hiringTeam',
  'seniority',
] as const;

function useTemplate(axes: Axes) {
  return useQuery({
    queryKey: ['template-pick', axes],
    queryFn: async () => {
      const query =
        axes.family === 'backend-developer'
          ? {
              family: axes.family,
              language: axes.language as 'go',
              seniority: axes.seniority as 'mid',
              systemType: axes.systemType as 'crud',
              workModel: axes.workModel as 'remote',
            }
          : { family: axes.family, seniority: axes.seniority as 'mid' };
      const page = await unwrap(api.GET('/v1/templates', { params: { query: { ...query, limit: 1 } } }));
      const first = page.data[0];
      if (!first) return null;
      return unwrap(api.GET('/v1/templates/{id}', { params: { path: { id: first.id } } }));
    },
    staleTime: 5 * 60_000,
  });
}

export default function NewJob() {
  const { me } = useAuth();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const [axes, setAxes] = useState<Axes>({ family: 'backend-developer', language: 'go', seniority: 'senior', systemType: 'distributed', workModel: 'remote' });
  // Server errors of the live preview show beside a variable only once it was touched, or after a create attempt.
  const [submitted, setSubmitted] = useState(false);
  const template = useTemplate(axes);
  const departments = useQuery({ queryKey: ['departments'], queryFn: () => unwrap(api.GET('/v1/departments', { params: { query: { limit: 100 } } })) });
  const offices = useQuery({ queryKey: ['offices'], queryFn: () => unwrap(api.GET('/v1/offices', { params: { query: { limit: 100 } } })) });
  const users = useQuery({ queryKey: ['users'], queryFn: () => unwrap(api.GET('/v1/users', { params: { query: { limit: 100 } } })) });
  const [formError, setFormError] = useState<unknown>(null);
  const [leftover, setLeftover] = useState<{ field: string; message: string }[]>([]);
  // The interview plan starts as the server's default; it is sent only once the recruiter edits it.
  const [plan, setPlan] = useState<PlanStage[]>(defaultPlan);
  const [planEdited, setPlanEdited] = useState(false);
  const [planErrors, setPlanErrors] = useState<PlanErrors>({});

  const form = useForm<JobForm>({
    defaultValues: {
      variables: {},
      title: '',
      departmentId: '',
      officeIds: [],
      workModel: 'remote',
      remoteCountries: 'DE, NL',
      employmentType: 'FULL_TIME',
      openings: 1,
      salary: { min: '', max: '', currency: 'EUR', period: 'YEAR' },
      hiringTeam: { recruiterIds: [], hiringManagerIds: [], interviewerIds: [] },
    },
  });
  const { register, control, formState } = form;
  const revision = template.data?.latestRevision;

  // Variables of a newly picked template: keep what was typed, fill the rest from the organization, the requisition
  // (company name, currency, location) or the template's defaults. The title follows the template until it is edited.
  const lastTemplateTitle = useRef<string | null>(null);
  useEffect(() => {
    if (!revision) return;
    const current = form.getValues('variables') ?? {};
    const derived: Record<string, string> = {
      companyName: me?.organization.name ?? '',
      currency: form.getValues('salary.currency'),
      location: suggestedLocation(form.getValues('workModel'), chosenOffices(form.getValues('officeIds'))),
    };
    for (const v of revision.variables) {
      const value = current[v.name] || derived[v.name] || (v.default !== undefined ? String(v.default) : '');
      form.setValue(`variables.${v.name}`, value);
    }
    const title = form.getValues('title');
    if (!title || title === lastTemplateTitle.current) form.setValue('title', revision.title);
    lastTemplateTitle.current = revision.title;
    // Runs once per template revision (and when the organization loads); chosenOffices reads the latest office list.
  }, [revision, form, me]);
  useEffect(() => {
    if (axes.workModel !== 'contract') form.setValue('workModel', axes.workModel as JobForm['workModel']);
    if (axes.workModel === 'contract') form.setValue('employmentType', 'CONTRACTOR');
  }, [axes.workModel, form]);

  const variables = useWatch({ control, name: 'variables' });
  const workModel = useWatch({ control, name: 'workModel' });
  const officeIds = useWatch({ control, name: 'officeIds' });
  const bandCurrency = useWatch({ control, name: 'salary.currency' });
  const chosenOffices = (ids: string[]) => (offices.data?.data ?? []).filter((o) => ids.includes(o.id));
  // Remote countries only mean something for a remote job: switching away clears them.
  const previousWorkModel = useRef(workModel);
  useEffect(() => {
    if (previousWorkModel.current === 'remote' && workModel !== 'remote') form.setValue('remoteCountries', '');
    previousWorkModel.current = workModel;
  }, [workModel, form]);
  // The location variable says where the job is, from the work model and offices, until the recruiter writes their own.
  const autoLocation = useRef<string | null>(null);
  useEffect(() => {
    if (!revision?.variables.some((v) => v.name === 'location')) return;
    const next = suggestedLocation(
      workModel,
      (offices.data?.data ?? []).filter((o) => officeIds.includes(o.id)),
    );
    const current = form.getValues('variables.location');
    if (!current || current === autoLocation.current || current === 'Remote') form.setValue('variables.location', next);
    autoLocation.current = next;
  }, [workModel, officeIds, offices.data, revision, form]);
  // The currency variable is the band's currency.
  useEffect(() => {
    if (revision?.variables.some((v) => v.name === 'currency') && bandCurrency && form.getValues('variables.currency') !== bandCurrency) {
      form.setValue('variables.currency', bandCurrency.toUpperCase());
    }
  }, [bandCurrency, revision, form]);
  const [debouncedVariables] = useDebouncedValue(variables, 300);
  const typedVariables = useMemo(() => toTypedVariables(debouncedVariables, revision?.variables ?? []), [debouncedVariables, revision]);
  const preview = useQuery({
    queryKey: ['render', template.data?.id, typedVariables],
    enabled: !!template.data,
    queryFn: async () => {
      const rendered = await unwrap(
        api.POST('/v1/templates/{id}/render', { params: { path: { id: template.data!.id } }, body: { variables: typedVariables } }),
      );
      // Render findings point into each section; linting the rendered Markdown gives offsets into the preview text.
      const spans = await unwrap(api.POST('/v1/templates/lint', { body: { markdown: rendered.markdown } })).catch(() => ({ findings: [] }));
      return { ...rendered, spans: spans.findings };
    },
    placeholderData: (previous) => previous,
    retry: false,
  });
  const renderFieldErrors = preview.error instanceof ApiError ? preview.error.fieldErrors.map((e) => ({ field: e.field, message: fieldSentence(e) })) : [];

  // The salary band follows the salary variables until the recruiter edits the band.
  const [bandTouched, setBandTouched] = useState(false);
  useEffect(() => {
    if (bandTouched || !variables) return;
    const min = Number(variables.salaryMin);
    const max = Number(variables.salaryMax);
    if (variables.salaryMin && Number.isFinite(min)) form.setValue('salary.min', min);
    if (variables.salaryMax && Number.isFinite(max)) form.setValue('salary.max', max);
  }, [variables, bandTouched, form]);

  const create = useMutation({
    mutationFn: ({ values, plan: sentPlan }: { values: JobForm; plan: PlanStage[] | null }) => {
      const body: Schemas['CreateJobDto'] = {
        templateRevisionId: revision!.id,
        variables: toTypedVariables(values.variables, revision!.variables),
        title: values.title || undefined,
        departmentId: values.departmentId,
        officeIds: values.officeIds,
        workModel: values.workModel,
        remoteCountries:
          values.workModel === 'remote'
            ? values.remoteCountries
                .split(/[\s,]+/)
                .filter(Boolean)
                .map((c) => c.toUpperCase())
            : undefined,
        employmentType: values.employmentType,
        seniority: axes.seniority as Schemas['CreateJobDto']['seniority'],
        openings: Number(values.openings),
        salary:
          values.salary.min === '' && values.salary.max === ''
            ? undefined
            : { min: Number(values.salary.min), max: Number(values.salary.max), currency: values.salary.currency, period: values.salary.period },
        hiringTeam: values.hiringTeam,
        interviewPlan: sentPlan ? toStageInput(sentPlan, false) : undefined,
      };
      return unwrap(api.POST('/v1/jobs', { body }));
    },
    onSuccess: (job) => {
      void queryClient.invalidateQueries({ queryKey: ['jobs'] });
      void navigate(`/jobs/${job.id}`);
    },
    onError: (error, { plan: sentPlan }) => {
      setFormError(error);
      const onPlan = planErrorsFromProblem(error, 'interviewPlan', sentPlan ?? []);
      setPlanErrors(onPlan.errors);
      showFieldErrors(error, form, FORM_FIELDS);
      const known = (f: string) => FORM_FIELDS.some((n) => f === n || f.startsWith(`${n}.`) || f.startsWith(`${n}[`));
      const unplaced = error instanceof ApiError ? error.fieldErrors.filter((e) => !known(e.field) && !isPlanField(e.field, 'interviewPlan')) : [];
      setLeftover([...unplaced, ...onPlan.leftover]);
    },
  });

  const err = (path: string) => {
    const parts = path.split('.');
    let node: unknown = formState.errors;
    for (const p of parts) node = (node as Record<string, unknown> | undefined)?.[p];
    return (node as { message?: string } | undefined)?.message;
  };

  return (
    <>
      <PageTitle sub="Pick a template, fill its variables while the preview lints the text, then set up the requisition.">New job from a template</PageTitle>
      <form
        noValidate
        aria-label="New job"
        onSubmit={(e) =>
          void form.handleSubmit(
            (values) => {
              setSubmitted(true);
              setFormError(null);
              setLeftover([]);
              const invalid = planEdited ? validatePlan(plan) : {};
              setPlanErrors(invalid);
              if (Object.keys(invalid).length) return;
              create.mutate({ values, plan: planEdited ? plan : null });
            },
            () => setSubmitted(true),
          )(e)
        }
      >
        <Grid gap="lg">
          <Grid.Col span={{ base: 12, md: 5 }}>
            <Stack>
              <Title order={2} size="h4">
                1. Template
              </Title>
              <Select label="Family" data={FAMILIES} value={axes.family} onChange={(v) => v && setAxes({ ...axes, family: v })} allowDeselect={false} />
              <SimpleGrid cols={2}>
                {axes.family === 'backend-developer' && (
                  <Select
                    label="Language"
                    data={LANGUAGES}
                    value={axes.language}
                    onChange={(v) => v && setAxes({ ...axes, language: v })}
                    allowDeselect={false}
                  />
                )}
                <Select
                  label="Seniority"
                  data={options('seniority', SENIORITIES)}
                  value={axes.seniority}
                  onChange={(v) => v && setAxes({ ...axes, seniority: v })}
                  allowDeselect={false}
                />
                {axes.family === 'backend-developer' && (
                  <Select
                    label="System type"
                    data={SYSTEMS}
                    value={axes.systemType}
                    onChange={(v) => v && setAxes({ ...axes, systemType: v })}
                    allowDeselect={false}
                  />
                )}
                {axes.family === 'backend-developer' && (
                  <Select
                    label="Work model (template)"
                    data={TEMPLATE_WORK_MODEL_OPTIONS}
                    value={axes.workModel}
                    onChange={(v) => v && setAxes({ ...axes, workModel: v })}
                    allowDeselect={false}
                  />
                )}
              </SimpleGrid>
              {template.isPending && <Loading label="Finding the template" />}
              {template.data === null && <Alert color="orange">No template for this combination.</Alert>}
              <ErrorAlert error={template.error} />
              {template.data && (
                <Text size="sm" c="dimmed">
                  Template: {template.data.title} (revision {template.data.latestRevisionNumber})
                </Text>
              )}
              <Title order={2} size="h4">
                2. Variables
              </Title>
              {(revision?.variables ?? []).map((v) => {
                const touched = submitted || !!form.getFieldState(`variables.${v.name}`).isDirty;
                const found = touched
                  ? renderFieldErrors.find((e) => e.field === `variables.${v.name}` || e.field === v.name || e.field.endsWith(`.${v.name}`))
                  : undefined;
                const serverError = found ? fieldSentence(found) : undefined;
                return (
                  <TextInput
                    key={v.name}
                    label={labelOf(v.name)}
                    description={v.description}
                    required={v.required}
                    inputMode={v.type === 'number' ? 'numeric' : undefined}
                    {...register(`variables.${v.name}` as const)}
                    error={err(`variables.${v.name}`) ?? serverError}
                  />
                );
              })}
            </Stack>
          </Grid.Col>
          <Grid.Col span={{ base: 12, md: 7 }}>
            <Title order={2} size="h4" mb="sm">
              Live preview
            </Title>
            {/* The live preview refreshes while the recruiter types elsewhere: its error must not take their focus. */}
            {preview.error && !renderFieldErrors.length ? <ErrorAlert error={preview.error} focus={false} /> : null}
            {renderFieldErrors.length > 0 && (
              <Text size="sm" role="status">
                Fill in the variables on the left to see the whole preview.
              </Text>
            )}
            {preview.data ? (
              <Stack gap="md">
                {/* The API renders the Markdown and sanitises the HTML (no scripts, handlers or javascript: links). */}
                <Paper withBorder p="md" className="job-description" role="region" aria-label="Preview of the job description, as candidates see it">
                  <div dangerouslySetInnerHTML={{ __html: preview.data.html }} />
                </Paper>
                {preview.data.findings.length > 0 && (
                  <section aria-labelledby="suggestions-heading">
                    <Title order={3} size="h5" id="suggestions-heading" mb={4}>
                      Suggestions, marked in the text
                    </Title>
                    <FindingsPreview
                      markdown={preview.data.markdown}
                      findings={preview.data.findings}
                      spans={preview.data.spans}
                      onFix={({ offending, replacement }) => {
                        // The offending words came from a variable the recruiter typed: replace them there.
                        const entry = Object.entries(form.getValues('variables')).find(([, value]) => typeof value === 'string' && value.includes(offending));
                        if (entry) form.setValue(`variables.${entry[0]}`, entry[1].replace(offending, replacement), { shouldDirty: true });
                      }}
                    />
                  </section>
                )}
              </Stack>
            ) : preview.isFetching ? (
              <Loading label="Rendering" />
            ) : null}
          </Grid.Col>
        </Grid>
        <Divider my="lg" />
        <Title order={2} size="h4" mb="sm">
          3. Requisition
        </Title>
        <Paper withBorder p="md">
          <FormProvider {...form}>
            <JobFields
              err={err}
              departments={departments.data?.data ?? []}
              offices={offices.data?.data ?? []}
              users={users.data?.data ?? []}
              userLabel={(u) => `${u.name} (${u.email})`}
              workModel={workModel}
              departmentRequired="Choose the department this job belongs to, or add one."
              remoteCountriesDescription="Two-letter country codes, separated by commas, such as DE, NL"
              validateRemoteCountries={(v, all) => all.workModel !== 'remote' || v.trim() !== '' || 'Name at least one country for a remote job, such as DE.'}
              onSalaryEdit={() => setBandTouched(true)}
              salaryNote={
                <Text size="xs" c="dimmed" mb={4}>
                  Pre-filled from the salary variables; leave both empty to get the suggested band for this seniority.
                </Text>
              }
              pickerErrors
            >
              <TextInput label="Job title" {...register('title')} error={err('title')} />
            </JobFields>
          </FormProvider>
        </Paper>
        <Divider my="lg" />
        <Group justify="space-between" mb="xs" align="flex-end">
          <div>
            <Title order={2} size="h4" id="interview-plan-heading">
              4. Interview plan
            </Title>
            <Text size="xs" c="dimmed">
              {planEdited
                ? 'Your plan is sent with the job.'
                : 'The default backend process; rename, reorder, add or remove stages and set each stage’s kit and SLA.'}
            </Text>
          </div>
          {planEdited && (
            <Button
              variant="subtle"
              size="compact-sm"
              onClick={() => {
                setPlan(defaultPlan());
                setPlanEdited(false);
                setPlanErrors({});
              }}
            >
              Reset to the default plan
            </Button>
          )}
        </Group>
        <Paper withBorder p="md" role="group" aria-labelledby="interview-plan-heading">
          <InterviewPlanEditor
            value={plan}
            errors={planErrors}
            onChange={(next) => {
              setPlan(next);
              setPlanEdited(true);
            }}
          />
          {Object.keys(planErrors).length > 0 && (
            <Text size="sm" c="red.9" mt="xs" role="alert">
              Fix the stages marked above.
            </Text>
          )}
        </Paper>
        <Stack mt="md">
          <FormProblem error={formError} title="The job was not created" fields={[...FORM_FIELDS, 'interviewPlan']} />
          {leftover.length > 0 && <Text size="sm">Nothing you typed was lost.</Text>}
          <Group>
            <Button type="submit" loading={create.isPending} disabled={!revision}>
              Create draft job
            </Button>
          </Group>
        </Stack>
      </form>
    </>
  );
}

function labelOf(name: string): string {
  return name.replace(/([A-Z])/g, ' $1').replace(/^./, (c) => c.toUpperCase());
}

function toTypedVariables(
  values: Record<string, string> | undefined,
  declared: Schemas['TemplateVariableResponseDto'][],
): Record<string, string | number | boolean> {
  const out: Record<string, string | number | boolean> = {};
  for (const v of declared) {
    const raw = values?.[v.name];
    if (raw === undefined || raw === '') continue;
    if (v.type === 'number') out[v.name] = Number.isFinite(Number(raw)) ? Number(raw) : raw;
    else if (v.type === 'boolean') out[v.name] = raw === 'true';
    else out[v.name] = raw;
  }
  return out;
}
