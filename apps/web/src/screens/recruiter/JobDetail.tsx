import { Anchor, Badge, Button, Checkbox, Grid, Group, Modal, Paper, Stack, Table, Text, TextInput, Title, Typography } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { Link, useParams } from 'react-router';
import { api, unwrap } from '../../api/client';
import { useAuth } from '../../app/auth';
import { ErrorAlert, fmtDate, fmtMoney, Loading, PageTitle } from '../../components/common';
import { FindingsList } from '../../components/FindingsPreview';
import { STATUS_COLOR } from './JobsList';

const POSTING_COLOR: Record<string, string> = { pending: 'gray', publishing: 'blue', live: 'green', closing: 'orange', closed: 'gray', failed: 'red', expired: 'gray' };

export default function JobDetail() {
  const { id = '' } = useParams();
  const { hasRole, me } = useAuth();
  const queryClient = useQueryClient();
  const canEdit = hasRole('admin', 'recruiter');
  const job = useQuery({ queryKey: ['job', id], queryFn: () => unwrap(api.GET('/v1/jobs/{id}', { params: { path: { id } } })) });
  const [closeOpen, setCloseOpen] = useState(false);
  const [closeReason, setCloseReason] = useState('');
  const transition = useMutation({
    mutationFn: async (action: 'open' | 'hold' | 'close') => {
      if (action === 'open') return unwrap(api.POST('/v1/jobs/{id}/open', { params: { path: { id } }, body: {} }));
      if (action === 'hold') return unwrap(api.POST('/v1/jobs/{id}/hold', { params: { path: { id } }, body: {} }));
      return unwrap(api.POST('/v1/jobs/{id}/close', { params: { path: { id } }, body: { reason: closeReason } }));
    },
    onSuccess: (data) => {
      queryClient.setQueryData(['job', id], data);
      setCloseOpen(false);
      void queryClient.invalidateQueries({ queryKey: ['jobs'] });
    },
  });
  if (job.isPending) return <Loading label="Loading the job" />;
  if (job.error) return <ErrorAlert error={job.error} />;
  const j = job.data;
  return (
    <>
      <Group justify="space-between" align="flex-start">
        <PageTitle sub={`${j.seniority} · ${j.workModel} · ${j.employmentType} · ${j.filled}/${j.openings} filled`}>
          {j.title}{' '}
          <Badge color={STATUS_COLOR[j.status]} variant="light" size="lg" ml="xs">
            {j.status.replace('_', ' ')}
          </Badge>
        </PageTitle>
        <Group>
          <Button component={Link} to={`/jobs/${id}/pipeline`} variant="default">
            Pipeline board
          </Button>
          {canEdit && j.status !== 'open' && j.status !== 'closed' && (
            <Button onClick={() => transition.mutate('open')} loading={transition.isPending && transition.variables === 'open'}>
              Open job
            </Button>
          )}
          {canEdit && j.status === 'open' && (
            <Button variant="default" onClick={() => transition.mutate('hold')}>
              Put on hold
            </Button>
          )}
          {canEdit && j.status !== 'closed' && (
            <Button color="red" variant="outline" onClick={() => setCloseOpen(true)}>
              Close job
            </Button>
          )}
        </Group>
      </Group>
      <ErrorAlert error={transition.error} title="The job's status did not change" />
      <Modal opened={closeOpen} onClose={() => setCloseOpen(false)} title="Close job">
        <TextInput label="Reason" required value={closeReason} onChange={(e) => setCloseReason(e.currentTarget.value)} />
        <Button mt="md" color="red" onClick={() => transition.mutate('close')} loading={transition.isPending}>
          Close job
        </Button>
      </Modal>
      <Grid gap="lg" mt="md">
        <Grid.Col span={{ base: 12, md: 7 }}>
          <Paper withBorder p="md">
            <Title order={2} size="h4" mb="xs">
              Description
            </Title>
            <Typography>
              {/* The API sanitizes rendered HTML (no scripts, handlers or javascript: links). */}
              <div dangerouslySetInnerHTML={{ __html: j.description.html }} />
            </Typography>
          </Paper>
        </Grid.Col>
        <Grid.Col span={{ base: 12, md: 5 }}>
          <Stack>
            <Paper withBorder p="md">
              <Title order={2} size="h4" mb="xs">
                Salary band
              </Title>
              {j.salary ? (
              <Text>
                {fmtMoney(j.salary.min, j.salary.currency)} – {fmtMoney(j.salary.max, j.salary.currency, j.salary.period)} {j.salary.suggested && <Badge variant="light">suggested</Badge>}
              </Text>
              ) : (
                <Text>No salary band.</Text>
              )}
            </Paper>
            <Paper withBorder p="md">
              <FindingsList findings={j.findings} />
            </Paper>
            {canEdit && me && <PostingPanel jobId={id} orgSlug={me.organization.slug} jobOpen={j.status === 'open'} />}
            <Paper withBorder p="md">
              <Title order={2} size="h4" mb="xs">
                Interview plan
              </Title>
              <ol style={{ margin: 0, paddingLeft: 20 }}>
                {j.interviewPlan.map((s) => (
                  <li key={s.id}>
                    <Text size="sm">
                      {s.name}
                      {s.kitKey ? ` · kit ${s.kitKey}` : ''}
                      {s.slaDays ? ` · SLA ${s.slaDays}d` : ''}
                    </Text>
                  </li>
                ))}
              </ol>
            </Paper>
          </Stack>
        </Grid.Col>
      </Grid>
    </>
  );
}

function PostingPanel({ jobId, orgSlug, jobOpen }: { jobId: string; orgSlug: string; jobOpen: boolean }) {
  const queryClient = useQueryClient();
  const postings = useQuery({
    queryKey: ['postings', jobId],
    queryFn: () => unwrap(api.GET('/v1/jobs/{id}/postings', { params: { path: { id: jobId } } })),
    refetchInterval: (q) => (q.state.data?.data.some((p) => p.status === 'pending' || p.status === 'publishing' || p.status === 'closing') ? 1500 : false),
  });
  const partners = useQuery({ queryKey: ['partner-boards'], queryFn: () => unwrap(api.GET('/v1/partner-boards')), retry: false });
  const [boards, setBoards] = useState<string[]>(['careers']);
  const post = useMutation({
    mutationFn: () => unwrap(api.POST('/v1/jobs/{id}/postings', { params: { path: { id: jobId } }, body: { boards } })),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ['postings', jobId] }),
  });
  const retry = useMutation({
    mutationFn: (postingId: string) => unwrap(api.POST('/v1/postings/{id}/retry', { params: { path: { id: postingId } } })),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ['postings', jobId] }),
  });
  const unpublish = useMutation({
    mutationFn: (postingId: string) => unwrap(api.DELETE('/v1/postings/{id}', { params: { path: { id: postingId } } })),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ['postings', jobId] }),
  });
  const boardOptions = [
    { value: 'careers', label: 'Careers page' },
    { value: 'indeed', label: 'Indeed feed' },
    { value: 'linkedin', label: 'LinkedIn feed' },
    ...(partners.data?.data ?? []).filter((b) => b.active).map((b) => ({ value: b.id, label: `${b.name} (partner)` })),
  ];
  const boardName = (key: string) => boardOptions.find((b) => b.value === key)?.label ?? key;
  return (
    <Paper withBorder p="md" role="region" aria-label="Postings">
      <Title order={2} size="h4" mb="xs">
        Postings
      </Title>
      <Checkbox.Group label="Boards" value={boards} onChange={setBoards}>
        <Group mt={4}>
          {boardOptions.map((b) => (
            <Checkbox key={b.value} value={b.value} label={b.label} />
          ))}
        </Group>
      </Checkbox.Group>
      <Button mt="sm" onClick={() => post.mutate()} loading={post.isPending} disabled={!jobOpen || boards.length === 0}>
        Post to selected boards
      </Button>
      {!jobOpen && (
        <Text size="xs" c="dimmed" mt={4}>
          Open the job to post it.
        </Text>
      )}
      <ErrorAlert error={post.error ?? retry.error ?? unpublish.error} title="Posting failed" />
      <Table mt="sm" fz="sm">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>Board</Table.Th>
            <Table.Th>Status</Table.Th>
            <Table.Th>Actions</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {(postings.data?.data ?? []).map((p) => (
            <Table.Tr key={p.id} data-board={p.board}>
              <Table.Td>{boardName(p.board)}</Table.Td>
              <Table.Td>
                <Badge color={POSTING_COLOR[p.status]} variant="light" data-testid={`posting-status-${p.board}`}>
                  {p.status}
                </Badge>
                {p.lastError ? (
                  <Text size="xs" c="red.9">
                    {String(typeof p.lastError === 'string' ? p.lastError : JSON.stringify(p.lastError))} (attempt {p.attempts})
                  </Text>
                ) : null}
                {p.publishedAt && <Text size="xs" c="dimmed">since {fmtDate(p.publishedAt)}</Text>}
              </Table.Td>
              <Table.Td>
                <Group gap={6}>
                  {p.board === 'careers' && p.status === 'live' && (
                    <Anchor href={p.url ? new URL(p.url, window.location.origin).pathname : `/careers/${orgSlug}/jobs/${p.id}`} target="_blank" rel="noopener">
                      Careers page
                    </Anchor>
                  )}
                  {p.url && p.board !== 'careers' && (
                    <Anchor href={p.url} target="_blank" rel="noopener">
                      Open
                    </Anchor>
                  )}
                  {p.status === 'failed' && (
                    <Button size="compact-xs" onClick={() => retry.mutate(p.id)} loading={retry.isPending}>
                      Retry
                    </Button>
                  )}
                  {(p.status === 'live' || p.status === 'failed' || p.status === 'pending') && (
                    <Button size="compact-xs" variant="default" onClick={() => unpublish.mutate(p.id)}>
                      Unpublish
                    </Button>
                  )}
                </Group>
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
      <Group gap="sm" mt="xs">
        <Anchor size="sm" href={`/careers/${orgSlug}`} target="_blank" rel="noopener">
          Careers site
        </Anchor>
        <Anchor size="sm" href={`/feeds/${orgSlug}/indeed.xml`} target="_blank" rel="noopener">
          Indeed feed
        </Anchor>
        <Anchor size="sm" href={`/feeds/${orgSlug}/linkedin.xml`} target="_blank" rel="noopener">
          LinkedIn feed
        </Anchor>
      </Group>
    </Paper>
  );
}
