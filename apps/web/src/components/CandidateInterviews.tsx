import { Alert, Anchor, Badge, Button, Group, Paper, Stack, Text, Textarea, Title } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useRef, useState } from 'react';
import { Link } from 'react-router';
import { api, Schemas, unwrap } from '../api/client';
import { ErrorAlert } from './common';
import { ScheduleInterviewForm } from './ScheduleInterviewForm';
import { SchedulingRequestDialog, SchedulingRequestList } from './SchedulingRequestDialog';
import { fmtSpan, fmtWhen } from './time';

type Interview = Schemas['InterviewDto'];
type Scorecard = Schemas['ScorecardDto'];

/** Where one panelist's scorecard stands, in words. */
export function scorecardState(interview: Interview, interviewerId: string, cards: Scorecard[], blind: boolean, me: string | undefined): string {
  if (interview.status === 'cancelled') return 'no scorecard (cancelled)';
  const card = cards.find((c) => c.interviewId === interview.id && c.interviewerId === interviewerId && c.current);
  if (card?.status === 'submitted') return card.amended ? `scorecard submitted, amended ${fmtWhen(card.amendedAt)}` : 'scorecard submitted';
  if (blind && interviewerId !== me) return 'scorecard hidden until you submit yours';
  if (new Date(interview.endsAt).getTime() > Date.now()) return 'interview not held yet';
  return card?.status === 'draft' ? 'scorecard started, not submitted' : 'scorecard owed';
}

function VideoOrPlace({ interview }: { interview: Interview }) {
  if (interview.videoUrl)
    return (
      <Anchor href={interview.videoUrl} target="_blank" rel="noopener noreferrer" size="sm" underline="always">
        Join the video call
      </Anchor>
    );
  return (
    <Text span size="sm">
      {interview.location}
    </Text>
  );
}

/** The interviews of one application on the candidate profile: who, when, where, each scorecard's state; schedule, reschedule, cancel. */
export function ApplicationInterviews({
  application,
  canSchedule,
  canAsk = false,
  me,
  openForm = false,
}: {
  application: { id: string; jobId: string; stageId: string; jobTitle: string; status: string };
  canSchedule: boolean;
  /** Admins and recruiters may ask the candidate to pick a time themselves (self-scheduling). */
  canAsk?: boolean;
  me?: string;
  openForm?: boolean;
}) {
  const queryClient = useQueryClient();
  const [mode, setMode] = useState<{ kind: 'none' } | { kind: 'schedule' } | { kind: 'reschedule' | 'cancel'; interview: Interview }>(
    openForm ? { kind: 'schedule' } : { kind: 'none' },
  );
  const [done, setDone] = useState<string | null>(null);
  const [asking, setAsking] = useState(false);
  const doneRef = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (done) doneRef.current?.focus();
  }, [done]);
  const interviews = useQuery({
    queryKey: ['interviews', application.id],
    queryFn: () => unwrap(api.GET('/v1/interviews', { params: { query: { applicationId: application.id, limit: 100 } } })),
  });
  const cards = useQuery({
    queryKey: ['app-scorecards', application.id],
    queryFn: () => unwrap(api.GET('/v1/applications/{id}/scorecards', { params: { path: { id: application.id } } })),
  });
  const refresh = () => {
    void queryClient.invalidateQueries({ queryKey: ['interviews', application.id] });
    void queryClient.invalidateQueries({ queryKey: ['activity'] });
  };
  const finish = (message: string) => {
    setMode({ kind: 'none' });
    setDone(message);
    refresh();
  };
  const list = interviews.data?.data ?? [];
  const panel = (i: Interview) => i.interviewers.map((p) => p.name).join(' and ');
  return (
    <Stack gap="xs" role="region" aria-label={`Interviews for ${application.jobTitle}`}>
      <Group justify="space-between">
        <Title order={3} size="h5">
          Interviews for {application.jobTitle}
        </Title>
        {canSchedule && application.status === 'active' && mode.kind === 'none' && (
          <Group gap="xs">
            <Button size="xs" variant="light" onClick={() => (setDone(null), setMode({ kind: 'schedule' }))}>
              Schedule an interview
            </Button>
            {canAsk && (
              <Button size="xs" variant="light" onClick={() => setAsking(true)}>
                Ask the candidate to pick a time
              </Button>
            )}
          </Group>
        )}
      </Group>
      {canAsk && <SchedulingRequestList applicationId={application.id} />}
      {canAsk && asking && (
        <SchedulingRequestDialog
          applicationId={application.id}
          jobId={application.jobId}
          stageId={application.stageId}
          opened={asking}
          onClose={() => (setAsking(false), refresh())}
        />
      )}
      {done && (
        <Alert color="green" variant="light" role="status" ref={doneRef} tabIndex={-1} withCloseButton closeButtonLabel="Dismiss" onClose={() => setDone(null)}>
          {done}
        </Alert>
      )}
      {mode.kind === 'schedule' && (
        <ScheduleInterviewForm
          applicationId={application.id}
          jobId={application.jobId}
          stageId={application.stageId}
          onCancel={() => setMode({ kind: 'none' })}
          onDone={(i) => finish(`Interview scheduled: ${fmtSpan(i.startsAt, i.endsAt)} with ${panel(i)}. The panel is notified.`)}
        />
      )}
      <ErrorAlert error={interviews.error} title="The interviews could not be loaded" />
      {interviews.isSuccess && list.length === 0 && <Text size="sm">No interviews yet.</Text>}
      {list.map((i) => (
        <Paper key={i.id} withBorder p="sm" data-testid="candidate-interview">
          <Group justify="space-between" align="flex-start" wrap="wrap">
            <div>
              <Text size="sm" fw={600}>
                {i.stage.name}
                {i.kit ? ` · ${i.kit.title}` : ''}{' '}
                {i.status === 'cancelled' && (
                  <Badge color="gray" variant="light">
                    Cancelled
                  </Badge>
                )}
              </Text>
              <Text size="sm">
                {fmtSpan(i.startsAt, i.endsAt)} · <VideoOrPlace interview={i} />
              </Text>
              {i.cancelReason && <Text size="sm">Cancelled because: {i.cancelReason}</Text>}
              <ul style={{ margin: '4px 0 0', paddingLeft: 18 }}>
                {i.interviewers.map((p) => (
                  <li key={p.id}>
                    <Text size="sm">
                      {p.name}: {scorecardState(i, p.id, cards.data?.data ?? [], cards.data?.blind ?? false, me)}
                    </Text>
                  </li>
                ))}
              </ul>
              {i.myScorecard && (
                <Anchor component={Link} to={`/interviews/${i.id}`} size="sm">
                  Open your interview kit and scorecard
                </Anchor>
              )}
            </div>
            {canSchedule && i.status === 'scheduled' && mode.kind === 'none' && (
              <Group gap="xs">
                <Button size="xs" variant="default" onClick={() => (setDone(null), setMode({ kind: 'reschedule', interview: i }))}>
                  Reschedule
                </Button>
                <Button size="xs" variant="default" color="red" onClick={() => (setDone(null), setMode({ kind: 'cancel', interview: i }))}>
                  Cancel interview
                </Button>
              </Group>
            )}
          </Group>
          {mode.kind === 'reschedule' && mode.interview.id === i.id && (
            <ScheduleInterviewForm
              applicationId={application.id}
              jobId={application.jobId}
              interview={i}
              onCancel={() => setMode({ kind: 'none' })}
              onDone={(saved) => finish(`Interview moved to ${fmtSpan(saved.startsAt, saved.endsAt)}. The panel is notified.`)}
            />
          )}
          {mode.kind === 'cancel' && mode.interview.id === i.id && (
            <CancelInterview
              interview={i}
              onCancel={() => setMode({ kind: 'none' })}
              onDone={() => finish(`The interview of ${fmtWhen(i.startsAt)} is cancelled. The panel is notified.`)}
            />
          )}
        </Paper>
      ))}
    </Stack>
  );
}

function CancelInterview({ interview, onDone, onCancel }: { interview: Interview; onDone: () => void; onCancel: () => void }) {
  const [reason, setReason] = useState('');
  const [error, setError] = useState<string | null>(null);
  const cancel = useMutation({
    mutationFn: () =>
      unwrap(api.POST('/v1/interviews/{id}/cancel', { params: { path: { id: interview.id } }, body: { reason: reason.trim(), version: interview.version } })),
    onSuccess: () => onDone(),
  });
  return (
    <form
      aria-label="Cancel the interview"
      onSubmit={(e) => {
        e.preventDefault();
        if (!reason.trim()) return setError('Say why the interview is cancelled; the panel reads it');
        setError(null);
        cancel.mutate();
      }}
    >
      <Textarea
        mt="xs"
        label="Why is it cancelled?"
        required
        autosize
        minRows={2}
        value={reason}
        onChange={(e) => setReason(e.currentTarget.value)}
        error={error}
        data-autofocus
      />
      <ErrorAlert error={cancel.error} title="Not cancelled" />
      <Group mt="xs">
        <Button type="submit" color="red" size="xs" loading={cancel.isPending}>
          Cancel the interview
        </Button>
        <Button size="xs" variant="default" onClick={onCancel}>
          Keep it
        </Button>
      </Group>
    </form>
  );
}
