import { Alert, Button, Checkbox, Group, List, MultiSelect, NativeSelect, Paper, Radio, SimpleGrid, Stack, Text, TextInput, Title } from '@mantine/core';
import { useMutation, useQuery } from '@tanstack/react-query';
import { useEffect, useRef } from 'react';
import { Controller, useForm, useWatch } from 'react-hook-form';
import { api, ApiError, Schemas, unwrap } from '../api/client';
import { fieldSentence } from '../app/problems';
import { ErrorAlert } from './common';
import { dayWindow, fmtClock, fmtWhen, fromLocal, localParts, viewerZone } from './time';

type Interview = Schemas['InterviewDto'];

export interface ScheduleValues {
  stageId: string;
  kitId: string;
  interviewerIds: string[];
  date: string;
  time: string;
  durationMinutes: string;
  place: 'video' | 'room';
  videoUrl: string;
  location: string;
  allowOverlap: boolean;
}

const DURATIONS = ['15', '30', '45', '60', '75', '90', '120', '180', '240'].map((m) => ({ value: m, label: `${m} minutes` }));
type ServerField = 'stageId' | 'kitId' | 'interviewerIds' | 'startsAt' | 'durationMinutes' | 'videoUrl' | 'location';

function tomorrowAtTen(): { date: string; time: string } {
  const d = new Date();
  d.setDate(d.getDate() + 1);
  d.setHours(10, 0, 0, 0);
  return localParts(d.toISOString());
}

/** The sentence under a field for the problem+json errors naming it (or its items, e.g. interviewerIds.1). */
function messagesFor(error: unknown, field: string, names?: (index: number) => string): string | undefined {
  if (!(error instanceof ApiError)) return undefined;
  const found = error.fieldErrors
    .filter((e) => e.field === field || e.field.startsWith(`${field}.`))
    .map((e) => {
      const index = Number(e.field.slice(field.length + 1));
      const text = fieldSentence(e, error.problem.code);
      return names && Number.isInteger(index) && e.field !== field ? `${names(index)}: ${text}` : text;
    });
  return found.length ? found.join(' ') : undefined;
}

/**
 * Schedule an interview for an application, or reschedule one (`interview` given): stage, kit, interviewers (with
 * their other interviews that day), day and time in the viewer's time zone, duration, a video link or a place.
 */
export function ScheduleInterviewForm({
  applicationId,
  jobId,
  stageId,
  interview,
  onDone,
  onCancel,
}: {
  applicationId: string;
  jobId: string;
  stageId?: string;
  interview?: Interview;
  onDone: (interview: Interview) => void;
  onCancel?: () => void;
}) {
  const zone = viewerZone();
  const start = interview ? localParts(interview.startsAt) : tomorrowAtTen();
  const form = useForm<ScheduleValues>({
    defaultValues: {
      stageId: interview?.stage.id ?? stageId ?? '',
      kitId: interview?.kit?.id ?? '',
      interviewerIds: interview?.interviewers.map((p) => p.id) ?? [],
      date: start.date,
      time: start.time,
      durationMinutes: String(interview?.durationMinutes ?? 60),
      place: interview && !interview.videoUrl && interview.location ? 'room' : 'video',
      videoUrl: interview?.videoUrl ?? '',
      location: interview?.location ?? '',
      allowOverlap: false,
    },
  });
  const { control, register, formState, setError } = form;
  const job = useQuery({ queryKey: ['job', jobId], queryFn: () => unwrap(api.GET('/v1/jobs/{id}', { params: { path: { id: jobId } } })), enabled: !interview });
  const kits = useQuery({ queryKey: ['interview-kits'], queryFn: () => unwrap(api.GET('/v1/interview-kits', { params: { query: { limit: 100 } } })) });
  const users = useQuery({
    queryKey: ['users', 'active'],
    queryFn: () => unwrap(api.GET('/v1/users', { params: { query: { active: true, limit: 100 } } })),
  });
  const [chosen, date, time, duration, place] = useWatch({ control, name: ['interviewerIds', 'date', 'time', 'durationMinutes', 'place'] });
  const day = dayWindow(date);
  const busy = useQuery({
    queryKey: ['busy', chosen, day?.from],
    enabled: chosen.length > 0 && !!day,
    queryFn: () => unwrap(api.GET('/v1/interviews/busy', { params: { query: { interviewerIds: chosen, from: day!.from, to: day!.to } } })),
  });
  const startAt = fromLocal(date, time);
  const endAt = startAt ? new Date(startAt.getTime() + Number(duration) * 60_000) : null;
  const nameOf = (id: string) => users.data?.data.find((u) => u.id === id)?.name ?? interview?.interviewers.find((p) => p.id === id)?.name ?? 'An interviewer';

  const save = useMutation({
    mutationFn: (v: ScheduleValues) => {
      const when = fromLocal(v.date, v.time);
      const place = v.place === 'video' ? { videoUrl: v.videoUrl.trim() } : { location: v.location.trim() };
      const common = {
        startsAt: when!.toISOString(),
        durationMinutes: Number(v.durationMinutes),
        interviewerIds: v.interviewerIds,
        ...place,
        allowOverlap: v.allowOverlap,
      };
      if (interview)
        return unwrap(api.PATCH('/v1/interviews/{id}', { params: { path: { id: interview.id } }, body: { version: interview.version, ...common } }));
      return unwrap(
        api.POST('/v1/applications/{id}/interviews', {
          params: { path: { id: applicationId } },
          body: { stageId: v.stageId, ...(v.kitId ? { kitId: v.kitId } : {}), ...common },
        }),
      );
    },
    onSuccess: (saved) => onDone(saved),
  });
  const errorBox = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (save.error) errorBox.current?.scrollIntoView({ block: 'center' });
  }, [save.error]);
  const doubleBooked = save.error instanceof ApiError && save.error.problem.code === 'interviews.double_booked';

  const onSubmit = form.handleSubmit((v) => {
    const problems: [keyof ScheduleValues, string][] = [];
    if (!v.stageId && !interview) problems.push(['stageId', 'Choose the stage this interview belongs to']);
    if (v.interviewerIds.length === 0) problems.push(['interviewerIds', 'Choose at least one interviewer']);
    if (!fromLocal(v.date, v.time)) problems.push(['date', 'Give the day and the time']);
    if (v.place === 'video' && !/^https?:\/\/\S+$/i.test(v.videoUrl.trim())) problems.push(['videoUrl', 'Paste the full video link, starting with https://']);
    if (v.place === 'room' && !v.location.trim()) problems.push(['location', 'Say where the interview takes place']);
    problems.forEach(([field, message], i) => setError(field, { message }, { shouldFocus: i === 0 }));
    if (problems.length === 0) save.mutate(v);
  });

  const serverError = (field: ServerField) => messagesFor(save.error, field, field === 'interviewerIds' ? (i) => nameOf(chosen[i]) : undefined);
  const stages = job.data?.interviewPlan ?? [];
  return (
    <Paper withBorder p="md">
      <form onSubmit={(e) => void onSubmit(e)} noValidate aria-label={interview ? 'Reschedule the interview' : 'Schedule an interview'}>
        <Stack gap="sm">
          <Title order={3} size="h4">
            {interview ? 'Reschedule the interview' : 'Schedule an interview'}
          </Title>
          {!interview && (
            <SimpleGrid cols={{ base: 1, sm: 2 }}>
              <NativeSelect
                label="Stage"
                required
                data={[{ value: '', label: 'Choose a stage' }, ...stages.map((s) => ({ value: s.id, label: s.name }))]}
                {...register('stageId')}
                error={formState.errors.stageId?.message ?? serverError('stageId')}
              />
              <NativeSelect
                label="Interview kit"
                description="The questions and rubric the panel uses"
                data={[
                  { value: '', label: "The stage's own kit" },
                  ...(kits.data?.data ?? []).map((k) => ({ value: k.id, label: k.title + (k.builtIn ? ' (built-in)' : '') })),
                ]}
                {...register('kitId')}
                error={serverError('kitId')}
              />
            </SimpleGrid>
          )}
          <Controller
            control={control}
            name="interviewerIds"
            render={({ field }) => (
              <MultiSelect
                label="Interviewers"
                required
                searchable
                placeholder={field.value.length ? undefined : 'Choose who interviews'}
                data={(users.data?.data ?? []).map((u) => ({ value: u.id, label: u.name }))}
                value={field.value}
                onChange={field.onChange}
                error={formState.errors.interviewerIds?.message ?? serverError('interviewerIds')}
                nothingFoundMessage="Nobody by that name"
              />
            )}
          />
          <SimpleGrid cols={{ base: 1, sm: 3 }}>
            <TextInput type="date" label="Day" required {...register('date')} error={formState.errors.date?.message ?? serverError('startsAt')} />
            <TextInput type="time" label="Start time" description={`Your time zone: ${zone}`} required {...register('time')} />
            <NativeSelect label="Duration" data={DURATIONS} {...register('durationMinutes')} error={serverError('durationMinutes')} />
          </SimpleGrid>
          {chosen.length > 0 && day && (
            <div role="region" aria-label="The interviewers' other interviews that day" aria-live="polite">
              <Text size="sm" fw={600}>
                Other interviews on {fmtWhen(day.from).split(',')[0]}
              </Text>
              {busy.isPending ? (
                <Text size="sm">Looking at their calendars…</Text>
              ) : (
                <List size="sm" spacing={2}>
                  {(busy.data?.data ?? []).map((b) => {
                    const clash = b.interviews.some(
                      (i) => i.interviewId !== interview?.id && startAt && endAt && new Date(i.startsAt) < endAt && new Date(i.endsAt) > startAt,
                    );
                    const others = b.interviews.filter((i) => i.interviewId !== interview?.id);
                    return (
                      <List.Item key={b.interviewerId} data-testid="busy-row">
                        <Text span size="sm" fw={500}>
                          {b.name}:
                        </Text>{' '}
                        {others.length === 0 ? 'no other interview that day' : others.map((i) => `${fmtClock(i.startsAt)}–${fmtClock(i.endsAt)}`).join(', ')}
                        {clash && (
                          <Text span c="orange.9" size="sm" fw={600}>
                            {' '}
                            — busy at the time you chose
                          </Text>
                        )}
                      </List.Item>
                    );
                  })}
                </List>
              )}
            </div>
          )}
          <Controller
            control={control}
            name="place"
            render={({ field }) => (
              <Radio.Group label="Where" value={field.value} onChange={field.onChange}>
                <Group mt={4}>
                  <Radio value="video" label="Video call" />
                  <Radio value="room" label="In person" />
                </Group>
              </Radio.Group>
            )}
          />
          {place === 'video' ? (
            <TextInput
              label="Video link"
              placeholder="https://meet.example.com/…"
              required
              {...register('videoUrl')}
              error={formState.errors.videoUrl?.message ?? serverError('videoUrl')}
            />
          ) : (
            <TextInput
              label="Place"
              placeholder="Room, floor, address"
              required
              {...register('location')}
              error={formState.errors.location?.message ?? serverError('location')}
            />
          )}
          <div ref={errorBox}>
            {save.error ? (
              doubleBooked ? (
                <Alert color="orange" title="Someone is already interviewing then" role="alert">
                  <Text size="sm">{serverError('interviewerIds') ?? 'An interviewer is busy at that time.'} Pick another time, or book anyway.</Text>
                  <Checkbox mt="xs" label="Book anyway, although they are busy" {...register('allowOverlap')} />
                </Alert>
              ) : (
                <ErrorAlert error={save.error} title={interview ? 'Not rescheduled' : 'Not scheduled'} />
              )
            ) : null}
          </div>
          <Group>
            <Button type="submit" loading={save.isPending}>
              {interview ? 'Save the new time' : 'Schedule interview'}
            </Button>
            {onCancel && (
              <Button variant="default" onClick={onCancel}>
                Close without saving
              </Button>
            )}
          </Group>
        </Stack>
      </form>
    </Paper>
  );
}
