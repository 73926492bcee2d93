import { Alert, Anchor, Badge, Button, Checkbox, Grid, Group, Modal, Paper, Stack, Table, Text, TextInput, Title, Typography } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { Link, useParams } from 'react-router';
import { api, ApiError, Schemas, unwrap } from '../../api/client';
import { useAuth } from '../../app/auth';
import { ErrorAlert, fieldError, fmtDate, fmtMoney, Loading, PageTitle } from '../../components/common';
import { FindingsList } from '../../components/FindingsPreview';
import {
  InterviewPlanEditor,
  planErrorsFromProblem,
  planFromStages,
  PlanErrors,
  PlanStage,
  toStageInput,
  validatePlan,
} from '../../components/InterviewPlanEditor';
import { STATUS_COLOR } from './JobsList';
import { label } from '../../app/labels';

const POSTING_COLOR: Record<string, string> = {
  pending: 'gray',
  publishing: 'blue',
  live: 'green',
  closing: 'orange',
  closed: 'gray',
  failed: 'red',
  expired: 'gray',
};

export default function JobDetail() {
  const { id = '' } = useParams();
  const { hasRole, me } = useAuth();
  const queryClient = useQueryClient();
  const canEdit = hasRole('admin', 'recruiter');
  const job = useQuery({ queryKey: ['job', id], queryFn: () => unwrap(api.GET('/v1/jobs/{id}', { params: { path: { id } } })) });
  const [closeOpen, setCloseOpen] = useState(false);
  const [closeReason, setCloseReason] = useState('');
  const [closeReasonError, setCloseReasonError] = useState<string | undefined>();
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
        <PageTitle
          sub={`${label('seniority', j.seniority)} · ${label('workModel', j.workModel)} · ${label('employmentType', j.employmentType)} · ${j.filled}/${j.openings} filled`}
        >
          {j.title}{' '}
          <Badge color={STATUS_COLOR[j.status]} variant="light" size="lg" ml="xs">
            {label('jobStatus', j.status)}
          </Badge>
        </PageTitle>
        <Group>
          <Button component={Link} to={`/jobs/${id}/pipeline`} variant="default">
            Pipeline board
          </Button>
          {canEdit && j.status !== 'closed' && (
            <Button component={Link} to={`/jobs/${id}/edit`} variant="default">
              Edit job
            </Button>
          )}
          {canEdit && j.status !== 'open' && j.status !== 'closed' && (
            <Button onClick={() => transition.mutate('open')} loading={transition.isPending && transition.variables === 'open'}>
              Open job
            </Button>
          )}
          {canEdit && j.status === 'open' && (
            <Button variant="default" onClick={() => transition.mutate('hold')} loading={transition.isPending && transition.variables === 'hold'}>
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
      {transition.variables !== 'close' && <ErrorAlert error={transition.error} title="The job's status did not change" />}
      <Modal opened={closeOpen} onClose={() => setCloseOpen(false)} title="Close job" closeButtonProps={{ 'aria-label': 'Cancel closing the job' }}>
        <form
          aria-label="Close job"
          onSubmit={(e) => {
            e.preventDefault();
            if (!closeReason.trim()) {
              setCloseReasonError('Give the reason for closing the job');
              return;
            }
            setCloseReasonError(undefined);
            transition.mutate('close');
          }}
          noValidate
        >
          <TextInput
            label="Reason"
            required
            data-autofocus
            value={closeReason}
            onChange={(e) => {
              setCloseReason(e.currentTarget.value);
              setCloseReasonError(undefined);
            }}
            error={closeReasonError ?? (transition.variables === 'close' ? fieldError(transition.error, 'reason') : undefined)}
          />
          {transition.variables === 'close' && transition.error && !fieldError(transition.error, 'reason') ? (
            <ErrorAlert error={transition.error} title="The job was not closed" />
          ) : null}
          <Group mt="md">
            <Button type="submit" color="red.9" loading={transition.isPending && transition.variables === 'close'}>
              Close job
            </Button>
            <Button variant="default" onClick={() => setCloseOpen(false)}>
              Cancel
            </Button>
          </Group>
        </form>
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
                  {fmtMoney(j.salary.min, j.salary.currency)} – {fmtMoney(j.salary.max, j.salary.currency, j.salary.period)}{' '}
                  {j.salary.suggested && <Badge variant="light">suggested</Badge>}
                </Text>
              ) : (
                <Text>No salary band.</Text>
              )}
            </Paper>
            <Paper withBorder p="md">
              <FindingsList findings={j.findings} />
            </Paper>
            {canEdit && me && <PostingPanel jobId={id} orgSlug={me.organization.slug} jobOpen={j.status === 'open'} />}
            <InterviewPlanPanel job={j} canEdit={canEdit} />
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
                  {label('postingStatus', p.status)}
                </Badge>
                {p.lastError ? (
                  <Text size="xs" c="red.9">
                    {p.lastError} (attempt {p.attempts})
                  </Text>
                ) : null}
                {p.lastErrorExcerpt ? (
                  <Text size="xs" c="dimmed">
                    The board said: “{p.lastErrorExcerpt}”
                  </Text>
                ) : null}
                {p.publishedAt && (
                  <Text size="xs" c="dimmed">
                    since {fmtDate(p.publishedAt)}
                  </Text>
                )}
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

/**
 * The job's interview plan, and (for recruiters and admins) an editor that replaces it with PUT /v1/jobs/:id/stages.
 * The draft survives a failed save and closing the dialog; only a successful save or "Discard changes" drops it.
 */
function InterviewPlanPanel({ job, canEdit }: { job: Schemas['JobDto']; canEdit: boolean }) {
  const queryClient = useQueryClient();
  const [opened, setOpened] = useState(false);
  const [draft, setDraft] = useState<PlanStage[] | null>(null);
  const [errors, setErrors] = useState<PlanErrors>({});
  const [saved, setSaved] = useState(false);
  const save = useMutation({
    mutationFn: (rows: PlanStage[]) =>
      unwrap(api.PUT('/v1/jobs/{id}/stages', { params: { path: { id: job.id } }, body: { stages: toStageInput(rows), version: job.version } })),
    onSuccess: (data) => {
      queryClient.setQueryData(['job', job.id], data);
      void queryClient.invalidateQueries({ queryKey: ['board', job.id] });
      void queryClient.invalidateQueries({ queryKey: ['column', job.id] });
      setDraft(null);
      setErrors({});
      setOpened(false);
      setSaved(true);
    },
    onError: (error, rows) => {
      setErrors(planErrorsFromProblem(error, 'stages', rows).errors);
      // A stale version: reload the job so the next save goes against what is there now; the draft stays.
      if (error instanceof ApiError && error.problem.code === 'jobs.stale_version') void queryClient.invalidateQueries({ queryKey: ['job', job.id] });
    },
  });
  const problem = save.error instanceof ApiError ? save.error.problem : undefined;
  const occupied = problem?.code === 'jobs.stage_occupied';
  const occupiedIds = Array.isArray(problem?.occupiedStageIds) ? (problem.occupiedStageIds as string[]) : [];
  const removedOccupied = draft ? job.interviewPlan.filter((s) => occupiedIds.includes(s.id) && !draft.some((r) => r.id === s.id)) : [];
  const leftover = save.error instanceof ApiError && draft ? planErrorsFromProblem(save.error, 'stages', save.variables ?? draft).leftover : [];

  const openEditor = () => {
    if (!draft) setDraft(planFromStages(job.interviewPlan));
    setSaved(false);
    setOpened(true);
  };
  const discard = () => {
    setDraft(null);
    setErrors({});
    save.reset();
    setOpened(false);
  };
  const putBack = () => {
    if (!draft) return;
    const next = [...draft];
    for (const stage of [...removedOccupied].sort((a, b) => a.position - b.position))
      next.splice(Math.min(stage.position, next.length), 0, planFromStages([stage])[0]);
    setDraft(next);
  };

  return (
    <Paper withBorder p="md" role="region" aria-labelledby="interview-plan-title">
      <Group justify="space-between" mb="xs">
        <Title order={2} size="h4" id="interview-plan-title">
          Interview plan
        </Title>
        {canEdit && job.status !== 'closed' && (
          <Button size="compact-sm" variant="default" onClick={openEditor}>
            {draft ? 'Continue editing the plan' : 'Edit interview plan'}
          </Button>
        )}
      </Group>
      {draft && !opened && (
        <Text size="xs" fw={600} mb={4}>
          You have unsaved changes to the plan.
        </Text>
      )}
      {saved && (
        <Text size="xs" fw={600} mb={4} role="status">
          Interview plan saved.
        </Text>
      )}
      <ol style={{ margin: 0, paddingLeft: 20 }} data-testid="interview-plan">
        {job.interviewPlan.map((s) => (
          <li key={s.id}>
            <Text size="sm">
              {s.name}
              {s.kitKey ? ` · kit ${s.kitKey}` : ''}
              {s.slaDays ? ` · SLA ${s.slaDays}d` : ''}
            </Text>
          </li>
        ))}
      </ol>
      <Modal opened={opened && !!draft} onClose={() => setOpened(false)} title="Edit interview plan" size="xl" closeButtonProps={{ 'aria-label': 'Close' }}>
        <Text size="sm" c="dimmed" mb="sm">
          Stages holding applications cannot be removed, renamed, given another kind or moved; their kit and SLA can change.
        </Text>
        {draft && (
          <form
            noValidate
            aria-label="Interview plan"
            onSubmit={(e) => {
              e.preventDefault();
              const invalid = validatePlan(draft);
              setErrors(invalid);
              if (Object.keys(invalid).length === 0) save.mutate(draft);
            }}
          >
            <InterviewPlanEditor value={draft} onChange={setDraft} errors={errors} disabled={save.isPending} />
            {occupied ? (
              <Alert color="red" title="Some stages hold applications" role="alert" mt="md" variant="light">
                <Text size="sm" c="red.9">
                  The plan was not saved: this change would remove, rename, re-kind or move stages that applications sit in. Move those applications on the
                  pipeline board first, or keep the marked stages as they were. Your edits are still here.
                </Text>
                {leftover.length > 0 && (
                  <ul style={{ margin: '4px 0 0', paddingLeft: 18 }}>
                    {leftover.map((e) => (
                      <li key={e.field + e.message}>
                        <Text size="sm" c="red.9">
                          Removed {e.message}
                        </Text>
                      </li>
                    ))}
                  </ul>
                )}
                {removedOccupied.length > 0 && (
                  <Button mt="xs" size="compact-sm" variant="default" onClick={putBack}>
                    Put back the removed stages that hold applications
                  </Button>
                )}
              </Alert>
            ) : problem?.code === 'jobs.stale_version' ? (
              <Alert color="orange" title="The job changed meanwhile" role="alert" mt="md" variant="light">
                <Text size="sm">
                  Someone else changed this job since you opened it. The page now shows their version; your edits are still here — check them and save again.
                </Text>
              </Alert>
            ) : (
              save.error && (
                <Stack mt="md">
                  <ErrorAlert error={save.error} title="The plan was not saved" />
                </Stack>
              )
            )}
            <Group mt="md" justify="space-between">
              <Button variant="outline" color="red" onClick={discard}>
                Discard changes
              </Button>
              <Button type="submit" loading={save.isPending}>
                Save plan
              </Button>
            </Group>
          </form>
        )}
      </Modal>
    </Paper>
  );
}
