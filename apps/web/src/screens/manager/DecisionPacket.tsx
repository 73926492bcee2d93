import { Alert, Anchor, Badge, Button, Checkbox, Grid, Group, NativeSelect, Paper, Radio, Stack, Table, Text, Textarea, Title } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useRef, useState } from 'react';
import { Controller, useForm, useWatch } from 'react-hook-form';
import { Link, useParams } from 'react-router';
import { api, downloadFile, errorMessage, getJson, Schemas, unwrap } from '../../api/client';
import { applyProblem, ErrorAlert, fmtDay, fmtMoney, humanDuration, Loading, PageTitle } from '../../components/common';
import { OfferForm, type Band } from '../../components/OfferForm';
import { label } from '../../app/labels';
import { AmendedMark, competencyName, ratingLabel, type CompetencyInfo } from '../../components/ScorecardView';
import { fmtWhen } from '../../components/time';

type Summary = Schemas['ScorecardSummaryDto'];
interface Packet {
  application: { id: string; status: string; stageName: string; stageKind: string; source: string | null; appliedAt: string };
  candidate: { id: string; fullName: string; emails: string[] } | null;
  job: { id: string; title: string; salaryBand: Band } | null;
  stageHistory: {
    id: string;
    kind: string;
    fromStageName: string | null;
    toStageName: string | null;
    movedAt: string;
    secondsInStage: number | null;
    note: string | null;
  }[];
  timeInStages: { stageId: string; stageName: string; seconds: number; current: boolean }[];
  scorecards: { blind?: boolean; summary: Summary | null; submitted: Schemas['ScorecardDto'][] };
  notes: { id: string; body: string; createdAt: string; private?: boolean }[];
  decisions: Schemas['HiringDecisionDto'][];
  offers: Schemas['OfferDto'][];
  missing: { owedScorecards: { interviewerName?: string; interviewerId?: string }[]; skippedStages: { stageName: string }[] };
}

function bandText(band: Band): string {
  if (band.min == null || band.max == null || !band.currency) return 'The job has no salary band.';
  const per = band.period ? ` ${label('period', band.period)}` : '';
  return `${fmtMoney(band.min, band.currency)} – ${fmtMoney(band.max, band.currency)}${per}`;
}

export default function DecisionPacket() {
  const { id = '' } = useParams();
  const packet = useQuery({ queryKey: ['packet', id], queryFn: () => getJson<Packet>(`/v1/applications/${id}/decision-packet`) });
  if (packet.isPending) return <Loading label="Loading the decision packet" />;
  if (packet.error) return <ErrorAlert error={packet.error} />;
  const p = packet.data;
  const cards = (p.scorecards.submitted ?? []).filter((c) => c.current);
  const summary = p.scorecards.summary;
  const competencies: CompetencyInfo[] = summary?.kitCompetencies ?? [];
  const raterName = (interviewerId: string) => summary?.raters.find((r) => r.id === interviewerId)?.name ?? 'An interviewer';
  const owed = [...new Set((p.missing.owedScorecards ?? []).map((o) => o.interviewerName || 'an interviewer who has left'))];
  const rows = summary?.competencies ?? [];
  const offerStage = p.application.stageKind === 'offer';
  const band = p.job?.salaryBand;
  return (
    <>
      <PageTitle
        sub={`${p.job?.title ?? ''} · ${p.application.stageName} · applied ${fmtDay(p.application.appliedAt)} · ${label('applicationStatus', p.application.status)}`}
      >
        Decision packet: {p.candidate?.fullName}
      </PageTitle>
      <Grid gap="lg">
        <Grid.Col span={{ base: 12, lg: 7 }}>
          <Stack>
            <Paper withBorder p="md" role="region" aria-label="Scorecards">
              <Title order={2} size="h4" mb="xs">
                Scorecards side by side
              </Title>
              {p.scorecards.blind && (
                <Text size="sm" mb="xs">
                  You are on this candidate&apos;s interview panel: the others&apos; scorecards show once you have submitted yours.
                </Text>
              )}
              {cards.length === 0 ? (
                <Text size="sm">No submitted scorecards.</Text>
              ) : (
                <div className="scroll-x" tabIndex={0} role="region" aria-label="Ratings by interviewer (scrolls sideways)">
                  <Table withTableBorder fz="sm" className="packet-table">
                    <Table.Thead>
                      <Table.Tr>
                        <Table.Th>Competency</Table.Th>
                        {cards.map((c) => (
                          <Table.Th key={c.id}>{raterName(c.interviewerId)}</Table.Th>
                        ))}
                        <Table.Th>Average</Table.Th>
                      </Table.Tr>
                    </Table.Thead>
                    <Table.Tbody>
                      {rows.map((c) => (
                        <Table.Tr key={c.competency}>
                          <Table.Th scope="row">
                            {competencyName(c.competency, competencies)}{' '}
                            {c.disagreement && (
                              <Badge color="red" variant="light" size="sm">
                                ratings disagree
                              </Badge>
                            )}
                          </Table.Th>
                          {cards.map((card) => {
                            const r = card.ratings.find((x) => x.competency === c.competency);
                            return (
                              <Table.Td key={card.id}>
                                {r ? (
                                  <>
                                    <Text size="sm" fw={600}>
                                      {ratingLabel(r.rating, r.competency, competencies)}
                                    </Text>
                                    <Text size="sm" style={{ whiteSpace: 'pre-wrap' }}>
                                      {r.evidence ? `Evidence: ${r.evidence}` : 'No evidence written.'}
                                    </Text>
                                  </>
                                ) : (
                                  'Not rated'
                                )}
                              </Table.Td>
                            );
                          })}
                          <Table.Td>{c.mean != null ? `${c.mean.toFixed(1)} of 4` : '—'}</Table.Td>
                        </Table.Tr>
                      ))}
                      <Table.Tr>
                        <Table.Th scope="row">Overall</Table.Th>
                        {cards.map((card) => (
                          <Table.Td key={card.id}>{label('recommendation', card.overall)}</Table.Td>
                        ))}
                        <Table.Td />
                      </Table.Tr>
                    </Table.Tbody>
                  </Table>
                </div>
              )}
              {cards.length > 0 && (
                <Stack gap="xs" mt="sm">
                  <Title order={3} size="h5">
                    Key takeaways
                  </Title>
                  {cards.map((c) => (
                    <div key={c.id} data-testid="takeaway">
                      <Text size="sm">
                        <strong>{raterName(c.interviewerId)}</strong>: {c.keyTakeaways || 'No takeaways written.'}
                      </Text>
                      <AmendedMark card={c} />
                    </div>
                  ))}
                </Stack>
              )}
              {owed.length > 0 && (
                <Text size="sm" c="orange.9" mt="xs">
                  Still waiting for the scorecard of {owed.join(', ')}.
                </Text>
              )}
              {p.missing.skippedStages?.length > 0 && (
                <Text size="sm">Stages this candidate skipped: {p.missing.skippedStages.map((s) => s.stageName).join(', ')}</Text>
              )}
            </Paper>
            {p.candidate && <PacketResume candidateId={p.candidate.id} />}
            <Paper withBorder p="md" role="region" aria-label="Time in stages">
              <Title order={2} size="h4" mb="xs">
                Time in stages
              </Title>
              <ul style={{ margin: 0, paddingLeft: 20 }}>
                {p.timeInStages.map((t) => (
                  <li key={t.stageId}>
                    <Text size="sm">
                      {t.stageName}: {humanDuration(t.seconds)}
                      {t.current ? ' (so far)' : ''}
                    </Text>
                  </li>
                ))}
              </ul>
              <Title order={3} size="h5" mt="sm" mb={4}>
                Stage history
              </Title>
              <ol style={{ margin: 0, paddingLeft: 20 }}>
                {p.stageHistory.map((m) => (
                  <li key={m.id}>
                    <Text size="sm">
                      {fmtWhen(m.movedAt)}: {label('moveKind', m.kind)} {m.fromStageName ? `from ${m.fromStageName} ` : ''}
                      {m.toStageName ? `to ${m.toStageName}` : ''}
                      {m.secondsInStage ? ` (after ${humanDuration(m.secondsInStage)})` : ''}
                    </Text>
                  </li>
                ))}
              </ol>
            </Paper>
            <Paper withBorder p="md" role="region" aria-label="Notes">
              <Title order={2} size="h4" mb="xs">
                Notes
              </Title>
              {p.notes.length === 0 && <Text size="sm">No notes.</Text>}
              {p.notes.map((n) => (
                <Text key={n.id} size="sm" mb={6} style={{ whiteSpace: 'pre-wrap' }}>
                  {n.body}{' '}
                  <Text span c="dimmed" size="xs">
                    {fmtWhen(n.createdAt)}
                    {n.private ? ' · private' : ''}
                  </Text>
                </Text>
              ))}
            </Paper>
          </Stack>
        </Grid.Col>
        <Grid.Col span={{ base: 12, lg: 5 }}>
          <Stack>
            {band && (
              <Paper withBorder p="md" role="region" aria-label="Salary band">
                <Title order={2} size="h4" mb="xs">
                  Salary band
                </Title>
                <Text size="sm">{bandText(band)}</Text>
              </Paper>
            )}
            {p.decisions.length > 0 && (
              <Paper withBorder p="md">
                <Title order={2} size="h4" mb="xs">
                  Decisions
                </Title>
                {p.decisions.map((d) => (
                  <Text key={d.id} size="sm">
                    <Badge variant="light" color={d.decision === 'offer' ? 'green' : 'red'}>
                      {label('decision', d.decision)}
                    </Badge>{' '}
                    {fmtWhen(d.decidedAt)} — {d.rationale}
                  </Text>
                ))}
              </Paper>
            )}
            {p.application.status === 'active' && !offerStage && <DecideForm applicationId={id} owed={owed} />}
            {offerStage && p.job && (
              <OfferSection
                applicationId={id}
                band={p.job.salaryBand}
                openOffer={p.offers.some((o) => ['draft', 'pending_approval', 'approved', 'sent', 'accepted'].includes(o.status))}
              />
            )}
            {p.offers.length > 0 && (
              <Paper withBorder p="md" role="region" aria-label="Offers">
                <Title order={2} size="h4" mb="xs">
                  Offers
                </Title>
                {p.offers.map((o) => (
                  <Group key={o.id} gap="xs">
                    <Anchor component={Link} to={`/offers/${o.id}`}>
                      Offer of {fmtDay(o.createdAt)}
                    </Anchor>
                    <Badge variant="light">{label('offerStatus', o.status)}</Badge>
                  </Group>
                ))}
              </Paper>
            )}
          </Stack>
        </Grid.Col>
      </Grid>
    </>
  );
}

/** The offer form, while the application has no open offer; once shown it stays (its confirmations and the submit step live in it). */
function OfferSection({ applicationId, band, openOffer }: { applicationId: string; band: Band; openOffer: boolean }) {
  const [shown] = useState(!openOffer);
  return shown ? <OfferForm applicationId={applicationId} band={band} /> : null;
}

/** The candidate's resume in the packet: the text, and the file to download. */
function PacketResume({ candidateId }: { candidateId: string }) {
  const candidate = useQuery({
    queryKey: ['candidate', candidateId],
    queryFn: () => unwrap(api.GET('/v1/candidates/{id}', { params: { path: { id: candidateId } } })),
  });
  const download = useMutation({ mutationFn: () => downloadFile(`/v1/candidates/${candidateId}/resume`, candidate.data?.resumeFile?.fileName ?? 'resume') });
  const c = candidate.data;
  return (
    <Paper withBorder p="md" role="region" aria-label="Resume">
      <Title order={2} size="h4" mb="xs">
        Resume
      </Title>
      {candidate.isPending && <Text size="sm">Loading the resume…</Text>}
      {candidate.error ? <Text size="sm">The resume could not be loaded: {errorMessage(candidate.error)}</Text> : null}
      {c?.resumeFile && (
        <Button size="xs" variant="default" mb="xs" onClick={() => download.mutate()} loading={download.isPending}>
          Download {c.resumeFile.fileName}
        </Button>
      )}
      {c && (
        <Text size="sm" style={{ whiteSpace: 'pre-wrap', maxHeight: 360, overflowY: 'auto' }} tabIndex={0}>
          {c.resumeText || 'No resume text.'}
        </Text>
      )}
    </Paper>
  );
}

type Decision = 'offer' | 'reject' | '';
interface DecideValues {
  decision: Decision;
  rationale: string;
  reasonId: string;
  acknowledgeMissingFeedback: boolean;
}

/** The decision: nothing chosen until the hiring manager chooses; a plain-words confirmation when scorecards are still owed. */
export function DecideForm({ applicationId, owed }: { applicationId: string; owed: string[] }) {
  const queryClient = useQueryClient();
  const reasons = useQuery({ queryKey: ['rejection-reasons'], queryFn: () => unwrap(api.GET('/v1/rejection-reasons')) });
  const form = useForm<DecideValues>({ defaultValues: { decision: '', rationale: '', reasonId: '', acknowledgeMissingFeedback: false } });
  const decision = useWatch({ control: form.control, name: 'decision' });
  const [done, setDone] = useState<string | null>(null);
  const doneRef = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (done) doneRef.current?.focus();
  }, [done]);
  const decide = useMutation({
    mutationFn: (v: DecideValues) =>
      unwrap(
        api.POST('/v1/applications/{id}/decision', {
          params: { path: { id: applicationId } },
          body: {
            decision: v.decision as 'offer' | 'reject',
            rationale: v.rationale,
            ...(v.decision === 'reject' ? { reasonId: v.reasonId } : {}),
            ...(owed.length ? { acknowledgeMissingFeedback: v.acknowledgeMissingFeedback } : {}),
          },
        }),
      ),
    onSuccess: (d) => {
      setDone(
        d.decision === 'offer'
          ? 'Decision recorded: make an offer. The candidate is in the offer stage; draft the offer below.'
          : 'Decision recorded: no hire.',
      );
      void queryClient.invalidateQueries({ queryKey: ['packet', applicationId] });
    },
    onError: (error) => applyProblem(error, form.setError, ['decision', 'rationale', 'reasonId', 'acknowledgeMissingFeedback']),
  });
  const e = form.formState.errors;
  if (done)
    return (
      <Alert color="green" variant="light" role="status" ref={doneRef} tabIndex={-1}>
        {done}
      </Alert>
    );
  return (
    <Paper withBorder p="md">
      <form
        onSubmit={(ev) =>
          void form.handleSubmit((v) => {
            let ok = true;
            if (!v.decision) ok = (form.setError('decision', { message: 'Choose: make an offer, or no hire' }), false);
            if (v.decision === 'reject' && !v.reasonId) ok = (form.setError('reasonId', { message: 'Choose the reason' }), false);
            if (owed.length && !v.acknowledgeMissingFeedback)
              ok = (form.setError('acknowledgeMissingFeedback', { message: 'Tick this to decide before every scorecard is in, or wait for them.' }), false);
            if (ok) decide.mutate(v);
          })(ev)
        }
        noValidate
        aria-label="Decide"
      >
        <Title order={2} size="h4" mb="xs">
          Decide
        </Title>
        <Controller
          control={form.control}
          name="decision"
          render={({ field }) => (
            <Radio.Group label="Decision" required value={field.value} onChange={field.onChange} error={e.decision?.message}>
              <Group mt={4}>
                <Radio value="offer" label="Make an offer" />
                <Radio value="reject" label="No hire" />
              </Group>
            </Radio.Group>
          )}
        />
        {decision === 'reject' && (
          <NativeSelect
            mt="xs"
            label="Reason"
            required
            data={[{ value: '', label: 'Choose a reason' }, ...(reasons.data?.data ?? []).map((r) => ({ value: r.id, label: r.label }))]}
            {...form.register('reasonId')}
            error={e.reasonId?.message}
          />
        )}
        <Textarea
          mt="xs"
          label="Rationale"
          description="At least a sentence: why this decision."
          required
          autosize
          minRows={3}
          {...form.register('rationale', { required: 'Give the rationale for the decision' })}
          error={e.rationale?.message}
        />
        {owed.length > 0 && (
          <Checkbox
            mt="xs"
            label={`I decide now, without the scorecard still owed by ${owed.join(', ')}`}
            {...form.register('acknowledgeMissingFeedback')}
            error={e.acknowledgeMissingFeedback?.message}
          />
        )}
        <ErrorAlert error={decide.error} title="Not decided" />
        <Button mt="sm" type="submit" loading={decide.isPending}>
          Record decision
        </Button>
      </form>
    </Paper>
  );
}
