import { Alert, Anchor, Button, Group, NumberInput, Stack, Table, Text, Textarea } from '@mantine/core';
import { useInfiniteQuery, useMutation, useQueryClient } from '@tanstack/react-query';
import { FormEvent, useState } from 'react';
import { Link } from 'react-router';
import { api, Schemas, unwrap } from '../../api/client';
import { label } from '../../app/labels';
import { ErrorAlert, fieldDomId, fieldError, fmtDay, Loading, PageTitle } from '../../components/common';

type Due = Schemas['DueCandidateDto'];
type Kept = Schemas['KeptCandidateDto'];

/** Why a candidate is due, in a sentence. */
export function dueSentence(d: Due): string {
  return `${label('retentionRule', d.rule)}. Anonymised on ${fmtDay(d.anonymizeAt)} unless someone keeps them.`;
}

/** Candidates a retention rule made due for anonymisation, soonest first: keep one with a reason, or let it run. */
export default function DueForDeletionPage() {
  const queryClient = useQueryClient();
  const [keeping, setKeeping] = useState<string | null>(null);
  const [kept, setKept] = useState<{ name: string; kept: Kept } | null>(null);
  const due = useInfiniteQuery({
    queryKey: ['privacy-due'],
    initialPageParam: undefined as string | undefined,
    queryFn: ({ pageParam }) => unwrap(api.GET('/v1/privacy/due', { params: { query: { limit: 50, cursor: pageParam } } })),
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  });
  const list = due.data?.pages.flatMap((p) => p.data) ?? [];
  return (
    <>
      <PageTitle sub="Under your retention rules these candidates are anonymised at the end of their grace period. To let it run, do nothing: they are anonymised on the date shown. To keep someone longer, keep them and say why.">
        Due for deletion
      </PageTitle>
      <Stack>
        {kept && (
          <Alert color="teal" variant="light" role="status" title="Kept">
            {kept.name} is kept until {fmtDay(kept.kept.keptUntil)}. After that, if a rule still applies, they are listed here again.
          </Alert>
        )}
        <ErrorAlert error={due.error} />
        {due.isPending ? (
          <Loading label="Loading the candidates due for deletion" />
        ) : list.length === 0 ? (
          <Text c="dimmed">No candidate is due for deletion.</Text>
        ) : (
          <div className="scroll-x" tabIndex={0} role="region" aria-label="Candidates due for deletion (scrolls sideways)">
            <Table striped>
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>Candidate</Table.Th>
                  <Table.Th>Why and when</Table.Th>
                  <Table.Th>Actions</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {list.map((d) => (
                  <Table.Tr key={d.candidateId}>
                    <Table.Td>
                      <Anchor component={Link} to={`/candidates/${d.candidateId}`}>
                        {d.candidateName}
                      </Anchor>
                    </Table.Td>
                    <Table.Td>{dueSentence(d)}</Table.Td>
                    <Table.Td>
                      {keeping === d.candidateId ? (
                        <KeepForm
                          due={d}
                          onCancel={() => setKeeping(null)}
                          onKept={(k) => {
                            setKeeping(null);
                            setKept({ name: d.candidateName, kept: k });
                            void queryClient.invalidateQueries({ queryKey: ['privacy-due'] });
                          }}
                        />
                      ) : (
                        <Button size="xs" variant="default" onClick={() => setKeeping(d.candidateId)} aria-label={`Keep ${d.candidateName}`}>
                          Keep
                        </Button>
                      )}
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </div>
        )}
        {due.hasNextPage && (
          <Button variant="default" loading={due.isFetchingNextPage} onClick={() => void due.fetchNextPage()}>
            Load more
          </Button>
        )}
      </Stack>
    </>
  );
}

/** Keep one candidate: a reason (required, recorded in the audit log) and for how many days (365 unless changed). */
export function KeepForm({ due, onKept, onCancel }: { due: Due; onKept: (kept: Kept) => void; onCancel: () => void }) {
  const [reason, setReason] = useState('');
  const [days, setDays] = useState<number | string>(365);
  const [missing, setMissing] = useState<string | null>(null);
  const keep = useMutation({
    mutationFn: (body: { reason: string; days: number }) =>
      unwrap(api.POST('/v1/privacy/due/{candidateId}/keep', { params: { path: { candidateId: due.candidateId } }, body })),
    onSuccess: onKept,
  });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    const n = Number(days);
    if (!reason.trim()) return setMissing('reason');
    if (!Number.isInteger(n) || n < 1 || n > 3650) return setMissing('days');
    setMissing(null);
    keep.mutate({ reason: reason.trim(), days: n });
  };
  const reasonError = missing === 'reason' ? 'Write why you keep this candidate.' : fieldError(keep.error, 'reason');
  const daysError = missing === 'days' ? 'Enter a whole number of days from 1 to 3650.' : fieldError(keep.error, 'days');
  return (
    <form onSubmit={submit} noValidate aria-label={`Keep ${due.candidateName}`}>
      <Stack gap="xs" maw={360}>
        <Textarea
          id={fieldDomId('reason')}
          label="Why are you keeping them?"
          description="Recorded in the audit log."
          required
          autosize
          minRows={2}
          maxLength={500}
          value={reason}
          onChange={(e) => setReason(e.currentTarget.value)}
          error={reasonError}
        />
        <NumberInput
          id={fieldDomId('days')}
          label="Keep for (days)"
          min={1}
          max={3650}
          allowDecimal={false}
          value={days}
          onChange={setDays}
          error={daysError}
        />
        <ErrorAlert error={keep.error} />
        <Group gap="xs">
          <Button type="submit" size="xs" loading={keep.isPending}>
            Keep this candidate
          </Button>
          <Button size="xs" variant="default" onClick={onCancel}>
            Cancel
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
