import { Alert, Button, Group, Modal, MultiSelect, NativeSelect, Radio, SimpleGrid, Stack, Text, TextInput } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { api, Schemas, unwrap } from '../api/client';
import { label } from '../app/labels';
import { ErrorAlert, fieldError } from './common';
import { fmtWhen } from './time';

type Request = Schemas['SchedulingRequestDto'];

const DURATIONS = ['15', '30', '45', '60', '75', '90', '120'].map((m) => ({ value: m, label: `${m} minutes` }));
const WINDOWS = ['3', '5', '7', '10', '14', '21', '30'].map((d) => ({ value: d, label: `the next ${d} days` }));
const NOTICES = ['0', '2', '4', '12', '24', '48', '72'].map((h) => ({ value: h, label: h === '0' ? 'no notice' : `${h} hours` }));
const BUFFERS = ['0', '5', '10', '15', '30', '60'].map((m) => ({ value: m, label: m === '0' ? 'none' : `${m} minutes` }));

export interface SchedulingValues {
  stageId: string;
  kitId: string;
  interviewerIds: string[];
  durationMinutes: string;
  windowDays: string;
  minNoticeHours: string;
  bufferMinutes: string;
  place: 'video' | 'room';
  videoUrl: string;
  location: string;
}

/** The request in one sentence, as the recruiter checks it before sending. */
export function requestSentence(v: SchedulingValues, names: string[]): string {
  const who = names.length ? names.join(' and ') : 'the interviewers you choose';
  const notice = v.minNoticeHours === '0' ? '' : `, at least ${v.minNoticeHours} hours ahead`;
  const buffer =
    v.bufferMinutes === '0' ? '' : `, keeping ${v.bufferMinutes} minutes free around ${names.length === 1 ? 'their' : 'everyone’s'} other interviews`;
  return `The candidate picks a ${v.durationMinutes}-minute interview with ${who} within the next ${v.windowDays} days${notice}${buffer}, at a time when everyone is working and free.`;
}

/** What became of a request, in words. */
export function requestStatusSentence(r: Request): string {
  const sent = r.sentTo ? `Link sent to ${r.sentTo}` : 'Link created';
  if (r.status === 'open') return `${sent}. ${label('schedulingStatus', r.status)} until ${fmtWhen(r.expiresAt)}.`;
  if (r.status === 'booked') return `${sent}. The candidate booked a time${r.bookedAt ? ` on ${fmtWhen(r.bookedAt)}` : ''}; the interview is listed above.`;
  if (r.status === 'expired') return `${sent}. The candidate did not pick a time before ${fmtWhen(r.expiresAt)}.`;
  return `${sent}. The candidate cancelled the interview.`;
}

/** The application's scheduling requests: where the link went and what became of it. */
export function SchedulingRequestList({ applicationId }: { applicationId: string }) {
  const requests = useQuery({
    queryKey: ['scheduling-requests', applicationId],
    queryFn: () => unwrap(api.GET('/v1/applications/{id}/scheduling-requests', { params: { path: { id: applicationId } } })),
  });
  const list = requests.data?.data ?? [];
  if (!list.length) return <ErrorAlert error={requests.error} title="The scheduling requests could not be loaded" focus={false} />;
  return (
    <Stack gap={4} role="region" aria-label="Requests to pick a time">
      {list.map((r) => (
        <Text key={r.id} size="sm" data-testid="scheduling-request">
          <Text span fw={600}>
            {label('schedulingStatus', r.status)}:
          </Text>{' '}
          {r.durationMinutes}-minute interview with {r.interviewers.map((i) => i.name).join(' and ')}. {requestStatusSentence(r)}
        </Text>
      ))}
    </Stack>
  );
}

/**
 * "Ask the candidate to pick a time": stage, kit, interviewers, length, window, notice and buffer, a place or a video
 * link; sends the candidate the scheduling email with their link and shows where it went.
 */
export function SchedulingRequestDialog({
  applicationId,
  jobId,
  stageId,
  opened,
  onClose,
  initial,
}: {
  applicationId: string;
  jobId: string;
  stageId?: string;
  opened: boolean;
  onClose: () => void;
  /** Values to start from (e.g. the interviewers of the stage's last interview). */
  initial?: Partial<SchedulingValues>;
}) {
  const queryClient = useQueryClient();
  const [v, setValues] = useState<SchedulingValues>({
    stageId: stageId ?? '',
    kitId: '',
    interviewerIds: [],
    durationMinutes: '60',
    windowDays: '7',
    minNoticeHours: '24',
    bufferMinutes: '15',
    place: 'video',
    videoUrl: '',
    location: '',
    ...initial,
  });
  const [missing, setMissing] = useState<Partial<Record<keyof SchedulingValues, string>>>({});
  const set = <K extends keyof SchedulingValues>(key: K, value: SchedulingValues[K]) => setValues((old) => ({ ...old, [key]: value }));
  const job = useQuery({ queryKey: ['job', jobId], queryFn: () => unwrap(api.GET('/v1/jobs/{id}', { params: { path: { id: jobId } } })), enabled: opened });
  const kits = useQuery({
    queryKey: ['interview-kits'],
    queryFn: () => unwrap(api.GET('/v1/interview-kits', { params: { query: { limit: 100 } } })),
    enabled: opened,
  });
  const users = useQuery({
    queryKey: ['users', 'active'],
    queryFn: () => unwrap(api.GET('/v1/users', { params: { query: { active: true, limit: 100 } } })),
    enabled: opened,
  });
  const names = v.interviewerIds.map((id) => users.data?.data.find((u) => u.id === id)?.name ?? 'an interviewer');
  const send = useMutation({
    mutationFn: () =>
      unwrap(
        api.POST('/v1/applications/{id}/scheduling-requests', {
          params: { path: { id: applicationId } },
          body: {
            stageId: v.stageId,
            ...(v.kitId ? { kitId: v.kitId } : {}),
            interviewerIds: v.interviewerIds,
            durationMinutes: Number(v.durationMinutes),
            windowDays: Number(v.windowDays),
            minNoticeHours: Number(v.minNoticeHours),
            bufferMinutes: Number(v.bufferMinutes),
            ...(v.place === 'video' ? { videoUrl: v.videoUrl.trim() } : { location: v.location.trim() }),
          },
        }),
      ),
    onSuccess: () => void queryClient.invalidateQueries({ queryKey: ['scheduling-requests', applicationId] }),
  });
  const submit = () => {
    const problems: Partial<Record<keyof SchedulingValues, string>> = {};
    if (!v.stageId) problems.stageId = 'Choose the stage this interview belongs to.';
    if (!v.interviewerIds.length) problems.interviewerIds = 'Choose at least one interviewer.';
    if (v.place === 'video' && !/^https?:\/\/\S+$/i.test(v.videoUrl.trim())) problems.videoUrl = 'Paste the full video link, starting with https://';
    if (v.place === 'room' && !v.location.trim()) problems.location = 'Say where the interview takes place.';
    if (Number(v.minNoticeHours) >= Number(v.windowDays) * 24) problems.minNoticeHours = 'The notice must be shorter than the window.';
    setMissing(problems);
    if (Object.keys(problems).length === 0) send.mutate();
  };
  const error = (field: keyof SchedulingValues) => missing[field] ?? fieldError(send.error, field);
  const sent: Request | undefined = send.data;
  return (
    <Modal opened={opened} onClose={onClose} title="Ask the candidate to pick a time" size="lg" closeButtonProps={{ 'aria-label': 'Close' }}>
      {sent ? (
        <Stack>
          <Alert color="green" variant="light" role="status" title="Sent">
            {requestStatusSentence(sent)} They can book, move or cancel the interview from that link.
          </Alert>
          <Group>
            <Button onClick={onClose}>Done</Button>
          </Group>
        </Stack>
      ) : (
        <form
          aria-label="Ask the candidate to pick a time"
          noValidate
          onSubmit={(e) => {
            e.preventDefault();
            submit();
          }}
        >
          <Stack gap="sm">
            <SimpleGrid cols={{ base: 1, sm: 2 }}>
              <NativeSelect
                label="Stage"
                required
                data={[{ value: '', label: 'Choose a stage' }, ...(job.data?.interviewPlan ?? []).map((s) => ({ value: s.id, label: s.name }))]}
                value={v.stageId}
                onChange={(e) => set('stageId', e.currentTarget.value)}
                error={error('stageId')}
              />
              <NativeSelect
                label="Interview kit"
                data={[
                  { value: '', label: "The stage's own kit" },
                  ...(kits.data?.data ?? []).map((k) => ({ value: k.id, label: k.title + (k.builtIn ? ' (built-in)' : '') })),
                ]}
                value={v.kitId}
                onChange={(e) => set('kitId', e.currentTarget.value)}
                error={error('kitId')}
              />
            </SimpleGrid>
            <MultiSelect
              label="Interviewers"
              description="Only times when all of them are working and free are offered."
              required
              searchable
              maxValues={10}
              data={(users.data?.data ?? []).map((u) => ({ value: u.id, label: u.name }))}
              value={v.interviewerIds}
              onChange={(ids) => set('interviewerIds', ids)}
              error={error('interviewerIds')}
              nothingFoundMessage="Nobody by that name"
            />
            <SimpleGrid cols={{ base: 1, sm: 2 }}>
              <NativeSelect label="Length" data={DURATIONS} value={v.durationMinutes} onChange={(e) => set('durationMinutes', e.currentTarget.value)} />
              <NativeSelect
                label="The candidate chooses within"
                data={WINDOWS}
                value={v.windowDays}
                onChange={(e) => set('windowDays', e.currentTarget.value)}
              />
              <NativeSelect
                label="Notice before the interview"
                description="Also the last moment the candidate can move or cancel it."
                data={NOTICES}
                value={v.minNoticeHours}
                onChange={(e) => set('minNoticeHours', e.currentTarget.value)}
                error={error('minNoticeHours')}
              />
              <NativeSelect
                label="Free time around other interviews"
                data={BUFFERS}
                value={v.bufferMinutes}
                onChange={(e) => set('bufferMinutes', e.currentTarget.value)}
              />
            </SimpleGrid>
            <Radio.Group label="Where" value={v.place} onChange={(value) => set('place', value === 'room' ? 'room' : 'video')}>
              <Group mt={4}>
                <Radio value="video" label="Video call" />
                <Radio value="room" label="In person" />
              </Group>
            </Radio.Group>
            {v.place === 'video' ? (
              <TextInput
                label="Video link"
                required
                placeholder="https://meet.example.com/…"
                value={v.videoUrl}
                onChange={(e) => set('videoUrl', e.currentTarget.value)}
                error={error('videoUrl')}
              />
            ) : (
              <TextInput
                label="Place"
                required
                placeholder="Room, floor, address"
                value={v.location}
                onChange={(e) => set('location', e.currentTarget.value)}
                error={error('location')}
              />
            )}
            <Text size="sm" data-testid="request-sentence">
              {requestSentence(v, names)}
            </Text>
            <ErrorAlert error={send.error} title="Not sent" />
            <Group>
              <Button type="submit" loading={send.isPending}>
                Send the link to the candidate
              </Button>
              <Button variant="default" onClick={onClose}>
                Close without sending
              </Button>
            </Group>
          </Stack>
        </form>
      )}
    </Modal>
  );
}
