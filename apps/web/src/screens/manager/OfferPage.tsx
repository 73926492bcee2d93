import { Alert, Anchor, Badge, Button, Group, Paper, Stack, Table, Text, Textarea, Title } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useRef, useState } from 'react';
import { Link, useParams } from 'react-router';
import { api, Schemas, unwrap } from '../../api/client';
import { useAuth } from '../../app/auth';
import { ErrorAlert, fmtDay, fmtMoney, Loading, PageTitle } from '../../components/common';
import { label } from '../../app/labels';
import { fmtWhen } from '../../components/time';
import { isMyTurn } from './ApprovalsInbox';

type Offer = Schemas['OfferDto'];
type Action = 'approve' | 'reject' | 'send' | 'accept' | 'withdraw';

function confirmation(action: Action, o: Offer): string {
  switch (action) {
    case 'approve': {
      const next = o.approvals.find((a) => a.state === 'current');
      return o.status === 'approved'
        ? 'You approved the offer. Every approval is in: a recruiter can now preview the letter and send it.'
        : `You approved the offer. Next: ${next?.approvers?.map((a) => a.name).join(' or ') || 'the next approver'}.`;
    }
    case 'reject':
      return 'You sent the offer back to draft with your comment.';
    case 'send':
      return `The offer letter is sent to ${o.candidate?.name ?? 'the candidate'}.`;
    case 'accept':
      return `${o.candidate?.name ?? 'The candidate'} accepted: the application is marked hired.`;
    case 'withdraw':
      return 'The offer is withdrawn.';
  }
}

function approverText(step: Offer['approvals'][number]): string {
  const names = step.approvers?.map((a) => a.name) ?? [];
  const who = names.length ? names.join(' or ') : step.role ? `Nobody yet (${label('role', step.role).toLowerCase()} needed)` : 'A named approver';
  return step.reason === 'out_of_band' ? `${who} (an admin, because the offer is outside the band)` : who;
}

export default function OfferPage() {
  const { id = '' } = useParams();
  const { me, hasRole } = useAuth();
  const queryClient = useQueryClient();
  const offer = useQuery({ queryKey: ['offer', id], queryFn: () => unwrap(api.GET('/v1/offers/{id}', { params: { path: { id } } })) });
  const [comment, setComment] = useState('');
  const [commentError, setCommentError] = useState<string | null>(null);
  const [previewing, setPreviewing] = useState(false);
  const [done, setDone] = useState<string | null>(null);
  const doneRef = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (done) {
      doneRef.current?.scrollIntoView({ block: 'center' });
      doneRef.current?.focus();
    }
  }, [done]);
  const preview = useQuery({
    queryKey: ['offer-letter', id, offer.data?.version],
    enabled: previewing,
    queryFn: () => unwrap(api.GET('/v1/offers/{id}/letter-preview', { params: { path: { id } } })),
  });
  const act = useMutation({
    mutationFn: async (action: Action) => {
      const version = offer.data!.version;
      if (action === 'approve')
        return unwrap(
          api.POST('/v1/offers/{id}/approve', { params: { path: { id } }, body: { version, ...(comment.trim() ? { comment: comment.trim() } : {}) } }),
        );
      if (action === 'reject') return unwrap(api.POST('/v1/offers/{id}/reject', { params: { path: { id } }, body: { version, comment: comment.trim() } }));
      if (action === 'send') return unwrap(api.POST('/v1/offers/{id}/send', { params: { path: { id } }, body: { version } }));
      if (action === 'accept') return unwrap(api.POST('/v1/offers/{id}/accept', { params: { path: { id } }, body: { version } }));
      return unwrap(
        api.POST('/v1/offers/{id}/withdraw', { params: { path: { id } }, body: { version, ...(comment.trim() ? { reason: comment.trim() } : {}) } }),
      );
    },
    onSuccess: (data, action) => {
      queryClient.setQueryData(['offer', id], data);
      void queryClient.invalidateQueries({ queryKey: ['approvals'] });
      setComment('');
      setPreviewing(false);
      setDone(confirmation(action, data));
    },
  });
  if (offer.isPending) return <Loading label="Loading the offer" />;
  if (offer.error) return <ErrorAlert error={offer.error} />;
  const o = offer.data;
  const myTurn = me ? isMyTurn(o, me) : false;
  const band = o.band;
  const staff = hasRole('admin', 'recruiter');
  return (
    <>
      <PageTitle
        sub={
          <>
            {o.job?.title ?? 'Job'} · start {fmtDay(o.startDate)} · open until {fmtDay(o.expiresAt)}
            {o.drafter ? ` · drafted by ${o.drafter.name}` : ''}
          </>
        }
      >
        Offer to {o.candidate?.name ?? 'the candidate'}{' '}
        <Badge size="lg" variant="light" data-testid="offer-status">
          {label('offerStatus', o.status)}
        </Badge>
      </PageTitle>
      <Stack maw={820}>
        {done && (
          <Alert
            color="green"
            variant="light"
            role="status"
            ref={doneRef}
            tabIndex={-1}
            withCloseButton
            closeButtonLabel="Dismiss"
            onClose={() => setDone(null)}
          >
            {done}
          </Alert>
        )}
        <Paper withBorder p="md" role="region" aria-label="Compensation">
          <Title order={2} size="h4" mb="xs">
            Compensation
          </Title>
          <Text>
            Base salary: <strong>{fmtMoney(o.base.amount, o.base.currency)}</strong> {label('period', o.base.period)}{' '}
            {o.outOfBand && (
              <Badge color="orange" variant="light">
                outside the band
              </Badge>
            )}
          </Text>
          <Text size="sm">
            Job band:{' '}
            {band && band.min != null && band.max != null && band.currency
              ? `${fmtMoney(band.min, band.currency)} – ${fmtMoney(band.max, band.currency)} ${band.period ? label('period', band.period) : ''}`
              : 'the job has no salary band'}
          </Text>
          <Text size="sm">Bonus: {o.bonus ? `${fmtMoney(o.bonus.amount, o.bonus.currency)}${o.bonus.kind ? ` (${o.bonus.kind})` : ''}` : 'none'}</Text>
          <Text size="sm">
            Equity:{' '}
            {o.equity
              ? `${o.equity.amount.toLocaleString('en-GB')} ${label('equityType', o.equity.type).toLowerCase()}${o.equity.vestingYears ? `, vesting over ${o.equity.vestingYears} years` : ''}`
              : 'none'}
          </Text>
          {o.justification ? <Text size="sm">Justification: {o.justification}</Text> : null}
          {o.notes ? <Text size="sm">Notes: {o.notes}</Text> : null}
          {o.lastRejectionComment ? (
            <Text size="sm" c="red.9">
              Last sent back because: {o.lastRejectionComment}
            </Text>
          ) : null}
          <Anchor component={Link} to={`/applications/${o.applicationId}/packet`} size="sm">
            Decision packet
          </Anchor>
        </Paper>
        <Paper withBorder p="md" role="region" aria-label="Approvals">
          <Title order={2} size="h4" mb="xs">
            Approvals
          </Title>
          {o.approvals.length === 0 ? (
            <Text size="sm">Not submitted for approval yet.</Text>
          ) : (
            <div className="scroll-x" tabIndex={0} role="region" aria-label="Approval steps (scrolls sideways)">
              <Table fz="sm" className="reading-table">
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th>Step</Table.Th>
                    <Table.Th>Who approves</Table.Th>
                    <Table.Th>Where it stands</Table.Th>
                    <Table.Th>Comment</Table.Th>
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {o.approvals.map((a) => (
                    <Table.Tr key={a.step} data-testid="approval-step">
                      <Table.Td>{a.step + 1}</Table.Td>
                      <Table.Td>{approverText(a)}</Table.Td>
                      <Table.Td>
                        {label('approvalState', a.state)}
                        {a.decidedByName ? ` by ${a.decidedByName}` : ''}
                        {a.decidedAt ? `, ${fmtWhen(a.decidedAt)}` : ''}
                      </Table.Td>
                      <Table.Td>{a.comment ?? ''}</Table.Td>
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
            </div>
          )}
          {o.status === 'pending_approval' && o.drafter?.id === me?.user.id && (
            <Text size="sm" mt="xs">
              You drafted this offer, so others approve it.
            </Text>
          )}
        </Paper>
        {myTurn && (
          <Paper withBorder p="md" role="region" aria-label="Your approval">
            <Textarea
              label="Comment"
              description="Required when sending it back"
              value={comment}
              onChange={(e) => setComment(e.currentTarget.value)}
              error={commentError}
              autosize
              minRows={2}
            />
            <Group mt="sm">
              <Button onClick={() => act.mutate('approve')} loading={act.isPending && act.variables === 'approve'}>
                Approve offer
              </Button>
              <Button
                color="red"
                variant="outline"
                onClick={() => {
                  if (!comment.trim()) return setCommentError('Say why the offer goes back to draft');
                  setCommentError(null);
                  act.mutate('reject');
                }}
              >
                Send back to draft
              </Button>
            </Group>
          </Paper>
        )}
        {staff && (o.status === 'approved' || o.status === 'sent' || o.status === 'accepted') && (
          <Paper withBorder p="md" role="region" aria-label="Offer letter">
            <Group justify="space-between">
              <Title order={2} size="h4">
                {o.status === 'approved' ? 'Letter' : 'Letter sent'}
              </Title>
              {!previewing && !o.letter && (
                <Button variant="default" onClick={() => setPreviewing(true)}>
                  Preview the letter
                </Button>
              )}
            </Group>
            {o.letter ? (
              // The API sanitises the letter's HTML with the strict job-description sanitiser.
              <div className="offer-letter" dangerouslySetInnerHTML={{ __html: o.letter.html }} />
            ) : previewing ? (
              preview.isPending ? (
                <Loading label="Rendering the letter" />
              ) : preview.error ? (
                <ErrorAlert error={preview.error} title="The letter could not be rendered" />
              ) : (
                <>
                  <Text size="sm" c="dimmed" mt="xs">
                    This is the letter {o.candidate?.name ?? 'the candidate'} will receive.
                  </Text>
                  <div className="offer-letter" data-testid="letter-preview" dangerouslySetInnerHTML={{ __html: preview.data.html }} />
                  <Group mt="sm">
                    <Button onClick={() => act.mutate('send')} loading={act.isPending && act.variables === 'send'}>
                      Send offer
                    </Button>
                    <Button variant="default" onClick={() => setPreviewing(false)}>
                      Not yet
                    </Button>
                  </Group>
                </>
              )
            ) : (
              <Text size="sm" mt="xs">
                Preview the letter before sending it.
              </Text>
            )}
          </Paper>
        )}
        {staff && o.status === 'sent' && (
          <Button onClick={() => act.mutate('accept')} loading={act.isPending && act.variables === 'accept'}>
            Record acceptance
          </Button>
        )}
        <ErrorAlert error={act.error} title="Not done" />
      </Stack>
    </>
  );
}
