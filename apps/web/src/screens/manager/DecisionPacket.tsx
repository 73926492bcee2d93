import {
  Anchor,
  Badge,
  Button,
  Checkbox,
  Grid,
  Group,
  NativeSelect,
  NumberInput,
  Paper,
  Radio,
  SimpleGrid,
  Stack,
  Table,
  Text,
  Textarea,
  TextInput,
  Title,
} from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { Controller, useForm, useWatch } from 'react-hook-form';
import { Link, useParams } from 'react-router';
import { api, getJson, Schemas, unwrap } from '../../api/client';
import { useAuth } from '../../app/auth';
import { applyProblem, ErrorAlert, fmtDate, fmtDay, humanDuration, Loading, PageTitle } from '../../components/common';
import { BandBar } from './BandBar';
import { label, options } from '../../app/labels';

type Band = { min: number | null; max: number | null; currency: string | null; period: string | null };
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
  scorecards: { summary: Schemas['ScorecardSummaryDto'] | null; submitted: Schemas['ScorecardDto'][] };
  notes: { id: string; body: string; createdAt: string }[];
  decisions: Schemas['HiringDecisionDto'][];
  offers: Schemas['OfferDto'][];
  missing: { owedScorecards: unknown[]; skippedStages: { stageName: string }[] };
}

export default function DecisionPacket() {
  const { id = '' } = useParams();
  const packet = useQuery({ queryKey: ['packet', id], queryFn: () => getJson<Packet>(`/v1/applications/${id}/decision-packet`) });
  if (packet.isPending) return <Loading label="Loading the decision packet" />;
  if (packet.error) return <ErrorAlert error={packet.error} />;
  const p = packet.data;
  const cards = p.scorecards.submitted ?? [];
  const summary = p.scorecards.summary;
  const owed = (p.missing.owedScorecards ?? []).map((o) =>
    typeof o === 'string'
      ? o
      : ((o as { interviewerName?: string; name?: string; interviewerId?: string }).interviewerName ??
        (o as { name?: string }).name ??
        (o as { interviewerId?: string }).interviewerId ??
        'someone'),
  );
  const competencies = summary?.competencies ?? [];
  const offerStage = p.application.stageKind === 'offer';
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
              {cards.length === 0 ? (
                <Text size="sm">No submitted scorecards.</Text>
              ) : (
                <div className="scroll-x" tabIndex={0} role="region" aria-label="Table (scrolls sideways)">
                  <Table withTableBorder fz="sm">
                    <Table.Thead>
                      <Table.Tr>
                        <Table.Th>Competency</Table.Th>
                        {cards.map((c, i) => (
                          <Table.Th key={c.id}>Interviewer {i + 1}</Table.Th>
                        ))}
                        <Table.Th>Mean</Table.Th>
                      </Table.Tr>
                    </Table.Thead>
                    <Table.Tbody>
                      {competencies.map((c) => (
                        <Table.Tr key={c.competency}>
                          <Table.Th scope="row">
                            {c.competency}{' '}
                            {c.disagreement && (
                              <Badge color="red" variant="light" size="sm">
                                disagreement
                              </Badge>
                            )}
                          </Table.Th>
                          {cards.map((card) => {
                            const r = card.ratings.find((x) => x.competency === c.competency);
                            return (
                              <Table.Td key={card.id} title={r?.evidence ?? ''}>
                                {r ? String(r.rating).replace('_', ' ') : '—'}
                              </Table.Td>
                            );
                          })}
                          <Table.Td>{c.mean != null ? c.mean.toFixed(1) : '—'}</Table.Td>
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
              {owed.length > 0 && (
                <Text size="sm" c="orange.9" mt="xs">
                  Feedback still owed by: {owed.join(', ')}
                </Text>
              )}
              {p.missing.skippedStages?.length > 0 && <Text size="sm">Stages skipped: {p.missing.skippedStages.map((s) => s.stageName).join(', ')}</Text>}
            </Paper>
            <Paper withBorder p="md">
              <Title order={2} size="h4" mb="xs">
                Stage history
              </Title>
              <ol style={{ margin: 0, paddingLeft: 20 }}>
                {p.stageHistory.map((m) => (
                  <li key={m.id}>
                    <Text size="sm">
                      {fmtDate(m.movedAt)}: {label('moveKind', m.kind)} {m.fromStageName ? `from ${m.fromStageName} ` : ''}
                      {m.toStageName ? `to ${m.toStageName}` : ''}
                      {m.secondsInStage ? ` (after ${humanDuration(m.secondsInStage)})` : ''}
                    </Text>
                  </li>
                ))}
              </ol>
            </Paper>
            {p.notes.length > 0 && (
              <Paper withBorder p="md">
                <Title order={2} size="h4" mb="xs">
                  Notes
                </Title>
                {p.notes.map((n) => (
                  <Text key={n.id} size="sm">
                    {n.body}
                  </Text>
                ))}
              </Paper>
            )}
          </Stack>
        </Grid.Col>
        <Grid.Col span={{ base: 12, lg: 5 }}>
          <Stack>
            {p.decisions.length > 0 && (
              <Paper withBorder p="md">
                <Title order={2} size="h4" mb="xs">
                  Decisions
                </Title>
                {p.decisions.map((d) => (
                  <Text key={d.id} size="sm">
                    <Badge variant="light" color={d.decision === 'offer' ? 'green' : 'red'}>
                      {d.decision}
                    </Badge>{' '}
                    {fmtDate(d.decidedAt)} — {d.rationale}
                  </Text>
                ))}
              </Paper>
            )}
            {p.application.status === 'active' && !offerStage && <DecideForm applicationId={id} owed={owed} />}
            {offerStage && p.job && <OfferForm applicationId={id} band={p.job.salaryBand} />}
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

function DecideForm({ applicationId, owed }: { applicationId: string; owed: string[] }) {
  const queryClient = useQueryClient();
  const reasons = useQuery({ queryKey: ['rejection-reasons'], queryFn: () => unwrap(api.GET('/v1/rejection-reasons')) });
  const form = useForm<{ decision: 'offer' | 'reject'; rationale: string; reasonId: string; acknowledgeMissingFeedback: boolean }>({
    defaultValues: { decision: 'offer', rationale: '', reasonId: '', acknowledgeMissingFeedback: false },
  });
  const decision = useWatch({ control: form.control, name: 'decision' });
  const decide = useMutation({
    mutationFn: (v: { decision: 'offer' | 'reject'; rationale: string; reasonId: string; acknowledgeMissingFeedback: boolean }) =>
      unwrap(
        api.POST('/v1/applications/{id}/decision', {
          params: { path: { id: applicationId } },
          body: {
            decision: v.decision,
            rationale: v.rationale,
            ...(v.decision === 'reject' ? { reasonId: v.reasonId || reasons.data?.data[0]?.id } : {}),
            ...(owed.length ? { acknowledgeMissingFeedback: v.acknowledgeMissingFeedback } : {}),
          },
        }),
      ),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ['packet', applicationId] }),
    onError: (error) => applyProblem(error, form.setError, ['decision', 'rationale', 'reasonId', 'acknowledgeMissingFeedback']),
  });
  return (
    <Paper withBorder p="md">
      <form onSubmit={(e) => void form.handleSubmit((v) => decide.mutate(v))(e)} noValidate aria-label="Decide">
        <Title order={2} size="h4" mb="xs">
          Decide
        </Title>
        <Controller
          control={form.control}
          name="decision"
          render={({ field }) => (
            <Radio.Group label="Decision" value={field.value} onChange={field.onChange} error={form.formState.errors.decision?.message}>
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
            data={(reasons.data?.data ?? []).map((r) => ({ value: r.id, label: r.label }))}
            {...form.register('reasonId')}
            error={form.formState.errors.reasonId?.message}
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
          error={form.formState.errors.rationale?.message}
        />
        {owed.length > 0 && (
          <Checkbox
            mt="xs"
            label={`Decide although feedback is owed by ${owed.join(', ')}`}
            {...form.register('acknowledgeMissingFeedback')}
            error={form.formState.errors.acknowledgeMissingFeedback?.message}
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

interface OfferValues {
  base: { amount: number | ''; currency: string; period: 'YEAR' | 'MONTH' | 'HOUR' };
  startDate: string;
  expiresAt: string;
  notes: string;
  justification: string;
}

export function OfferForm({ applicationId, band }: { applicationId: string; band: Band }) {
  const queryClient = useQueryClient();
  const { hasRole } = useAuth();
  const inTwoWeeks = new Date(Date.now() + 14 * 86400_000).toISOString().slice(0, 10);
  const inSixWeeks = new Date(Date.now() + 42 * 86400_000).toISOString().slice(0, 10);
  const form = useForm<OfferValues>({
    defaultValues: {
      base: {
        amount: band.min != null && band.max != null ? Math.round((band.min + band.max) / 2) : '',
        currency: band.currency ?? 'EUR',
        period: (band.period as 'YEAR') ?? 'YEAR',
      },
      startDate: inSixWeeks,
      expiresAt: inTwoWeeks,
      notes: '',
      justification: '',
    },
  });
  const amount = useWatch({ control: form.control, name: 'base.amount' });
  const currency = useWatch({ control: form.control, name: 'base.currency' });
  const [created, setCreated] = useState<Schemas['OfferDto'] | null>(null);
  const create = useMutation({
    mutationFn: (v: OfferValues) =>
      unwrap(
        api.POST('/v1/applications/{id}/offers', {
          params: { path: { id: applicationId } },
          body: {
            base: { amount: Number(v.base.amount), currency: v.base.currency, period: v.base.period },
            startDate: v.startDate,
            expiresAt: new Date(`${v.expiresAt}T23:59:00Z`).toISOString(),
            ...(v.notes ? { notes: v.notes } : {}),
            ...(v.justification ? { justification: v.justification } : {}),
          },
        }),
      ),
    onSuccess: (offer) => {
      setCreated(offer);
      void queryClient.invalidateQueries({ queryKey: ['packet', applicationId] });
    },
    onError: (error) => applyProblem(error, form.setError, ['base', 'startDate', 'expiresAt', 'notes', 'justification']),
  });
  const submit = useMutation({
    mutationFn: (offer: Schemas['OfferDto']) =>
      unwrap(api.POST('/v1/offers/{id}/submit', { params: { path: { id: offer.id } }, body: { version: offer.version } })),
    onSuccess: (offer) => {
      setCreated(offer);
      void queryClient.invalidateQueries({ queryKey: ['packet', applicationId] });
    },
  });
  const e = form.formState.errors;
  if (!hasRole('admin', 'recruiter', 'hiring_manager')) return null;
  return (
    <Paper withBorder p="md">
      <form onSubmit={(e) => void form.handleSubmit((v) => create.mutate(v))(e)} noValidate aria-label="Offer">
        <Title order={2} size="h4" mb="xs">
          Offer
        </Title>
        <SimpleGrid cols={{ base: 1, sm: 3 }}>
          <Controller
            control={form.control}
            name="base.amount"
            render={({ field }) => (
              <NumberInput
                label="Base salary"
                thousandSeparator=","
                required
                value={field.value}
                onChange={field.onChange}
                error={e.base?.amount?.message ?? e.base?.message}
              />
            )}
          />
          <TextInput label="Currency" maxLength={3} {...form.register('base.currency')} error={e.base?.currency?.message} />
          <NativeSelect label="Period" data={options('periodNoun')} {...form.register('base.period')} />
        </SimpleGrid>
        <BandBar band={band} amount={Number(amount) || 0} currency={currency} />
        <SimpleGrid cols={{ base: 1, sm: 2 }}>
          <TextInput type="date" label="Start date" required {...form.register('startDate')} error={e.startDate?.message} />
          <TextInput type="date" label="Offer expires" required {...form.register('expiresAt')} error={e.expiresAt?.message} />
        </SimpleGrid>
        <Textarea mt="xs" label="Justification (needed outside the band)" autosize {...form.register('justification')} error={e.justification?.message} />
        <Textarea mt="xs" label="Notes" autosize {...form.register('notes')} error={e.notes?.message} />
        <ErrorAlert error={create.error ?? submit.error} title="Offer not saved" />
        {!created && (
          <Button mt="sm" type="submit" loading={create.isPending}>
            Create draft offer
          </Button>
        )}
      </form>
      {created && created.status === 'draft' && (
        <Button mt="sm" onClick={() => submit.mutate(created)} loading={submit.isPending}>
          Submit for approval
        </Button>
      )}
      {created && created.status !== 'draft' && (
        <Text mt="sm" role="status">
          Offer: {label('offerStatus', created.status).toLowerCase()}.{' '}
          <Anchor component={Link} to={`/offers/${created.id}`}>
            Open the offer
          </Anchor>
        </Text>
      )}
    </Paper>
  );
}
