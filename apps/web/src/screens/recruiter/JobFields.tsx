import { MultiSelect, NumberInput, Select, SimpleGrid, Text, TextInput } from '@mantine/core';
import { ReactNode } from 'react';
import { Controller, useFormContext, Validate } from 'react-hook-form';
import { Schemas } from '../../api/client';
import { options } from '../../app/labels';
import { DepartmentPicker } from '../../components/DepartmentPicker';

/** The requisition fields a new job and an edited job share (the form around them holds more). */
export interface JobFieldValues {
  departmentId: string;
  officeIds: string[];
  workModel: 'onsite' | 'hybrid' | 'remote';
  remoteCountries: string;
  employmentType: Schemas['JobDto']['employmentType'];
  openings: number;
  salary: { min: number | ''; max: number | ''; currency: string; period: 'YEAR' | 'MONTH' | 'HOUR' };
  hiringTeam: { recruiterIds: string[]; hiringManagerIds: string[]; interviewerIds: string[] };
}

type User = Schemas['UserDto'];

export interface JobFieldsProps {
  /** The error message of a form path, if any. */
  err: (path: string) => string | undefined;
  departments: Schemas['DepartmentDto'][];
  offices: Schemas['OfficeDto'][];
  users: User[];
  /** How a person shows in the hiring team pickers. */
  userLabel: (user: User) => string;
  workModel: JobFieldValues['workModel'];
  /** Fields shown first in the requisition grid. */
  children?: ReactNode;
  departmentRequired?: string;
  /** Archived offices stay choosable when among these ids; without it, when already chosen. */
  officesKeptWhenArchived?: string[];
  markArchivedOffices?: boolean;
  remoteCountriesDescription: string;
  validateRemoteCountries: Validate<string, JobFieldValues>;
  openingsMin?: string;
  /** Called when the recruiter edits the salary band. */
  onSalaryEdit?: () => void;
  salaryNote?: ReactNode;
  /** Every picker takes focus when a failed submission points at it. */
  focusAll?: boolean;
  /** The employment type and salary period pickers show their errors. */
  pickerErrors?: boolean;
}

const TEAM = ['recruiterIds', 'hiringManagerIds', 'interviewerIds'] as const;
const TEAM_LABELS = { recruiterIds: 'Recruiters', hiringManagerIds: 'Hiring managers', interviewerIds: 'Interviewers' };
const TEAM_ROLES = { recruiterIds: 'recruiter', hiringManagerIds: 'hiring_manager', interviewerIds: 'interviewer' };

/** Department, offices, work model, employment, openings, salary band and hiring team of a job, in a FormProvider. */
export function JobFields(props: JobFieldsProps) {
  const { err, focusAll, pickerErrors, onSalaryEdit } = props;
  const { control, register } = useFormContext<JobFieldValues>();
  const userOptions = (role: string) =>
    props.users.filter((u) => u.active && (u.roles as string[]).includes(role)).map((u) => ({ value: u.id, label: props.userLabel(u) }));
  return (
    <>
      <SimpleGrid cols={{ base: 1, sm: 2, md: 3 }}>
        {props.children}
        <Controller
          control={control}
          name="departmentId"
          rules={props.departmentRequired ? { required: props.departmentRequired } : undefined}
          render={({ field }) => (
            <DepartmentPicker
              ref={field.ref}
              departments={props.departments}
              value={field.value}
              onChange={(v) => field.onChange(v)}
              onBlur={field.onBlur}
              error={err('departmentId')}
            />
          )}
        />
        <Controller
          control={control}
          name="officeIds"
          render={({ field }) => (
            <MultiSelect
              label="Offices"
              ref={field.ref}
              searchable
              data={props.offices
                .filter((o) => !o.archived || (props.officesKeptWhenArchived ?? field.value).includes(o.id))
                .map((o) => ({ value: o.id, label: `${o.name} (${o.city}, ${o.country})${props.markArchivedOffices && o.archived ? ', archived' : ''}` }))}
              value={field.value}
              onChange={field.onChange}
              error={err('officeIds')}
            />
          )}
        />
        <Controller
          control={control}
          name="workModel"
          render={({ field }) => (
            <Select
              label="Work model"
              ref={field.ref}
              data={options('workModel', ['onsite', 'hybrid', 'remote'])}
              value={field.value}
              onChange={(v) => v && field.onChange(v)}
              allowDeselect={false}
              error={err('workModel')}
            />
          )}
        />
        {props.workModel === 'remote' && (
          <TextInput
            label="Countries people may work from"
            description={props.remoteCountriesDescription}
            required
            {...register('remoteCountries', { validate: props.validateRemoteCountries })}
            error={err('remoteCountries')}
          />
        )}
        <Controller
          control={control}
          name="employmentType"
          render={({ field }) => (
            <Select
              ref={focusAll ? field.ref : undefined}
              label="Employment type"
              data={options('employmentType')}
              value={field.value}
              onChange={(v) => v && field.onChange(v)}
              allowDeselect={false}
              error={pickerErrors ? err('employmentType') : undefined}
            />
          )}
        />
        <Controller
          control={control}
          name="openings"
          rules={props.openingsMin ? { min: { value: 1, message: props.openingsMin } } : undefined}
          render={({ field }) => (
            <NumberInput
              ref={focusAll ? field.ref : undefined}
              label="Openings"
              min={1}
              value={field.value}
              onChange={(v) => field.onChange(v)}
              error={err('openings')}
            />
          )}
        />
      </SimpleGrid>
      <Text fw={600} mt="md" size="sm">
        Salary band
      </Text>
      {props.salaryNote}
      <SimpleGrid cols={{ base: 2, sm: 4 }}>
        <Controller
          control={control}
          name="salary.min"
          render={({ field }) => (
            <NumberInput
              ref={focusAll ? field.ref : undefined}
              label="Minimum"
              thousandSeparator=","
              value={field.value}
              onChange={(v) => {
                onSalaryEdit?.();
                field.onChange(v);
              }}
              error={err('salary.min') ?? err('salary')}
            />
          )}
        />
        <Controller
          control={control}
          name="salary.max"
          render={({ field }) => (
            <NumberInput
              ref={focusAll ? field.ref : undefined}
              label="Maximum"
              thousandSeparator=","
              value={field.value}
              onChange={(v) => {
                onSalaryEdit?.();
                field.onChange(v);
              }}
              error={err('salary.max')}
            />
          )}
        />
        <TextInput label="Currency" maxLength={3} {...register('salary.currency', { onChange: () => onSalaryEdit?.() })} error={err('salary.currency')} />
        <Controller
          control={control}
          name="salary.period"
          render={({ field }) => (
            <Select
              ref={focusAll ? field.ref : undefined}
              label="Period"
              data={options('periodNoun')}
              value={field.value}
              onChange={(v) => v && field.onChange(v)}
              allowDeselect={false}
              error={pickerErrors ? err('salary.period') : undefined}
            />
          )}
        />
      </SimpleGrid>
      <Text fw={600} mt="md" size="sm">
        Hiring team
      </Text>
      <SimpleGrid cols={{ base: 1, sm: 3 }}>
        {TEAM.map((key) => (
          <Controller
            key={key}
            control={control}
            name={`hiringTeam.${key}`}
            render={({ field }) => (
              <MultiSelect
                ref={focusAll ? field.ref : undefined}
                label={TEAM_LABELS[key]}
                data={userOptions(TEAM_ROLES[key])}
                value={field.value}
                onChange={field.onChange}
                searchable
                error={err(`hiringTeam.${key}`) ?? err('hiringTeam')}
              />
            )}
          />
        ))}
      </SimpleGrid>
    </>
  );
}
