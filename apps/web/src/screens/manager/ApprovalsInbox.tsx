import { Anchor, Button, Table, Text } from '@mantine/core';
import { useInfiniteQuery } from '@tanstack/react-query';
import { Link } from 'react-router';
import { api, Schemas, unwrap } from '../../api/client';
import { useAuth } from '../../app/auth';
import { label } from '../../app/labels';
import { ErrorAlert, fmtDate, fmtMoney, Loading, PageTitle } from '../../components/common';

/** Whether the offer's current step names the user or a role they hold (the offer page's hint; the API decides). */
export function isMyTurn(offer: Schemas['OfferDto'], me: Schemas['MeDto']): boolean {
  const step = offer.approvals.find((a) => a.state === 'current');
  if (!step || offer.status !== 'pending_approval') return false;
  if (step.approvers) return step.approvers.some((a) => a.id === me.user.id);
  return step.userId ? step.userId === me.user.id : !!step.role && (me.user.roles as string[]).includes(step.role);
}

const STEP_LABEL: Record<string, string> = { hiring_manager: 'as hiring manager', recruiter: 'as recruiter', admin: 'as admin' };

/** Offers whose current approval step is the user's: one call to GET /v1/offers/awaiting-my-approval per page. */
export default function ApprovalsInbox() {
  const { me } = useAuth();
  const inbox = useInfiniteQuery({
    queryKey: ['approvals', me?.user.id],
    enabled: !!me,
    initialPageParam: undefined as string | undefined,
    queryFn: ({ pageParam }) => unwrap(api.GET('/v1/offers/awaiting-my-approval', { params: { query: { limit: 25, cursor: pageParam } } })),
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  });
  const rows = inbox.data?.pages.flatMap((p) => p.data) ?? [];
  return (
    <>
      <PageTitle sub="Offers waiting for your approval, oldest submission first.">Approvals</PageTitle>
      <ErrorAlert error={inbox.error} />
      {inbox.isPending ? (
        <Loading label="Loading approvals" />
      ) : rows.length === 0 ? (
        <Text>No offer is waiting for you.</Text>
      ) : (
        <div className="scroll-x" tabIndex={0} role="region" aria-label="Table (scrolls sideways)">
          <Table striped>
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Candidate</Table.Th>
                <Table.Th>Job</Table.Th>
                <Table.Th>Base</Table.Th>
                <Table.Th>Your step</Table.Th>
                <Table.Th>Submitted</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {rows.map((offer) => (
                <Table.Tr key={offer.id}>
                  <Table.Td>
                    <Anchor component={Link} to={`/offers/${offer.id}`}>
                      {offer.candidateName}
                    </Anchor>
                  </Table.Td>
                  <Table.Td>{offer.jobTitle}</Table.Td>
                  <Table.Td>{fmtMoney(offer.base.amount, offer.base.currency, offer.base.period)}</Table.Td>
                  <Table.Td>
                    Step {offer.step.step + 1}:{' '}
                    {offer.step.userId ? 'you, by name' : (STEP_LABEL[offer.step.role ?? ''] ?? `as ${label('role', offer.step.role).toLowerCase()}`)}
                    {offer.step.reason === 'out_of_band' ? ' (out of band)' : ''}
                  </Table.Td>
                  <Table.Td>{fmtDate(offer.submittedAt)}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </div>
      )}
      {inbox.hasNextPage && (
        <Button variant="default" mt="md" onClick={() => void inbox.fetchNextPage()} loading={inbox.isFetchingNextPage}>
          Load more
        </Button>
      )}
    </>
  );
}
