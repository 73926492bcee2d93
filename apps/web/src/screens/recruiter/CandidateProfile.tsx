import { Anchor, Badge, Button, Checkbox, Grid, Group, Paper, Stack, Text, Textarea, Title } from '@mantine/core';
import { useInfiniteQuery, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useForm } from 'react-hook-form';
import { Link, useParams } from 'react-router';
import { api, unwrap } from '../../api/client';
import { useAuth } from '../../app/auth';
import { applyProblem, ErrorAlert, fmtDate, Loading, PageTitle } from '../../components/common';

export default function CandidateProfile() {
  const { id = '' } = useParams();
  const { hasRole } = useAuth();
  const staff = hasRole('admin', 'recruiter');
  const queryClient = useQueryClient();
  const candidate = useQuery({ queryKey: ['candidate', id], queryFn: () => unwrap(api.GET('/v1/candidates/{id}', { params: { path: { id } } })) });
  const activity = useInfiniteQuery({
    queryKey: ['activity', id],
    initialPageParam: undefined as string | undefined,
    queryFn: ({ pageParam }) => unwrap(api.GET('/v1/candidates/{id}/activity', { params: { path: { id }, query: { limit: 25, cursor: pageParam } } })),
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  });
  const notes = useQuery({ queryKey: ['notes', id], queryFn: () => unwrap(api.GET('/v1/candidates/{id}/notes', { params: { path: { id }, query: { limit: 50 } } })) });
  const duplicates = useQuery({ queryKey: ['duplicates', id], queryFn: () => unwrap(api.GET('/v1/candidates/{id}/duplicates', { params: { path: { id } } })), enabled: staff });
  const merge = useMutation({
    mutationFn: (otherId: string) => unwrap(api.POST('/v1/candidates/{id}/merge', { params: { path: { id } }, body: { otherId } })),
    onSuccess: () => queryClient.invalidateQueries({ predicate: (q) => ['candidate', 'activity', 'duplicates', 'notes'].includes(q.queryKey[0] as string) }),
  });
  const noteForm = useForm<{ body: string; private: boolean }>({ defaultValues: { body: '', private: false } });
  const addNote = useMutation({
    mutationFn: (values: { body: string; private: boolean }) => unwrap(api.POST('/v1/candidates/{id}/notes', { params: { path: { id } }, body: values })),
    onSuccess: () => {
      noteForm.reset();
      void queryClient.invalidateQueries({ queryKey: ['notes', id] });
      void queryClient.invalidateQueries({ queryKey: ['activity', id] });
    },
    onError: (error) => applyProblem(error, noteForm.setError, ['body', 'private']),
  });
  if (candidate.isPending) return <Loading label="Loading the candidate" />;
  if (candidate.error) return <ErrorAlert error={candidate.error} />;
  const c = candidate.data;
  return (
    <>
      <PageTitle sub={[c.emails.join(', '), c.phones.join(', '), c.location].filter(Boolean).join(' · ')}>{c.name}</PageTitle>
      <Grid gap="lg">
        <Grid.Col span={{ base: 12, md: 7 }}>
          <Stack>
            <Paper withBorder p="md">
              <Title order={2} size="h4" mb="xs">
                Applications
              </Title>
              {(c.applications ?? []).map((a) => (
                <Group key={a.id} gap="xs">
                  <Text size="sm">
                    {a.jobTitle} · {a.stageName}
                  </Text>
                  <Badge variant="light">{a.status}</Badge>
                  {hasRole('admin', 'recruiter', 'hiring_manager') && (
                    <Anchor component={Link} to={`/applications/${a.id}/packet`} size="sm">
                      Decision packet
                    </Anchor>
                  )}
                </Group>
              ))}
            </Paper>
            <Paper withBorder p="md">
              <Title order={2} size="h4" mb="xs">
                Resume
              </Title>
              {c.resumeFile ? (
                <Text size="sm">
                  File: {c.resumeFile.fileName} ({Math.round(c.resumeFile.sizeBytes / 1024)} KB)
                </Text>
              ) : null}
              <Text size="sm" style={{ whiteSpace: 'pre-wrap' }}>
                {c.resumeText || 'No resume text.'}
              </Text>
            </Paper>
            <Paper withBorder p="md">
              <Title order={2} size="h4" mb="xs">
                Activity
              </Title>
              <ol style={{ margin: 0, paddingLeft: 20 }}>
                {(activity.data?.pages.flatMap((p) => p.data) ?? []).map((item) => (
                  <li key={item.id}>
                    <Text size="sm">
                      {fmtDate(item.occurredAt)} — {item.kind.replace(/[._]/g, ' ')}
                    </Text>
                  </li>
                ))}
              </ol>
              {activity.hasNextPage && (
                <Button size="xs" variant="default" mt="xs" onClick={() => activity.fetchNextPage()}>
                  Older activity
                </Button>
              )}
            </Paper>
          </Stack>
        </Grid.Col>
        <Grid.Col span={{ base: 12, md: 5 }}>
          <Stack>
            <Paper withBorder p="md">
              <Title order={2} size="h4" mb="xs">
                Notes
              </Title>
              {(notes.data?.data ?? []).map((n) => (
                <Text key={n.id} size="sm" mb={6}>
                  {n.body} <Text span c="dimmed" size="xs">{fmtDate(n.createdAt)}{n.private ? ' · private' : ''}</Text>
                </Text>
              ))}
              {staff && (
                <form onSubmit={noteForm.handleSubmit((v) => addNote.mutate(v))} aria-label="Add a note">
                  <Textarea label="New note" autosize minRows={2} {...noteForm.register('body', { required: 'Write the note first' })} error={noteForm.formState.errors.body?.message} />
                  <Checkbox mt="xs" label="Private (hidden from interviewers)" {...noteForm.register('private')} />
                  <Button mt="xs" type="submit" size="xs" loading={addNote.isPending}>
                    Add note
                  </Button>
                  <ErrorAlert error={addNote.error} />
                </form>
              )}
            </Paper>
            {staff && (
              <Paper withBorder p="md" role="region" aria-label="Possible duplicates">
                <Title order={2} size="h4" mb="xs">
                  Possible duplicates
                </Title>
                {(duplicates.data?.data ?? []).length === 0 && <Text size="sm">None found.</Text>}
                {(duplicates.data?.data ?? []).map((d) => (
                  <Group key={d.candidate.id} justify="space-between" mb={6}>
                    <div>
                      <Anchor component={Link} to={`/candidates/${d.candidate.id}`} size="sm">
                        {d.candidate.name}
                      </Anchor>
                      <Text size="xs" c="dimmed">
                        {d.reasons.join(', ')}
                      </Text>
                    </div>
                    <Button size="xs" variant="default" onClick={() => window.confirm(`Merge ${d.candidate.name} into ${c.name}? Their applications, notes and history move here.`) && merge.mutate(d.candidate.id)} loading={merge.isPending}>
                      Merge into this profile
                    </Button>
                  </Group>
                ))}
                <ErrorAlert error={merge.error} title="Merge failed" />
              </Paper>
            )}
          </Stack>
        </Grid.Col>
      </Grid>
    </>
  );
}
