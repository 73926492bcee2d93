import { Alert, Anchor, Button, Fieldset, NativeSelect, NumberInput, Paper, SimpleGrid, Text, Textarea, TextInput, Title } from '@mantine/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useEffect, useRef, useState } from 'react';
import { Controller, useForm, useWatch } from 'react-hook-form';
import { Link } from 'react-router';
import { api, ApiError, Schemas, unwrap } from '../api/client';
import { options } from '../app/labels';
import { BandBar } from '../screens/manager/BandBar';
import { ErrorAlert } from './common';

export type Band = { min: number | null; max: number | null; currency: string | null; period: string | null };
type Period = 'YEAR' | 'MONTH' | 'HOUR';
type EquityType = 'options' | 'rsu' | 'percent';

export interface OfferValues {
  base: { amount: number | ''; currency: string; period: Period };
  bonus: { amount: number | ''; kind: string };
  equity: { amount: number | ''; type: EquityType; vestingYears: number | '' };
  startDate: string;
  expiresAt: string;
  notes: string;
  justification: string;
}

/** The body the API takes, from what the form holds: an empty bonus or equity is none. */
export function offerBody(v: OfferValues): Schemas['CreateOfferDto'] {
  return {
    base: { amount: Number(v.base.amount), currency: v.base.currency.trim().toUpperCase(), period: v.base.period },
    ...(v.bonus.amount !== '' && Number(v.bonus.amount) > 0
      ? {
          bonus: {
            amount: Number(v.bonus.amount),
            currency: v.base.currency.trim().toUpperCase(),
            ...(v.bonus.kind.trim() ? { kind: v.bonus.kind.trim() } : {}),
          },
        }
      : {}),
    ...(v.equity.amount !== '' && Number(v.equity.amount) > 0
      ? {
          equity: {
            amount: Number(v.equity.amount),
            type: v.equity.type,
            ...(v.equity.vestingYears !== '' ? { vestingYears: Number(v.equity.vestingYears) } : {}),
          },
        }
      : {}),
    startDate: v.startDate,
    expiresAt: new Date(`${v.expiresAt}T23:59:00`).toISOString(),
    ...(v.notes.trim() ? { notes: v.notes.trim() } : {}),
    ...(v.justification.trim() ? { justification: v.justification.trim() } : {}),
  };
}

const FIELD_PATHS = ['base.amount', 'base.currency', 'base.period', 'bonus.amount', 'bonus.kind', 'equity.amount', 'equity.type', 'equity.vestingYears'];

/** Drafts an offer (base, bonus, equity, dates, notes, justification outside the band), then submits it for approval. */
export function OfferForm({ applicationId, band }: { applicationId: string; band: Band }) {
  const queryClient = useQueryClient();
  const day = (days: number) => new Date(Date.now() + days * 86400_000).toISOString().slice(0, 10);
  const form = useForm<OfferValues>({
    defaultValues: {
      base: {
        amount: band.min != null && band.max != null ? Math.round((band.min + band.max) / 2) : '',
        currency: band.currency ?? 'EUR',
        period: (band.period as Period | null) ?? 'YEAR',
      },
      bonus: { amount: '', kind: '' },
      equity: { amount: '', type: 'options', vestingYears: '' },
      startDate: day(42),
      expiresAt: day(14),
      notes: '',
      justification: '',
    },
  });
  const { control, register, formState, setError } = form;
  const [amount, currency] = useWatch({ control, name: ['base.amount', 'base.currency'] });
  const [offer, setOffer] = useState<Schemas['OfferDto'] | null>(null);
  const [message, setMessage] = useState<string | null>(null);
  const messageRef = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (message) messageRef.current?.focus();
  }, [message]);
  const placeErrors = (error: unknown) => {
    if (!(error instanceof ApiError)) return;
    for (const e of error.fieldErrors) {
      const path = FIELD_PATHS.includes(e.field) ? e.field : ['startDate', 'expiresAt', 'notes', 'justification'].includes(e.field) ? e.field : null;
      if (path) setError(path as 'notes', { type: 'server', message: e.message });
      else if (e.field === 'bonus.currency') setError('base.currency', { type: 'server', message: e.message });
    }
  };
  const create = useMutation({
    mutationFn: (v: OfferValues) => unwrap(api.POST('/v1/applications/{id}/offers', { params: { path: { id: applicationId } }, body: offerBody(v) })),
    onSuccess: (o) => {
      setOffer(o);
      setMessage('The offer is drafted. Submit it for approval when it is ready.');
      void queryClient.invalidateQueries({ queryKey: ['packet', applicationId] });
    },
    onError: placeErrors,
  });
  const submit = useMutation({
    mutationFn: (o: Schemas['OfferDto']) => unwrap(api.POST('/v1/offers/{id}/submit', { params: { path: { id: o.id } }, body: { version: o.version } })),
    onSuccess: (o) => {
      setOffer(o);
      const first = o.approvals[0]?.approvers?.map((a) => a.name).join(' or ');
      setMessage(`Offer submitted for approval${first ? `: ${first} approves first` : ''}.`);
      void queryClient.invalidateQueries({ queryKey: ['packet', applicationId] });
    },
  });
  const e = formState.errors;
  const money = (name: 'base.amount' | 'bonus.amount' | 'equity.amount', label: string, required = false, extra: object = {}) => (
    <Controller
      control={control}
      name={name}
      render={({ field }) => (
        <NumberInput
          label={label}
          thousandSeparator=","
          min={0}
          required={required}
          value={field.value}
          onChange={field.onChange}
          error={
            name === 'base.amount'
              ? (e.base?.amount?.message ?? e.base?.message)
              : name === 'bonus.amount'
                ? e.bonus?.amount?.message
                : e.equity?.amount?.message
          }
          {...extra}
        />
      )}
    />
  );
  return (
    <Paper withBorder p="md">
      <form onSubmit={(ev) => void form.handleSubmit((v) => create.mutate(v))(ev)} noValidate aria-label="Offer">
        <Title order={2} size="h4" mb="xs">
          Offer
        </Title>
        <SimpleGrid cols={{ base: 1, sm: 3 }}>
          {money('base.amount', 'Base salary', true)}
          <TextInput label="Currency" description="Three letters, e.g. EUR" maxLength={3} {...register('base.currency')} error={e.base?.currency?.message} />
          <NativeSelect label="Paid" data={options('period')} {...register('base.period')} error={e.base?.period?.message} />
        </SimpleGrid>
        <BandBar band={band} amount={Number(amount) || 0} currency={currency} />
        <Fieldset legend="Bonus (optional)" mt="xs">
          <SimpleGrid cols={{ base: 1, sm: 2 }}>
            {money('bonus.amount', `Bonus amount (${currency || 'same currency'})`)}
            <TextInput label="Kind of bonus" placeholder="e.g. signing, annual target" {...register('bonus.kind')} error={e.bonus?.kind?.message} />
          </SimpleGrid>
        </Fieldset>
        <Fieldset legend="Equity (optional)" mt="xs">
          <SimpleGrid cols={{ base: 1, sm: 3 }}>
            {money('equity.amount', 'Equity amount', false, { decimalScale: 4 })}
            <NativeSelect label="Equity as" data={options('equityType')} {...register('equity.type')} />
            <Controller
              control={control}
              name="equity.vestingYears"
              render={({ field }) => (
                <NumberInput
                  label="Vesting over (years)"
                  min={1}
                  max={10}
                  value={field.value}
                  onChange={field.onChange}
                  error={e.equity?.vestingYears?.message}
                />
              )}
            />
          </SimpleGrid>
        </Fieldset>
        <SimpleGrid cols={{ base: 1, sm: 2 }} mt="xs">
          <TextInput type="date" label="Start date" required {...register('startDate')} error={e.startDate?.message} />
          <TextInput type="date" label="Offer open until" required {...register('expiresAt')} error={e.expiresAt?.message} />
        </SimpleGrid>
        <Textarea mt="xs" label="Justification (needed outside the band)" autosize {...register('justification')} error={e.justification?.message} />
        <Textarea mt="xs" label="Notes" autosize {...register('notes')} error={e.notes?.message} />
        <ErrorAlert error={create.error ?? submit.error} title={submit.error ? 'Not submitted' : 'Offer not saved'} />
        {!offer && (
          <Button mt="sm" type="submit" loading={create.isPending}>
            Create draft offer
          </Button>
        )}
      </form>
      {message && (
        <Alert mt="sm" color="green" variant="light" role="status" ref={messageRef} tabIndex={-1}>
          <Text size="sm">{message}</Text>
          {offer && (
            <Anchor component={Link} to={`/offers/${offer.id}`} size="sm" c="dark.9" underline="always">
              Open the offer
            </Anchor>
          )}
        </Alert>
      )}
      {offer && offer.status === 'draft' && (
        <Button mt="sm" onClick={() => submit.mutate(offer)} loading={submit.isPending}>
          Submit for approval
        </Button>
      )}
    </Paper>
  );
}
