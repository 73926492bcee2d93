import { Anchor, Group } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { Link, useParams } from 'react-router';
import { api, unwrap } from '../../api/client';
import { useAuth } from '../../app/auth';
import { PageTitle } from '../../components/common';
import { PipelineBoard } from '../../components/PipelineBoard';

export default function PipelinePage() {
  const { id = '' } = useParams();
  const { hasRole } = useAuth();
  const job = useQuery({ queryKey: ['job', id], queryFn: () => unwrap(api.GET('/v1/jobs/{id}', { params: { path: { id } } })) });
  return (
    <>
      <Group justify="space-between">
        <PageTitle sub="Drag a card, or use its Move to menu, to move a candidate. Select several for bulk actions.">
          Pipeline: {job.data?.title ?? '…'}
        </PageTitle>
        <Anchor component={Link} to={`/jobs/${id}`}>
          Job details
        </Anchor>
      </Group>
      <PipelineBoard jobId={id} readOnly={!hasRole('admin', 'recruiter', 'hiring_manager')} canEmail={hasRole('admin', 'recruiter')} />
    </>
  );
}
