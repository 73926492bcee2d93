import { Alert, Button, Grid, Group, NativeSelect, Paper, Stack, Table, Text, Textarea, TextInput, Title } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { api, Schemas, unwrap } from '../../api/client';
import { options } from '../../app/labels';
import { ErrorAlert, fieldError, Loading, PageTitle } from '../../components/common';
import { CandidatePicker } from '../../components/mail/CandidatePicker';

type Template = Schemas['EmailTemplateDto'];
type TemplateType = Template['type'];
interface Draft {
  id: string | null;
  type: TemplateType;
  name: string;
  subject: string;
  body: string;
  builtIn: boolean;
}

/**
 * Email templates (admins and recruiters): the list by type, an editor for subject and body with the merge fields and
 * their meaning, and a live preview filled in for an application picked by candidate. An unknown merge field is shown
 * beside the subject or body as soon as the preview runs. Built-in templates are read-only: "Make my own copy".
 */
export default function EmailTemplatesPage() {
  const queryClient = useQueryClient();
  const templates = useQuery({ queryKey: ['email-templates'], queryFn: () => unwrap(api.GET('/v1/email-templates')) });
  const [draft, setDraft] = useState<Draft | null>(null);
  const [saved, setSaved] = useState<string | null>(null);
  const save = useMutation({
    mutationFn: (d: Draft) =>
      d.id
        ? unwrap(api.PATCH('/v1/email-templates/{id}', { params: { path: { id: d.id } }, body: { name: d.name, subject: d.subject, body: d.body } }))
        : unwrap(api.POST('/v1/email-templates', { body: { type: d.type, name: d.name, subject: d.subject, body: d.body } })),
    onSuccess: (t) => {
      setSaved(`“${t.name}” was saved.`);
      setDraft({ id: t.id, type: t.type, name: t.name, subject: t.subject, body: t.body, builtIn: false });
      void queryClient.invalidateQueries({ queryKey: ['email-templates'] });
    },
  });
  if (templates.isPending) return <Loading label="Loading the templates" />;
  if (templates.error) return <ErrorAlert error={templates.error} />;
  const byType = options('emailTemplateType').map((o) => ({ ...o, templates: templates.data.data.filter((t) => t.type === o.value) }));
  const open = (t: Template) => {
    save.reset();
    setSaved(null);
    setDraft({ id: t.builtIn ? null : t.id, type: t.type, name: t.name, subject: t.subject, body: t.body, builtIn: t.builtIn });
  };
  return (
    <>
      <PageTitle sub="The messages Hireloop sends candidates. For automatic messages, your newest template of a type is used; without one, the built-in one.">
        Email templates
      </PageTitle>
      <Grid gap="lg">
        <Grid.Col span={{ base: 12, md: 4 }}>
          <Stack gap="sm">
            <Button
              variant="default"
              onClick={() => {
                save.reset();
                setSaved(null);
                setDraft({ id: null, type: 'custom', name: '', subject: '', body: '', builtIn: false });
              }}
            >
              New template
            </Button>
            {byType.map((group) => (
              <Paper key={group.value} withBorder p="sm" role="region" aria-label={group.label}>
                <Title order={2} size="h6" mb={4}>
                  {group.label}
                </Title>
                <Stack gap={4}>
                  {group.templates.map((t) => (
                    <Button key={t.id} variant={draft?.id === t.id ? 'light' : 'subtle'} size="xs" justify="flex-start" onClick={() => open(t)}>
                      {t.name}
                      {t.builtIn ? ' (built in)' : ''}
                    </Button>
                  ))}
                </Stack>
              </Paper>
            ))}
          </Stack>
        </Grid.Col>
        <Grid.Col span={{ base: 12, md: 8 }}>
          {draft ? (
            <TemplateEditor
              key={draft.id ?? `new-${draft.type}-${draft.name}`}
              draft={draft}
              mergeFields={templates.data.mergeFields}
              previewId={draft.id ?? templates.data.data.find((t) => t.builtIn && t.type === draft.type)?.id ?? ''}
              saving={save.isPending}
              saveError={save.error}
              saved={saved}
              onSave={(d) => save.mutate(d)}
              onCopy={(d) => {
                setSaved(null);
                setDraft({ ...d, id: null, builtIn: false, name: `${d.name} (our version)` });
              }}
            />
          ) : (
            <Text>Choose a template on the left to read or change it, or start a new one.</Text>
          )}
        </Grid.Col>
      </Grid>
    </>
  );
}

export function TemplateEditor({
  draft,
  mergeFields,
  previewId,
  saving,
  saveError,
  saved,
  onSave,
  onCopy,
}: {
  draft: Draft;
  mergeFields: Schemas['MergeFieldDto'][];
  previewId: string;
  saving: boolean;
  saveError: unknown;
  saved: string | null;
  onSave: (d: Draft) => void;
  onCopy: (d: Draft) => void;
}) {
  const [d, setD] = useState(draft);
  const [application, setApplication] = useState<{ id: string; label: string } | null>(null);
  const [candidateId, setCandidateId] = useState<string | null>(null);
  const [debounced] = useDebouncedValue({ subject: d.subject, body: d.body }, 400);
  const candidate = useQuery({
    queryKey: ['candidate', candidateId],
    queryFn: () => unwrap(api.GET('/v1/candidates/{id}', { params: { path: { id: candidateId ?? '' } } })),
    enabled: !!candidateId,
  });
  const preview = useMutation({
    mutationFn: (v: { subject: string; body: string; applicationId: string }) =>
      unwrap(api.POST('/v1/email-templates/{id}/preview', { params: { path: { id: previewId } }, body: v })),
  });
  const { mutate } = preview;
  useEffect(() => {
    // The live preview follows the typed text (debounced) and the chosen application.
    if (!application || !previewId || !debounced.subject.trim() || !debounced.body.trim()) return;
    mutate({ subject: debounced.subject, body: debounced.body, applicationId: application.id });
  }, [debounced.subject, debounced.body, application, previewId, mutate]);
  const readOnly = d.builtIn;
  const error = saveError ?? preview.error;
  const applications = candidate.data?.applications ?? [];
  return (
    <form
      aria-label={readOnly ? `Built-in template ${d.name}` : d.id ? `Edit ${d.name}` : 'New template'}
      noValidate
      onSubmit={(e) => {
        e.preventDefault();
        onSave(d);
      }}
    >
      <Stack gap="sm">
        {readOnly && (
          <Alert color="blue" title="Built-in template">
            Built-in templates cannot be changed. Make your own copy to change the wording; your copy is then used instead.
          </Alert>
        )}
        <NativeSelect
          label="Type"
          data={options('emailTemplateType')}
          value={d.type}
          disabled={readOnly || !!d.id}
          onChange={(e) => setD({ ...d, type: e.currentTarget.value as TemplateType })}
        />
        <TextInput
          label="Name"
          id="field-name"
          required
          readOnly={readOnly}
          value={d.name}
          onChange={(e) => setD({ ...d, name: e.currentTarget.value })}
          error={fieldError(saveError, 'name')}
          maxLength={120}
        />
        <TextInput
          label="Subject"
          id="field-subject"
          required
          readOnly={readOnly}
          value={d.subject}
          onChange={(e) => setD({ ...d, subject: e.currentTarget.value })}
          error={fieldError(error, 'subject')}
          maxLength={300}
        />
        <Textarea
          label="Message"
          id="field-body"
          description="Plain text; leave an empty line between paragraphs."
          required
          readOnly={readOnly}
          autosize
          minRows={8}
          value={d.body}
          onChange={(e) => setD({ ...d, body: e.currentTarget.value })}
          error={fieldError(error, 'body')}
        />
        <ErrorAlert error={saveError} title="The template was not saved" />
        {saved && (
          <Alert color="green" role="status">
            {saved}
          </Alert>
        )}
        <Group>
          {readOnly ? (
            <Button onClick={() => onCopy(d)}>Make my own copy</Button>
          ) : (
            <Button type="submit" loading={saving} disabled={!d.name.trim() || !d.subject.trim() || !d.body.trim()}>
              Save template
            </Button>
          )}
        </Group>
        <Paper withBorder p="sm" role="region" aria-label="Merge fields">
          <Title order={3} size="h6" mb={4}>
            Merge fields
          </Title>
          <Text size="xs" mb={4}>
            Write a field in double braces, for example {'{{ candidate.first_name }}'}; it is filled in for each candidate. Any other field is refused.
          </Text>
          <Table fz="sm">
            <Table.Tbody>
              {mergeFields.map((f) => (
                <Table.Tr key={f.name}>
                  <Table.Td>
                    <code>{`{{ ${f.name} }}`}</code>
                  </Table.Td>
                  <Table.Td>{f.description}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Paper>
        <Paper withBorder p="sm" role="region" aria-label="Preview">
          <Title order={3} size="h6" mb={4}>
            Preview
          </Title>
          {application ? (
            <Group gap="xs" mb="xs">
              <Text size="sm">Filled in for {application.label}.</Text>
              <Button
                size="xs"
                variant="subtle"
                onClick={() => {
                  setApplication(null);
                  setCandidateId(null);
                }}
              >
                Choose someone else
              </Button>
            </Group>
          ) : candidateId && candidate.data ? (
            applications.length === 0 ? (
              <Text size="sm">{candidate.data.name} has no application to fill the template in for.</Text>
            ) : (
              <Group gap="xs" mb="xs">
                {applications.map((a) => (
                  <Button key={a.id} size="xs" variant="default" onClick={() => setApplication({ id: a.id, label: `${candidate.data.name} (${a.jobTitle})` })}>
                    {candidate.data.name}, {a.jobTitle}
                  </Button>
                ))}
              </Group>
            )
          ) : (
            <CandidatePicker label="Preview for a candidate" actionLabel={(name) => `Preview for ${name}`} onPick={(c) => setCandidateId(c.id)} />
          )}
          {preview.isPending && <Loading label="Filling in" />}
          {preview.data && application && (
            <div aria-live="polite">
              <Text size="sm" fw={600}>
                {preview.data.subject}
              </Text>
              <Text size="sm" style={{ whiteSpace: 'pre-wrap' }}>
                {preview.data.body}
              </Text>
            </div>
          )}
          {preview.error ? (
            <Text size="sm" c="red.9" role="alert">
              {fieldError(preview.error, 'body') || fieldError(preview.error, 'subject')
                ? 'The preview shows once the fields marked above are fixed.'
                : 'The preview could not be shown.'}
            </Text>
          ) : null}
        </Paper>
      </Stack>
    </form>
  );
}
