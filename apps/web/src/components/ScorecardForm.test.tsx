import { fireEvent, screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';
import { json, setApi } from '../test/setup';
import { renderWithProviders } from '../test/render';
import { ScorecardForm } from './ScorecardForm';

const competencies = [
  {
    key: 'design',
    name: 'System design',
    description: 'Shapes a system',
    rubric: ['Cannot frame the problem', 'Frames it with help', 'Frames and trades off', 'Leads the design'],
  },
  { key: 'debug', name: 'Debugging', description: 'Narrows causes', rubric: ['Guesses', 'Follows hints', 'Forms hypotheses', 'Verifies the fix'] },
];
const questions = [{ key: 'q1', prompt: 'Design a rate limiter', followUps: [], signals: [], redFlags: [], minutes: 20, competencies: ['design'] }];
const card = (over: object = {}) => ({
  id: 's1',
  interviewId: 'i1',
  applicationId: 'a1',
  interviewerId: 'u1',
  kitRevisionId: null,
  version: 1,
  status: 'draft',
  current: true,
  ratings: [],
  questionNotes: [],
  keyTakeaways: null,
  overall: null,
  correctionReason: null,
  supersedesId: null,
  submittedAt: null,
  updatedAt: new Date().toISOString(),
  ...over,
});

describe('ScorecardForm', () => {
  it('shows the four rubric levels beside each rating choice, and no-signal', () => {
    setApi(() => json(card()));
    renderWithProviders(<ScorecardForm interviewId="i1" competencies={competencies} questions={questions} initial={null} onSubmitted={() => {}} />);
    for (const level of competencies[0].rubric) expect(screen.getByText(level)).toBeTruthy();
    expect(screen.getByRole('radio', { name: /^System design: 4 — Leads the design/ })).toBeTruthy();
    expect(screen.getByRole('radio', { name: 'Debugging: no signal' })).toBeTruthy();
  });

  it('autosaves the draft after typing, with what was typed', async () => {
    const puts: unknown[] = [];
    setApi(async (request) => {
      if (request.method === 'PUT') puts.push(await request.json());
      return json(card());
    });
    renderWithProviders(
      <ScorecardForm interviewId="i1" competencies={competencies} questions={questions} initial={null} onSubmitted={() => {}} autosaveMs={50} />,
    );
    fireEvent.click(screen.getByRole('radio', { name: /^System design: 3 / }));
    fireEvent.change(screen.getByRole('textbox', { name: 'Key takeaways' }), { target: { value: 'Clear about trade-offs' } });
    await waitFor(() => expect(screen.getByTestId('save-state').textContent).toMatch(/Draft saved/));
    expect(puts.at(-1)).toEqual({ ratings: [{ competency: 'design', rating: 3 }], questionNotes: [], keyTakeaways: 'Clear about trade-offs' });
  });

  it('requires evidence for a rating of 1 or 4 and an overall recommendation before submitting', async () => {
    const submit = vi.fn(() => json(card({ status: 'submitted' })));
    setApi((request) => (request.url.endsWith('/submit') ? submit() : json(card())));
    renderWithProviders(
      <ScorecardForm interviewId="i1" competencies={competencies} questions={questions} initial={null} onSubmitted={() => {}} autosaveMs={60_000} />,
    );
    fireEvent.click(screen.getByRole('radio', { name: /^System design: 4 / }));
    await userEvent.click(screen.getByRole('button', { name: 'Submit scorecard' }));
    expect(await screen.findByText(/Evidence is required for a rating of 1 or 4/)).toBeTruthy();
    expect(screen.getByText('Choose an overall recommendation')).toBeTruthy();
    expect(submit).not.toHaveBeenCalled();
  });

  it('shows a 422 field error next to the competency it names and keeps what was typed', async () => {
    setApi((request) =>
      request.url.endsWith('/submit')
        ? json(
            {
              type: 'about:blank',
              title: 'Unprocessable',
              status: 422,
              detail: 'The scorecard is not valid',
              code: 'INVALID',
              errors: [{ field: 'ratings.0.evidence', message: 'evidence is too vague' }],
            },
            422,
          )
        : json(card()),
    );
    const onSubmitted = vi.fn();
    renderWithProviders(
      <ScorecardForm interviewId="i1" competencies={competencies} questions={questions} initial={null} onSubmitted={onSubmitted} autosaveMs={60_000} />,
    );
    fireEvent.click(screen.getByRole('radio', { name: /^Debugging: 4 / }));
    fireEvent.change(screen.getByRole('textbox', { name: /^Evidence for Debugging/ }), { target: { value: 'ok' } });
    fireEvent.click(screen.getByRole('radio', { name: 'Yes' }));
    await userEvent.click(screen.getByRole('button', { name: 'Submit scorecard' }));
    // ratings.0 of what was sent is the Debugging competency (the first one rated), so the error lands there.
    const evidence = screen.getByRole<HTMLTextAreaElement>('textbox', { name: /^Evidence for Debugging/ });
    await waitFor(() => expect(evidence.getAttribute('aria-invalid')).toBe('true'));
    expect(screen.getByText('Evidence is too vague.')).toBeTruthy();
    expect(evidence.value).toBe('ok');
    expect(onSubmitted).not.toHaveBeenCalled();
  });

  it('reopens a saved draft with its ratings and text', () => {
    setApi(() => json(card()));
    renderWithProviders(
      <ScorecardForm
        interviewId="i1"
        competencies={competencies}
        questions={questions}
        initial={card({ ratings: [{ competency: 'debug', rating: 2 }], keyTakeaways: 'Saved before' }) as never}
        onSubmitted={() => {}}
      />,
    );
    expect(screen.getByRole<HTMLInputElement>('radio', { name: /^Debugging: 2 / }).checked).toBe(true);
    expect(screen.getByRole<HTMLTextAreaElement>('textbox', { name: 'Key takeaways' }).value).toBe('Saved before');
  });

  it('amends a submitted scorecard only with a reason, as a correction, never as a draft save', async () => {
    const sent: { method: string; url: string; body: unknown }[] = [];
    setApi(async (request) => {
      sent.push({
        method: request.method,
        url: request.url,
        body: await request
          .clone()
          .json()
          .catch(() => undefined),
      });
      return json(card({ status: 'submitted', version: 2, amended: true }), request.url.endsWith('/corrections') ? 201 : 200);
    });
    const onSubmitted = vi.fn();
    const submitted = card({ status: 'submitted', overall: 'yes', ratings: [{ competency: 'design', rating: 3 }], submittedAt: new Date().toISOString() });
    renderWithProviders(
      <ScorecardForm
        interviewId="i1"
        competencies={competencies}
        questions={questions}
        initial={submitted as never}
        onSubmitted={onSubmitted}
        autosaveMs={10}
        amending
      />,
    );
    fireEvent.click(screen.getByRole('radio', { name: 'Strong yes' }));
    await userEvent.click(screen.getByRole('button', { name: 'Save the amendment' }));
    expect(await screen.findByText('Say why you amend your scorecard; readers see it')).toBeTruthy();
    expect(sent).toEqual([]);
    await userEvent.type(screen.getByRole('textbox', { name: /^Why do you amend it/ }), 'Mixed up two candidates');
    await userEvent.click(screen.getByRole('button', { name: 'Save the amendment' }));
    await waitFor(() => expect(onSubmitted).toHaveBeenCalled());
    expect(sent.map((r) => `${r.method} ${new URL(r.url).pathname}`)).toEqual(['POST /v1/interviews/i1/scorecard/corrections']);
    expect(sent[0].body).toMatchObject({ reason: 'Mixed up two candidates', overall: 'strong_yes', ratings: [{ competency: 'design', rating: 3 }] });
  });
});
