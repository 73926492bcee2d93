import { Accordion, Anchor, Badge, Button, Grid, Group, List, Paper, Stack, Table, Text, Title } from '@mantine/core';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useRef, useState } from 'react';
import { useParams } from 'react-router';
import { api, Schemas, unwrap } from '../../api/client';
import { ErrorAlert, Loading, PageTitle } from '../../components/common';
import { label } from '../../app/labels';
import { AmendedMark, competencyName, ratingLabel, ScorecardView, type CompetencyInfo } from '../../components/ScorecardView';
import { ScorecardForm } from '../../components/ScorecardForm';
import { fmtSpan, fmtWhen } from '../../components/time';

export default function InterviewPage() {
  const { id = '' } = useParams();
  const queryClient = useQueryClient();
  const interview = useQuery({ queryKey: ['interview', id], queryFn: () => unwrap(api.GET('/v1/interviews/{id}', { params: { path: { id } } })) });
  const kitId = interview.data?.kit?.id;
  const kit = useQuery({
    queryKey: ['kit', kitId],
    enabled: !!kitId,
    queryFn: () => unwrap(api.GET('/v1/interview-kits/{id}', { params: { path: { id: kitId! } } })),
  });
  const mine = useQuery({ queryKey: ['my-scorecard', id], queryFn: () => unwrap(api.GET('/v1/interviews/{id}/scorecard', { params: { path: { id } } })) });
  const submitted = mine.data?.current?.status === 'submitted';
  const applicationId = interview.data?.applicationId;
  const panel = useQuery({
    queryKey: ['app-scorecards', applicationId],
    enabled: !!applicationId && submitted,
    queryFn: () => unwrap(api.GET('/v1/applications/{id}/scorecards', { params: { path: { id: applicationId! } } })),
  });

  const [confirmation, setConfirmation] = useState<string | null>(null);
  const [amending, setAmending] = useState(false);
  const confirmationRef = useRef<HTMLDivElement>(null);
  useEffect(() => {
    // The confirmation is where the eye is: scrolled into view and focused, so screen readers say it too.
    if (confirmation) {
      confirmationRef.current?.scrollIntoView({ block: 'start' });
      confirmationRef.current?.focus();
    }
    // `submitted` too: the confirmation renders once the page knows the scorecard is submitted.
  }, [confirmation, submitted, amending]);

  if (interview.isPending) return <Loading label="Loading the interview" />;
  if (interview.error) return <ErrorAlert error={interview.error} />;
  const iv = interview.data;
  const content = kit.data?.revision.content;
  return (
    <>
      <PageTitle
        sub={
          <>
            {fmtSpan(iv.startsAt, iv.endsAt)} · {iv.durationMinutes} minutes · {iv.stage.name}
            {iv.status === 'cancelled' ? ' · cancelled' : ''} ·{' '}
            {iv.videoUrl ? (
              <Anchor href={iv.videoUrl} target="_blank" rel="noopener noreferrer" underline="always">
                Join the video call
              </Anchor>
            ) : (
              iv.location
            )}
          </>
        }
      >
        {iv.candidate.name} — {iv.job.title}
      </PageTitle>
      <Grid gap="lg">
        <Grid.Col span={{ base: 12, lg: 6 }}>
          {kit.isPending && kitId ? <Loading label="Loading the kit" /> : null}
          {content && <KitView content={content} />}
          {!kitId && <Text>No interview kit is attached to this interview.</Text>}
        </Grid.Col>
        <Grid.Col span={{ base: 12, lg: 6 }}>
          {mine.isPending || (kitId && kit.isPending) ? (
            <Loading label="Loading your scorecard" />
          ) : submitted && amending && mine.data?.current ? (
            <ScorecardForm
              interviewId={id}
              competencies={content?.competencies ?? []}
              questions={content?.questions ?? []}
              initial={mine.data.current}
              amending
              onCancel={() => setAmending(false)}
              onSubmitted={() => {
                setAmending(false);
                setConfirmation('Your amendment is saved. Readers see your scorecard marked amended, with your reason.');
                void queryClient.invalidateQueries({ queryKey: ['my-scorecard', id] });
                void queryClient.invalidateQueries({ queryKey: ['app-scorecards', applicationId] });
              }}
            />
          ) : submitted && mine.data?.current ? (
            <Stack>
              <Paper withBorder p="md" role="status" ref={confirmationRef} tabIndex={-1} data-testid="scorecard-confirmation">
                <Title order={2} size="h3">
                  Your scorecard is submitted
                </Title>
                {confirmation && (
                  <Text size="sm" fw={600}>
                    {confirmation}
                  </Text>
                )}
                {mine.data.amendableUntil && new Date(mine.data.amendableUntil).getTime() > Date.now() ? (
                  <Group gap="sm" mt="xs">
                    <Text size="sm">You can amend it until {fmtWhen(mine.data.amendableUntil)}.</Text>
                    <Button size="xs" variant="default" onClick={() => (setConfirmation(null), setAmending(true))}>
                      Amend your scorecard
                    </Button>
                  </Group>
                ) : (
                  <Text size="sm" mt="xs">
                    It can no longer be amended. To add something, write a note on the candidate.
                  </Text>
                )}
              </Paper>
              <ScorecardView
                card={mine.data.current}
                competencies={content?.competencies ?? []}
                questions={content?.questions ?? []}
                title="What you submitted"
              />
            </Stack>
          ) : (
            <ScorecardForm
              interviewId={id}
              competencies={content?.competencies ?? []}
              questions={content?.questions ?? []}
              initial={mine.data?.current}
              onSubmitted={(card) => {
                queryClient.setQueryData(['my-scorecard', id], { current: card, versions: [card], amendableUntil: null });
                setConfirmation('Thank you: your scorecard is in. Below is what you submitted, and the rest of the panel’s.');
                void queryClient.invalidateQueries({ queryKey: ['my-scorecard', id] });
                void queryClient.invalidateQueries({ queryKey: ['my-interviews'] });
              }}
            />
          )}
          {submitted && (
            <Paper withBorder p="md" mt="md" role="region" aria-label="Panel scorecards">
              <Title order={2} size="h3" mb="xs">
                The panel's scorecards
              </Title>
              {panel.isPending ? (
                <Loading label="Loading the panel's scorecards" />
              ) : (
                <PanelScorecards
                  cards={panel.data?.data ?? []}
                  me={mine.data?.current?.interviewerId}
                  people={iv.interviewers}
                  competencies={content?.competencies ?? []}
                />
              )}
            </Paper>
          )}
        </Grid.Col>
      </Grid>
    </>
  );
}

function KitView({ content }: { content: Schemas['KitContentDto'] }) {
  return (
    <Stack>
      <Paper withBorder p="md">
        <Title order={2} size="h3">
          {content.title}
        </Title>
        <Text size="sm">{content.purpose}</Text>
        <Text size="sm" mt="xs">
          <strong>Opening:</strong> {content.guidance.opening}
        </Text>
        <Text size="sm">
          <strong>Candidate's questions:</strong> {content.guidance.candidateQuestions}
        </Text>
      </Paper>
      <Title order={3} size="h4">
        Questions
      </Title>
      <Accordion multiple defaultValue={content.questions.slice(0, 1).map((q) => q.key)} variant="separated">
        {content.questions.map((q) => (
          <Accordion.Item key={q.key} value={q.key}>
            <Accordion.Control>
              {q.prompt}{' '}
              <Badge variant="light" ml="xs">
                {q.minutes} min
              </Badge>
            </Accordion.Control>
            <Accordion.Panel>
              <Text fw={600} size="sm">
                Follow-ups
              </Text>
              <List size="sm">
                {q.followUps.map((f) => (
                  <List.Item key={f}>{f}</List.Item>
                ))}
              </List>
              <Text fw={600} size="sm" mt="xs">
                Signals of a strong answer
              </Text>
              <List size="sm">
                {q.signals.map((f) => (
                  <List.Item key={f}>{f}</List.Item>
                ))}
              </List>
              <Text fw={600} size="sm" mt="xs">
                Red flags
              </Text>
              <List size="sm">
                {q.redFlags.map((f) => (
                  <List.Item key={f}>{f}</List.Item>
                ))}
              </List>
            </Accordion.Panel>
          </Accordion.Item>
        ))}
      </Accordion>
      <Title order={3} size="h4">
        Competency rubric
      </Title>
      <div className="scroll-x" tabIndex={0} role="region" aria-label="Table (scrolls sideways)">
        <Table withTableBorder fz="sm" className="rubric-table">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>Competency</Table.Th>
              {[1, 2, 3, 4].map((n) => (
                <Table.Th key={n}>Level {n}</Table.Th>
              ))}
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {content.competencies.map((c) => (
              <Table.Tr key={c.key}>
                <Table.Th scope="row">{c.name}</Table.Th>
                {c.rubric.map((r, i) => (
                  <Table.Td key={i}>{r}</Table.Td>
                ))}
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </div>
    </Stack>
  );
}

export function PanelScorecards({
  cards,
  me,
  people,
  competencies,
}: {
  cards: Schemas['ScorecardDto'][];
  me?: string;
  people: Schemas['PersonDto'][];
  competencies: CompetencyInfo[];
}) {
  const others = cards.filter((c) => c.interviewerId !== me && c.status === 'submitted' && c.current);
  if (others.length === 0) return <Text size="sm">No other submitted scorecards yet.</Text>;
  const nameOf = (id: string) => people.find((p) => p.id === id)?.name ?? 'Another interviewer';
  return (
    <Stack gap="sm">
      {others.map((c) => (
        <Paper key={c.id} withBorder p="sm" data-testid="other-scorecard">
          <Text fw={600}>
            {nameOf(c.interviewerId)} — {label('recommendation', c.overall)}
          </Text>
          <AmendedMark card={c} />
          {c.ratings.map((r) => (
            <Text key={r.competency} size="sm">
              <strong>{competencyName(r.competency, competencies)}</strong>: {ratingLabel(r.rating, r.competency, competencies)}
              {r.evidence ? ` — ${r.evidence}` : ''}
            </Text>
          ))}
          {c.keyTakeaways && (
            <Text size="sm" mt={4}>
              {c.keyTakeaways}
            </Text>
          )}
        </Paper>
      ))}
    </Stack>
  );
}
