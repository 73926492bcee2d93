import { Badge, Button, Group, Paper, Stack, Table, Text, Textarea, Title } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useParams } from 'react-router';
import { api, unwrap } from '../../api/client';
import { useAuth } from '../../app/auth';
import { ErrorAlert, fmtDate, fmtDay, fmtMoney, Loading, PageTitle } from '../../components/common';
import { isMyTurn } from './ApprovalsInbox';
import { label } from '../../app/labels';

export default function OfferPage() {
  const { id = '' } = useParams();
  const { me, hasRole } = useAuth();
  const queryClient = useQueryClient();
  const offer = useQuery({ queryKey: ['offer', id], queryFn: () => unwrap(api.GET('/v1/offers/{id}', { params: { path: { id } } })) });
  const [comment, setComment] = useState('');
  const [commentError, setCommentError] = useState<string | null>(null);
  const act = useMutation({
    mutationFn: async (action: 'approve' | 'reject' | 'send' | 'accept' | 'withdraw') => {
      const version = offer.data!.version;
      if (action === 'approve')
        return unwrap(api.POST('/v1/offers/{id}/approve', { params: { path: { id } }, body: { version, ...(comment ? { comment } : {}) } }));
      if (action === 'reject') return unwrap(api.POST('/v1/offers/{id}/reject', { params: { path: { id } }, body: { version, comment } }));
      if (action === 'send') return unwrap(api.POST('/v1/offers/{id}/send', { params: { path: { id } }, body: { version } }));
      if (action === 'accept') return unwrap(api.POST('/v1/offers/{id}/accept', { params: { path: { id } }, body: { version } }));
      return unwrap(api.POST('/v1/offers/{id}/withdraw', { params: { path: { id } }, body: { version, reason: comment || 'Withdrawn' } }));
    },
    onSuccess: (data) => {
      queryClient.setQueryData(['offer', id], data);
      void queryClient.invalidateQueries({ queryKey: ['approvals'] });
      setComment('');
    },
  });
  if (offer.isPending) return <Loading label="Loading the offer" />;
  if (offer.error) return <ErrorAlert error={offer.error} />;
  const o = offer.data;
  const myTurn = me ? isMyTurn(o, me) : false;
  return (
    <>
      <PageTitle sub={`Start ${fmtDay(o.startDate)} · expires ${fmtDay(o.expiresAt)}`}>
        Offer{' '}
        <Badge size="lg" variant="light" data-testid="offer-status">
          {label('offerStatus', o.status)}
        </Badge>
      </PageTitle>
      <Stack maw={760}>
        <Paper withBorder p="md">
          <Text>
            Base: <strong>{fmtMoney(o.base.amount, o.base.currency, o.base.period)}</strong>{' '}
            {o.outOfBand && (
              <Badge color="orange" variant="light">
                outside the band
              </Badge>
            )}
          </Text>
          {o.justification ? <Text size="sm">Justification: {o.justification}</Text> : null}
          {o.lastRejectionComment ? (
            <Text size="sm" c="red.9">
              Last rejection: {o.lastRejectionComment}
            </Text>
          ) : null}
        </Paper>
        <Paper withBorder p="md">
          <Title order={2} size="h4" mb="xs">
            Approval chain
          </Title>
          <Table fz="sm">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Step</Table.Th>
                <Table.Th>Approver</Table.Th>
                <Table.Th>State</Table.Th>
                <Table.Th>Comment</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {o.approvals.map((a) => (
                <Table.Tr key={a.step}>
                  <Table.Td>{a.step}</Table.Td>
                  <Table.Td>
                    {a.userId ? (a.userId === me?.user.id ? 'you' : 'named user') : label('role', a.role)}
                    {a.reason === 'out_of_band' ? ' (out of band)' : ''}
                  </Table.Td>
                  <Table.Td>
                    {a.state}
                    {a.decidedAt ? ` · ${fmtDate(a.decidedAt)}` : ''}
                  </Table.Td>
                  <Table.Td>{a.comment ?? ''}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Paper>
        {myTurn && (
          <Paper withBorder p="md" role="region" aria-label="Your approval">
            <Textarea
              label="Comment"
              description="Required when rejecting"
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
                Reject offer
              </Button>
            </Group>
          </Paper>
        )}
        {hasRole('admin', 'recruiter') && o.status === 'approved' && (
          <Button onClick={() => act.mutate('send')} loading={act.isPending}>
            Send offer
          </Button>
        )}
        {hasRole('admin', 'recruiter') && o.status === 'sent' && (
          <Button onClick={() => act.mutate('accept')} loading={act.isPending}>
            Record acceptance
          </Button>
        )}
        <ErrorAlert error={act.error} title="Not done" />
      </Stack>
    </>
  );
}
