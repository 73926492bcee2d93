import { Anchor, Table, Text } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { Link } from 'react-router';
import { api, Schemas, unwrap } from '../../api/client';
import { useAuth } from '../../app/auth';
import { ErrorAlert, fmtDate, fmtMoney, Loading, PageTitle } from '../../components/common';
import { applicationsInStages, myOpenJobs } from './queries';

export function isMyTurn(offer: Schemas['OfferDto'], me: Schemas['MeDto']): boolean {
  const step = offer.approvals.find((a) => a.state === 'current');
  if (!step || offer.status !== 'pending_approval') return false;
  return step.userId ? step.userId === me.user.id : !!step.role && (me.user.roles as string[]).includes(step.role);
}

export default function ApprovalsInbox() {
  const { me } = useAuth();
  const inbox = useQuery({
    queryKey: ['approvals', me?.user.id],
    enabled: !!me,
    queryFn: async () => {
      const jobs = await myOpenJobs(me!);
      const apps = (await Promise.all(jobs.map(async (job) => (await applicationsInStages(job.id, ['offer'])).map((a) => ({ ...a, jobTitle: job.title }))))).flat();
      const offers = await Promise.all(apps.map(async (a) => (await unwrap(api.GET('/v1/applications/{id}/offers', { params: { path: { id: a.id } } }))).data.map((o) => ({ offer: o, app: a }))));
      return offers.flat().filter(({ offer }) => isMyTurn(offer, me!));
    },
  });
  return (
    <>
      <PageTitle sub="Offers waiting for your approval.">Approvals</PageTitle>
      <ErrorAlert error={inbox.error} />
      {inbox.isPending ? (
        <Loading label="Loading approvals" />
      ) : (inbox.data ?? []).length === 0 ? (
        <Text>No offer is waiting for you.</Text>
      ) : (
        <Table striped>
          <Table.Thead>
            <Table.Tr>
              <Table.Th>Candidate</Table.Th>
              <Table.Th>Job</Table.Th>
              <Table.Th>Base</Table.Th>
              <Table.Th>Submitted</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {inbox.data!.map(({ offer, app }) => (
              <Table.Tr key={offer.id}>
                <Table.Td>
                  <Anchor component={Link} to={`/offers/${offer.id}`}>
                    {app.candidateName}
                  </Anchor>
                </Table.Td>
                <Table.Td>{app.jobTitle}</Table.Td>
                <Table.Td>{fmtMoney(offer.base.amount, offer.base.currency, offer.base.period)}</Table.Td>
                <Table.Td>{fmtDate(offer.submittedAt as string | undefined)}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
    </>
  );
}
