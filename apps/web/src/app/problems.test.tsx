import { fireEvent, screen, waitFor } from '@testing-library/react';
import { useForm } from 'react-hook-form';
import { TextInput } from '@mantine/core';
import { describe, expect, it } from 'vitest';
import { ApiError } from '../api/client';
import { applyProblem, ErrorAlert } from '../components/common';
import { findingTitle, suggestedFix } from '../components/FindingsPreview';
import { boardAnnouncements } from '../components/PipelineBoard';
import { renderWithProviders } from '../test/render';
import { label, LABELS, LabelKind } from './labels';
import { fieldLabel, fieldSentence, PROBLEM_SENTENCES, problemHeading, problemSummary } from './problems';

// The source of every module's error codes and of the generated API types, read as text at build time.
const exceptionSources = import.meta.glob<string>(['../../../../libs/*/src/*.exception.ts', '../../../../libs/platform/src/errors/domain.exception.ts'], {
  query: '?raw',
  import: 'default',
  eager: true,
});
const schemaSource = Object.values(import.meta.glob<string>('../api/schema.d.ts', { query: '?raw', import: 'default', eager: true }))[0];

/** Every problem code the API documents: the values of each module's error code enum (and the platform's). */
function documentedCodes(): string[] {
  const codes = new Set<string>();
  for (const source of Object.values(exceptionSources)) {
    for (const block of source.matchAll(/export enum \w+ErrorCode \{([^}]*)\}/g)) {
      for (const m of block[1].matchAll(/=\s*'([^']+)'/g)) codes.add(m[1]);
    }
  }
  return [...codes].sort();
}

/** What must never reach a screen: a dotted code, snake_case or camelCase identifiers, HTTP reason phrases. */
const LEAK = /\b[a-z]+\.[a-z_]+\b|\b[a-z0-9]+_[a-z0-9_]+\b|\b[a-z]+[A-Z]\w*\b|Unprocessable|Bad Request|Conflict\b|Not Found|Forbidden\b/;

describe('problem+json in words', () => {
  const codes = documentedCodes();

  it('finds the documented codes in the libs (the scan works)', () => {
    expect(codes.length).toBeGreaterThan(100);
    expect(codes).toContain('offers.missing_feedback');
    expect(codes).toContain('request.invalid');
  });

  it.each(codes)('%s has its own sentence, and it leaks no code', (code) => {
    expect(PROBLEM_SENTENCES[code], `no sentence for ${code}`).toBeDefined();
    const text = problemSummary({ status: 422, code, title: 'Unprocessable Content', detail: `decide with acknowledgeMissingFeedback: true (${code})` });
    expect(text).not.toMatch(LEAK);
    expect(text).toMatch(/^[A-Z].*[.!?]$/);
    expect(problemHeading({ status: 422, code })).not.toMatch(LEAK);
  });

  it('answers in words for a code or status it does not know', () => {
    for (const status of [0, 400, 401, 403, 404, 409, 410, 413, 415, 422, 429, 500, 503]) {
      const text = problemSummary({ status, code: 'future.unknown_code', detail: 'raw detail' });
      expect(text).not.toMatch(LEAK);
      expect(text).not.toContain('raw detail');
    }
  });

  it('rewrites validation messages beside their field, without the field path', () => {
    expect(fieldSentence({ field: 'password', message: 'password must be longer than or equal to 10 characters' })).toBe('Use at least 10 characters.');
    expect(fieldSentence({ field: 'salary.min', message: 'min must not be less than 0' })).toBe('Enter 0 or more.');
    expect(fieldSentence({ field: 'email', message: 'email must be an email' })).toBe('Enter an email address like name@example.com.');
    expect(fieldSentence({ field: 'departmentId', message: 'departmentId should not be empty' })).toBe('This is required.');
    expect(fieldSentence({ field: 'departmentId', message: 'departmentId must be a UUID' })).toBe('Choose one from the list.');
    expect(fieldSentence({ field: 'employmentType', message: 'employmentType must be one of the following values: FULL_TIME, PART_TIME' })).toBe(
      'Choose one of the options.',
    );
    expect(fieldSentence({ field: 'foo', message: 'unknown field foo' })).not.toMatch(/foo/);
    expect(fieldSentence({ field: 'logoUrl', message: 'logoUrl must be an https address of an image' })).toBe(
      'Enter an address starting with https:// that points to an image.',
    );
    expect(
      fieldSentence({
        field: 'accentColor',
        message: 'this colour is too light to read white text on (contrast 1.4:1, at least 4.5:1 is needed); choose a darker shade',
      }),
    ).toBe('This colour is too light for white text (contrast 1.4:1, at least 4.5:1 is needed). Choose a darker shade.');
    expect(fieldSentence({ field: 'variables.salaryMin', message: 'salaryMin is required for this template' })).not.toMatch(LEAK);
  });

  it('says the owed-feedback acknowledgement in plain words', () => {
    const text = fieldSentence({ field: 'acknowledgeMissingFeedback', message: 'scorecards still owed by Ada Lovelace' }, 'offers.missing_feedback');
    expect(text).toBe('Scorecards are still owed by Ada Lovelace. Tick the box to decide without them, or wait for them.');
    expect(problemSummary({ status: 422, code: 'offers.missing_feedback' })).not.toMatch(/acknowledge/i);
  });

  it('names fields in words, list items from 1', () => {
    expect(fieldLabel('interviewFocus[2]')).toBe('Interview focus (item 3)');
    expect(fieldLabel('interviewFocus.2')).toBe('Interview focus (item 3)');
    expect(fieldLabel('salary.min')).toBe('Minimum');
    expect(fieldLabel('acknowledgeMissingFeedback')).toBe('Missing feedback');
    expect(fieldLabel('variables.companyName')).toBe('Company name');
  });
});

describe('enum labels', () => {
  it('shows the examples from the issue as words', () => {
    expect(label('employmentType', 'FULL_TIME')).toBe('Full-time');
    expect(label('period', 'YEAR')).toBe('per year');
    expect(label('role', 'hiring_manager')).toBe('Hiring manager');
    expect(label('jobStatus', 'on_hold')).toBe('On hold');
  });

  it('has no table entry that is its own code', () => {
    for (const kind of Object.keys(LABELS) as LabelKind[]) {
      for (const [value, text] of Object.entries(LABELS[kind])) {
        if (/[_A-Z.-]/.test(value)) expect(text, `${kind}.${value}`).not.toBe(value);
        expect(text, `${kind}.${value}`).not.toMatch(LEAK);
      }
    }
  });

  it('covers every value of the enums the API documents for these fields', () => {
    const schema = schemaSource;
    const fields: Record<string, LabelKind> = {
      employmentType: 'employmentType',
      period: 'period',
      role: 'role',
      workModel: 'workModel',
      seniority: 'seniority',
      overall: 'recommendation',
    };
    for (const [field, kind] of Object.entries(fields)) {
      for (const m of schema.matchAll(new RegExp(`\\s${field}\\??: ((?:"[^"]+"(?: \\| )?)+);`, 'g'))) {
        for (const value of m[1].match(/"([^"]+)"/g)!.map((v) => v.slice(1, -1))) {
          expect((LABELS[kind] as Record<string, string>)[value], `${kind}.${value}`).toBeDefined();
        }
      }
    }
  });

  it('titles lint findings in words and offers a one-click fix only for a replaceable span', () => {
    for (const rule of Object.keys(LABELS.lintRule)) expect(findingTitle({ rule })).not.toMatch(/-/);
    const base = { rule: 'exclusionary-language', severity: 'warning' as const, message: '"Rockstar" is jargon.', section: 'markdown', start: 4, end: 12 };
    expect(suggestedFix({ ...base, suggestion: 'skilled engineer' }, 'Rockstar')).toBe('Skilled engineer');
    expect(suggestedFix({ ...base, suggestion: 'they (or address the reader as "you")' }, 'he')).toBe('they');
    expect(suggestedFix({ ...base, suggestion: 'describe the actual physical task, if any' }, 'lift')).toBeUndefined();
    expect(suggestedFix({ ...base, start: 0, end: 0, suggestion: 'expert' })).toBeUndefined();
  });

  it('announces drags with the candidate and stage names, never ids', () => {
    const names: Record<string, string> = { 'stage-uuid-1': 'Recruiter screen' };
    const a = boardAnnouncements((id) => names[id] ?? 'another stage');
    const active = { id: '0446817f-uuid', data: { current: { item: { candidateName: 'Jordan Applicant' } } } };
    const over = { id: 'stage-uuid-1' };
    const end = a.onDragEnd({ active, over } as unknown as Parameters<typeof a.onDragEnd>[0]);
    expect(end).toBe('Jordan Applicant moved to Recruiter screen.');
    expect(a.onDragStart({ active } as unknown as Parameters<typeof a.onDragStart>[0])).not.toMatch(/uuid/);
  });
});

function SignUpForm({ error }: { error: unknown }) {
  const form = useForm<{ name: string; password: string }>({ defaultValues: { name: 'Ada', password: 'short' } });
  return (
    <form
      onSubmit={(e) => {
        e.preventDefault();
        applyProblem(error, form.setError, ['name', 'password']);
      }}
    >
      <TextInput label="Name" {...form.register('name')} error={form.formState.errors.name?.message} />
      <TextInput label="Password" {...form.register('password')} error={form.formState.errors.password?.message} />
      <button type="submit">Save</button>
    </form>
  );
}

describe('errors beside the field', () => {
  const badRequest = new ApiError(400, {
    title: 'Bad Request',
    code: 'request.invalid',
    detail: 'The request has invalid or unknown fields.',
    errors: [{ field: 'password', message: 'password must be longer than or equal to 10 characters' }],
  });

  it('puts the sentence beside the field and focuses it; the raw text appears nowhere', async () => {
    renderWithProviders(<SignUpForm error={badRequest} />);
    fireEvent.click(screen.getByRole('button', { name: 'Save' }));
    await screen.findByText('Use at least 10 characters.');
    await waitFor(() => expect(document.activeElement).toBe(screen.getByRole('textbox', { name: 'Password' })));
    expect(document.body.textContent).not.toMatch(/Bad Request|invalid or unknown|longer than or equal/);
  });

  it('summarises a problem without a field in words and takes focus', async () => {
    const error = new ApiError(422, {
      title: 'Unprocessable Content',
      code: 'offers.missing_feedback',
      detail: 'Scorecards are still owed by Ada; decide with acknowledgeMissingFeedback: true or wait for them.',
      errors: [{ field: 'acknowledgeMissingFeedback', message: 'scorecards still owed by Ada' }],
    });
    renderWithProviders(<ErrorAlert error={error} />);
    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toMatch(/Some interviewers still owe their scorecards/);
    expect(alert.textContent).toMatch(/Missing feedback: Scorecards are still owed by Ada\./);
    expect(alert.textContent).not.toMatch(/Unprocessable|acknowledgeMissingFeedback/);
    await waitFor(() => expect(document.activeElement).toBe(alert));
  });
});
