import { Accordion, Badge, Grid, List, Paper, Stack, Table, Text, Title } from '@mantine/core';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useParams } from 'react-router';
import { api, Schemas, unwrap } from '../../api/client';
import { ErrorAlert, fmtDate, Loading, PageTitle } from '../../components/common';
import { ScorecardForm } from '../../components/ScorecardForm';
import { label } from '../../app/labels';

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

  if (interview.isPending) return <Loading label="Loading the interview" />;
  if (interview.error) return <ErrorAlert error={interview.error} />;
  const iv = interview.data;
  const content = kit.data?.revision.content;
  return (
    <>
      <PageTitle
        sub={`${fmtDate(iv.startsAt)} · ${iv.durationMinutes} minutes · ${(iv.stage as { name?: string }).name ?? ''}${iv.videoUrl ? ` · ${iv.videoUrl}` : iv.location ? ` · ${iv.location}` : ''}`}
      >
        {iv.candidate.name} — {(iv.job as { title?: string }).title}
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
          ) : submitted ? (
            <Paper withBorder p="md" role="status">
              <Title order={2} size="h3">
                Your scorecard is submitted
              </Title>
              <Text size="sm">
                Submitted {fmtDate(mine.data?.current?.submittedAt)} · overall {label('recommendation', mine.data?.current?.overall).toLowerCase()}
              </Text>
            </Paper>
          ) : (
            <ScorecardForm
              interviewId={id}
              competencies={content?.competencies ?? []}
              questions={content?.questions ?? []}
              initial={mine.data?.current}
              onSubmitted={(card) => {
                queryClient.setQueryData(['my-scorecard', id], { current: card, versions: [card] });
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
                <PanelScorecards cards={panel.data?.data ?? []} me={mine.data?.current?.interviewerId} people={iv.interviewers} />
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
        <Table withTableBorder fz="sm">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>Competency</Table.Th>
              {[1, 2, 3, 4].map((n) => (
                <Table.Th key={n}>{n}</Table.Th>
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

export function PanelScorecards({ cards, me, people }: { cards: Schemas['ScorecardDto'][]; me?: string; people: Schemas['PersonDto'][] }) {
  const others = cards.filter((c) => c.interviewerId !== me && c.status === 'submitted');
  if (others.length === 0) return <Text size="sm">No other submitted scorecards yet.</Text>;
  const nameOf = (id: string) => people.find((p) => p.id === id)?.name ?? 'Another interviewer';
  return (
    <Stack gap="sm">
      {others.map((c) => (
        <Paper key={c.id} withBorder p="sm" data-testid="other-scorecard">
          <Text fw={600}>
            {nameOf(c.interviewerId)} — {label('recommendation', c.overall)}
          </Text>
          {c.ratings.map((r) => (
            <Text key={r.competency} size="sm">
              {r.competency}: {String(r.rating).replace('_', ' ')}
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
