import { Anchor, Badge, Button, Table, Text } from '@mantine/core';
import { useInfiniteQuery } from '@tanstack/react-query';
import { Link } from 'react-router';
import { api, unwrap } from '../../api/client';
import { useAuth } from '../../app/auth';
import { ErrorAlert, fmtDate, humanDuration, Loading, PageTitle } from '../../components/common';

/** Applications waiting for a decision on the user's jobs: one call to GET /v1/decision-queue per page. */
export default function DecisionQueue() {
  const { me, hasRole } = useAuth();
  const queue = useInfiniteQuery({
    queryKey: ['decision-queue', me?.user.id],
    enabled: !!me,
    initialPageParam: undefined as string | undefined,
    queryFn: ({ pageParam }) => unwrap(api.GET('/v1/decision-queue', { params: { query: { limit: 25, cursor: pageParam } } })),
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  });
  const rows = queue.data?.pages.flatMap((p) => p.data) ?? [];
  return (
    <>
      <PageTitle
        sub={
          hasRole('admin', 'recruiter')
            ? 'Applications waiting for a hiring decision on every job, oldest first.'
            : 'Applications waiting for your decision on your jobs, oldest first.'
        }
      >
        Decision queue
      </PageTitle>
      <ErrorAlert error={queue.error} />
      {queue.isPending ? (
        <Loading label="Loading the queue" />
      ) : rows.length === 0 ? (
        <Text>Nothing is waiting for a decision.</Text>
      ) : (
        <div className="scroll-x" tabIndex={0} role="region" aria-label="Table (scrolls sideways)">
          <Table striped>
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Candidate</Table.Th>
                <Table.Th>Job</Table.Th>
                <Table.Th>Stage</Table.Th>
                <Table.Th>Waiting</Table.Th>
                <Table.Th>Scorecards owed</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {rows.map((a) => (
                <Table.Tr key={a.applicationId}>
                  <Table.Td>
                    <Anchor component={Link} to={`/applications/${a.applicationId}/packet`}>
                      {a.candidateName}
                    </Anchor>
                  </Table.Td>
                  <Table.Td>{a.jobTitle}</Table.Td>
                  <Table.Td>{a.stageName}</Table.Td>
                  <Table.Td title={fmtDate(a.stageEnteredAt)}>{humanDuration(a.secondsInStage)}</Table.Td>
                  <Table.Td>
                    {a.owedScorecards > 0 ? (
                      <Badge color="orange" variant="light">
                        {a.owedScorecards} owed
                      </Badge>
                    ) : (
                      'none'
                    )}
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </div>
      )}
      {queue.hasNextPage && (
        <Button variant="default" mt="md" onClick={() => void queue.fetchNextPage()} loading={queue.isFetchingNextPage}>
          Load more
        </Button>
      )}
    </>
  );
}
