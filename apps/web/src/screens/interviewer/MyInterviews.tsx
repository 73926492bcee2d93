import { Anchor, Badge, Button, Paper, Stack, Text, Title } from '@mantine/core';
import { useInfiniteQuery, useMutation } from '@tanstack/react-query';
import { useMemo } from 'react';
import { Link } from 'react-router';
import { api, downloadFile, errorMessage, unwrap } from '../../api/client';
import { ErrorAlert, Loading, PageTitle } from '../../components/common';
import { fmtSpan } from '../../components/time';

export default function MyInterviews() {
  return (
    <>
      <PageTitle>My interviews</PageTitle>
      <InterviewList when="upcoming" />
      <InterviewList when="past" />
    </>
  );
}

/** Saves the interview's .ics (fetched with the token); shows progress, and the problem if the download fails. */
function IcsButton({ id }: { id: string }) {
  const download = useMutation({ mutationFn: () => downloadFile(`/v1/interviews/${id}/calendar.ics`, `interview-${id}.ics`) });
  return (
    <>
      <Button variant="subtle" size="compact-sm" ml="sm" onClick={() => download.mutate()} loading={download.isPending}>
        Add to calendar (.ics)
      </Button>
      {download.error ? (
        <Text span size="sm" c="red.9" role="alert" ml="xs">
          Calendar file not downloaded: {errorMessage(download.error)}
        </Text>
      ) : null}
    </>
  );
}

function InterviewList({ when }: { when: 'upcoming' | 'past' }) {
  const now = useMemo(() => new Date().toISOString(), []);
  const interviews = useInfiniteQuery({
    queryKey: ['my-interviews', when],
    initialPageParam: undefined as string | undefined,
    queryFn: ({ pageParam }) =>
      unwrap(
        api.GET('/v1/interviews', { params: { query: { mine: true, limit: 25, cursor: pageParam, ...(when === 'upcoming' ? { from: now } : { to: now }) } } }),
      ),
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  });
  const rows = interviews.data?.pages.flatMap((p) => p.data) ?? [];
  return (
    <>
      <Title order={2} size="h4" mt="md" mb="xs">
        {when === 'upcoming' ? 'Upcoming' : 'Past'}
      </Title>
      <ErrorAlert error={interviews.error} />
      {interviews.isPending && <Loading label="Loading interviews" />}
      <Stack gap="sm">
        {rows.map((iv) => {
          return (
            <Paper key={iv.id} withBorder p="sm" data-testid="interview-row">
              <Anchor component={Link} to={`/interviews/${iv.id}`} fw={600}>
                {iv.candidate.name} — {iv.job.title || 'Interview'}
              </Anchor>
              <Text size="sm">
                {fmtSpan(iv.startsAt, iv.endsAt)} · {iv.durationMinutes} min · {iv.stage.name} · kit: {iv.kit?.title ?? 'none'}
                {iv.status === 'cancelled' ? ' · cancelled' : ''}
                {iv.videoUrl && iv.status === 'scheduled' && Date.parse(iv.endsAt) > Date.now() ? (
                  <>
                    {' · '}
                    <Anchor href={iv.videoUrl} target="_blank" rel="noopener noreferrer" underline="always" size="sm">
                      Join the video call
                    </Anchor>
                  </>
                ) : iv.location ? (
                  ` · ${iv.location}`
                ) : null}
              </Text>
              <Text size="sm">
                Scorecard:{' '}
                <Badge
                  variant="light"
                  color={iv.myScorecard?.status === 'submitted' ? 'green' : iv.myScorecard?.overdue ? 'red' : iv.myScorecard?.due ? 'orange' : 'gray'}
                >
                  {iv.myScorecard?.status === 'submitted'
                    ? 'submitted'
                    : iv.myScorecard?.overdue
                      ? 'overdue'
                      : iv.myScorecard?.due
                        ? 'due'
                        : iv.myScorecard?.status === 'draft'
                          ? 'draft'
                          : 'not started'}
                </Badge>
                <IcsButton id={iv.id} />
              </Text>
            </Paper>
          );
        })}
        {!interviews.isPending && rows.length === 0 && <Text>No {when} interviews.</Text>}
      </Stack>
      {interviews.hasNextPage && (
        <Button variant="default" mt="md" onClick={() => void interviews.fetchNextPage()}>
          More
        </Button>
      )}
    </>
  );
}
