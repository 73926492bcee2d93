import { Anchor, Table, Text } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { Link } from 'react-router';
import { useAuth } from '../../app/auth';
import { ErrorAlert, fmtDate, humanDuration, Loading, PageTitle } from '../../components/common';
import { applicationsInStages, myOpenJobs } from './queries';

export default function DecisionQueue() {
  const { me } = useAuth();
  const queue = useQuery({
    queryKey: ['decision-queue', me?.user.id],
    enabled: !!me,
    queryFn: async () => {
      const jobs = await myOpenJobs(me!);
      const lists = await Promise.all(jobs.map(async (job) => (await applicationsInStages(job.id, ['hiring_manager'], 'offer')).map((a) => ({ ...a, jobTitle: job.title }))));
      return lists.flat().sort((a, b) => a.stageEnteredAt.localeCompare(b.stageEnteredAt));
    },
  });
  return (
    <>
      <PageTitle sub="Applications waiting for your decision on your jobs, oldest first.">Decision queue</PageTitle>
      <ErrorAlert error={queue.error} />
      {queue.isPending ? (
        <Loading label="Loading the queue" />
      ) : (queue.data ?? []).length === 0 ? (
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
                <Table.Th>Scorecards</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {queue.data!.map((a) => (
                <Table.Tr key={a.id}>
                  <Table.Td>
                    <Anchor component={Link} to={`/applications/${a.id}/packet`}>
                      {a.candidateName}
                    </Anchor>
                  </Table.Td>
                  <Table.Td>{a.jobTitle}</Table.Td>
                  <Table.Td>{a.stageName}</Table.Td>
                  <Table.Td title={fmtDate(a.stageEnteredAt)}>{humanDuration(a.secondsInStage)}</Table.Td>
                  <Table.Td>{a.scorecardStatus ?? '—'}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </div>
      )}
    </>
  );
}
