import { Alert, Anchor, Badge, Button, Checkbox, FileInput, Grid, Group, Paper, Stack, Text, Textarea, Title } from '@mantine/core';
import { useInfiniteQuery, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { lazy, Suspense, useState } from 'react';
import { useForm } from 'react-hook-form';
import { Link, useParams, useSearchParams } from 'react-router';
import { api, ApiError, downloadFile, errorMessage, Schemas, unwrap, uploadFile } from '../../api/client';
import { useAuth } from '../../app/auth';
import { AnonymizeCandidate, ANONYMISED_SENTENCE, isAnonymised } from './AnonymizeCandidate';
import { CandidateExportPanel } from './CandidateExportPanel';
import { DeleteCandidate } from './DeleteCandidate';
import { ApplicationInterviews } from '../../components/CandidateInterviews';
import { ContactPreferences } from '../../components/ContactPreferences';
import { applyProblem, ErrorAlert, fmtDate, Loading, PageTitle } from '../../components/common';
import { humanize, label } from '../../app/labels';
import { EmailThread } from '../../components/mail/EmailThread';

// The composer brings the date picker: loaded when someone starts writing.
const EmailComposer = lazy(() => import('../../components/mail/EmailComposer').then((m) => ({ default: m.EmailComposer })));

export default function CandidateProfile() {
  const { id = '' } = useParams();
  const { hasRole, me } = useAuth();
  const staff = hasRole('admin', 'recruiter');
  const [search] = useSearchParams();
  const scheduleFor = search.get('schedule');
  const queryClient = useQueryClient();
  const candidate = useQuery({
    queryKey: ['candidate', id],
    queryFn: () => unwrap(api.GET('/v1/candidates/{id}', { params: { path: { id } } })),
    // The worker reads a new resume's text after the upload: look again until it is done, so the text shows up by itself.
    refetchInterval: (query) => (query.state.data?.resumeFile?.textStatus === 'pending' ? RESUME_TEXT_POLL_MS : false),
  });
  const activity = useInfiniteQuery({
    queryKey: ['activity', id],
    initialPageParam: undefined as string | undefined,
    queryFn: ({ pageParam }) => unwrap(api.GET('/v1/candidates/{id}/activity', { params: { path: { id }, query: { limit: 25, cursor: pageParam } } })),
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  });
  const notes = useInfiniteQuery({
    queryKey: ['notes', id],
    initialPageParam: undefined as string | undefined,
    queryFn: ({ pageParam }) => unwrap(api.GET('/v1/candidates/{id}/notes', { params: { path: { id }, query: { limit: 25, cursor: pageParam } } })),
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  });
  const duplicates = useQuery({
    queryKey: ['duplicates', id],
    queryFn: () => unwrap(api.GET('/v1/candidates/{id}/duplicates', { params: { path: { id } } })),
    enabled: staff,
  });
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
      {isAnonymised(c) && (
        <Alert color="gray" variant="light" title="Anonymised" mb="md" role="status">
          {ANONYMISED_SENTENCE}
        </Alert>
      )}
      <Grid gap="lg">
        <Grid.Col span={{ base: 12, md: 7 }}>
          <Stack>
            <Paper withBorder p="md">
              <Title order={2} size="h4" mb="xs">
                Applications
              </Title>
              {(c.applications ?? []).map((a) => (
                <Stack key={a.id} gap={4} mb="sm">
                  <Group gap="xs">
                    <Text size="sm">
                      {a.jobTitle} · {a.stageName}
                    </Text>
                    <Badge variant="light">{label('applicationStatus', a.status)}</Badge>
                    {hasRole('admin', 'recruiter', 'hiring_manager') && (
                      <Anchor component={Link} to={`/applications/${a.id}/packet`} size="sm">
                        Decision packet
                      </Anchor>
                    )}
                  </Group>
                  <ApplicationInterviews
                    application={a}
                    canSchedule={hasRole('admin', 'recruiter', 'hiring_manager')}
                    canAsk={hasRole('admin', 'recruiter')}
                    me={me?.user.id}
                    openForm={scheduleFor === a.id}
                  />
                </Stack>
              ))}
            </Paper>
            {staff && <EmailPanel candidateId={id} name={c.name} applications={c.applications ?? []} />}
            <ResumePanel candidateId={id} file={c.resumeFile} text={c.resumeText} canUpload={staff} />
            <Paper withBorder p="md">
              <Title order={2} size="h4" mb="xs">
                Activity
              </Title>
              <ErrorAlert error={activity.error} title="Activity could not be loaded" />
              <ol style={{ margin: 0, paddingLeft: 20 }}>
                {(activity.data?.pages.flatMap((p) => p.data) ?? []).map((item) => (
                  <li key={item.id}>
                    <Text size="sm">
                      {fmtDate(item.occurredAt)} — {humanize(item.kind)}
                    </Text>
                  </li>
                ))}
              </ol>
              {activity.hasNextPage && (
                <Button size="xs" variant="default" mt="xs" onClick={() => void activity.fetchNextPage()} loading={activity.isFetchingNextPage}>
                  Older activity
                </Button>
              )}
            </Paper>
          </Stack>
        </Grid.Col>
        <Grid.Col span={{ base: 12, md: 5 }}>
          <Stack>
            {hasRole('admin') && <CandidateExportPanel candidateId={c.id} />}
            {hasRole('admin') && <AnonymizeCandidate candidate={c} name={c.name} />}
            {hasRole('admin') && <DeleteCandidate candidate={c} name={c.name} />}
            <Paper withBorder p="md">
              <Title order={2} size="h4" mb="xs">
                Notes
              </Title>
              <ErrorAlert error={notes.error} title="Notes could not be loaded" />
              {(notes.data?.pages.flatMap((p) => p.data) ?? []).map((n) => (
                <Text key={n.id} size="sm" mb={6} style={{ whiteSpace: 'pre-wrap' }}>
                  {n.body}{' '}
                  <Text span c="dimmed" size="xs">
                    {fmtDate(n.createdAt)}
                    {n.private ? ' · private' : ''}
                  </Text>
                </Text>
              ))}
              {notes.hasNextPage && (
                <Button size="xs" variant="default" mb="xs" onClick={() => void notes.fetchNextPage()} loading={notes.isFetchingNextPage}>
                  Older notes
                </Button>
              )}
              {staff && (
                <form onSubmit={(e) => void noteForm.handleSubmit((v) => addNote.mutate(v))(e)} aria-label="Add a note">
                  <Textarea
                    label="New note"
                    autosize
                    minRows={2}
                    {...noteForm.register('body', { required: 'Write the note first' })}
                    error={noteForm.formState.errors.body?.message}
                  />
                  <Checkbox mt="xs" label="Private (hidden from interviewers)" {...noteForm.register('private')} />
                  <Button mt="xs" type="submit" size="xs" loading={addNote.isPending}>
                    Add note
                  </Button>
                  <ErrorAlert error={addNote.error} />
                </form>
              )}
            </Paper>
            {staff && <ContactPreferences candidate={c} />}
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
                    <Button
                      size="xs"
                      variant="default"
                      onClick={() =>
                        window.confirm(`Merge ${d.candidate.name} into ${c.name}? Their applications, notes and history move here.`) &&
                        merge.mutate(d.candidate.id)
                      }
                      loading={merge.isPending}
                    >
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

/** The candidate's emails and, on demand, the composer (one application each: the email is about it). */
function EmailPanel({ candidateId, name, applications }: { candidateId: string; name: string; applications: Schemas['ApplicationSummaryDto'][] }) {
  const [writing, setWriting] = useState(false);
  const queryClient = useQueryClient();
  const recipients = applications.map((a) => ({ applicationId: a.id, name: applications.length > 1 ? `${name} (${a.jobTitle})` : name }));
  const done = () => {
    setWriting(false);
    void queryClient.invalidateQueries({ queryKey: ['emails', candidateId] });
    void queryClient.invalidateQueries({ queryKey: ['activity', candidateId] });
  };
  return (
    <Paper withBorder p="md" role="region" aria-label="Emails">
      <Group justify="space-between" mb="xs">
        <Title order={2} size="h4">
          Emails
        </Title>
        {!writing && applications.length > 0 && (
          <Button size="xs" onClick={() => setWriting(true)}>
            Write an email
          </Button>
        )}
      </Group>
      {applications.length === 0 && <Text size="sm">Emails are about an application; this candidate has none yet.</Text>}
      {writing && (
        <Paper withBorder p="sm" mb="sm">
          <Suspense fallback={<Loading label="Opening the editor" />}>
            <EmailComposer recipients={recipients} onDone={done} onCancel={() => setWriting(false)} />
          </Suspense>
        </Paper>
      )}
      <EmailThread candidateId={candidateId} />
    </Paper>
  );
}

/** How often the profile looks again while a resume's text is being read. */
const RESUME_TEXT_POLL_MS = 2000;

const RESUME_TYPES = '.pdf,.docx,.txt,application/pdf,application/vnd.openxmlformats-officedocument.wordprocessingml.document,text/plain';

/** The candidate's resume: download the current file (with the token), upload a new one (PDF, DOCX or TXT), the text. */
/** Where the text of the stored resume stands: the worker reads it after the upload. */
function textStatusSentence(file: Schemas['StoredResumeFileDto']): string | null {
  if (file.textStatus === 'pending') return 'The text of this file is being read; search finds its words once that is done.';
  if (file.textStatus === 'empty') return 'This file holds no text that search can use (a scanned document, perhaps).';
  if (file.textStatus === 'failed')
    return `The text of this file could not be read: ${file.textFailure ?? 'the file is damaged.'} The file is kept; search does not find its words.`;
  return null;
}

function ResumePanel({
  candidateId,
  file,
  text,
  canUpload,
}: {
  candidateId: string;
  file: Schemas['StoredResumeFileDto'] | null | undefined;
  text: string | null | undefined;
  canUpload: boolean;
}) {
  const queryClient = useQueryClient();
  const [chosen, setChosen] = useState<File | null>(null);
  const download = useMutation({ mutationFn: () => downloadFile(`/v1/candidates/${candidateId}/resume`, file?.fileName ?? 'resume') });
  const upload = useMutation({
    mutationFn: (f: File) => uploadFile<Schemas['CandidateFileDto']>(`/v1/candidates/${candidateId}/resume`, 'resume', f),
    onSuccess: () => {
      setChosen(null);
      void queryClient.invalidateQueries({ queryKey: ['candidate', candidateId] });
      void queryClient.invalidateQueries({ queryKey: ['activity', candidateId] });
    },
  });
  // A problem naming the field goes next to the file input; the chosen file stays chosen so nothing is lost.
  const uploadError = upload.error
    ? upload.error instanceof ApiError && upload.error.fieldErrors.length
      ? upload.error.fieldErrors.map((e) => e.message).join(' ')
      : errorMessage(upload.error)
    : undefined;
  return (
    <Paper withBorder p="md" role="region" aria-label="Resume">
      <Title order={2} size="h4" mb="xs">
        Resume
      </Title>
      {file ? (
        <Group gap="xs" mb="xs">
          <Text size="sm">
            File: {file.fileName} ({Math.max(1, Math.round(file.sizeBytes / 1024))} KB)
          </Text>
          <Button size="xs" variant="default" onClick={() => download.mutate()} loading={download.isPending}>
            Download resume
          </Button>
        </Group>
      ) : (
        <Text size="sm" mb="xs">
          No resume file.
        </Text>
      )}
      {file && textStatusSentence(file) ? (
        <Text size="sm" mb="xs" c={file.textStatus === 'failed' ? 'red.9' : undefined}>
          {textStatusSentence(file)}
        </Text>
      ) : null}
      {download.error ? (
        <Text size="sm" c="red.9" role="alert" mb="xs">
          Resume not downloaded: {errorMessage(download.error)}
        </Text>
      ) : null}
      {canUpload && (
        <form
          aria-label="Upload a resume"
          onSubmit={(e) => {
            e.preventDefault();
            if (chosen) upload.mutate(chosen);
          }}
        >
          <Group align="flex-end" gap="xs" mb="xs">
            <FileInput
              label={file ? 'Replace the resume' : 'Upload a resume'}
              description="PDF, DOCX or TXT, at most 5 MB"
              placeholder="Choose a file"
              accept={RESUME_TYPES}
              value={chosen}
              onChange={(f) => {
                setChosen(f);
                upload.reset();
              }}
              error={uploadError}
              clearable
              clearButtonProps={{ 'aria-label': 'Clear the chosen file' }}
              style={{ flex: 1, minWidth: 200 }}
            />
            <Button type="submit" size="sm" disabled={!chosen} loading={upload.isPending}>
              Upload
            </Button>
          </Group>
          {upload.isSuccess && (
            <Text size="sm" role="status">
              Resume uploaded: {upload.data.fileName}
            </Text>
          )}
        </form>
      )}
      <Text size="sm" style={{ whiteSpace: 'pre-wrap' }}>
        {text || 'No resume text.'}
      </Text>
    </Paper>
  );
}
