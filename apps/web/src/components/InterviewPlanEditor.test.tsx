import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { useState } from 'react';
import { describe, expect, it } from 'vitest';
import { ApiError } from '../api/client';
import { json, setApi } from '../test/setup';
import { renderWithProviders } from '../test/render';
import { InterviewPlanEditor, planErrorsFromProblem, PlanErrors, PlanStage, toStageInput } from './InterviewPlanEditor';

const kits = {
  data: [
    {
      id: 'k1',
      key: 'rate-limiter-design',
      title: 'Rate limiter design',
      stageKind: 'system_design',
      builtIn: true,
      forkedFrom: null,
      createdAt: '',
      updatedAt: '',
      latestRevision: {},
    },
    {
      id: 'k2',
      key: 'recruiter-screen',
      title: 'Recruiter screen',
      stageKind: 'recruiter_screen',
      builtIn: true,
      forkedFrom: null,
      createdAt: '',
      updatedAt: '',
      latestRevision: {},
    },
  ],
  nextCursor: null,
};
const initial = (): PlanStage[] => [
  { key: 'a', id: 's1', name: 'Application review', kind: 'application_review', kitKey: null, slaDays: 3 },
  { key: 'b', id: 's2', name: 'Recruiter screen', kind: 'recruiter_screen', kitKey: 'recruiter-screen', slaDays: 5 },
  { key: 'c', id: 's3', name: 'Offer', kind: 'offer', kitKey: null, slaDays: 7 },
];

/** The editor is controlled; this host keeps its value and exposes the latest one to the test. */
function Host({ errors, latest }: { errors?: PlanErrors; latest: { current: PlanStage[] } }) {
  const [value, setValue] = useState(initial);
  latest.current = value;
  return <InterviewPlanEditor value={value} errors={errors} onChange={setValue} />;
}

const names = () => screen.getAllByRole('textbox', { name: /^Stage \d+ Name/ }).map((i) => (i as HTMLInputElement).value);

describe('InterviewPlanEditor', () => {
  it('labels every field of every stage and offers the interview kits', async () => {
    setApi(() => json(kits));
    renderWithProviders(<Host latest={{ current: [] }} />);
    expect(screen.getByRole('list', { name: 'Interview plan' })).toBeTruthy();
    expect(names()).toEqual(['Application review', 'Recruiter screen', 'Offer']);
    expect(screen.getByRole<HTMLSelectElement>('combobox', { name: /^Stage 2 Kind/ }).value).toBe('recruiter_screen');
    const kit = screen.getByRole<HTMLSelectElement>('combobox', { name: /^Stage 2 Interview kit/ });
    await within(kit).findByRole('option', { name: 'Rate limiter design (rate-limiter-design)' });
    expect(kit.value).toBe('recruiter-screen');
    expect(screen.getByRole<HTMLInputElement>('textbox', { name: /^Stage 1 SLA \(days\)/ }).value).toBe('3');
    expect(screen.getByRole<HTMLButtonElement>('button', { name: 'Move stage 1 (Application review) up' }).disabled).toBe(true);
  });

  it('adds a stage, names it, sets kind, kit and SLA, and removes another', async () => {
    setApi(() => json(kits));
    const latest = { current: [] as PlanStage[] };
    renderWithProviders(<Host latest={latest} />);
    await within(screen.getByRole('combobox', { name: /^Stage 1 Interview kit/ })).findByRole('option', { name: 'Rate limiter design (rate-limiter-design)' });
    fireEvent.click(screen.getByRole('button', { name: 'Add stage' }));
    const name = screen.getByRole('textbox', { name: /^Stage 4 Name/ });
    await waitFor(() => expect(document.activeElement).toBe(name));
    fireEvent.change(name, { target: { value: 'System design' } });
    fireEvent.change(screen.getByRole('combobox', { name: /^Stage 4 Kind/ }), { target: { value: 'system_design' } });
    fireEvent.change(screen.getByRole('combobox', { name: /^Stage 4 Interview kit/ }), { target: { value: 'rate-limiter-design' } });
    fireEvent.change(screen.getByRole('textbox', { name: /^Stage 4 SLA \(days\)/ }), { target: { value: '4' } });
    fireEvent.click(screen.getByRole('button', { name: 'Remove stage 2 (Recruiter screen)' }));
    expect(names()).toEqual(['Application review', 'Offer', 'System design']);
    expect(screen.getByTestId('plan-announcement').textContent).toBe('Recruiter screen removed.');
    // What the API gets: kept stages by id, the new one without.
    expect(toStageInput(latest.current)).toEqual([
      { id: 's1', name: 'Application review', kind: 'application_review', kitKey: null, slaDays: 3 },
      { id: 's3', name: 'Offer', kind: 'offer', kitKey: null, slaDays: 7 },
      { name: 'System design', kind: 'system_design', kitKey: 'rate-limiter-design', slaDays: 4 },
    ]);
  });

  it('reorders with the keyboard-operable move buttons, keeping focus on the moved stage', async () => {
    setApi(() => json(kits));
    renderWithProviders(<Host latest={{ current: [] }} />);
    const down = screen.getByRole('button', { name: 'Move stage 1 (Application review) down' });
    down.focus();
    fireEvent.click(down);
    expect(names()).toEqual(['Recruiter screen', 'Application review', 'Offer']);
    await waitFor(() => expect(document.activeElement?.getAttribute('aria-label')).toBe('Move stage 2 (Application review) down'));
    expect(screen.getByTestId('plan-announcement').textContent).toBe('Application review moved to position 2 of 3.');
    fireEvent.click(screen.getByRole('button', { name: 'Move stage 3 (Offer) up' }));
    expect(names()).toEqual(['Recruiter screen', 'Offer', 'Application review']);
    // Last one down is not possible; the first one cannot go up.
    expect(screen.getByRole<HTMLButtonElement>('button', { name: 'Move stage 3 (Application review) down' }).disabled).toBe(true);
    expect(screen.getByRole<HTMLButtonElement>('button', { name: 'Move stage 1 (Recruiter screen) up' }).disabled).toBe(true);
  });

  it('shows a server field error next to the field it names, and it follows its stage when reordered', () => {
    setApi(() => json(kits));
    const sent = initial();
    const problem = new ApiError(400, {
      title: 'Bad Request',
      status: 400,
      errors: [
        { field: 'interviewPlan.1.name', message: 'name must be shorter than or equal to 100 characters' },
        { field: 'interviewPlan.2.slaDays', message: 'slaDays must not be greater than 365' },
        { field: 'departmentId', message: 'departmentId must be a UUID' },
      ],
    });
    const { errors, leftover } = planErrorsFromProblem(problem, 'interviewPlan', sent);
    expect(leftover).toEqual([]);
    renderWithProviders(<Host errors={errors} latest={{ current: [] }} />);
    const name = screen.getByRole('textbox', { name: /^Stage 2 Name/ });
    expect(name.getAttribute('aria-invalid')).toBe('true');
    const describedBy = name.getAttribute('aria-describedby') ?? '';
    expect(describedBy).not.toBe('');
    expect(
      describedBy
        .split(' ')
        .map((id) => document.getElementById(id)?.textContent)
        .join(' '),
    ).toContain('Use at most 100 characters.');
    expect(screen.getByRole('textbox', { name: /^Stage 3 SLA/ }).getAttribute('aria-invalid')).toBe('true');
    expect(screen.getByRole('textbox', { name: /^Stage 1 Name/ }).getAttribute('aria-invalid')).not.toBe('true');
    // Move the stage with the error up: the error moves with it.
    fireEvent.click(screen.getByRole('button', { name: 'Move stage 2 (Recruiter screen) up' }));
    expect(screen.getByRole('textbox', { name: /^Stage 1 Name/ }).getAttribute('aria-invalid')).toBe('true');
    expect(screen.getByRole<HTMLInputElement>('textbox', { name: /^Stage 1 Name/ }).value).toBe('Recruiter screen');
  });

  it('shows a 409 about a stage holding applications on that stage, and one about a removed stage as leftover', () => {
    setApi(() => json(kits));
    const sent = initial();
    const problem = new ApiError(409, {
      title: 'Conflict',
      status: 409,
      code: 'jobs.stage_occupied',
      errors: [
        { field: 'stages.0', message: 'stage "Application review" holds 2 application(s)' },
        { field: 'stages', message: 'stage "Take-home" holds 1 application(s)' },
      ],
    });
    const { errors, leftover } = planErrorsFromProblem(problem, 'stages', sent);
    expect(leftover).toEqual([{ field: 'stages', message: 'Stage "Take-home" holds 1 application(s).' }]);
    renderWithProviders(<Host errors={errors} latest={{ current: [] }} />);
    expect(screen.getByRole('alert').textContent).toBe('Stage "Application review" holds 2 application(s).');
  });
});
