import { Alert, Button, Group, Paper, Radio, SegmentedControl, Stack, Text, Textarea, Title } from '@mantine/core';
import { useMutation } from '@tanstack/react-query';
import { useEffect, useRef, useState } from 'react';
import { Controller, useForm, useWatch } from 'react-hook-form';
import { api, ApiError, errorMessage, Schemas, unwrap } from '../api/client';
import { fieldSentence } from '../app/problems';
import { ErrorAlert } from './common';

type Competency = Schemas['KitCompetencyDto'];
type Question = Schemas['KitQuestionDto'];
type Scorecard = Schemas['ScorecardDto'];
type Overall = 'strong_no' | 'no' | 'yes' | 'strong_yes';

export interface ScorecardValues {
  ratings: { competency: string; rating: string; evidence: string }[];
  questionNotes: { question: string; note: string }[];
  keyTakeaways: string;
  overall: Overall | '';
}

const OVERALL: { value: Overall; label: string }[] = [
  { value: 'strong_no', label: 'Strong no' },
  { value: 'no', label: 'No' },
  { value: 'yes', label: 'Yes' },
  { value: 'strong_yes', label: 'Strong yes' },
];

function initialValues(competencies: Competency[], questions: Question[], card: Scorecard | null | undefined): ScorecardValues {
  return {
    ratings: competencies.map((c) => {
      const r = card?.ratings.find((x) => x.competency === c.key);
      return { competency: c.key, rating: r ? String(r.rating) : '', evidence: r?.evidence ?? '' };
    }),
    questionNotes: questions.map((q) => ({ question: q.key, note: card?.questionNotes.find((n) => n.question === q.key)?.note ?? '' })),
    keyTakeaways: card?.keyTakeaways ?? '',
    overall: card?.overall ?? '',
  };
}

export function toContent(values: ScorecardValues): { body: Schemas['ScorecardContentDto']; ratingIndex: number[] } {
  const ratingIndex: number[] = [];
  const ratings: Schemas['RatingDto'][] = [];
  values.ratings.forEach((r, i) => {
    if (!r.rating) return;
    ratingIndex.push(i);
    ratings.push({
      competency: r.competency,
      rating: r.rating === 'no_signal' ? 'no_signal' : Number(r.rating),
      ...(r.evidence.trim() ? { evidence: r.evidence } : {}),
    });
  });
  return {
    body: {
      ratings,
      questionNotes: values.questionNotes.filter((n) => n.note.trim()),
      ...(values.keyTakeaways.trim() ? { keyTakeaways: values.keyTakeaways } : {}),
      ...(values.overall ? { overall: values.overall } : {}),
    },
    ratingIndex,
  };
}

/**
 * The interviewer's scorecard: a rating per competency with the four rubric levels beside the choice, evidence required
 * for the extremes, notes per question, overall recommendation. The draft autosaves; a failed save keeps what was typed.
 */
export function ScorecardForm({
  interviewId,
  competencies,
  questions,
  initial,
  onSubmitted,
  autosaveMs = 1200,
  amending = false,
  onCancel,
}: {
  interviewId: string;
  competencies: Competency[];
  questions: Question[];
  initial: Scorecard | null | undefined;
  onSubmitted: (card: Scorecard) => void;
  autosaveMs?: number;
  /** Amend the submitted scorecard `initial`: no draft autosave; a reason is required; saved as a new version. */
  amending?: boolean;
  onCancel?: () => void;
}) {
  const [reason, setReason] = useState('');
  const [reasonError, setReasonError] = useState<string | null>(null);
  const form = useForm<ScorecardValues>({ defaultValues: initialValues(competencies, questions, initial) });
  const { control, register, formState, setError, clearErrors, getValues } = form;
  const [saveState, setSaveState] = useState<{ kind: 'idle' | 'saving' | 'saved' | 'failed'; at?: Date; error?: string }>({
    kind: initial ? 'saved' : 'idle',
    at: initial ? new Date(initial.updatedAt) : undefined,
  });
  const values = useWatch({ control });
  const lastSent = useRef<string>(JSON.stringify(toContent(getValues()).body));
  const submitting = useRef(false);

  const mapServerErrors = (error: unknown, ratingIndex: number[]) => {
    if (!(error instanceof ApiError)) return;
    for (const e of error.fieldErrors) {
      const m = /^ratings\.(\d+)(\.\w+)?$/.exec(e.field);
      if (m)
        setError(`ratings.${ratingIndex[Number(m[1])] ?? Number(m[1])}${m[2] === '.evidence' ? '.evidence' : '.rating'}` as 'ratings.0.rating', {
          type: 'server',
          message: fieldSentence(e, error.problem.code),
        });
      else if (e.field === 'overall' || e.field === 'keyTakeaways') setError(e.field, { type: 'server', message: fieldSentence(e, error.problem.code) });
    }
  };

  const save = useMutation({
    mutationFn: (body: Schemas['ScorecardContentDto']) => unwrap(api.PUT('/v1/interviews/{id}/scorecard', { params: { path: { id: interviewId } }, body })),
    onMutate: () => setSaveState({ kind: 'saving' }),
    onSuccess: (card) => setSaveState({ kind: 'saved', at: new Date(card.updatedAt) }),
    onError: (error) => setSaveState({ kind: 'failed', error: errorMessage(error) }),
  });

  // Autosave: a draft PUT after a pause in typing, only when something changed.
  useEffect(() => {
    if (submitting.current || amending) return;
    const { body } = toContent(getValues());
    const serialized = JSON.stringify(body);
    if (serialized === lastSent.current) return;
    const timer = setTimeout(() => {
      lastSent.current = serialized;
      save.mutate(body);
    }, autosaveMs);
    return () => clearTimeout(timer);
    // Runs when the values change only: getValues and save.mutate are stable, autosaveMs is fixed for the form.
  }, [values]);

  const submit = useMutation({
    mutationFn: (body: Schemas['ScorecardContentDto']) =>
      amending
        ? unwrap(api.POST('/v1/interviews/{id}/scorecard/corrections', { params: { path: { id: interviewId } }, body: { ...body, reason: reason.trim() } }))
        : unwrap(api.POST('/v1/interviews/{id}/scorecard/submit', { params: { path: { id: interviewId } }, body })),
    onSuccess: (card) => onSubmitted(card),
  });

  const onSubmit = form.handleSubmit((v) => {
    clearErrors();
    let ok = true;
    v.ratings.forEach((r, i) => {
      if ((r.rating === '1' || r.rating === '4') && !r.evidence.trim()) {
        setError(`ratings.${i}.evidence`, { type: 'required', message: 'Evidence is required for a rating of 1 or 4: what did the candidate say or do?' });
        ok = false;
      }
    });
    if (!v.overall) {
      setError('overall', { type: 'required', message: 'Choose an overall recommendation' });
      ok = false;
    }
    if (amending && !reason.trim()) {
      setReasonError('Say why you amend your scorecard; readers see it');
      ok = false;
    } else setReasonError(null);
    if (!ok) return;
    const { body, ratingIndex } = toContent(v);
    submitting.current = true;
    submit.mutate(body, {
      onError: (error) => {
        submitting.current = false;
        mapServerErrors(error, ratingIndex);
      },
    });
  });

  return (
    <form onSubmit={(e) => void onSubmit(e)} noValidate aria-label={amending ? 'Amend your scorecard' : 'Scorecard'}>
      <Stack>
        <Group justify="space-between">
          <Title order={2} size="h3">
            {amending ? 'Amend your scorecard' : 'Your scorecard'}
          </Title>
          <Text size="sm" role="status" aria-live="polite" data-testid="save-state" c={saveState.kind === 'failed' ? 'red.9' : 'dimmed'} hidden={amending}>
            {saveState.kind === 'saving' && 'Saving draft…'}
            {saveState.kind === 'saved' && `Draft saved${saveState.at ? ` at ${saveState.at.toLocaleTimeString('en-GB')}` : ''}`}
            {saveState.kind === 'failed' && `Draft not saved (${saveState.error}). Your text is kept here; it will be retried on the next change.`}
          </Text>
        </Group>
        {competencies.map((c, i) => {
          const ratingError = formState.errors.ratings?.[i]?.rating?.message;
          const evidenceError = formState.errors.ratings?.[i]?.evidence?.message;
          const chosen = values.ratings?.[i]?.rating;
          return (
            <Paper key={c.key} withBorder p="sm" data-competency={c.key}>
              <Controller
                control={control}
                name={`ratings.${i}.rating`}
                render={({ field }) => (
                  <Radio.Group
                    label={c.name}
                    description={c.description}
                    value={field.value}
                    onChange={field.onChange}
                    error={ratingError}
                    name={`rating-${c.key}`}
                  >
                    <Stack gap={6} mt={6}>
                      {c.rubric.map((level, n) => (
                        <Radio
                          key={n}
                          value={String(n + 1)}
                          label={
                            <Text span fw={600}>
                              {n + 1}
                            </Text>
                          }
                          description={<span className="rubric-level">{level}</span>}
                          aria-label={`${c.name}: ${n + 1} — ${level}`}
                        />
                      ))}
                      <Radio value="no_signal" label="No signal" aria-label={`${c.name}: no signal`} />
                    </Stack>
                  </Radio.Group>
                )}
              />
              <Textarea
                mt="xs"
                label={`Evidence for ${c.name}`}
                description={chosen === '1' || chosen === '4' ? 'Required for a rating of 1 or 4' : 'What the candidate said or did'}
                required={chosen === '1' || chosen === '4'}
                autosize
                minRows={2}
                {...register(`ratings.${i}.evidence`)}
                error={evidenceError}
              />
            </Paper>
          );
        })}
        {questions.length > 0 && (
          <Paper withBorder p="sm">
            <Title order={3} size="h5" mb="xs">
              Notes per question
            </Title>
            {questions.map((q, i) => (
              <Textarea key={q.key} label={q.prompt} autosize minRows={1} mb="xs" {...register(`questionNotes.${i}.note`)} />
            ))}
          </Paper>
        )}
        <Textarea label="Key takeaways" autosize minRows={2} {...register('keyTakeaways')} error={formState.errors.keyTakeaways?.message} />
        <Controller
          control={control}
          name="overall"
          render={({ field }) => (
            <div>
              <Text component="label" id="overall-label" fw={500} size="sm">
                Overall recommendation <span aria-hidden>*</span>
              </Text>
              <div>
                <SegmentedControl aria-labelledby="overall-label" data={OVERALL} value={field.value || ''} onChange={field.onChange} fullWidth mt={4} />
              </div>
              {formState.errors.overall?.message && (
                <Text c="red.9" size="sm" role="alert">
                  {formState.errors.overall.message}
                </Text>
              )}
            </div>
          )}
        />
        {amending && (
          <Textarea
            label="Why do you amend it?"
            description="Everyone who reads your scorecard sees that it was amended, when and why."
            required
            autosize
            minRows={2}
            value={reason}
            onChange={(e) => setReason(e.currentTarget.value)}
            error={reasonError}
          />
        )}
        {submit.error ? <ErrorAlert error={submit.error} title={amending ? 'Not amended' : 'Not submitted'} /> : null}
        {!amending && (
          <Alert color="blue" variant="light">
            After submitting you see your scorecard and the rest of the panel's. You can still amend it for a while (your organization sets how long), with a
            reason that readers see.
          </Alert>
        )}
        <Group>
          <Button type="submit" loading={submit.isPending}>
            {amending ? 'Save the amendment' : 'Submit scorecard'}
          </Button>
          {onCancel && (
            <Button variant="default" onClick={onCancel}>
              Keep it as it is
            </Button>
          )}
        </Group>
      </Stack>
    </form>
  );
}
